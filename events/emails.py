"""The messages event operations send, through the portal's one message path
(cms.messaging): queued after the operation commits, in the reader's language. Templates:
events/email/<name>_subject.txt and _body.txt."""

from cms.links import site_url, url_in
from cms.messaging import Recipient, send_message

from .calendar import calendar_for
from .models import Registration


def payment_url(payment, language):
    if payment is None:
        return ""
    return url_in(language, "payments:detail", reference=payment.reference)


def registration(registration, *, promoted=False, payment=None):
    """Confirmed (with the event's .ics attached), waitlisted or promoted from the waitlist;
    for a seat still to be paid (`payment`), what to pay, by when and where."""
    event = registration.event

    def attachments(recipient):
        if registration.status != Registration.Status.CONFIRMED:
            return []
        return [("event.ics", calendar_for([event]).decode(), "text/calendar")]

    send_message(
        to=Recipient.of(registration.user),
        template="events/registration",
        context=lambda recipient: {
            "registration": registration,
            "event": event,
            "promoted": promoted,
            "payment": payment,
            "payment_url": payment_url(payment, recipient.language),
            "ticket_url": site_url(registration.get_absolute_url(), recipient.language),
        },
        attachments=attachments,
    )


def seat_released(registration, payment):
    """The seat was not paid for by its deadline and went to the waitlist."""
    send_message(
        to=Recipient.of(registration.user),
        template="events/seat_released",
        context=lambda recipient: {
            "registration": registration,
            "event": registration.event,
            "payment": payment,
            "event_url": site_url(registration.event.url or "/", recipient.language),
        },
    )


def reminder(registration):
    send_message(
        to=Recipient.of(registration.user),
        template="events/reminder",
        context=lambda recipient: {
            "registration": registration,
            "event": registration.event,
            "ticket_url": site_url(registration.get_absolute_url(), recipient.language),
        },
    )


def booths(application, *, payment=None):
    """The booths assigned, with their prices and the fee due (`payment`), or the rejection
    with its reason."""
    booths = list(application.booths.order_by("number"))
    send_message(
        to=Recipient.of(application.applicant),
        template="events/booths",
        context=lambda recipient: {
            "application": application,
            "event": application.event,
            "booths": booths,
            "payment": payment,
            "payment_url": payment_url(payment, recipient.language),
        },
    )

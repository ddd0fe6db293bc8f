"""The messages event operations send, through the portal's one message path
(cms.messaging): queued after the operation commits, in the reader's language. Templates:
events/email/<name>_subject.txt and _body.txt."""

from cms.links import site_url
from cms.messaging import Recipient, send_message

from .calendar import calendar_for
from .models import Registration


def registration(registration, *, promoted=False):
    """Confirmed (with the event's .ics attached), waitlisted or promoted from the waitlist."""
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
            "ticket_url": site_url(registration.get_absolute_url(), recipient.language),
        },
        attachments=attachments,
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


def booths(application):
    """The booths assigned, or the rejection with its reason."""
    send_message(
        to=Recipient.of(application.applicant),
        template="events/booths",
        context=lambda recipient: {
            "application": application,
            "event": application.event,
            "booths": list(application.booths.order_by("number")),
        },
    )

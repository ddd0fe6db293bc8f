"""Registration operations. Each locks the event's own row for the moment it counts seats, so
capacity holds across any number of processes; mail goes out after the transaction commits."""

import datetime
import io
import zoneinfo

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from wagtail.log_actions import log

from members.services import active_organisation_id, is_organiser, site_url

from .models import Audience, EventPage, Registration


class RegistrationError(Exception):
    """A registration operation refused, with a message for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def clean_answers(event, answers):
    """The answers to the event's questions, checked: required ones given, choices valid."""
    cleaned = {}
    for question in event.questions.all():
        value = str((answers or {}).get(str(question.pk), "")).strip()[:300]
        if question.required and not value:
            raise RegistrationError(
                _("Please answer: %(question)s") % {"question": question.display_label}
            )
        if value and question.choice_list and value not in question.choice_list:
            raise RegistrationError(
                _("Choose one of the answers offered for: %(question)s")
                % {"question": question.display_label}
            )
        if value:
            cleaned[question.label] = value
    return cleaned


def lock_event(pk):
    """Locks the event's own row (not Wagtail's page row) until the transaction ends and
    returns its capacity. values_list keeps Wagtail's joins out of the FOR UPDATE."""
    return (
        EventPage.objects.select_for_update(of=("self",))
        .filter(pk=pk)
        .values_list("capacity", flat=True)
        .get()
    )


def register(*, event, user, answers=None, now=None):
    """Registers a signed-in person: confirmed while seats remain, waitlisted after.

    Refuses (RegistrationError) outside the registration window, non-members for members-only
    events, and a second live registration. The event row is locked while the confirmed seats
    are counted, so the capacity is never exceeded, also with several server processes.
    """
    if event.audience == Audience.MEMBERS and not (
        active_organisation_id(user) or is_organiser(user)
    ):
        raise RegistrationError(
            _("This event is for members of the association. Your company can apply to join.")
        )
    state = event.registration_state(now)
    if state == "not-yet":
        raise RegistrationError(_("Registration has not opened yet."))
    if state == "closed":
        raise RegistrationError(_("Registration for this event is closed."))
    cleaned = clean_answers(event, answers)
    try:
        with transaction.atomic():
            locked = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
            if (
                Registration.objects.filter(event=locked, user=user)
                .exclude(status=Registration.Status.CANCELLED)
                .exists()
            ):
                raise RegistrationError(_("You are already registered for this event."))
            confirmed = Registration.objects.filter(
                event=locked, status=Registration.Status.CONFIRMED
            ).count()
            status = (
                Registration.Status.CONFIRMED
                if locked.capacity is None or confirmed < locked.capacity
                else Registration.Status.WAITLISTED
            )
            registration = Registration.objects.create(
                event=locked, user=user, status=status, answers=cleaned
            )
            log(instance=registration, action="events.registered", user=user)
            transaction.on_commit(lambda: send_registration_mail(registration))
    except IntegrityError as error:  # the same person twice at the same moment
        raise RegistrationError(_("You are already registered for this event.")) from error
    return registration


def cancel_registration(*, registration, by):
    """Cancels a registration (its holder or an organiser). A confirmed seat given up goes at
    once to the first person on the waitlist, who is e-mailed."""
    if registration.user_id != by.pk and not is_organiser(by):
        raise RegistrationError(_("This is not your registration."))
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("This registration was already cancelled."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        log(instance=registration, action="events.cancelled", user=by)
        promoted = None
        if was_confirmed:
            promoted = (
                Registration.objects.filter(
                    event_id=registration.event_id, status=Registration.Status.WAITLISTED
                )
                .order_by("created_at", "pk")
                .first()
            )
            if promoted:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status"])
                log(instance=promoted, action="events.promoted", user=by)
                transaction.on_commit(lambda: send_registration_mail(promoted, promoted=True))
    return promoted


def check_in(*, event, code, by):
    """Checks a ticket in. Returns (registration, first_time); RegistrationError for a code
    that is not a confirmed ticket of this event."""
    code = (code or "").strip()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("user")
            .filter(event=event, ticket_code=code)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("No ticket with this code for this event."))
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError(
                _("This registration is %(status)s, not a confirmed ticket.")
                % {"status": registration.get_status_display()}
            )
        if registration.checked_in_at:
            return registration, False
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        log(instance=registration, action="events.checked_in", user=by)
    return registration, True


# -- calendars, QR codes and mail ----------------------------------------------------------


def calendar_for(events):
    """An iCalendar file (bytes) of these events, times in Asia/Shanghai."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Alliance Portal//events//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@alliance-portal")
        entry.add("summary", event.display_title)
        entry.add("dtstart", event.start.astimezone(tz))
        entry.add("dtend", event.end.astimezone(tz))
        entry.add("dtstamp", timezone.now())
        location = " ".join(part for part in (event.display_venue, event.display_address) if part)
        if location:
            entry.add("location", location)
        if event.display_intro:
            entry.add("description", event.display_intro)
        entry.add("url", site_url(event.url or "/"))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def qr_svg(text):
    """An inline SVG QR code (no Pillow, no network)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def send_registration_mail(registration, *, promoted=False):
    user = registration.user
    event = registration.event
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event": event,
            "promoted": promoted,
            "ticket_url": site_url(registration.get_absolute_url()),
        }
        subject = render_to_string("events/email/registration_subject.txt", context).strip()
        body = render_to_string("events/email/registration_body.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        if registration.status == Registration.Status.CONFIRMED:
            message.attach("event.ics", calendar_for([event]), "text/calendar")
    message.send()


def send_event_reminders(*, now=None):
    """E-mails everyone confirmed for an event starting within the next day, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__start__gt=now,
        event__start__lte=now + datetime.timedelta(days=1),
        event__live=True,
    ).select_related("event", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            updated = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not updated:
                continue  # another worker sent it
            transaction.on_commit(
                lambda registration=registration: send_reminder_mail(registration)
            )
            sent += 1
    return sent


def send_reminder_mail(registration):
    user = registration.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event": registration.event,
            "ticket_url": site_url(registration.get_absolute_url()),
        }
        subject = render_to_string("events/email/reminder_subject.txt", context).strip()
        body = render_to_string("events/email/reminder_body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()

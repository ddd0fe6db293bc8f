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

from . import tasks
from .models import Audience, Booth, BoothApplication, EventKind, EventPage, Registration


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


def manages_registrations(user):
    """Organisers who see everyone's tickets, cancel for them and check people in."""
    return user.is_authenticated and user.has_perm("events.change_registration")


def lock_event(pk):
    """Locks the event's own row (not Wagtail's page row) until the transaction ends and
    returns its capacity. values_list keeps Wagtail's joins out of the FOR UPDATE."""
    return (
        EventPage.objects.select_for_update(of=("self",))
        .filter(pk=pk)
        .values_list("capacity", flat=True)
        .get()
    )


def fill_seats(event_pk, capacity, *, by=None):
    """Under the event's lock: gives free seats to the waitlist in order (after a cancellation
    or when organisers add seats). Returns the promoted registrations; mails them after
    commit."""
    if capacity is None:
        waiting = Registration.objects.filter(
            event_id=event_pk, status=Registration.Status.WAITLISTED
        )
    else:
        confirmed = Registration.objects.filter(
            event_id=event_pk, status=Registration.Status.CONFIRMED
        ).count()
        free = max(capacity - confirmed, 0)
        waiting = Registration.objects.filter(
            event_id=event_pk, status=Registration.Status.WAITLISTED
        ).order_by("created_at", "pk")[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        log(instance=registration, action="events.promoted", user=by)
        transaction.on_commit(
            lambda pk=registration.pk: tasks.send_registration_mail.enqueue(pk, promoted=True)
        )
    return promoted


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
            capacity = lock_event(event.pk)
            if (
                Registration.objects.filter(event=event, user=user)
                .exclude(status=Registration.Status.CANCELLED)
                .exists()
            ):
                raise RegistrationError(_("You are already registered for this event."))
            # Whoever waits already goes first: a newcomer never overtakes the waitlist.
            fill_seats(event.pk, capacity)
            confirmed = Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED
            ).count()
            waiting = Registration.objects.filter(
                event=event, status=Registration.Status.WAITLISTED
            ).exists()
            status = (
                Registration.Status.CONFIRMED
                if not waiting and (capacity is None or confirmed < capacity)
                else Registration.Status.WAITLISTED
            )
            registration = Registration.objects.create(
                event=event, user=user, status=status, answers=cleaned
            )
            log(instance=registration, action="events.registered", user=user)
            transaction.on_commit(lambda: tasks.send_registration_mail.enqueue(registration.pk))
    except IntegrityError as error:  # the same person twice at the same moment
        raise RegistrationError(_("You are already registered for this event.")) from error
    return registration


def cancel_registration(*, registration, by):
    """Cancels a registration (its holder or an organiser). A confirmed seat given up goes at
    once to the first person on the waitlist, who is e-mailed."""
    if registration.user_id != by.pk and not manages_registrations(by):
        raise RegistrationError(_("This is not your registration."))
    with transaction.atomic():
        capacity = lock_event(registration.event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("This registration was already cancelled."))
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        log(instance=registration, action="events.cancelled", user=by)
        promoted = []
        if registration.event.start > timezone.now():  # no seats to hand out after it began
            promoted = fill_seats(registration.event_id, capacity, by=by)
    return promoted[0] if promoted else None


def check_in(*, event, code, by):
    """Checks a ticket in. Returns (registration, first_time); RegistrationError for a code
    that is not a confirmed ticket of this event."""
    code = (code or "").strip()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
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


def calendar_for(events, extra=()):
    """An iCalendar file (bytes) of these events, times in Asia/Shanghai. `extra`: further
    entries as dicts (uid, summary, start, end, location, description, url), such as the
    sessions of training cohorts."""
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
    for item in extra:
        entry = CalendarEvent()
        entry.add("uid", item["uid"])
        entry.add("summary", item["summary"])
        entry.add("dtstart", item["start"].astimezone(tz))
        entry.add("dtend", item["end"].astimezone(tz))
        entry.add("dtstamp", timezone.now())
        for key in ("location", "description"):
            if item.get(key):
                entry.add(key, item[key])
        entry.add("url", site_url(item["url"]))
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


# -- trade fair booths ---------------------------------------------------------------------


def apply_for_booths(*, event, user, booths_wanted, products, preferred_zone="", staff_count=2):
    """A member company's owner or editor applies for booths at a trade fair; one live
    application per company and fair."""
    from members.services import profile_of

    profile = profile_of(user)
    if event.kind != EventKind.TRADE_FAIR:
        raise RegistrationError(_("This event has no booths."))
    if not profile or not profile.can_edit_organisation or not active_organisation_id(user):
        raise RegistrationError(
            _("Booths are for member companies: ask your company's owner or editor to apply.")
        )
    if event.registration_state() == "closed":
        raise RegistrationError(_("Applications for booths are closed."))
    try:
        with transaction.atomic():
            application = BoothApplication.objects.create(
                event=event,
                organisation=profile.organisation,
                applicant=user,
                booths_wanted=booths_wanted,
                products=products,
                preferred_zone=preferred_zone,
                staff_count=staff_count,
            )
            log(instance=application, action="events.booth_applied", user=user)
    except IntegrityError as error:
        raise RegistrationError(
            _("Your company has already applied for booths at this fair.")
        ) from error
    return application


@transaction.atomic
def assign_booths(*, application, booths, by):
    """Approves a booth application and gives it these booths. The booth rows are locked
    first, so two organisers cannot hand the same booth to two exhibitors; a booth held by
    another exhibitor or reserved is refused (RegistrationError) and nothing is assigned."""
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == BoothApplication.Status.REJECTED:
        raise RegistrationError(_("This application was rejected."))
    locked = list(
        Booth.objects.select_for_update()
        .filter(pk__in=[booth.pk for booth in booths], event_id=application.event_id)
        .order_by("pk")
    )
    if len(locked) != len(booths) or not locked:
        raise RegistrationError(_("Choose booths of this fair."))
    taken = [
        booth.number
        for booth in locked
        if booth.status != Booth.Status.FREE and booth.holder_id != application.pk
    ]
    if taken:
        raise RegistrationError(
            _("Already taken: %(booths)s. Choose free booths.") % {"booths": ", ".join(taken)}
        )
    Booth.objects.filter(holder=application).exclude(pk__in=[b.pk for b in locked]).update(
        status=Booth.Status.FREE, holder=None
    )
    for booth in locked:
        booth.status = Booth.Status.HELD
        booth.holder = application
        booth.save(update_fields=["status", "holder"])
    application.status = BoothApplication.Status.APPROVED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    log(
        instance=application,
        action="events.booths_assigned",
        user=by,
        data={"booths": [booth.number for booth in locked]},
    )
    transaction.on_commit(lambda: tasks.send_booth_mail.enqueue(application.pk))
    return application


@transaction.atomic
def reject_booth_application(*, application, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Give the company a reason for the rejection."))
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    Booth.objects.filter(holder=application).update(status=Booth.Status.FREE, holder=None)
    application.status = BoothApplication.Status.REJECTED
    application.rejection_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    log(instance=application, action="events.booth_rejected", user=by, data={"reason": reason})
    transaction.on_commit(lambda: tasks.send_booth_mail.enqueue(application.pk))
    return application


@transaction.atomic
def move_exhibitor(*, source, target, by):
    """Moves an exhibitor from one booth to a free one of the same fair."""
    holder_id = source.holder_id
    booths = {
        b.pk: b for b in Booth.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    source, target = booths[source.pk], booths[target.pk]
    if (
        source.event_id != target.event_id
        or source.holder_id is None
        or source.holder_id != holder_id  # moved or released by someone else meanwhile
    ):
        raise RegistrationError(_("Move an exhibitor to a booth of the same fair."))
    if target.status != Booth.Status.FREE:
        raise RegistrationError(_("Booth %(number)s is not free.") % {"number": target.number})
    target.holder, target.status = source.holder, Booth.Status.HELD
    source.holder, source.status = None, Booth.Status.FREE
    source.save(update_fields=["holder", "status"])
    target.save(update_fields=["holder", "status"])
    log(
        instance=target.holder,
        action="events.booth_moved",
        user=by,
        data={"from": source.number, "to": target.number},
    )
    return target


def send_booth_mail(application):
    user = application.applicant
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "event": application.event,
            "booths": list(application.booths.order_by("number")),
        }
        subject = render_to_string("events/email/booths_subject.txt", context).strip()
        body = render_to_string("events/email/booths_body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()

"""Registration operations. Each locks the event's own row for the moment it counts seats, so
capacity holds across any number of processes; mail goes out after the transaction commits."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.locking import lock_row
from members.services import active_organisation_id, is_organiser

from . import emails
from .errors import RegistrationError
from .models import Audience, EventPage, Registration


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
    """Locks the event's own row until the transaction ends and returns its capacity."""
    return lock_row(EventPage, pk, "capacity")


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
        emails.registration(registration, promoted=True)
    return promoted


def give_free_seats(*, event_pk, by=None):
    """After organisers changed an event (more seats): the waitlist moves up at once."""
    with transaction.atomic():
        return fill_seats(event_pk, lock_event(event_pk), by=by)


def status_for_newcomer(event, capacity):
    """Confirmed while seats remain and nobody waits, else waitlisted (the event row is
    locked by the caller)."""
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).exists()
    if not waiting and (capacity is None or confirmed < capacity):
        return Registration.Status.CONFIRMED
    return Registration.Status.WAITLISTED


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
            status = status_for_newcomer(event, capacity)
            registration = Registration.objects.create(
                event=event, user=user, status=status, answers=cleaned
            )
            log(instance=registration, action="events.registered", user=user)
            emails.registration(registration)
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
        log(
            instance=registration,
            action="events.cancelled",
            user=by,
            data={"by_organiser": True} if registration.user_id != by.pk else {},
        )
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
            emails.reminder(registration)
            sent += 1
    return sent


# Organisers acting for someone, from the event's organiser page (events_admin:event). Each
# takes the same locks and sends the same mail as the person's own action, and logs the
# organiser as who did it.


def add_registration(*, event, email, by):
    """An organiser registers an existing account (found by its e-mail address) for the event,
    whatever the registration window: confirmed while seats remain, waitlisted after, as a
    self-registration would be. Refuses (RegistrationError) an address without an account and
    a person already registered. Required questions stay unanswered: the person was not asked.
    """
    from django.contrib.auth import get_user_model

    if not manages_registrations(by):
        raise RegistrationError(_("Only organisers register other people."))
    email = (email or "").strip()
    user = (
        get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if email
        else None
    )
    if user is None:
        raise RegistrationError(
            _("No account has the e-mail address %(email)s: ask the person to sign up first.")
            % {"email": email}
        )
    try:
        with transaction.atomic():
            capacity = lock_event(event.pk)
            if (
                Registration.objects.filter(event=event, user=user)
                .exclude(status=Registration.Status.CANCELLED)
                .exists()
            ):
                raise RegistrationError(
                    _("%(name)s is already registered for this event.")
                    % {"name": user.get_full_name() or user.email}
                )
            fill_seats(event.pk, capacity, by=by)
            status = status_for_newcomer(event, capacity)
            registration = Registration.objects.create(event=event, user=user, status=status)
            log(
                instance=registration,
                action="events.registered_by_organiser",
                user=by,
                data={"person": user.email},
            )
            emails.registration(registration)
    except IntegrityError as error:  # registered themselves at the same moment
        raise RegistrationError(
            _("%(name)s is already registered for this event.")
            % {"name": user.get_full_name() or user.email}
        ) from error
    return registration


def promote_registration(*, registration, by):
    """An organiser moves someone up from the waitlist, ahead of their turn and even when all
    seats are taken (the organiser makes room). The event row is locked as for any seat
    change; the person is e-mailed their ticket after commit."""
    if not manages_registrations(by):
        raise RegistrationError(_("Only organisers move people up from the waitlist."))
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .get(pk=registration.pk)
        )
        if registration.status != Registration.Status.WAITLISTED:
            raise RegistrationError(
                _("%(name)s is not on the waitlist (now: %(status)s).")
                % {
                    "name": registration.user.get_full_name() or registration.user.email,
                    "status": registration.get_status_display(),
                }
            )
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        log(instance=registration, action="events.promoted", user=by, data={"by_organiser": True})
        emails.registration(registration, promoted=True)
    return registration


def resend_ticket(*, registration, by):
    """Sends the person's registration e-mail again (the ticket, or their waitlist place)."""
    if not manages_registrations(by):
        raise RegistrationError(_("Only organisers resend tickets."))
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .get(pk=registration.pk)
        )
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("This registration was cancelled: there is no ticket."))
        log(instance=registration, action="events.ticket_resent", user=by)
        emails.registration(registration)
    return registration

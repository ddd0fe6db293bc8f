"""Registration operations. Each locks the event's own row for the moment it counts seats, so
capacity holds across any number of processes; mail goes out after the transaction commits.

A seat at a priced event owes a payment (payments app): created when the seat is confirmed
(on registering, or on being promoted from the waitlist), it holds the seat until its
deadline; unpaid after it, payments.apply_deadlines releases the seat to the waitlist
(release_unpaid_seat). Locks are taken payment first, then the event, then the registration,
the order payments.services holds them in when it calls back here."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.locking import lock_row
from members.services import active_organisation_id, is_organiser

from . import emails
from .errors import RegistrationError, UnpaidError
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


# -- what a seat costs ------------------------------------------------------------------------


def _fee_description(event, member, early, language):
    with translation.override(language):
        kind = (
            _("early-bird price")
            if early
            else _("member price")
            if member
            else _("non-member price")
        )
        title = event.title if language.startswith("zh") else (event.title_en or event.title)
        return str(_("Event fee: %(event)s (%(kind)s)") % {"event": title, "kind": kind})


def charge_seat(registration, *, now=None, by=None):
    """Under the event's lock: the payment due for a confirmed seat at a priced event (None
    when the seat is free for this person, or already has one). The seat is held for
    PaymentSettings.event_hold_hours from `now`, never past the event's start."""
    from payments.models import Payment
    from payments.services import create_payment, payment_settings

    event = registration.event
    if not event.is_priced:
        return None
    if (
        Payment.objects.filter(registration=registration)
        .exclude(state__in=[Payment.State.CANCELLED, Payment.State.REFUNDED])
        .exists()
    ):
        return None
    now = now or timezone.now()
    user = registration.user
    member = bool(active_organisation_id(user))
    day = timezone.localdate(registration.created_at)
    amount = event.price_for(member=member, day=day)
    if not amount:
        return None
    regular = (event.member_price if member else event.non_member_price) or 0
    early = amount < regular
    hold = min(now + datetime.timedelta(hours=payment_settings().event_hold_hours), event.start)
    return create_payment(
        purpose=Payment.Purpose.EVENT,
        amount=amount,
        due_date=timezone.localdate(hold),
        hold_until=hold,
        payer_name=user.get_full_name() or user.email,
        description=_fee_description(event, member, early, "zh-hans"),
        description_en=_fee_description(event, member, early, "en"),
        user=user,
        by=by,
        registration=registration,
        # The registration's own mail says what to pay and by when, with the link.
        notify=False,
    )


def _lock_open_payments(registration_pk):
    """Locks the registration's open payments (before the event: the order payments.services
    takes them in) and returns their ids."""
    from payments.models import Payment

    pks = list(
        Payment.objects.open()
        .filter(registration_id=registration_pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        lock_row(Payment, pk)
    return pks


def close_payment(payment, *, by=None, reason=""):
    """What was given up owes nothing more: an open payment with nothing received is
    cancelled; one partly paid is reduced to what was received (settled, for an organiser to
    refund). Returns the payment, or None when it was not open."""
    from payments.models import Payment
    from payments.money import ZERO
    from payments.services import cancel_payment, change_amount, lock_payment

    payment = lock_payment(payment)
    if payment.state not in Payment.OPEN_STATES:
        return None
    if payment.paid == ZERO:
        return cancel_payment(payment=payment, by=by, reason=reason, follow=False)
    return change_amount(payment=payment, amount=payment.paid, by=by, reason=reason)


def _close_open_payments(registration, *, by, reason):
    from payments.models import Payment

    for payment in Payment.objects.open().filter(registration=registration).order_by("pk"):
        close_payment(payment, by=by, reason=reason)


def money_kept(registration):
    """What the association holds for this registration (received less refunded): after a
    cancellation, what organisers have to refund."""
    from payments.models import Payment

    return sum(
        (
            payment.kept
            for payment in Payment.objects.filter(registration=registration).exclude(
                state=Payment.State.REFUNDED
            )
        ),
        0,
    )


# -- registering ------------------------------------------------------------------------------


def fill_seats(event_pk, capacity, *, by=None, now=None):
    """Under the event's lock: gives free seats to the waitlist in order (after a cancellation
    or when organisers add seats). Returns the promoted registrations; mails them after
    commit. At a priced event each promoted seat owes its payment, with a fresh hold."""
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
    promoted = list(waiting.select_related("event", "user"))
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        log(instance=registration, action="events.promoted", user=by)
        payment = charge_seat(registration, now=now, by=by)
        emails.registration(registration, promoted=True, payment=payment)
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
    are counted, so the capacity is never exceeded, also with several server processes. A
    confirmed seat at a priced event owes its payment at once (charge_seat); a waitlisted one
    owes nothing until promoted.
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
    now = now or timezone.now()
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
            fill_seats(event.pk, capacity, now=now)
            status = status_for_newcomer(event, capacity)
            registration = Registration.objects.create(
                event=event, user=user, status=status, answers=cleaned, created_at=now
            )
            log(instance=registration, action="events.registered", user=user)
            payment = None
            if status == Registration.Status.CONFIRMED:
                payment = charge_seat(registration, now=now)
            emails.registration(registration, payment=payment)
    except IntegrityError as error:  # the same person twice at the same moment
        raise RegistrationError(_("You are already registered for this event.")) from error
    return registration


def cancel_registration(*, registration, by, now=None):
    """Cancels a registration (its holder or an organiser). A confirmed seat given up goes at
    once to the first person on the waitlist, who is e-mailed. Its open payment owes nothing
    more (close_payment); money already received stays for organisers to refund (money_kept).
    """
    if registration.user_id != by.pk and not manages_registrations(by):
        raise RegistrationError(_("This is not your registration."))
    with transaction.atomic():
        _lock_open_payments(registration.pk)
        capacity = lock_event(registration.event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(_("This registration was already cancelled."))
        promoted = _cancel_locked(
            registration,
            capacity,
            by=by,
            data={"by_organiser": True} if registration.user_id != by.pk else {},
            reason=str(_("Registration cancelled")),
            now=now,
        )
    return promoted[0] if promoted else None


def _cancel_locked(registration, capacity, *, by, data, reason, now=None):
    """Under the registration's payments', the event's and its own lock: cancelled, its open
    payment closed, the seat given to the waitlist while the event has not begun."""
    now = now or timezone.now()
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    log(instance=registration, action="events.cancelled", user=by, data=data)
    _close_open_payments(registration, by=by, reason=reason)
    if registration.event.start > timezone.now():  # no seats to hand out after it began
        return fill_seats(registration.event_id, capacity, by=by, now=now)
    return []


def release_unpaid_seat(*, payment, now=None):
    """Called by payments.apply_deadlines (through payments.effects_events) with `payment`
    locked, in its transaction: the seat it held past its deadline, unpaid, is cancelled and
    goes to the waitlist (whose first person now owes, with a fresh hold); the person is
    e-mailed. Nothing once the event has begun: the door takes the money then. Returns whether
    it acted. `now` is the deadline run's clock (default: the real one)."""
    if not payment.registration_id:
        return False
    clock = now or timezone.now()
    registration_pk = payment.registration_id
    event_pk = Registration.objects.values_list("event_id", flat=True).get(pk=registration_pk)
    capacity = lock_event(event_pk)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration_pk)
    )
    if registration.event.start <= clock:
        return False
    if registration.status == Registration.Status.CANCELLED:
        close_payment(payment, reason=str(_("Registration cancelled")))
        return True
    # The next person's hold runs from the moment this seat came free, not before.
    now = max(clock, payment.hold_until or clock)
    _cancel_locked(
        registration,
        capacity,
        by=None,
        data={"reason": "unpaid", "payment": payment.reference},
        reason=str(_("Not paid by the deadline: the seat went to the waitlist.")),
        now=now,
    )
    emails.seat_released(registration, payment)
    return True


def cancel_for_payment(*, payment, reason):
    """Called with `payment` locked (payments.effects_events) when organisers cancelled or
    fully refunded it: the seat it paid for is given up too, to the waitlist, while the event
    has not begun (a refund afterwards leaves who came as it was)."""
    if not payment.registration_id:
        return
    event_pk = Registration.objects.values_list("event_id", flat=True).get(
        pk=payment.registration_id
    )
    capacity = lock_event(event_pk)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=payment.registration_id)
    )
    if (
        registration.status == Registration.Status.CANCELLED
        or registration.event.start <= timezone.now()
    ):
        return
    _cancel_locked(
        registration,
        capacity,
        by=payment.decided_by,
        data={"reason": reason, "payment": payment.reference},
        reason=reason,
    )


def check_in(*, event, code, by, allow_unpaid=False):
    """Checks a ticket in. Returns (registration, first_time); RegistrationError for a code
    that is not a confirmed ticket of this event, UnpaidError (with the registration and its
    payment) for a seat still to be paid, unless `allow_unpaid` (the organiser lets the
    person in and collects later)."""
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
        payment = registration.open_payment() if event.is_priced else None
        if payment is not None and not allow_unpaid:
            raise UnpaidError(registration=registration, payment=payment)
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        log(
            instance=registration,
            action="events.checked_in",
            user=by,
            data={"unpaid": payment.reference} if payment is not None else {},
        )
    return registration, True


def take_payment_at_door(*, event, code, amount, method, by):
    """An organiser who handles money (payments.change_payment) takes what is due for a seat
    at the door, in cash or by POS (payments.services.record_payment, a numbered receipt),
    and checks the person in once nothing is left to pay. Returns (registration, payment,
    checked_in): a part payment is booked and the person waits for the rest. The payment is
    locked before the registration, as everywhere."""
    from payments.services import record_payment

    if not (manages_registrations(by) and by.has_perm("payments.change_payment")):
        raise RegistrationError(_("Only organisers who handle payments take money at the door."))
    code = (code or "").strip()
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("user")
            .filter(event=event, ticket_code=code)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("No ticket with this code for this event."))
        payment = registration.open_payment()
        if payment is None:
            registration, first_time = check_in(event=event, code=code, by=by)
            return registration, None, first_time
        record_payment(
            payment=payment,
            amount=amount,
            method=method,
            booked_on=timezone.localdate(),
            by=by,
            note=str(_("Taken at the door")),
        )
        payment.refresh_from_db()
        if payment.is_open:
            return registration, payment, False
        registration, first_time = check_in(event=event, code=code, by=by)
    return registration, payment, first_time


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


def add_registration(*, event, email, by, now=None):
    """An organiser registers an existing account (found by its e-mail address) for the event,
    whatever the registration window: confirmed while seats remain, waitlisted after, as a
    self-registration would be, and owing the seat's price as they would. Refuses
    (RegistrationError) an address without an account and a person already registered.
    Required questions stay unanswered: the person was not asked.
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
            now = now or timezone.now()
            fill_seats(event.pk, capacity, by=by, now=now)
            status = status_for_newcomer(event, capacity)
            registration = Registration.objects.create(
                event=event, user=user, status=status, created_at=now
            )
            log(
                instance=registration,
                action="events.registered_by_organiser",
                user=by,
                data={"person": user.email},
            )
            payment = None
            if status == Registration.Status.CONFIRMED:
                payment = charge_seat(registration, now=now, by=by)
            emails.registration(registration, payment=payment)
    except IntegrityError as error:  # registered themselves at the same moment
        raise RegistrationError(
            _("%(name)s is already registered for this event.")
            % {"name": user.get_full_name() or user.email}
        ) from error
    return registration


def promote_registration(*, registration, by, now=None):
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
        payment = charge_seat(registration, now=now, by=by)
        emails.registration(registration, promoted=True, payment=payment)
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
        emails.registration(registration, payment=registration.open_payment())
    return registration

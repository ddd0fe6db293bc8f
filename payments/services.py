"""Operations on what is owed and paid, each in one transaction with the payment row locked.

Creating a payment due, booking money received (by an organiser, from a bank statement, or
from a provider's notification), waiving, cancelling and refunding all change a payment's
state here and only here; what the state means for the thing paid for (a membership term, an
event seat, booths, a training place) follows through payments.effects. Every operation is in
the audit log and tells the payer through the one message path."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.locking import lock_row

from . import effects, emails
from .errors import NotificationError, PaymentError
from .models import (
    MANUAL_METHODS,
    LedgerEntry,
    Method,
    OnlineOrder,
    Payment,
    PaymentSettings,
    ReceiptSequence,
)
from .money import ZERO, to_amount

logger = logging.getLogger(__name__)


def payment_settings():
    return PaymentSettings.load()


def lock_payment(payment):
    """The payment re-read under its row lock (inside a transaction)."""
    lock_row(Payment, payment.pk)
    return Payment.objects.select_related("organisation", "user").get(pk=payment.pk)


def create_payment(
    *,
    purpose,
    amount,
    due_date,
    payer_name,
    description,
    description_en="",
    organisation=None,
    user=None,
    by=None,
    notify=True,
    **links,
):
    """A new payment due (None for a zero amount: nothing is owed). `links` name what it pays
    for (membership=…, tier=…, period_start=…, period_end=…, registration=…, hold_until=…,
    booth_application=…, enrolment=…)."""
    amount = to_amount(amount)
    if amount == ZERO:
        return None
    with transaction.atomic():
        payment = Payment.objects.create(
            purpose=purpose,
            amount=amount,
            due_date=due_date,
            payer_name=payer_name[:200],
            description=description[:255],
            description_en=(description_en or "")[:255],
            organisation=organisation,
            user=user,
            created_by=by,
            **links,
        )
        log(
            instance=payment,
            action="payments.created",
            user=by,
            data={"amount": str(amount), "due": due_date.isoformat()},
        )
        if notify:
            emails.payment_due(payment)
    return payment


@transaction.atomic
def change_amount(*, payment, amount, by=None, reason=""):
    """A new amount for an open payment (a fair's exhibitor moved to a booth of another
    price). Received money is kept: the payment becomes paid, or part-paid, by the new
    amount; it cannot go below what was received."""
    payment = lock_payment(payment)
    amount = to_amount(amount)
    if not payment.is_open and payment.state != Payment.State.PAID:
        raise PaymentError(_("This payment is settled: its amount no longer changes."))
    if amount < payment.paid:
        raise PaymentError(
            _("The new amount is less than what was received: refund the difference first.")
        )
    if amount == payment.amount:
        return payment
    old = payment.amount
    payment.amount = amount
    was_paid = payment.state == Payment.State.PAID
    payment.state = _state_by_money(payment)
    if payment.state == Payment.State.PAID and not was_paid:
        payment.settled_at = timezone.now()
    payment.save(update_fields=["amount", "state", "settled_at"])
    log(
        instance=payment,
        action="payments.amount_changed",
        user=by,
        data={"from": str(old), "to": str(amount), "reason": reason},
    )
    if payment.state == Payment.State.PAID and not was_paid:
        effects.settled(payment)
    return payment


def _state_by_money(payment):
    if payment.paid >= payment.amount:
        return Payment.State.PAID
    if payment.paid > ZERO:
        return Payment.State.PART_PAID
    return Payment.State.DUE


def next_receipt_number(year):
    """The next receipt number of `year` (2026-000001, …), taken under the year's row lock so
    no two receipts share one, in any process."""
    ReceiptSequence.objects.get_or_create(year=year)
    last = lock_row(ReceiptSequence, year, "last") + 1
    ReceiptSequence.objects.filter(year=year).update(last=last)
    return f"{year}-{last:06d}"


def _book(
    payment,
    *,
    amount,
    method,
    booked_on,
    by=None,
    note="",
    proof=None,
    provider="",
    provider_reference=None,
    allow_over=False,
    notify=True,
):
    """Books money received on the locked `payment`: a ledger entry with its receipt number,
    the payment's new state, and what being paid means for what it pays for. `notify=False`
    (the demo, imports of history) sends no mail and leaves the receipt to be rendered when
    first downloaded."""
    from . import receipts

    if not allow_over:
        if not payment.is_open:
            raise PaymentError(
                _("This payment is %(state)s: nothing more is due.")
                % {"state": payment.get_state_display()}
            )
        if amount > payment.outstanding:
            raise PaymentError(
                _("That is more than the %(due)s still due.")
                % {"due": f"¥{payment.outstanding:,.2f}"}
            )
    entry = LedgerEntry(
        payment=payment,
        kind=LedgerEntry.Kind.RECEIVED,
        method=method,
        amount=amount,
        booked_on=booked_on,
        recorded_by=by,
        note=(note or "")[:255],
        provider=provider,
        provider_reference=provider_reference,
        receipt_number=next_receipt_number(booked_on.year),
        receipt_code=receipts.new_code(),
    )
    if proof:
        entry.proof = proof
    entry.save()
    was_settled = payment.state in Payment.SETTLED_STATES
    payment.paid += amount
    if payment.is_open:
        payment.state = _state_by_money(payment)
    if payment.state == Payment.State.PAID and not was_settled:
        payment.settled_at = timezone.now()
    payment.save(update_fields=["paid", "state", "settled_at"])
    log(
        instance=payment,
        action="payments.received",
        user=by,
        data={
            "amount": str(amount),
            "method": method,
            "receipt": entry.receipt_number,
            "provider_reference": provider_reference or "",
        },
    )
    if payment.state == Payment.State.PAID and not was_settled:
        effects.settled(payment)
    if notify:
        emails.payment_received(payment, entry)
        receipts.after_booking(entry)
    return entry


@transaction.atomic
def record_payment(
    *,
    payment,
    amount,
    method,
    booked_on,
    by,
    note="",
    proof=None,
    bank_reference=None,
    notify=True,
):
    """An organiser records money received by bank transfer, in cash or by POS. `amount` is
    what arrived (a part payment is allowed, more than is due is refused); `bank_reference`
    (a statement line's serial number) books that line once."""
    if method not in MANUAL_METHODS:
        raise PaymentError(_("Online payments are recorded by the provider's notification."))
    amount = to_amount(amount, allow_zero=False)
    if booked_on > timezone.localdate():
        raise PaymentError(_("The date of a payment received cannot be in the future."))
    payment = lock_payment(payment)
    try:
        with transaction.atomic():
            return _book(
                payment,
                amount=amount,
                method=method,
                booked_on=booked_on,
                by=by,
                note=note,
                proof=proof,
                provider="bank" if bank_reference else "",
                provider_reference=bank_reference or None,
                notify=notify,
            )
    except IntegrityError as error:
        raise PaymentError(_("This bank statement line has already been booked.")) from error


def open_order(*, payment, provider, by=None):
    """A new attempt to pay what is outstanding online: its own order number and the
    amount the server decided (the client never names one)."""
    with transaction.atomic():
        payment = lock_payment(payment)
        if not payment.is_open or payment.outstanding <= ZERO:
            raise PaymentError(_("Nothing is due on this payment."))
        # Earlier attempts are closed: only the newest order can be paid.
        payment.orders.filter(state=OnlineOrder.State.OPEN).update(state=OnlineOrder.State.CLOSED)
        count = payment.orders.count() + 1
        order = OnlineOrder.objects.create(
            payment=payment,
            provider=provider,
            out_trade_no=f"{payment.reference}{timezone.localdate():%y%m%d}{count:04d}",
            amount=payment.outstanding,
        )
        log(
            instance=payment,
            action="payments.order_opened",
            user=by,
            data={"order": order.out_trade_no, "provider": provider, "amount": str(order.amount)},
        )
    return order


def book_notification(*, provider, out_trade_no, provider_reference, amount, paid_at=None):
    """A provider says order `out_trade_no` was paid (its signature already verified). Booked
    exactly once: a replay, or a copy racing this one in another process, returns the entry
    booked first. The amount must be the order's own (NotificationError otherwise); a
    payment settled meanwhile by other means still books the money (for a refund)."""
    amount = to_amount(amount, allow_zero=False)
    method = {"wechat": Method.WECHAT, "alipay": Method.ALIPAY, "test": Method.TEST}[provider]
    try:
        order = OnlineOrder.objects.select_related("payment").get(
            out_trade_no=out_trade_no, provider=provider
        )
    except OnlineOrder.DoesNotExist as error:
        raise NotificationError(_("Unknown order.")) from error
    # An order's amount never changes, so it is checked before any lock, and the refusal is
    # logged in its own transaction (a refusal inside the booking's would roll it back).
    if amount != order.amount:
        log(
            instance=order.payment,
            action="payments.notification_refused",
            user=None,
            data={"order": out_trade_no, "amount": str(amount), "expected": str(order.amount)},
        )
        raise NotificationError(
            _("The amount paid (%(paid)s) is not the order's (%(due)s).")
            % {"paid": amount, "due": order.amount}
        )
    with transaction.atomic():
        lock_row(OnlineOrder, order.pk)
        order = OnlineOrder.objects.select_related("payment").get(pk=order.pk)
        if order.entry_id:
            return order.entry
        existing = LedgerEntry.objects.filter(
            provider=provider, provider_reference=provider_reference
        ).first()
        if existing:
            return existing
        payment = lock_payment(order.payment)
        local = timezone.localtime(paid_at) if paid_at else timezone.localtime()
        entry = _book(
            payment,
            amount=amount,
            method=method,
            booked_on=local.date(),
            provider=provider,
            provider_reference=provider_reference,
            note=out_trade_no,
            allow_over=True,
        )
        order.state = OnlineOrder.State.PAID
        order.paid_at = paid_at or timezone.now()
        order.entry = entry
        order.save(update_fields=["state", "paid_at", "entry"])
    return entry


def fail_order(*, provider, out_trade_no, error=""):
    """The provider (or the test-mode page) says this attempt failed or was closed."""
    with transaction.atomic():
        updated = OnlineOrder.objects.filter(
            out_trade_no=out_trade_no, provider=provider, state=OnlineOrder.State.OPEN
        ).update(state=OnlineOrder.State.FAILED, error=(error or "")[:255])
    return bool(updated)


@transaction.atomic
def waive_payment(*, payment, by, reason):
    """An organiser lets the payer off what is still due, with a reason; it counts as
    settled (a waived term stays active)."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Give a reason for waiving this payment."))
    payment = lock_payment(payment)
    if not payment.is_open:
        raise PaymentError(
            _("This payment is %(state)s: there is nothing to waive.")
            % {"state": payment.get_state_display()}
        )
    payment.state = Payment.State.WAIVED
    payment.reason = reason
    payment.decided_by = by
    payment.settled_at = timezone.now()
    payment.save(update_fields=["state", "reason", "decided_by", "settled_at"])
    log(
        instance=payment,
        action="payments.waived",
        user=by,
        data={"reason": reason, "outstanding": str(payment.amount - payment.paid)},
    )
    effects.settled(payment)
    return payment


def cancel_payment(*, payment, by=None, reason="", follow=True):
    """Nothing is owed any more (the registration was cancelled, the booths given up).
    Refused once money was received: that is a refund. `follow=False` when the caller is the
    thing paid for itself, which has already changed."""
    with transaction.atomic():
        payment = lock_payment(payment)
        if not payment.is_open:
            raise PaymentError(
                _("This payment is %(state)s: it cannot be cancelled.")
                % {"state": payment.get_state_display()}
            )
        if payment.paid > ZERO:
            raise PaymentError(_("Money was received on this payment: refund it instead."))
        payment.state = Payment.State.CANCELLED
        payment.reason = (reason or "").strip()
        payment.decided_by = by
        payment.save(update_fields=["state", "reason", "decided_by"])
        payment.orders.filter(state=OnlineOrder.State.OPEN).update(state=OnlineOrder.State.CLOSED)
        log(instance=payment, action="payments.cancelled", user=by, data={"reason": payment.reason})
        if follow:
            effects.cancelled(payment)
    return payment


@transaction.atomic
def refund_payment(*, payment, amount, by, reason, method=None):
    """Pays back `amount` of what was received, with a reason. Money received online goes
    back through the provider's refund API (the entry is pending until the provider
    confirms); money received by transfer, cash or POS is recorded as refunded by `method`
    (default: the way it came). A full refund leaves the payment refunded."""
    from . import providers

    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Give a reason for the refund."))
    amount = to_amount(amount, allow_zero=False)
    payment = lock_payment(payment)
    if amount > payment.kept:
        raise PaymentError(
            _("At most %(kept)s can be refunded on this payment.")
            % {"kept": f"¥{payment.kept:,.2f}"}
        )
    # Newest received money first, each entry refunded at most by what it brought in.
    left = amount
    refunds = []
    for received in payment.entries.filter(kind=LedgerEntry.Kind.RECEIVED).order_by("-pk"):
        if left <= ZERO:
            break
        already = sum(
            (
                r.amount
                for r in received.refunds.exclude(refund_state=LedgerEntry.RefundState.FAILED)
            ),
            ZERO,
        )
        part = min(left, received.amount - already)
        if part <= ZERO:
            continue
        refund = LedgerEntry(
            payment=payment,
            kind=LedgerEntry.Kind.REFUND,
            method=received.method,
            amount=part,
            booked_on=timezone.localdate(),
            recorded_by=by,
            note=reason[:255],
            refund_of=received,
            refund_state=LedgerEntry.RefundState.DONE,
        )
        if method and received.method in MANUAL_METHODS:
            refund.method = method
        if received.method in (Method.WECHAT, Method.ALIPAY, Method.TEST):
            refund.provider = received.provider
            refund.save()
            try:
                result = providers.get(received.provider).refund(
                    received=received, refund=refund, amount=part, reason=reason
                )
            except providers.ProviderError as error:
                # Nothing is saved: the organiser sees why and may try again.
                logger.warning("refund of %s failed: %s", received.pk, error.detail)
                raise PaymentError(error.message) from error
            refund.provider_reference = result.provider_reference or None
            refund.refund_state = result.state
            refund.save(update_fields=["provider_reference", "refund_state"])
        else:
            refund.save()
        refunds.append(refund)
        left -= part
    payment.refunded += amount
    if payment.refunded >= payment.paid:
        payment.state = Payment.State.REFUNDED
    payment.reason = reason
    payment.decided_by = by
    payment.save(update_fields=["refunded", "state", "reason", "decided_by"])
    log(
        instance=payment,
        action="payments.refunded",
        user=by,
        data={"amount": str(amount), "reason": reason},
    )
    if payment.state == Payment.State.REFUNDED:
        effects.refunded(payment)
    emails.payment_refunded(payment, amount)
    return refunds


@transaction.atomic
def confirm_refund(*, provider, provider_reference, succeeded, error=""):
    """A provider's refund notification: the pending refund is done, or failed (then the
    amount counts as kept again)."""
    refund = (
        LedgerEntry.objects.select_for_update()
        .filter(
            kind=LedgerEntry.Kind.REFUND, provider=provider, provider_reference=provider_reference
        )
        .first()
    )
    if refund is None:
        raise NotificationError(_("Unknown refund."))
    if refund.refund_state != LedgerEntry.RefundState.PENDING:
        return refund
    if succeeded:
        refund.refund_state = LedgerEntry.RefundState.DONE
        refund.save(update_fields=["refund_state"])
        return refund
    payment = lock_payment(refund.payment)
    refund.refund_state = LedgerEntry.RefundState.FAILED
    refund.note = f"{refund.note} · {error}"[:255]
    refund.save(update_fields=["refund_state", "note"])
    payment.refunded -= refund.amount
    if payment.state == Payment.State.REFUNDED:
        payment.state = (
            _state_by_money(payment) if payment.paid < payment.amount else Payment.State.PAID
        )
    payment.save(update_fields=["refunded", "state"])
    log(instance=payment, action="payments.refund_failed", user=None, data={"error": error})
    return refund


def apply_deadlines(*, today=None, now=None):
    """What follows from time passing: dues unpaid past the grace period lapse their term,
    event seats unpaid past their hold go to the waitlist. Returns how many payments acted on."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    grace = datetime.timedelta(days=payment_settings().grace_days)
    acted = 0
    overdue_dues = Payment.objects.open().filter(
        purpose=Payment.Purpose.DUES, due_date__lt=today - grace
    )
    for pk in overdue_dues.values_list("pk", flat=True):
        with transaction.atomic():
            payment = lock_payment(Payment(pk=pk))
            if payment.is_open and effects.overdue(payment, today=today, now=now):
                acted += 1
    held = Payment.objects.open().filter(hold_until__lt=now, paid=ZERO)
    for pk in held.values_list("pk", flat=True):
        with transaction.atomic():
            payment = lock_payment(Payment(pk=pk))
            if (
                payment.is_open
                and payment.paid == ZERO
                and effects.overdue(payment, today=today, now=now)
            ):
                acted += 1
    return acted


# A seat held for payment (hours, not days) is reminded this long before its hold ends.
HOLD_REMINDER = datetime.timedelta(hours=12)


def send_payment_reminders(*, today=None, now=None):
    """Reminds payers once before the due date (PaymentSettings.reminder_days; a held event
    seat HOLD_REMINDER before its hold ends instead) and once the day after it; returns how
    many reminders were sent."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    days = payment_settings().reminder_days
    sent = 0
    before = Payment.objects.open().filter(
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=days),
        hold_until__isnull=True,
        reminded_before__isnull=True,
    )
    held = Payment.objects.open().filter(
        hold_until__gt=now, hold_until__lte=now + HOLD_REMINDER, reminded_before__isnull=True
    )
    after = Payment.objects.open().filter(due_date__lt=today, reminded_after__isnull=True)
    for queryset, field, send in (
        (before, "reminded_before", emails.reminder_before),
        (held, "reminded_before", emails.reminder_before),
        (after, "reminded_after", emails.reminder_after),
    ):
        for pk in queryset.values_list("pk", flat=True):
            with transaction.atomic():
                payment = lock_payment(Payment(pk=pk))
                if not payment.is_open or getattr(payment, field):
                    continue
                setattr(payment, field, today)
                payment.save(update_fields=[field])
                send(payment)
                sent += 1
    return sent

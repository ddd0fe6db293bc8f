"""Trade fair booths: a member company applies, an organiser assigns (or rejects) and moves
exhibitors. Booth rows are locked while they change hands, so a booth is never held by two
exhibitors, whatever number of processes serve the site. The booths assigned owe their fee
(payments app): one payment per application at the sum of its booths' prices, adjusted when
the booths change; locks go application, booths, then the payment."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from members.services import active_organisation_id, profile_of

from . import emails
from .errors import BoothError
from .models import Booth, BoothApplication, EventKind


def taken_message(booth):
    """Why a booth cannot be given, in words an organiser reads: its number and who holds it
    ("B13 已分配给 …"), never a database id."""
    if booth.holder_id:
        company = (
            BoothApplication.objects.filter(pk=booth.holder_id)
            .values_list("organisation__name", flat=True)
            .first()
        )
        return _("%(number)s is already assigned to %(company)s.") % {
            "number": booth.number,
            "company": company,
        }
    return _("%(number)s is reserved.") % {"number": booth.number}


def apply_for_booths(*, event, user, booths_wanted, products, preferred_zone="", staff_count=2):
    """A member company's owner or editor applies for booths at a trade fair; one live
    application per company and fair."""
    profile = profile_of(user)
    if event.kind != EventKind.TRADE_FAIR:
        raise BoothError(_("This event has no booths."))
    if not profile or not profile.can_edit_organisation or not active_organisation_id(user):
        raise BoothError(
            _("Booths are for member companies: ask your company's owner or editor to apply.")
        )
    if event.registration_state() == "closed":
        raise BoothError(_("Applications for booths are closed."))
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
        raise BoothError(_("Your company has already applied for booths at this fair.")) from error
    return application


def booth_fee(application):
    """The sum of the prices of the booths the application holds (Decimal; 0.00 if none
    has a price)."""
    from payments.money import ZERO

    return sum(
        (price for price in application.booths.values_list("price", flat=True) if price), ZERO
    )


def _fee_description(application, language):
    event = application.event
    with translation.override(language):
        title = event.title if language.startswith("zh") else (event.title_en or event.title)
        return str(_("Booth fee: %(fair)s") % {"fair": title})


def charge_booths(application, *, by, today=None):
    """The application's fee follows its booths: created at their prices' sum when there is
    none yet (due in PaymentSettings.fee_days, not after the fair's first day), its amount
    changed when the booths changed, closed when nothing is owed any more. Returns the live
    payment (or None). BoothError when the new amount is less than what was received."""
    from payments.errors import PaymentError
    from payments.models import Payment
    from payments.services import change_amount, create_payment, payment_settings

    from .services import close_payment

    total = booth_fee(application)
    payment = (
        Payment.objects.filter(
            booth_application=application,
            state__in=[*Payment.OPEN_STATES, Payment.State.PAID],
        )
        .order_by("-pk")
        .first()
    )
    if payment is None:
        if Payment.objects.filter(
            booth_application=application, state=Payment.State.WAIVED
        ).exists():
            return None  # the organisers let the company off its booth fee
        today = today or timezone.localdate()
        fair_day = timezone.localdate(application.event.start)
        due = max(
            today, min(today + datetime.timedelta(days=payment_settings().fee_days), fair_day)
        )
        organisation = application.organisation
        return create_payment(
            purpose=Payment.Purpose.BOOTH,
            amount=total,
            due_date=due,
            payer_name=organisation.name,
            description=_fee_description(application, "zh-hans"),
            description_en=_fee_description(application, "en"),
            organisation=organisation,
            by=by,
            booth_application=application,
        )
    if total == 0 and payment.paid == 0:
        close_payment(payment, by=by, reason=str(_("No booths with a price are held.")))
        return None
    try:
        return change_amount(payment=payment, amount=total, by=by, reason=str(_("Booths changed")))
    except PaymentError as error:
        raise BoothError(error.message) from error


@transaction.atomic
def assign_booths(*, application, booths, by, today=None):
    """Approves a booth application and gives it these booths. The booth rows are locked
    first, so two organisers cannot hand the same booth to two exhibitors; a booth held by
    another exhibitor or reserved is refused (BoothError) and nothing is assigned. The
    company owes the booths' prices (charge_booths), said in the mail with the booths."""
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == BoothApplication.Status.REJECTED:
        raise BoothError(_("This application was rejected."))
    locked = list(
        Booth.objects.select_for_update()
        .filter(pk__in=[booth.pk for booth in booths], event_id=application.event_id)
        .order_by("pk")
    )
    if len(locked) != len(booths) or not locked:
        raise BoothError(_("Choose booths of this fair."))
    taken = [
        booth
        for booth in locked
        if booth.status != Booth.Status.FREE and booth.holder_id != application.pk
    ]
    if taken:
        raise BoothError(" ".join(taken_message(booth) for booth in taken))
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
    payment = charge_booths(application, by=by, today=today)
    emails.booths(application, payment=payment)
    return application


@transaction.atomic
def reject_booth_application(*, application, by, reason):
    """Rejects an application, or withdraws an approval: its booths become free and its open
    fee owes nothing more (money received stays for organisers to refund)."""
    from payments.models import Payment

    from .services import close_payment

    reason = (reason or "").strip()
    if not reason:
        raise BoothError(_("Give the company a reason for the rejection."))
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if application.status == BoothApplication.Status.REJECTED:
        # A second click, or a stale tab: nothing to do, and no second mail.
        raise BoothError(_("This application has already been rejected."))
    # Rejecting an approved application withdraws the approval: its booths become free.
    Booth.objects.filter(holder=application).update(status=Booth.Status.FREE, holder=None)
    application.status = BoothApplication.Status.REJECTED
    application.rejection_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    for payment in Payment.objects.open().filter(booth_application=application):
        close_payment(payment, by=by, reason=reason)
    log(instance=application, action="events.booth_rejected", user=by, data={"reason": reason})
    emails.booths(application)
    return application


@transaction.atomic
def move_exhibitor(*, source, target, by):
    """Moves an exhibitor from one booth to a free one of the same fair; a booth of another
    price changes what the company owes (charge_booths)."""
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
        raise BoothError(_("Move an exhibitor to a booth of the same fair."))
    if target.status != Booth.Status.FREE:
        raise BoothError(taken_message(target))
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
    if source.price != target.price:
        charge_booths(target.holder, by=by)
    return target

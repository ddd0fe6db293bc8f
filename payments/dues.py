"""Dues: what a membership term costs, by the tier's rate for the year the term starts."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import DuesRate, Payment


def rate_for(tier, year):
    """The tier's yearly dues for `year` (None when organisers set none: nothing is owed)."""
    return DuesRate.objects.filter(tier=tier, year=year).values_list("amount", flat=True).first()


def _describe(membership, start, end, language):
    with translation.override(language):
        if (start.month, start.day, end.month, end.day) == (
            1,
            1,
            12,
            31,
        ) and start.year == end.year:
            return _("%(year)s membership dues (%(tier)s)") % {
                "year": start.year,
                "tier": membership.get_tier_display(),
            }
        return _("Membership dues %(start)s to %(end)s (%(tier)s)") % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "tier": membership.get_tier_display(),
        }


def create_dues(*, membership, start, end, by=None, due_date=None, notify=True):
    """The payment due for the term start…end of `membership` (rate × whole years, at least
    one), due `dues_days` after today or on the term's first day if that is later. Nothing
    when the tier has no rate for that year, or the term already has its dues."""
    from .services import create_payment, payment_settings

    amount = rate_for(membership.tier, start.year)
    if not amount:
        return None
    existing = Payment.objects.filter(
        membership=membership, period_start=start, purpose=Payment.Purpose.DUES
    ).exclude(state=Payment.State.CANCELLED)
    if existing.exists():
        return existing.first()
    years = max(1, round((end - start).days / 365))
    today = timezone.localdate()
    due_date = due_date or max(today + datetime.timedelta(days=payment_settings().dues_days), start)
    organisation = membership.organisation
    return create_payment(
        purpose=Payment.Purpose.DUES,
        amount=amount * years,
        due_date=due_date,
        payer_name=organisation.name,
        description=_describe(membership, start, end, "zh-hans"),
        description_en=_describe(membership, start, end, "en"),
        organisation=organisation,
        by=by,
        membership=membership,
        tier=membership.tier,
        period_start=start,
        period_end=end,
        notify=notify,
    )

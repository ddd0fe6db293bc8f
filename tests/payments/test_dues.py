"""Dues by tier and year: created when an application is approved and when a term is renewed,
lapsing the term when unpaid past the grace period, restored by paying or waiving."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from members import services as members
from members.models import Membership, MembershipApplication, Tier
from payments import services
from payments.dues import create_dues
from payments.models import DuesRate, Payment, PaymentSettings

PAST = datetime.date(2025, 6, 1)


@pytest.fixture
def rates(db):
    DuesRate.objects.filter(year__in=[2044, 2045]).delete()
    for year in (2044, 2045):
        for tier, amount in [
            (Tier.PRESIDENT, "50000"),
            (Tier.VICE_PRESIDENT, "30000"),
            (Tier.STANDING_COUNCIL, "20000"),
            (Tier.COUNCIL, "8000"),
            (Tier.MEMBER, "2000"),
        ]:
            DuesRate.objects.create(year=year, tier=tier, amount=Decimal(amount))


@pytest.fixture
def application(make_user):
    from django.utils import timezone

    from members.models import Industry

    applicant = make_user(email="applicant-dues@example.com")
    return MembershipApplication.objects.create(
        applicant=applicant,
        organisation_name="岳阳会费测试贸易有限公司",
        industry=Industry.objects.first(),
        city="岳阳楼区",
        applicant_name="李会计",
        applicant_phone="13800000000",
        consented_at=timezone.now(),
    )


def test_approving_creates_the_terms_dues_at_the_tiers_rate(rates, application, organiser):
    members.approve_application(
        application=application,
        by=organiser,
        tier=Tier.STANDING_COUNCIL,
        term_start=datetime.date(2045, 1, 1),
        term_end=datetime.date(2045, 12, 31),
    )
    payment = Payment.objects.get(organisation__name="岳阳会费测试贸易有限公司")
    assert payment.purpose == Payment.Purpose.DUES
    assert payment.amount == Decimal("20000.00")
    assert payment.tier == Tier.STANDING_COUNCIL
    assert (payment.period_start, payment.period_end) == (
        datetime.date(2045, 1, 1),
        datetime.date(2045, 12, 31),
    )
    assert payment.due_date >= datetime.date(2045, 1, 1)
    assert payment.description == "2045年度会费（常务理事）"
    assert payment.description_en == "2045 membership dues (Standing council member)"
    assert payment.membership.organisation == payment.organisation


def test_no_rate_for_the_year_means_nothing_owed(application, organiser):
    DuesRate.objects.filter(year=2046).delete()
    members.approve_application(
        application=application,
        by=organiser,
        term_start=datetime.date(2046, 1, 1),
        term_end=datetime.date(2046, 12, 31),
    )
    assert not Payment.objects.filter(organisation__name="岳阳会费测试贸易有限公司").exists()


def test_renewing_creates_the_next_terms_dues_once(rates, company):
    membership = company.membership
    membership.term_end = datetime.date(2044, 12, 31)
    membership.save()
    members.renew_membership(membership=membership, by=None, term_end=datetime.date(2045, 12, 31))
    payment = Payment.objects.get(membership=membership, purpose=Payment.Purpose.DUES)
    assert payment.amount == Decimal("8000.00")  # council tier, 2045 rate
    assert payment.period_start == datetime.date(2045, 1, 1)
    # The same term asked again is not charged twice.
    again = create_dues(
        membership=membership, start=datetime.date(2045, 1, 1), end=datetime.date(2045, 12, 31)
    )
    assert again == payment
    assert Payment.objects.filter(membership=membership).count() == 1


@pytest.fixture
def unpaid_dues(rates, company):
    membership = company.membership
    return create_dues(
        membership=membership,
        start=datetime.date(2045, 1, 1),
        end=datetime.date(2045, 12, 31),
        due_date=datetime.date(2045, 1, 31),
    )


def test_unpaid_past_the_grace_period_the_term_lapses(
    unpaid_dues, django_capture_on_commit_callbacks
):
    from django.core import mail

    grace = PaymentSettings.load().grace_days
    last_day = datetime.date(2045, 1, 31) + datetime.timedelta(days=grace)
    membership = unpaid_dues.membership
    services.apply_deadlines(today=last_day)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE  # still within the grace period
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_deadlines(today=last_day + datetime.timedelta(days=1))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED
    assert any(unpaid_dues.organisation.name in m.body for m in mail.outbox)
    # A second run changes nothing and sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_deadlines(today=last_day + datetime.timedelta(days=2))
    assert not mail.outbox


def test_paying_restores_the_lapsed_term(unpaid_dues, organiser, monkeypatch):
    membership = unpaid_dues.membership
    services.apply_deadlines(today=datetime.date(2045, 6, 1))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED
    # The payment arrives; the term (to 2099 in the fixture) is running again.
    services.record_payment(
        payment=unpaid_dues, amount="4000", method="bank-transfer", booked_on=PAST, by=organiser
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED  # half paid is not paid
    services.record_payment(
        payment=unpaid_dues, amount="4000", method="bank-transfer", booked_on=PAST, by=organiser
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_waiving_restores_too(unpaid_dues, organiser):
    services.apply_deadlines(today=datetime.date(2045, 6, 1))
    services.waive_payment(payment=unpaid_dues, by=organiser, reason="会长单位特批减免")
    unpaid_dues.membership.refresh_from_db()
    assert unpaid_dues.membership.status == Membership.Status.ACTIVE


def test_a_suspended_term_is_not_restored_by_paying(unpaid_dues, organiser):
    membership = unpaid_dues.membership
    membership.status = Membership.Status.SUSPENDED
    membership.save()
    services.record_payment(
        payment=unpaid_dues, amount="8000", method="cash", booked_on=PAST, by=organiser
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED


def test_the_hourly_command_runs_deadlines_and_reminders(db):
    out = io.StringIO()
    call_command("run_payment_deadlines", stdout=out)
    assert "overdue payment(s) acted on" in out.getvalue()

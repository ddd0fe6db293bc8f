"""Training fees: a cohort with a fee charges each trainee on acceptance; withdrawing cancels
what is still open. Fixed dates (a cohort in 2045)."""

import datetime
from decimal import Decimal

import pytest

from payments import services as payments
from payments.models import Method, Payment
from tests.training.conftest import create_cohort
from training import services
from training.models import Enrolment

pytestmark = pytest.mark.django_db

STARTS = datetime.date(2045, 9, 1)
TODAY = datetime.date(2045, 7, 1)
BOOKED = datetime.date(2025, 6, 1)


@pytest.fixture
def applicant(make_user):
    def make(cohort, number):
        user = make_user(email=f"fee-trainee{number}@example.com", name=f"学员{number}")
        return Enrolment.objects.create(cohort=cohort, user=user, motivation="想学习跨境电商")

    return make


def fee(enrolment):
    return Payment.objects.get(enrolment=enrolment)


def test_accepting_charges_the_fee(
    applicant, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = create_cohort(starts=STARTS, fee=Decimal("3800.00"))
    enrolment = applicant(cohort, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser, today=TODAY)
    payment = fee(enrolment)
    assert payment.purpose == Payment.Purpose.TRAINING
    assert payment.amount == Decimal("3800.00") and isinstance(payment.amount, Decimal)
    assert payment.user == enrolment.user and payment.organisation is None
    assert payment.due_date == TODAY + datetime.timedelta(days=14)
    assert cohort.title in payment.description
    bodies = [message.body for message in mailoutbox if message.to == [enrolment.user.email]]
    assert any("¥3,800.00" in body for body in bodies)  # acceptance and the payment due
    assert any(payment.reference in body for body in bodies)


def test_waitlisting_and_free_cohorts_charge_nothing(applicant, organiser):
    priced = create_cohort(starts=STARTS, fee=Decimal("3800.00"))
    waiting = applicant(priced, 2)
    services.decide_enrolment(enrolment=waiting, decision="waitlist", by=organiser, today=TODAY)
    assert not Payment.objects.filter(enrolment=waiting).exists()
    services.decide_enrolment(enrolment=waiting, decision="accept", by=organiser, today=TODAY)
    assert fee(waiting).amount == Decimal("3800.00")

    free = create_cohort(starts=STARTS)
    enrolment = applicant(free, 3)
    services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser, today=TODAY)
    assert not Payment.objects.filter(enrolment=enrolment).exists()


def test_the_fee_is_due_by_the_first_day_at_the_latest(applicant, organiser):
    cohort = create_cohort(starts=STARTS, fee=Decimal("100.00"))
    enrolment = applicant(cohort, 4)
    services.decide_enrolment(
        enrolment=enrolment, decision="accept", by=organiser, today=datetime.date(2045, 8, 28)
    )
    assert fee(enrolment).due_date == STARTS


def test_withdrawing_cancels_an_open_fee(applicant, organiser):
    cohort = create_cohort(starts=STARTS, fee=Decimal("3800.00"))
    enrolment = applicant(cohort, 5)
    services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser, today=TODAY)
    services.withdraw(enrolment=enrolment, by=enrolment.user, today=TODAY)
    assert fee(enrolment).state == Payment.State.CANCELLED


def test_withdrawing_after_paying_leaves_the_money_for_a_refund(applicant, organiser):
    cohort = create_cohort(starts=STARTS, fee=Decimal("3800.00"))
    enrolment = applicant(cohort, 6)
    services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser, today=TODAY)
    payments.record_payment(
        payment=fee(enrolment),
        amount="1000",
        method=Method.BANK_TRANSFER,
        booked_on=BOOKED,
        by=organiser,
    )
    services.withdraw(enrolment=enrolment, by=enrolment.user, today=TODAY)
    payment = fee(enrolment)
    assert payment.state == Payment.State.PAID and payment.kept == Decimal("1000.00")


def test_the_cohort_page_shows_the_fee_and_the_pay_link(client, applicant, organiser):
    cohort = create_cohort(starts=STARTS, fee=Decimal("3800.00"))
    html = client.get(cohort.url).content.decode()
    assert "¥3,800.00" in html
    enrolment = applicant(cohort, 7)
    services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser, today=TODAY)
    client.force_login(enrolment.user)
    html = client.get(cohort.url).content.decode()
    assert f"/my/payments/{fee(enrolment).reference}/" in html

    free = create_cohort(starts=STARTS)
    assert "data-fee>免费" in client.get(free.url).content.decode()

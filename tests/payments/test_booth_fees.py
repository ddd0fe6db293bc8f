"""Booth fees follow the booths: assigning creates the company's payment at the booths'
prices, reassigning or moving to a booth of another price changes it, rejecting an approved
application cancels it. Fixed dates (a fair in 2045)."""

import datetime
import itertools
import zoneinfo
from decimal import Decimal

import pytest

from events import booths
from events.errors import BoothError
from events.models import Booth, BoothApplication, EventIndexPage, EventKind, EventPage
from payments import services as payments
from payments.models import Method, Payment

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2045, 10, 20, 9, 0, tzinfo=TZ)
TODAY = datetime.date(2045, 9, 1)
BOOKED = datetime.date(2025, 6, 1)
numbers = itertools.count(1)


@pytest.fixture
def fair(db):
    number = next(numbers)
    event = EventPage(
        title=f"收费展会 {number}",
        title_en=f"Priced fair {number}",
        slug=f"priced-fair-{number}",
        kind=EventKind.TRADE_FAIR,
        start=START,
        end=START + datetime.timedelta(days=2),
        venue="会展中心",
        capacity=500,
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    for column, price in enumerate(["3000.00", "3000.00", "5000.00", None], start=1):
        Booth.objects.create(
            event=event,
            number=f"P{column:02d}",
            zone="茶叶区",
            column=column,
            row=1,
            price=Decimal(price) if price else None,
        )
    return event


@pytest.fixture
def application(fair, company):
    return BoothApplication.objects.create(
        event=fair, organisation=company, applicant=company.owner, products="黄茶", booths_wanted=2
    )


def booth(fair, number):
    return Booth.objects.get(event=fair, number=number)


def fee(application):
    return Payment.objects.get(booth_application=application, purpose=Payment.Purpose.BOOTH)


def test_assigning_creates_the_fee_at_the_booths_prices(
    fair, application, company, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booths.assign_booths(
            application=application,
            booths=[booth(fair, "P01"), booth(fair, "P02")],
            by=organiser,
            today=TODAY,
        )
    payment = fee(application)
    assert payment.amount == Decimal("6000.00") and isinstance(payment.amount, Decimal)
    assert payment.organisation == company and payment.user is None
    assert payment.payer_name == company.name
    assert payment.due_date == TODAY + datetime.timedelta(days=14)  # PaymentSettings.fee_days
    assert payment.state == Payment.State.DUE
    booth_mail = next(m for m in mailoutbox if m.to == [company.owner.email] and "P01" in m.body)
    assert "¥6,000.00" in booth_mail.body and "¥3,000.00" in booth_mail.body
    assert payment.reference in booth_mail.body


def test_the_due_date_is_not_after_the_fair(fair, application, organiser):
    booths.assign_booths(
        application=application,
        booths=[booth(fair, "P01")],
        by=organiser,
        today=datetime.date(2045, 10, 15),
    )
    assert fee(application).due_date == datetime.date(2045, 10, 20)


def test_moving_to_a_dearer_booth_adjusts_the_amount(fair, application, organiser):
    booths.assign_booths(
        application=application, booths=[booth(fair, "P01")], by=organiser, today=TODAY
    )
    booths.move_exhibitor(source=booth(fair, "P01"), target=booth(fair, "P03"), by=organiser)
    payment = fee(application)
    assert payment.amount == Decimal("5000.00")
    # A move to a booth of the same price changes nothing; to one without a price, nothing is
    # owed any more.
    booths.move_exhibitor(source=booth(fair, "P03"), target=booth(fair, "P04"), by=organiser)
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED


def test_reassigning_changes_the_amount_and_keeps_one_payment(fair, application, organiser):
    booths.assign_booths(
        application=application, booths=[booth(fair, "P01")], by=organiser, today=TODAY
    )
    booths.assign_booths(
        application=application,
        booths=[booth(fair, "P01"), booth(fair, "P03")],
        by=organiser,
        today=TODAY,
    )
    assert Payment.objects.filter(booth_application=application).count() == 1
    assert fee(application).amount == Decimal("8000.00")


def test_a_paid_fee_becomes_part_paid_when_booths_are_added(fair, application, organiser):
    booths.assign_booths(
        application=application, booths=[booth(fair, "P01")], by=organiser, today=TODAY
    )
    payments.record_payment(
        payment=fee(application),
        amount="3000",
        method=Method.BANK_TRANSFER,
        booked_on=BOOKED,
        by=organiser,
    )
    booths.move_exhibitor(source=booth(fair, "P01"), target=booth(fair, "P03"), by=organiser)
    payment = fee(application)
    assert payment.state == Payment.State.PART_PAID
    assert payment.outstanding == Decimal("2000.00")
    # Fewer booths than were paid for: refused until the difference is refunded.
    with pytest.raises(BoothError):
        booths.move_exhibitor(source=booth(fair, "P03"), target=booth(fair, "P04"), by=organiser)
    assert booth(fair, "P03").holder_id == application.pk


def test_rejecting_an_approved_application_cancels_its_fee(fair, application, organiser):
    booths.assign_booths(
        application=application, booths=[booth(fair, "P01")], by=organiser, today=TODAY
    )
    booths.reject_booth_application(application=application, by=organiser, reason="展位调整")
    payment = fee(application)
    assert payment.state == Payment.State.CANCELLED
    assert booth(fair, "P01").status == Booth.Status.FREE


def test_booths_without_prices_owe_nothing(fair, application, organiser):
    booths.assign_booths(
        application=application, booths=[booth(fair, "P04")], by=organiser, today=TODAY
    )
    assert not Payment.objects.filter(booth_application=application).exists()

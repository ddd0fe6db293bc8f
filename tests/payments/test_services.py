"""The states of a payment due and what moves it: received (in part or in full), waived,
cancelled, refunded; amounts exact; receipt numbers in sequence."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from payments import services
from payments.errors import PaymentError
from payments.models import LedgerEntry, Payment
from payments.money import in_capitals, to_amount, yuan

DAY = datetime.date(2025, 6, 1)  # past, whatever today is


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200", "1200.00"),
        ("1,200.00", "1200.00"),
        ("¥50,000", "50000.00"),
        ("￥ 8 000", "8000.00"),
        ("１２００．５", "1200.50"),
        ("2000元", "2000.00"),
        (Decimal("0.10"), "0.10"),
        (7, "7.00"),
    ],
)
def test_amounts_are_read_exactly(typed, amount):
    value = to_amount(typed)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount)
    assert str(value) == amount


@pytest.mark.parametrize("typed", ["12.345", "-5", "abc", "1.2.3", "", "1e3", True])
def test_what_is_not_an_amount_is_refused_with_a_message(typed):
    with pytest.raises(PaymentError) as error:
        to_amount(typed, allow_zero=False)
    assert str(error.value)


def test_a_float_never_becomes_an_amount():
    with pytest.raises(TypeError):
        to_amount(0.1 + 0.2)


def test_amounts_are_shown_as_chinese_users_write_them():
    assert yuan(Decimal("1200")) == "¥1,200.00"
    assert yuan(Decimal("50000.5")) == "¥50,000.50"
    assert in_capitals(Decimal("12000")) == "人民币壹万贰仟元整"
    assert in_capitals(Decimal("1200.50")) == "人民币壹仟贰佰元伍角"
    assert in_capitals(Decimal("100000.01")) == "人民币壹拾万元零壹分"
    assert in_capitals(Decimal("0")) == "人民币零元整"


def test_zero_is_nothing_owed(make_payment, company):
    assert make_payment(organisation=company, amount="0") is None
    assert not Payment.objects.filter(organisation=company).exists()


def test_a_new_payment_due_is_mailed_to_the_company(
    make_payment, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = make_payment(organisation=company, amount="8000")
    assert payment.state == Payment.State.DUE
    assert payment.amount == Decimal("8000.00")
    assert len(payment.reference) == 8
    sent = {message.to[0]: message for message in mail.outbox}
    assert company.owner.email in sent and company.email in sent
    body = sent[company.owner.email].body
    assert "¥8,000.00" in body and payment.reference in body


def test_part_then_full_payment(make_payment, company):
    payment = make_payment(organisation=company, amount="2000")
    first = services.record_payment(
        payment=payment, amount="500", method="bank-transfer", booked_on=DAY, by=None
    )
    payment.refresh_from_db()
    assert payment.state == Payment.State.PART_PAID
    assert payment.outstanding == Decimal("1500.00")
    second = services.record_payment(
        payment=payment, amount="1,500.00", method="cash", booked_on=DAY, by=None
    )
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.settled_at is not None
    year, number = first.receipt_number.split("-")
    assert year == "2025"
    assert second.receipt_number == f"2025-{int(number) + 1:06d}"
    assert all(isinstance(entry.amount, Decimal) for entry in payment.entries.all())


def test_more_than_is_due_is_refused_and_nothing_is_booked(make_payment, company):
    payment = make_payment(organisation=company, amount="2000")
    with pytest.raises(PaymentError, match="2,000.00"):
        services.record_payment(
            payment=payment, amount="2000.01", method="cash", booked_on=DAY, by=None
        )
    payment.refresh_from_db()
    assert payment.paid == 0 and not payment.entries.exists()


def test_a_paid_payment_takes_no_more_money(make_payment, company):
    payment = make_payment(organisation=company, amount="100")
    services.record_payment(payment=payment, amount="100", method="pos", booked_on=DAY, by=None)
    with pytest.raises(PaymentError):
        services.record_payment(payment=payment, amount="1", method="pos", booked_on=DAY, by=None)


def test_the_same_bank_line_is_booked_once(make_payment, company):
    payment = make_payment(organisation=company, amount="1000")
    services.record_payment(
        payment=payment,
        amount="400",
        method="bank-transfer",
        booked_on=DAY,
        by=None,
        bank_reference="20450601-0001",
    )
    with pytest.raises(PaymentError, match="已经入账"):
        services.record_payment(
            payment=payment,
            amount="400",
            method="bank-transfer",
            booked_on=DAY,
            by=None,
            bank_reference="20450601-0001",
        )
    payment.refresh_from_db()
    assert payment.paid == Decimal("400.00")


def test_online_methods_are_not_recorded_by_hand(make_payment, company):
    payment = make_payment(organisation=company)
    with pytest.raises(PaymentError):
        services.record_payment(
            payment=payment, amount="1", method="wechat", booked_on=DAY, by=None
        )


def test_waive_needs_a_reason_and_settles(make_payment, company, organiser):
    payment = make_payment(organisation=company)
    with pytest.raises(PaymentError):
        services.waive_payment(payment=payment, by=organiser, reason="  ")
    services.waive_payment(payment=payment, by=organiser, reason="困难企业减免")
    payment.refresh_from_db()
    assert payment.state == Payment.State.WAIVED
    assert payment.decided_by == organiser and payment.reason == "困难企业减免"
    with pytest.raises(PaymentError):
        services.waive_payment(payment=payment, by=organiser, reason="again")


def test_cancel_is_refused_once_money_came(make_payment, company):
    payment = make_payment(organisation=company)
    services.record_payment(payment=payment, amount="10", method="cash", booked_on=DAY, by=None)
    with pytest.raises(PaymentError, match="退款"):
        services.cancel_payment(payment=payment, reason="不参加了")
    other = make_payment(organisation=company)
    services.cancel_payment(payment=other, reason="不参加了")
    other.refresh_from_db()
    assert other.state == Payment.State.CANCELLED


def test_refund_in_part_then_in_full(make_payment, company, organiser):
    payment = make_payment(organisation=company, amount="3000")
    services.record_payment(payment=payment, amount="1000", method="cash", booked_on=DAY, by=None)
    services.record_payment(
        payment=payment, amount="2000", method="bank-transfer", booked_on=DAY, by=None
    )
    with pytest.raises(PaymentError):
        services.refund_payment(payment=payment, amount="3000.01", by=organiser, reason="多缴")
    refunds = services.refund_payment(
        payment=payment, amount="2500", by=organiser, reason="活动取消"
    )
    # Newest money first: the transfer's 2000 back in full, then 500 of the cash.
    assert [(r.method, r.amount) for r in refunds] == [
        ("bank-transfer", Decimal("2000.00")),
        ("cash", Decimal("500.00")),
    ]
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.kept == Decimal("500.00")
    services.refund_payment(payment=payment, amount="500", by=organiser, reason="活动取消")
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED
    assert payment.entries.filter(kind=LedgerEntry.Kind.REFUND).count() == 3
    with pytest.raises(PaymentError):
        services.refund_payment(payment=payment, amount="0.01", by=organiser, reason="again")


def test_every_money_action_is_in_the_audit_log(make_payment, company, organiser):
    from wagtail.models import ModelLogEntry

    payment = make_payment(organisation=company, amount="100")
    services.record_payment(
        payment=payment, amount="100", method="cash", booked_on=DAY, by=organiser
    )
    services.refund_payment(payment=payment, amount="100", by=organiser, reason="重复缴费")
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(payment.pk)).values_list("action", flat=True)
    )
    assert {"payments.created", "payments.received", "payments.refunded"} <= set(actions)


def test_reminders_before_and_after_the_due_date_once_each(
    make_payment, company, django_capture_on_commit_callbacks
):
    payment = make_payment(organisation=company, due_date=datetime.date(2045, 6, 30), notify=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_payment_reminders(today=datetime.date(2045, 6, 20))
        payment.refresh_from_db()
        assert payment.reminded_before is None  # ten days before: not yet
        services.send_payment_reminders(today=datetime.date(2045, 6, 25))
        services.send_payment_reminders(today=datetime.date(2045, 6, 26))
    payment.refresh_from_db()
    assert payment.reminded_before == datetime.date(2045, 6, 25)
    before = [m for m in mail.outbox if payment.reference in m.body]
    assert len(before) == 2  # the owner and the company's own address, once
    assert before and "2045-06-30" in before[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_payment_reminders(today=datetime.date(2045, 7, 1))
        services.send_payment_reminders(today=datetime.date(2045, 7, 2))
    after = [m for m in mail.outbox if payment.reference in m.body]
    assert len(after) == 2  # the owner and the company's own address, once
    assert all("逾期" in m.subject for m in after)

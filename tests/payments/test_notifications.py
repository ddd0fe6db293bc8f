"""Provider notifications through the notification endpoint (the test-mode provider's, whose
signature is the site's key): booked exactly once whatever arrives twice, late, forged, with
the wrong amount, or a hundred times at once."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.models import Organisation
from payments import services
from payments.models import LedgerEntry, OnlineOrder, Payment
from payments.providers.testmode import SALT, signed_notification

NOTIFY = "/payments/notify/test/"


def post(token, client=None):
    return (client or Client()).post(NOTIFY, {"notification": token})


def booked(payment):
    return list(payment.entries.filter(kind=LedgerEntry.Kind.RECEIVED))


def test_the_endpoint_is_outside_the_language_prefix():
    assert reverse("payments_notify", kwargs={"name": "test"}) == NOTIFY


def test_a_notification_is_booked_once_however_often_it_comes(company, make_payment):
    payment = make_payment(organisation=company, amount="2000.00")
    order = services.open_order(payment=payment, provider="test")
    token = signed_notification(order, succeeded=True, transaction_id="TEST4200001")

    answers = [post(token) for _ in range(3)]

    assert [(a.status_code, a.content) for a in answers] == [(200, b"success")] * 3
    [entry] = booked(payment)
    assert entry.provider_reference == "TEST4200001"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.paid == payment.amount


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps(signing.loads(token, salt=SALT), salt=SALT, key="another-key"),
        lambda token: signing.dumps(signing.loads(token, salt=SALT), salt="another-salt"),
        lambda token: "",
    ],
    ids=["tampered", "other-key", "other-purpose", "missing"],
)
def test_a_forged_notification_books_nothing(company, make_payment, forge):
    payment = make_payment(organisation=company, amount="2000.00")
    order = services.open_order(payment=payment, provider="test")

    answer = post(forge(signed_notification(order, succeeded=True)))

    assert answer.status_code == 400
    assert booked(payment) == []
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.OPEN


def test_a_wrong_amount_is_refused_and_logged(company, make_payment):
    payment = make_payment(organisation=company, amount="2000.00")
    order = services.open_order(payment=payment, provider="test")
    # Correctly signed, but for 1 fen: only the server's amount counts.
    token = signed_notification(order, succeeded=True, total_fen=1)

    answer = post(token)

    assert answer.status_code == 400
    assert booked(payment) == []
    refused = ModelLogEntry.objects.get(action="payments.notification_refused")
    assert refused.data["amount"] == "0.01" and refused.data["expected"] == "2000.00"


def test_an_unknown_order_is_refused(company, make_payment):
    payment = make_payment(organisation=company, amount="10.00")
    order = services.open_order(payment=payment, provider="test")
    order.out_trade_no = "NOSUCHORDER"
    answer = post(signed_notification(order, succeeded=True))
    assert answer.status_code == 400
    assert booked(payment) == []


def test_a_failure_arriving_after_the_payment_changes_nothing(company, make_payment):
    payment = make_payment(organisation=company, amount="500.00")
    order = services.open_order(payment=payment, provider="test")
    paid = signed_notification(order, succeeded=True)
    failed = signed_notification(order, succeeded=False)

    assert post(paid).status_code == 200
    assert post(failed).status_code == 200

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.state == OnlineOrder.State.PAID
    assert payment.state == Payment.State.PAID and len(booked(payment)) == 1


def test_money_for_an_older_attempt_arriving_late_is_still_booked(company, make_payment):
    """The payer scanned the first QR code, then opened a second attempt: both may be paid.
    Money that arrived is always booked (the treasurer refunds what is too much)."""
    payment = make_payment(organisation=company, amount="500.00")
    first = services.open_order(payment=payment, provider="test")
    second = services.open_order(payment=payment, provider="test")
    first.refresh_from_db()
    assert first.state == OnlineOrder.State.CLOSED

    assert post(signed_notification(second, succeeded=True)).status_code == 200
    assert post(signed_notification(first, succeeded=True)).status_code == 200

    payment.refresh_from_db()
    assert len(booked(payment)) == 2
    assert payment.state == Payment.State.PAID
    assert payment.paid == 2 * payment.amount and payment.kept == 2 * payment.amount


def test_money_for_a_cancelled_payment_is_booked_for_a_refund(company, make_payment):
    payment = make_payment(organisation=company, amount="500.00")
    order = services.open_order(payment=payment, provider="test")
    services.cancel_payment(payment=payment, reason="活动取消")

    assert post(signed_notification(order, succeeded=True)).status_code == 200

    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED
    assert payment.paid == payment.amount and len(booked(payment)) == 1


# serialized_rollback: a flushed database would otherwise leave the browser tests after it
# without the rows they restore (and duplicate content types when they do).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_concurrency
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="needs PostgreSQL for real row locks: run `make test-postgres` (CI does)",
)
def test_a_hundred_copies_at_once_book_one_payment(make_payment, make_user):
    import io

    from django.core.management import call_command

    from members.models import Industry
    from tests.events.test_concurrency import run_in_threads

    if not Industry.objects.exists():
        call_command("load_demo", stdout=io.StringIO())
    company = Organisation.objects.create(
        name="并发付款测试企业", city="岳阳楼区", industry=Industry.objects.first()
    )

    payment = make_payment(organisation=company, amount="20000.00")
    order = services.open_order(payment=payment, provider="test")
    token = signed_notification(order, succeeded=True, transaction_id="TEST-RACE-1")
    answers = []

    def deliver(index):
        answers.append(post(token).status_code)

    assert run_in_threads(100, deliver) == []

    assert answers == [200] * 100
    [entry] = booked(payment)
    assert entry.receipt_number
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.paid == payment.amount
    assert (
        ModelLogEntry.objects.for_instance(payment).filter(action="payments.received").count() == 1
    )

"""Paying online with the built-in test-mode provider, through the pages a member uses: the
payment's page offers it, paying opens an order for the server's amount, the local page
completes or fails it through the same notification endpoint the real providers use."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from payments import services
from payments.models import LedgerEntry, OnlineOrder, Payment
from payments.providers import Checkout


@pytest.fixture
def owner_client(client, company):
    client.force_login(company.owner)
    return client


def detail_url(payment, language="en"):
    return (
        f"/{language}/my/payments/{payment.reference}/"
        if language == "en"
        else (f"/my/payments/{payment.reference}/")
    )


def start_paying(client, payment):
    """Press the test-mode button on the payment's page; returns the order and its page."""
    response = client.post(
        reverse("payments:pay", kwargs={"reference": payment.reference, "name": "test"}),
        {"amount": "0.01"},  # a client naming an amount is ignored
    )
    assert response.status_code == 302
    order = payment.orders.get(state=OnlineOrder.State.OPEN)
    assert response.url == reverse(
        "payments:test_mode", kwargs={"out_trade_no": order.out_trade_no}
    )
    return order, client.get(response.url)


def press(client, page, button):
    """Submits the test-mode page's form holding `button` as the browser would."""
    html = page.content.decode()
    form = re.search(rf'<form method="post" action="([^"]+)">(?:(?!</form>).)*{button}', html, re.S)
    token = re.search(r'name="notification" value="([^"]+)"', form.group(0)).group(1)
    return client.post(form.group(1), {"notification": token, "browser": "1"})


def test_the_payment_page_offers_test_mode(owner_client, company, make_payment):
    payment = make_payment(organisation=company, amount="1200.00")
    page = owner_client.get(detail_url(payment)).content.decode()
    assert "Pay online" in page
    assert 'data-provider="test"' in page
    assert "Test payment (no money moves)" in page


def test_a_member_pays_in_test_mode_and_gets_a_receipt(
    owner_client, company, make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(organisation=company, amount="1200.00")
    order, page = start_paying(owner_client, payment)
    assert order.amount == payment.amount  # the server's amount, not the client's 0.01
    assert "¥1,200.00" in page.content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer = press(owner_client, page, "data-test-pay")

    assert answer.status_code == 302
    assert answer.url == reverse("payments:detail", kwargs={"reference": payment.reference})
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    entry = payment.entries.get()
    assert entry.method == "test" and entry.provider == "test"
    assert entry.provider_reference.startswith("TEST")
    assert entry.receipt_number
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.PAID and order.entry == entry
    shown = owner_client.get(answer.url).content.decode()
    assert reverse("payments:receipt", kwargs={"code": entry.receipt_code}) in shown
    # One mail to the company's people and one to its own address, each once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company.owner.email, company.email])
    assert all(payment.reference in m.body for m in mail.outbox)


def test_a_failed_test_payment_charges_nothing(owner_client, company, make_payment):
    payment = make_payment(organisation=company, amount="300.00")
    order, page = start_paying(owner_client, payment)

    answer = press(owner_client, page, "data-test-fail")

    assert answer.status_code == 302
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.state == OnlineOrder.State.FAILED
    assert payment.state == Payment.State.DUE and not payment.entries.exists()
    # The member may try again: a new order, the failed one left as it was.
    again, _ = start_paying(owner_client, payment)
    assert again.pk != order.pk


def test_the_order_page_waits_and_moves_on_when_paid(owner_client, company, make_payment):
    payment = make_payment(organisation=company, amount="88.00")
    order = services.open_order(payment=payment, provider="test")
    order.data = Checkout(kind="qr", content="weixin://wxpay/bizpayurl?pr=abc").as_data()
    order.save()
    url = reverse("payments:order", kwargs={"out_trade_no": order.out_trade_no})
    page = owner_client.get(url).content.decode()
    assert "<svg" in page and "data-status-url" in page
    status = reverse("payments:order_status", kwargs={"out_trade_no": order.out_trade_no})
    assert owner_client.get(status).json() == {"state": "open"}

    services.book_notification(
        provider="test",
        out_trade_no=order.out_trade_no,
        provider_reference="TESTPAID1",
        amount="88.00",
    )

    assert owner_client.get(status).json() == {"state": "paid"}
    done = owner_client.get(url)
    assert done.status_code == 302
    assert done.url == reverse("payments:detail", kwargs={"reference": payment.reference})


def test_nothing_to_pay_is_said_and_nothing_opened(owner_client, company, make_payment):
    payment = make_payment(organisation=company, amount="50.00")
    services.waive_payment(payment=payment, by=company.owner, reason="理事会决议")
    response = owner_client.post(
        reverse("payments:pay", kwargs={"reference": payment.reference, "name": "test"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert not payment.orders.exists()
    page = owner_client.get(detail_url(payment)).content.decode()
    assert 'data-provider="test"' not in page


def test_other_people_cannot_see_or_pay_an_order(client, company, make_payment, make_user):
    payment = make_payment(organisation=company, amount="50.00")
    order = services.open_order(payment=payment, provider="test")
    urls = [
        reverse("payments:test_mode", kwargs={"out_trade_no": order.out_trade_no}),
        reverse("payments:order", kwargs={"out_trade_no": order.out_trade_no}),
        reverse("payments:order_status", kwargs={"out_trade_no": order.out_trade_no}),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(make_user(email="stranger@example.com"))
    for url in urls:
        assert client.get(url).status_code == 404
    pay = reverse("payments:pay", kwargs={"reference": payment.reference, "name": "test"})
    assert client.post(pay).status_code == 404
    assert payment.orders.count() == 1


@override_settings(PAYMENTS_ALLOW_TEST_MODE=False)
def test_test_mode_switched_off_offers_and_accepts_nothing(owner_client, company, make_payment):
    from payments.providers.testmode import signed_notification

    payment = make_payment(organisation=company, amount="50.00")
    page = owner_client.get(detail_url(payment)).content.decode()
    assert 'data-provider="test"' not in page
    pay = reverse("payments:pay", kwargs={"reference": payment.reference, "name": "test"})
    assert owner_client.post(pay).status_code == 404
    order = services.open_order(payment=payment, provider="test")
    token = signed_notification(order, succeeded=True)
    notify = reverse("payments_notify", kwargs={"name": "test"})
    assert owner_client.post(notify, {"notification": token}).status_code == 404
    assert not payment.entries.exists()


def test_a_test_mode_refund_is_done_at_once(owner_client, company, make_payment, make_user):
    payment = make_payment(organisation=company, amount="600.00")
    _, page = start_paying(owner_client, payment)
    press(owner_client, page, "data-test-pay")
    organiser = make_user(email="treasurer@example.com")

    services.refund_payment(payment=payment, amount="600", by=organiser, reason="活动取消")

    refund = payment.entries.get(kind=LedgerEntry.Kind.REFUND)
    assert refund.refund_state == LedgerEntry.RefundState.DONE
    assert refund.provider == "test" and refund.provider_reference == f"TESTR{refund.pk}"
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED


@override_settings(PAYMENTS_PROVIDERS=["wechat", "alipay", "test"])
def test_inside_wechat_alipay_is_not_offered(owner_client, company, make_payment, monkeypatch):
    from payments.providers.alipay import Alipay
    from payments.providers.wechatpay import WeChatPay

    monkeypatch.setattr(Alipay, "is_configured", lambda self: True)
    monkeypatch.setattr(WeChatPay, "is_configured", lambda self: True)
    payment = make_payment(organisation=company, amount="50.00")
    desk = owner_client.get(detail_url(payment)).content.decode()
    assert 'data-provider="alipay"' in desk and 'data-provider="wechat"' in desk
    wechat = owner_client.get(
        detail_url(payment), HTTP_USER_AGENT="Mozilla/5.0 (iPhone) MicroMessenger/8.0.50"
    ).content.decode()
    assert 'data-provider="alipay"' not in wechat and 'data-provider="wechat"' in wechat

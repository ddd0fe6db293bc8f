"""The Alipay provider against a stand-in gateway on 127.0.0.1: the real provider and SDK,
RSA2 keys made for the test, notifications posted as Alipay posts them."""

import datetime
import json
import socket
import urllib.parse
import zoneinfo
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from payments import providers, services
from payments.errors import PaymentError
from payments.models import LedgerEntry, OnlineOrder, Payment
from payments.providers import ProviderError
from payments.providers.alipay import Alipay

from . import loopback_alipay as loopback

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
APPID = "2021004100000001"
COMPUTER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(scope="session")
def keys():
    """The app's key pair (the portal signs), Alipay's (the gateway signs) and a stranger's."""
    return {"app": loopback.new_key(), "alipay": loopback.new_key(), "other": loopback.new_key()}


@pytest.fixture
def gateway(keys):
    server = loopback.AlipayGateway(
        app_id=APPID, app_public_key=keys["app"].public_key(), alipay_key=keys["alipay"]
    ).start()
    yield server
    server.stop()


@pytest.fixture
def alipay(settings, tmp_path, keys, gateway):
    """Settings pointing at the gateway, the key files in tmp_path; the provider."""
    private = tmp_path / "app_private_key.pem"
    public = tmp_path / "alipay_public_key.pem"
    private.write_text(loopback.private_pem(keys["app"]))
    public.write_text(loopback.public_pem(keys["alipay"]))
    settings.PAYMENTS_PROVIDERS = ["alipay", "test"]
    settings.ALIPAY_APPID = APPID
    settings.ALIPAY_PRIVATE_KEY = str(private)
    settings.ALIPAY_PUBLIC_KEY = str(public)
    settings.ALIPAY_GATEWAY = gateway.url
    settings.ALIPAY_NOTIFY_URL = ""
    settings.PAYMENTS_PROVIDER_TIMEOUT = 5
    return providers.get("alipay")


@pytest.fixture
def order(make_payment, company):
    payment = make_payment(organisation=company, amount="1200.00", description="2026年度会费")
    return services.open_order(payment=payment, provider="alipay")


def browser(user_agent):
    return RequestFactory().get("/my/payments/", HTTP_USER_AGENT=user_agent)


def redirect_params(checkout, gateway):
    assert checkout.kind == "redirect"
    base, _, query = checkout.url.partition("?")
    assert base == gateway.url
    return dict(urllib.parse.parse_qsl(query, keep_blank_values=True))


def post_notification(client, fields):
    return client.post(
        reverse("payments_notify", kwargs={"name": "alipay"}),
        data=loopback.form_body(fields),
        content_type=loopback.FORM_CONTENT_TYPE,
    )


def pay(client, gateway, order, **fields):
    """Alipay's TRADE_SUCCESS notification for `order`, known to the gateway as paid."""
    trade = gateway.set_trade(order.out_trade_no, total_amount=f"{order.amount:.2f}")
    notice = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount=f"{order.amount:.2f}",
        trade_no=trade["trade_no"],
        **fields,
    )
    return post_notification(client, notice), notice


def received(payment):
    return LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.RECEIVED)


# -- paying ------------------------------------------------------------------------------


def test_a_computer_gets_page_pay_signed_with_the_app_key(alipay, gateway, order, keys):
    checkout = alipay.checkout(order, browser(COMPUTER))
    params = redirect_params(checkout, gateway)
    assert params["method"] == "alipay.trade.page.pay"
    assert params["app_id"] == APPID and params["sign_type"] == "RSA2"
    assert loopback.verify(
        keys["app"].public_key(), loopback.signing_string(params), params["sign"]
    )
    assert not loopback.verify(
        keys["other"].public_key(), loopback.signing_string(params), params["sign"]
    )
    biz = json.loads(params["biz_content"])
    assert biz["total_amount"] == "1200.00"
    assert biz["out_trade_no"] == order.out_trade_no
    assert biz["product_code"] == "FAST_INSTANT_TRADE_PAY"
    assert biz["subject"] == "2026年度会费"
    assert "time_expire" not in biz  # no hold on this payment
    assert params["notify_url"] == "http://testserver/payments/notify/alipay/"
    # Back to the order's page, which waits for (or asks about) the payment.
    page = reverse("payments:order", kwargs={"out_trade_no": order.out_trade_no})
    assert params["return_url"] == f"http://testserver{page}"
    # Beijing time, whatever the server's clock zone.
    stamp = datetime.datetime.strptime(params["timestamp"], "%Y-%m-%d %H:%M:%S")
    now = datetime.datetime.now(SHANGHAI).replace(tzinfo=None)
    assert abs((now - stamp).total_seconds()) < 60
    assert gateway.requests == []  # the payer's browser carries page pay


def test_a_phone_gets_wap_pay(alipay, gateway, order):
    params = redirect_params(alipay.checkout(order, browser(PHONE)), gateway)
    assert params["method"] == "alipay.trade.wap.pay"
    biz = json.loads(params["biz_content"])
    assert biz["product_code"] == "QUICK_WAP_PAY"
    assert biz["total_amount"] == "1200.00"
    payment_page = reverse("payments:detail", kwargs={"reference": order.payment.reference})
    assert biz["quit_url"] == f"http://testserver{payment_page}"
    android = "Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 Mobile Safari"
    params = redirect_params(alipay.checkout(order, browser(android)), gateway)
    assert params["method"] == "alipay.trade.wap.pay"


def test_a_held_seat_expires_at_alipay_when_the_hold_ends(
    alipay, gateway, make_payment, company, settings
):
    settings.ALIPAY_NOTIFY_URL = "https://pay.example.org/payments/notify/alipay/"
    hold = datetime.datetime(2099, 5, 1, 8, 30, tzinfo=datetime.UTC)
    payment = make_payment(organisation=company, amount="80.50", hold_until=hold)
    order = services.open_order(payment=payment, provider="alipay")
    params = redirect_params(alipay.checkout(order, browser(COMPUTER)), gateway)
    biz = json.loads(params["biz_content"])
    assert biz["time_expire"] == "2099-05-01 16:30:00"
    assert biz["total_amount"] == "80.50"
    assert params["notify_url"] == "https://pay.example.org/payments/notify/alipay/"


def test_precreate_returns_alipays_qr_code(alipay, gateway, order):
    checkout = alipay.precreate(order)
    assert checkout.kind == "qr"
    assert checkout.content.startswith("https://qr.alipay.com/")
    (call,) = gateway.calls("alipay.trade.precreate")
    assert call["sign_ok"]
    assert call["biz"]["total_amount"] == "1200.00"
    assert call["biz"]["out_trade_no"] == order.out_trade_no
    assert call["params"]["notify_url"] == "http://testserver/payments/notify/alipay/"


def test_a_business_error_becomes_a_provider_error_with_its_sub_code(alipay, gateway, order):
    gateway.fail_next("alipay.trade.precreate", "40004", "ACQ.TOTAL_FEE_EXCEED", "订单金额超过限额")
    with pytest.raises(ProviderError) as refused:
        alipay.precreate(order)
    assert "ACQ.TOTAL_FEE_EXCEED" in refused.value.detail
    assert "订单金额超过限额" in str(refused.value.message)


def test_the_gateways_own_trouble_becomes_a_provider_error(alipay, gateway, order):
    gateway.fail_next("alipay.trade.precreate", "20000", "aop.unknow-error", "系统繁忙")
    with pytest.raises(ProviderError) as refused:
        alipay.precreate(order)
    assert "aop.unknow-error" in refused.value.detail


def test_a_request_signed_with_the_wrong_key_is_refused_by_the_gateway(
    alipay, gateway, order, keys, tmp_path, settings
):
    wrong = tmp_path / "wrong.pem"
    wrong.write_text(loopback.private_pem(keys["other"]))
    settings.ALIPAY_PRIVATE_KEY = str(wrong)
    with pytest.raises(ProviderError) as refused:
        Alipay().precreate(order)
    assert "isv.invalid-signature" in refused.value.detail
    assert not gateway.requests[0]["sign_ok"]


def test_an_unknown_app_id_gets_an_unsigned_error(alipay, gateway, order, settings):
    settings.ALIPAY_APPID = "2021009999999999"
    with pytest.raises(ProviderError) as refused:
        Alipay().precreate(order)
    assert "isv.invalid-app-id" in refused.value.detail


def test_an_answer_not_signed_by_alipay_is_not_believed(alipay, gateway, order, keys):
    gateway.alipay_key = keys["other"]
    with pytest.raises(ProviderError) as refused:
        alipay.precreate(order)
    assert "does not verify" in refused.value.detail


@pytest.mark.parametrize(
    "text", ["<html><body>502 Bad Gateway</body></html>", '{"error":"upstream"}']
)
def test_an_answer_that_is_not_alipays_is_a_provider_error(alipay, gateway, order, text):
    gateway.raw_answer = text
    with pytest.raises(ProviderError) as refused:
        alipay.precreate(order)
    assert "precreate" in refused.value.detail


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_gateway_is_a_provider_error(alipay, order, settings):
    settings.ALIPAY_GATEWAY = f"http://127.0.0.1:{free_port()}/gateway.do"
    with pytest.raises(ProviderError) as refused:
        Alipay().precreate(order)
    assert "precreate" in refused.value.detail


def test_a_gateway_that_never_answers_times_out(alipay, order, settings):
    # A socket that accepts connections and never answers: the SDK's timeout must end the wait.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.ALIPAY_GATEWAY = f"http://127.0.0.1:{silent.getsockname()[1]}/gateway.do"
    settings.PAYMENTS_PROVIDER_TIMEOUT = 1
    started = datetime.datetime.now()
    try:
        with pytest.raises(ProviderError):
            Alipay().precreate(order)
    finally:
        silent.close()
    assert (datetime.datetime.now() - started).total_seconds() < 5


def test_a_missing_key_file_is_a_clear_provider_error(alipay, order, settings, tmp_path):
    settings.ALIPAY_PUBLIC_KEY = str(tmp_path / "nowhere.pem")
    with pytest.raises(ProviderError) as refused:
        Alipay().checkout(order, browser(COMPUTER))
    assert "无法读取支付宝公钥" in str(refused.value.message)
    assert "nowhere.pem" in refused.value.detail


def test_keys_swapped_are_refused(alipay, order, settings):
    settings.ALIPAY_PRIVATE_KEY, settings.ALIPAY_PUBLIC_KEY = (
        settings.ALIPAY_PUBLIC_KEY,
        settings.ALIPAY_PRIVATE_KEY,
    )
    with pytest.raises(ProviderError) as refused:
        Alipay().checkout(order, browser(COMPUTER))
    assert "密钥类型不对" in str(refused.value.message)


def test_keys_as_alipays_key_tool_writes_them_are_read(alipay, gateway, order, settings):
    # The key tool and the console give the base64 body alone, without PEM lines.
    for name in ("ALIPAY_PRIVATE_KEY", "ALIPAY_PUBLIC_KEY"):
        path = getattr(settings, name)
        with open(path) as pem:
            body = "".join(line for line in pem.read().splitlines() if "-----" not in line)
        with open(path, "w") as bare:
            bare.write(body)
    assert Alipay().precreate(order).content.startswith("https://qr.alipay.com/")
    assert gateway.requests[0]["sign_ok"]


def test_not_configured_without_appid_or_keys(settings):
    settings.ALIPAY_APPID = ""
    settings.ALIPAY_PRIVATE_KEY = "/some/key.pem"
    settings.ALIPAY_PUBLIC_KEY = "/some/alipay.pem"
    assert not Alipay().is_configured()
    settings.ALIPAY_APPID = APPID
    assert Alipay().is_configured()
    with translation.override("en"):
        assert str(Alipay.label) == "Alipay" and Alipay.name == "alipay"


# -- notifications -----------------------------------------------------------------------


def test_a_signed_notification_books_the_payment_once(alipay, gateway, order, client):
    response, notice = pay(client, gateway, order, gmt_payment="2026-03-02 09:15:00")
    assert response.status_code == 200
    assert response.content == b"success"
    payment = Payment.objects.get(pk=order.payment.pk)
    assert payment.state == Payment.State.PAID and payment.paid == Decimal("1200.00")
    (entry,) = received(payment)
    assert entry.method == "alipay" and entry.provider == "alipay"
    assert entry.provider_reference == notice["trade_no"]
    assert entry.amount == Decimal("1200.00")
    assert entry.booked_on == datetime.date(2026, 3, 2)
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.PAID and order.entry == entry
    assert order.paid_at == datetime.datetime(2026, 3, 2, 9, 15, tzinfo=SHANGHAI)

    again = post_notification(client, notice)
    assert again.status_code == 200 and again.content == b"success"
    assert received(payment).count() == 1
    assert Payment.objects.get(pk=payment.pk).paid == Decimal("1200.00")


def test_trade_finished_after_success_books_nothing_more(alipay, gateway, order, client):
    response, notice = pay(client, gateway, order)
    finished = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount="1200.00",
        trade_no=notice["trade_no"],
        trade_status="TRADE_FINISHED",
    )
    assert post_notification(client, finished).content == b"success"
    assert received(order.payment).count() == 1


def tampered_amount(notice, keys):
    # Alipay signed a payment of 1.00; the amounts are changed to the order's afterwards.
    paid = {**notice, "total_amount": "1.00", "receipt_amount": "1.00"}
    signed = loopback.sign(
        keys["alipay"], loopback.signing_string(paid, exclude=("sign", "sign_type"))
    )
    return {**paid, "sign": signed, "total_amount": notice["total_amount"]}


def signed_by_a_stranger(notice, keys):
    fields = {key: value for key, value in notice.items() if key != "sign"}
    fields["sign"] = loopback.sign(
        keys["other"], loopback.signing_string(fields, exclude=("sign", "sign_type"))
    )
    return fields


def without_sign(notice, keys):
    return {key: value for key, value in notice.items() if key != "sign"}


def with_rsa1_sign_type(notice, keys):
    return {**notice, "sign_type": "RSA"}


def with_garbage_sign(notice, keys):
    return {**notice, "sign": "not base64 at all!"}


@pytest.mark.parametrize(
    "forge",
    [tampered_amount, signed_by_a_stranger, without_sign, with_rsa1_sign_type, with_garbage_sign],
)
def test_a_notification_without_alipays_signature_books_nothing(
    alipay, gateway, order, client, keys, forge
):
    notice = gateway.notification(out_trade_no=order.out_trade_no, total_amount="1200.00")
    response = post_notification(client, forge(notice, keys))
    assert response.status_code == 400
    assert response.content == b"failure"
    assert not received(order.payment).exists()
    assert Payment.objects.get(pk=order.payment.pk).state == Payment.State.DUE


def test_a_wrong_amount_signed_correctly_books_nothing_and_is_logged(
    alipay, gateway, order, client, caplog
):
    notice = gateway.notification(out_trade_no=order.out_trade_no, total_amount="1.20")
    with caplog.at_level("WARNING", logger="payments.providers.alipay"):
        response = post_notification(client, notice)
    assert response.content == b"failure"
    assert not received(order.payment).exists()
    assert OnlineOrder.objects.get(pk=order.pk).state == OnlineOrder.State.OPEN
    assert any(order.out_trade_no in record.getMessage() for record in caplog.records)
    assert ModelLogEntry.objects.filter(
        object_id=str(order.payment.pk), action="payments.notification_refused"
    ).exists()


def test_an_unknown_order_is_refused(alipay, gateway, order, client):
    notice = gateway.notification(out_trade_no="NOSUCHORDER2603020001", total_amount="1200.00")
    response = post_notification(client, notice)
    assert response.content == b"failure"
    assert not LedgerEntry.objects.filter(provider="alipay").exists()


def test_a_notification_for_another_app_is_refused(alipay, gateway, order, client):
    notice = gateway.notification(
        out_trade_no=order.out_trade_no, total_amount="1200.00", app_id="2021008888888888"
    )
    response = post_notification(client, notice)
    assert response.content == b"failure"
    assert not received(order.payment).exists()


def test_trade_closed_marks_the_order_failed(alipay, gateway, order, client):
    notice = gateway.notification(
        out_trade_no=order.out_trade_no, total_amount="1200.00", trade_status="TRADE_CLOSED"
    )
    response = post_notification(client, notice)
    assert response.content == b"success"
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.FAILED
    assert Payment.objects.get(pk=order.payment.pk).state == Payment.State.DUE


def test_wait_buyer_pay_changes_nothing(alipay, gateway, order, client):
    notice = gateway.notification(
        out_trade_no=order.out_trade_no, total_amount="1200.00", trade_status="WAIT_BUYER_PAY"
    )
    assert post_notification(client, notice).content == b"success"
    assert OnlineOrder.objects.get(pk=order.pk).state == OnlineOrder.State.OPEN


def test_the_notify_url_is_404_unless_alipay_is_offered(alipay, gateway, order, client, settings):
    notice = gateway.notification(out_trade_no=order.out_trade_no, total_amount="1200.00")
    settings.PAYMENTS_PROVIDERS = ["test"]
    assert post_notification(client, notice).status_code == 404
    settings.PAYMENTS_PROVIDERS = ["alipay"]
    settings.ALIPAY_APPID = ""
    assert post_notification(client, notice).status_code == 404
    assert not received(order.payment).exists()


# -- refunds -----------------------------------------------------------------------------


def test_a_refund_goes_through_alipay_and_is_done(alipay, gateway, order, client, organiser):
    _response, notice = pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    (refund,) = services.refund_payment(
        payment=payment, amount="1200.00", by=organiser, reason="活动取消"
    )
    assert refund.refund_state == LedgerEntry.RefundState.DONE
    assert refund.provider == "alipay"
    assert refund.provider_reference == f"R{refund.pk:010d}"
    (call,) = gateway.calls("alipay.trade.refund")
    assert call["sign_ok"]
    assert call["biz"] == {
        "refund_amount": "1200.00",
        "trade_no": notice["trade_no"],
        "out_trade_no": order.out_trade_no,
        "out_request_no": f"R{refund.pk:010d}",
        "refund_reason": "活动取消",
    }
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED and payment.refunded == Decimal("1200.00")

    # Alipay then notifies the refund on the trade (closed: all of it refunded).
    closed = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount="1200.00",
        trade_no=notice["trade_no"],
        trade_status="TRADE_CLOSED",
        refund_fee="1200.00",
        gmt_refund="2026-03-03 10:00:00.123",
        out_biz_no=refund.provider_reference,
    )
    response = post_notification(client, closed)
    assert response.content == b"success"
    assert received(payment).count() == 1
    assert OnlineOrder.objects.get(pk=order.pk).state == OnlineOrder.State.PAID
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED and payment.paid == Decimal("1200.00")


def test_a_part_refund_and_its_notification(alipay, gateway, order, client, organiser):
    _response, notice = pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    (refund,) = services.refund_payment(
        payment=payment, amount="200", by=organiser, reason="少一人参会"
    )
    (call,) = gateway.calls("alipay.trade.refund")
    assert call["biz"]["refund_amount"] == "200.00"
    # Part refunded, the trade stays TRADE_SUCCESS: its notification books no money again.
    partly = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount="1200.00",
        trade_no=notice["trade_no"],
        trade_status="TRADE_SUCCESS",
        refund_fee="200.00",
        gmt_refund="2026-03-03 10:00:00.123",
        out_biz_no=refund.provider_reference,
    )
    assert post_notification(client, partly).content == b"success"
    payment.refresh_from_db()
    assert payment.paid == Decimal("1200.00") and payment.refunded == Decimal("200.00")
    assert payment.state == Payment.State.PAID
    assert received(payment).count() == 1


def test_a_refund_alipay_is_still_making_is_confirmed_by_its_notification(
    alipay, gateway, order, client, organiser
):
    _response, notice = pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    gateway.defer_refunds = True
    (refund,) = services.refund_payment(
        payment=payment, amount="500", by=organiser, reason="少一人参会"
    )
    assert refund.refund_state == LedgerEntry.RefundState.PENDING
    assert refund.provider_reference == f"R{refund.pk:010d}"
    partly = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount="1200.00",
        trade_no=notice["trade_no"],
        trade_status="TRADE_SUCCESS",
        refund_fee="500.00",
        gmt_refund="2026-03-03 10:00:00.123",
        out_biz_no=refund.provider_reference,
    )
    assert post_notification(client, partly).content == b"success"
    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.DONE
    assert received(payment).count() == 1


def test_a_refund_notification_of_a_refund_made_elsewhere_changes_nothing(
    alipay, gateway, order, client
):
    _response, notice = pay(client, gateway, order)
    console = gateway.notification(
        out_trade_no=order.out_trade_no,
        total_amount="1200.00",
        trade_no=notice["trade_no"],
        trade_status="TRADE_CLOSED",
        refund_fee="1200.00",
        gmt_refund="2026-03-03 10:00:00.123",
        out_biz_no="HZ01RF001",
    )
    assert post_notification(client, console).content == b"success"
    payment = Payment.objects.get(pk=order.payment.pk)
    assert payment.state == Payment.State.PAID and payment.refunded == Decimal("0.00")
    assert OnlineOrder.objects.get(pk=order.pk).state == OnlineOrder.State.PAID


def test_a_refused_refund_raises_and_saves_nothing(alipay, gateway, order, client, organiser):
    pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    gateway.fail_next(
        "alipay.trade.refund", "40004", "ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足"
    )
    with pytest.raises(PaymentError) as refused:
        services.refund_payment(payment=payment, amount="1200.00", by=organiser, reason="活动取消")
    assert "卖家余额不足" in str(refused.value.message)
    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.refunded == Decimal("0.00")


def test_a_refund_of_an_unknown_trade_is_refused(alipay, gateway, order, client, organiser):
    pay(client, gateway, order)
    gateway.trades.clear()
    payment = Payment.objects.get(pk=order.payment.pk)
    with pytest.raises(PaymentError) as refused:
        services.refund_payment(payment=payment, amount="100", by=organiser, reason="测试")
    assert "交易不存在" in str(refused.value.message)
    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()


def test_a_refund_made_though_alipay_answered_trouble_is_done(
    alipay, gateway, order, client, organiser
):
    pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    gateway.fail_next("alipay.trade.refund", "20000", "aop.unknow-error", "系统繁忙", process=True)
    (refund,) = services.refund_payment(payment=payment, amount="300", by=organiser, reason="多缴")
    assert refund.refund_state == LedgerEntry.RefundState.DONE
    (lookup,) = gateway.calls("alipay.trade.fastpay.refund.query")
    assert lookup["biz"]["out_request_no"] == refund.provider_reference


def test_a_refund_alipay_did_not_make_after_trouble_is_refused(
    alipay, gateway, order, client, organiser
):
    pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    gateway.fail_next("alipay.trade.refund", "20000", "aop.unknow-error", "系统繁忙")
    with pytest.raises(PaymentError) as refused:
        services.refund_payment(payment=payment, amount="300", by=organiser, reason="多缴")
    assert "系统繁忙" in str(refused.value.message)
    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()


def test_a_refund_with_no_answer_at_all_is_refused(
    alipay, gateway, order, client, organiser, settings
):
    pay(client, gateway, order)
    payment = Payment.objects.get(pk=order.payment.pk)
    settings.ALIPAY_GATEWAY = f"http://127.0.0.1:{free_port()}/gateway.do"
    with pytest.raises(PaymentError) as refused:
        services.refund_payment(payment=payment, amount="300", by=organiser, reason="多缴")
    assert "商家平台" in str(refused.value.message)
    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()


# -- asking Alipay -----------------------------------------------------------------------


def test_query_books_a_paid_trade(alipay, gateway, order):
    assert alipay.query(order) is False  # not yet at Alipay: ACQ.TRADE_NOT_EXIST
    gateway.set_trade(order.out_trade_no, total_amount="1200.00", trade_status="WAIT_BUYER_PAY")
    assert alipay.query(order) is False
    trade = gateway.set_trade(
        order.out_trade_no,
        total_amount="1200.00",
        trade_status="TRADE_SUCCESS",
        send_pay_date="2026-03-02 09:15:00",
    )
    assert alipay.query(order) is True
    (entry,) = received(order.payment)
    assert entry.provider_reference == trade["trade_no"] and entry.method == "alipay"
    assert Payment.objects.get(pk=order.payment.pk).state == Payment.State.PAID
    assert alipay.query(order) is True  # asked again: still one entry
    assert received(order.payment).count() == 1
    (first, *_rest) = gateway.calls("alipay.trade.query")
    assert first["biz"] == {"out_trade_no": order.out_trade_no} and first["sign_ok"]


def test_query_of_a_closed_trade_fails_the_order(alipay, gateway, order):
    gateway.set_trade(order.out_trade_no, total_amount="1200.00", trade_status="TRADE_CLOSED")
    assert alipay.query(order) is False
    assert OnlineOrder.objects.get(pk=order.pk).state == OnlineOrder.State.FAILED


def test_query_with_a_wrong_amount_books_nothing(alipay, gateway, order):
    gateway.set_trade(order.out_trade_no, total_amount="12.00", trade_status="TRADE_SUCCESS")
    assert alipay.query(order) is False
    assert not received(order.payment).exists()

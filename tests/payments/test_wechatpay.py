"""WeChat Pay through the real provider and SDK against a local stand-in of its API v3: orders
are signed and in fen, answers and notifications are verified before anything is booked,
bookings happen once, refunds go back through WeChat and are settled by its notification."""

import base64
import datetime
import json
import socket
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from payments import services
from payments.errors import PaymentError
from payments.models import LedgerEntry, Method, OnlineOrder, Payment
from payments.providers import ProviderError, enabled, get
from payments.providers.wechatpay import WeChatPay, cut_bytes

from .loopback_wechatpay import WeChatPayStandIn

MCHID = "1900009191"
APPID = "wxd678efh567hg6787"
APIV3_KEY = "a12d3924fd499edac8a5efc0f0b1c2d3"  # 32 bytes, as WeChat's
MERCHANT_SERIAL = "444F4864EA9B34415C7A3C1B2E1D0F9A8B7C6D5E"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000091912025010100000000000001"
NOTIFY = "/payments/notify/wechat/"


@pytest.fixture(scope="module")
def keys():
    def key():
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    return {"merchant": key(), "platform": key(), "stranger": key()}


def write_private(path, key):
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


def write_public(path, key):
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return str(path)


@pytest.fixture
def wechat(db, keys, tmp_path, settings):
    """The stand-in running, and the provider's settings pointing at it."""
    stand_in = WeChatPayStandIn(
        mchid=MCHID,
        appid=APPID,
        apiv3_key=APIV3_KEY,
        merchant_public_key=keys["merchant"].public_key(),
        merchant_serial_no=MERCHANT_SERIAL,
        platform_private_key=keys["platform"],
        public_key_id=PUBLIC_KEY_ID,
    )
    settings.WECHATPAY_API_BASE = stand_in.start()
    settings.WECHATPAY_MCHID = MCHID
    settings.WECHATPAY_APPID = APPID
    settings.WECHATPAY_APIV3_KEY = APIV3_KEY
    settings.WECHATPAY_CERT_SERIAL_NO = MERCHANT_SERIAL
    settings.WECHATPAY_PRIVATE_KEY = write_private(tmp_path / "apiclient_key.pem", keys["merchant"])
    settings.WECHATPAY_PUBLIC_KEY = write_public(tmp_path / "pub_key.pem", keys["platform"])
    settings.WECHATPAY_PUBLIC_KEY_ID = PUBLIC_KEY_ID
    settings.WECHATPAY_CERT_DIR = ""
    settings.WECHATPAY_NOTIFY_URL = ""
    settings.PAYMENTS_PROVIDERS = ["wechat"]
    settings.PAYMENTS_PROVIDER_TIMEOUT = 5
    yield stand_in
    stand_in.stop()


def page_request(*, user=None, agent="Mozilla/5.0 (Windows NT 10.0) Chrome/126", language="en"):
    request = RequestFactory().get("/en/my/payments/", HTTP_USER_AGENT=agent)
    request.user = user or AnonymousUser()
    request.LANGUAGE_CODE = language
    return request


def sent(stand_in, path):
    return [r for r in stand_in.requests if r.path == path]


def post_notification(client, body, headers):
    return client.post(NOTIFY, data=body, content_type="application/json", headers=headers)


@pytest.fixture
def order(company, make_payment):
    payment = make_payment(organisation=company, amount="1200.50", description_en="Council dues")
    return services.open_order(payment=payment, provider="wechat")


def paid_notification(stand_in, order, **kwargs):
    """A TRANSACTION.SUCCESS notification for `order`, which the payer paid."""
    transaction = stand_in.pay(order.out_trade_no, total=int(order.amount * 100))
    return stand_in.notification("TRANSACTION.SUCCESS", transaction, **kwargs), transaction


# Paying.


def test_the_notify_address_is_the_one_the_provider_sends(wechat):
    assert reverse("payments_notify", kwargs={"name": "wechat"}) == NOTIFY


def test_native_checkout_sends_a_signed_order_in_fen_and_returns_the_code_url(wechat, order):
    checkout = get("wechat").checkout(order, page_request())

    assert checkout.kind == "qr"
    assert checkout.content.startswith("weixin://wxpay/bizpayurl?pr=")
    (request,) = sent(wechat, "/v3/pay/transactions/native")
    # The stand-in answered 200 only after verifying the Authorization signature.
    assert request.headers["Authorization"].startswith("WECHATPAY2-SHA256-RSA2048 mchid=")
    assert request.headers["Wechatpay-Serial"] == PUBLIC_KEY_ID
    assert request.body["amount"] == {"total": 120050, "currency": "CNY"}
    assert type(request.body["amount"]["total"]) is int
    assert request.body["out_trade_no"] == order.out_trade_no
    assert request.body["notify_url"] == "http://testserver/payments/notify/wechat/"
    assert request.body["mchid"] == MCHID
    assert request.body["appid"] == APPID
    assert request.body["description"] == "Council dues"
    assert "time_expire" not in request.body


def test_a_configured_notify_url_is_used_as_it_is(wechat, order, settings):
    settings.WECHATPAY_NOTIFY_URL = "https://pay.example.org/payments/notify/wechat/"

    get("wechat").checkout(order, page_request())

    (request,) = sent(wechat, "/v3/pay/transactions/native")
    assert request.body["notify_url"] == "https://pay.example.org/payments/notify/wechat/"


def test_a_long_chinese_description_is_cut_to_127_bytes_and_a_held_seat_expires(
    wechat, company, make_payment
):
    hold_until = timezone.now() + datetime.timedelta(hours=2)
    description = (
        "岳阳市工商业联合会二〇二五年度会员大会暨产业发展论坛参会注册费用（含午餐与资料）" * 2
    )
    payment = make_payment(
        organisation=company, amount="300.00", description=description, hold_until=hold_until
    )
    order = services.open_order(payment=payment, provider="wechat")

    get("wechat").checkout(order, page_request(language="zh-hans"))

    (request,) = sent(wechat, "/v3/pay/transactions/native")
    assert len(request.body["description"].encode()) <= 127
    assert description.startswith(request.body["description"])
    assert len(request.body["description"]) == 42  # 126 bytes: no half character
    expire = datetime.datetime.fromisoformat(request.body["time_expire"])
    assert request.body["time_expire"].endswith("+08:00")
    assert expire == hold_until.replace(microsecond=0)


def test_cut_bytes_never_splits_a_character():
    assert cut_bytes("付款abc", 4) == "付"
    assert cut_bytes("付款abc", 6) == "付款"
    assert cut_bytes("Test fee", 127) == "Test fee"


def give_openid(user, openid, monkeypatch):
    """The user signed in with WeChat: an allauth "weixin" account where social accounts are
    installed, otherwise the provider's lookup answers for them."""
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.create(user=user, provider="weixin", uid=openid)
    else:
        monkeypatch.setattr(
            WeChatPay, "openid", lambda self, request: openid if request.user == user else ""
        )


def test_inside_wechat_with_an_openid_the_order_is_jsapi_and_its_params_are_signed(
    wechat, order, company, keys, monkeypatch
):
    give_openid(company.owner, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", monkeypatch)
    agent = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI"

    checkout = get("wechat").checkout(order, page_request(user=company.owner, agent=agent))

    assert checkout.kind == "jsapi"
    (request,) = sent(wechat, "/v3/pay/transactions/jsapi")
    assert request.body["payer"] == {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
    assert request.body["amount"]["total"] == 120050
    params = checkout.params
    assert set(params) == {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"}
    assert params["appId"] == APPID
    assert params["package"].startswith("prepay_id=wx")
    assert params["signType"] == "RSA"
    message = (
        f"{params['appId']}\n{params['timeStamp']}\n{params['nonceStr']}\n{params['package']}\n"
    )
    keys["merchant"].public_key().verify(
        base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256()
    )


def test_inside_wechat_without_an_openid_the_payer_gets_a_qr_code(wechat, order, company):
    agent = "Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.49"

    checkout = get("wechat").checkout(order, page_request(user=company.owner, agent=agent))

    assert checkout.kind == "qr"
    assert not sent(wechat, "/v3/pay/transactions/jsapi")


def test_an_openid_outside_wechat_is_not_used(wechat, order, company, monkeypatch):
    give_openid(company.owner, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", monkeypatch)

    checkout = get("wechat").checkout(order, page_request(user=company.owner))

    assert checkout.kind == "qr"


def test_the_openid_lookup_copes_without_social_accounts(company):
    request = page_request(user=company.owner)
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.create(
            user=company.owner, provider="weixin", uid="", extra_data={"openid": "oX1"}
        )
        assert WeChatPay().openid(request) == "oX1"
    else:
        assert WeChatPay().openid(request) == ""
    assert WeChatPay().openid(page_request()) == ""


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, "SYSTEM_ERROR"), (400, "PARAM_ERROR"), (403, "ORDERPAID"), (404, "ORDER_NOT_EXIST")],
)
def test_error_answers_become_provider_errors_with_wechats_code(wechat, order, status, code):
    wechat.fail_next = (status, code, "错误说明")

    with pytest.raises(ProviderError) as error:
        get("wechat").checkout(order, page_request())

    assert code in error.value.detail
    assert str(status) in error.value.detail
    assert error.value.message


def test_an_order_already_paid_is_refused_by_wechat_with_orderpaid(wechat, order):
    get("wechat").checkout(order, page_request())
    wechat.pay(order.out_trade_no)

    with pytest.raises(ProviderError) as error, translation.override("en"):
        get("wechat").checkout(order, page_request())

    assert "ORDERPAID" in error.value.detail
    assert "already been paid" in str(error.value.message)


def test_a_request_signed_with_another_key_is_refused_with_sign_error(
    wechat, order, keys, settings, tmp_path
):
    settings.WECHATPAY_PRIVATE_KEY = write_private(tmp_path / "other.pem", keys["stranger"])

    with pytest.raises(ProviderError) as error:
        get("wechat").checkout(order, page_request())

    assert "401 SIGN_ERROR" in error.value.detail


def test_an_answer_not_signed_by_wechat_is_not_believed(wechat, order, keys):
    wechat.answer_key = keys["stranger"]

    with pytest.raises(ProviderError) as error:
        get("wechat").checkout(order, page_request())

    assert "signature" in error.value.detail


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_gateway_is_a_provider_error(wechat, order, settings):
    settings.WECHATPAY_API_BASE = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(ProviderError) as error, translation.override("en"):
        get("wechat").checkout(order, page_request())

    assert error.value.detail.startswith("unreachable")
    assert "try again later" in str(error.value.message)


def test_a_missing_key_file_is_a_clear_provider_error_not_a_crash(
    wechat, order, settings, tmp_path
):
    settings.WECHATPAY_PRIVATE_KEY = str(tmp_path / "nowhere.pem")

    provider = get("wechat")  # built without reading the key
    assert provider.is_configured()
    with pytest.raises(ProviderError) as error:
        provider.checkout(order, page_request())

    assert "WECHATPAY_PRIVATE_KEY" in error.value.detail
    assert "nowhere.pem" in error.value.detail


def test_it_is_offered_only_when_fully_configured(wechat, settings):
    assert [p.name for p in enabled()] == ["wechat"]
    settings.WECHATPAY_PUBLIC_KEY_ID = ""
    assert not get("wechat").is_configured()
    settings.WECHATPAY_CERT_DIR = "/srv/wechatpay/certs"
    assert get("wechat").is_configured()
    settings.WECHATPAY_APIV3_KEY = ""
    assert enabled() == []


# Notifications.


def test_a_signed_payment_notification_books_the_payment_once(wechat, order, client):
    (body, headers), transaction = paid_notification(wechat, order)

    response = post_notification(client, body, headers)

    assert response.status_code == 204
    assert response.content == b""
    payment = Payment.objects.get(pk=order.payment_id)
    assert payment.state == Payment.State.PAID
    assert payment.paid == Decimal("1200.50")
    entry = payment.entries.get()
    assert entry.method == Method.WECHAT
    assert entry.provider == "wechat"
    assert entry.provider_reference == transaction["transaction_id"]
    assert entry.amount == Decimal("1200.50")
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.PAID
    assert order.entry == entry
    assert order.paid_at == datetime.datetime.fromisoformat(transaction["success_time"])

    replay = post_notification(client, body, headers)

    assert replay.status_code == 204
    assert LedgerEntry.objects.filter(payment=payment).count() == 1
    assert Payment.objects.get(pk=payment.pk).paid == Decimal("1200.50")


def tampered(body):
    data = json.loads(body)
    data["summary"] = "支付成功!"
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("forgery", ["tampered body", "wrong key", "wrong serial", "apiv3 key"])
def test_a_notification_not_from_wechat_is_refused_and_books_nothing(
    wechat, order, client, keys, forgery
):
    if forgery == "tampered body":
        (body, headers), _ = paid_notification(wechat, order)
        body = tampered(body)
    elif forgery == "wrong key":
        (body, headers), _ = paid_notification(wechat, order, key=keys["stranger"])
    elif forgery == "wrong serial":
        (body, headers), _ = paid_notification(wechat, order, serial="PUB_KEY_ID_SOMEONE_ELSE")
    else:  # signed by the platform, but not encrypted with our APIv3 key
        (body, headers), _ = paid_notification(wechat, order, apiv3_key="b" * 32)

    response = post_notification(client, body, headers)

    assert response.status_code == 401
    assert response.json()["code"] == "FAIL"
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()
    assert Payment.objects.get(pk=order.payment_id).state == Payment.State.DUE


def test_a_notification_without_signature_headers_is_refused(wechat, order, client):
    (body, headers), _ = paid_notification(wechat, order)

    response = client.post(NOTIFY, data=body, content_type="application/json")

    assert response.status_code == 401
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()


def test_a_notification_for_the_wrong_amount_is_refused_and_logged(wechat, order, client):
    transaction = wechat.pay(order.out_trade_no, total=100)  # ¥1.00 paid for ¥1,200.50
    body, headers = wechat.notification("TRANSACTION.SUCCESS", transaction)

    response = post_notification(client, body, headers)

    assert 400 <= response.status_code < 500
    assert response.json()["code"] == "FAIL"
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()
    assert Payment.objects.get(pk=order.payment_id).state == Payment.State.DUE
    assert ModelLogEntry.objects.filter(
        action="payments.notification_refused", object_id=str(order.payment_id)
    ).exists()


def test_a_notification_for_an_unknown_order_is_refused(wechat, client):
    transaction = wechat.pay("NOSUCHORDER2501010001", total=100)
    body, headers = wechat.notification("TRANSACTION.SUCCESS", transaction)

    response = post_notification(client, body, headers)

    assert 400 <= response.status_code < 500
    assert not LedgerEntry.objects.filter(provider_reference=transaction["transaction_id"]).exists()


def test_a_notification_for_another_merchant_is_refused(wechat, order, client):
    transaction = wechat.pay(order.out_trade_no, total=120050)
    body, headers = wechat.notification(
        "TRANSACTION.SUCCESS", {**transaction, "mchid": "1230000109"}
    )

    response = post_notification(client, body, headers)

    assert 400 <= response.status_code < 500
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()


def test_a_closed_transaction_fails_the_order(wechat, order, client):
    transaction = wechat.pay(order.out_trade_no, state="CLOSED", total=120050)
    body, headers = wechat.notification("TRANSACTION.SUCCESS", transaction)

    response = post_notification(client, body, headers)

    assert response.status_code == 204
    order.refresh_from_db()
    assert order.state == OnlineOrder.State.FAILED
    assert "CLOSED" in order.error
    assert Payment.objects.get(pk=order.payment_id).state == Payment.State.DUE


def test_the_notify_url_is_not_found_when_wechat_is_not_offered(wechat, order, client, settings):
    settings.PAYMENTS_PROVIDERS = ["test"]
    (body, headers), _ = paid_notification(wechat, order)

    response = post_notification(client, body, headers)

    assert response.status_code == 404
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()


# Asking.


def test_query_books_an_order_wechat_says_is_paid(wechat, order):
    provider = get("wechat")
    provider.checkout(order, page_request())
    assert provider.query(order) is False  # NOTPAY
    transaction = wechat.pay(order.out_trade_no)

    assert provider.query(order) is True

    (request, *_) = sent(wechat, f"/v3/pay/transactions/out-trade-no/{order.out_trade_no}")
    assert request.method == "GET"
    assert request.query == {"mchid": MCHID}
    entry = LedgerEntry.objects.get(payment=order.payment)
    assert entry.provider_reference == transaction["transaction_id"]
    assert Payment.objects.get(pk=order.payment_id).state == Payment.State.PAID
    assert provider.query(order) is True  # asked again: booked once
    assert LedgerEntry.objects.filter(payment=order.payment).count() == 1


def test_query_of_an_order_wechat_does_not_know_is_not_paid(wechat, order):
    assert get("wechat").query(order) is False
    assert not LedgerEntry.objects.filter(payment=order.payment).exists()


def test_query_of_a_closed_order_fails_it(wechat, order):
    get("wechat").checkout(order, page_request())
    wechat.pay(order.out_trade_no, state="CLOSED")

    assert get("wechat").query(order) is False

    order.refresh_from_db()
    assert order.state == OnlineOrder.State.FAILED


# Refunding.


@pytest.fixture
def paid(wechat, order, client):
    """The order paid by WeChat Pay and booked from its notification."""
    (body, headers), transaction = paid_notification(wechat, order)
    assert post_notification(client, body, headers).status_code == 204
    return Payment.objects.get(pk=order.payment_id), transaction


def test_a_refund_goes_through_wechat_and_its_notification_completes_it(
    wechat, paid, organiser, client
):
    payment, transaction = paid
    wechat.refund_status = "PROCESSING"

    (refund,) = services.refund_payment(
        payment=payment, amount="200.50", by=organiser, reason="会员退会，按章程退还部分会费"
    )

    (request,) = sent(wechat, "/v3/refund/domestic/refunds")
    assert request.body["transaction_id"] == transaction["transaction_id"]
    assert request.body["amount"] == {"refund": 20050, "total": 120050, "currency": "CNY"}
    assert request.body["notify_url"] == "http://testserver/payments/notify/wechat/"
    assert request.body["reason"] == "会员退会，按章程退还部分会费"
    assert request.body["out_refund_no"] == refund.provider_reference
    assert len(refund.provider_reference) <= 64
    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.PENDING
    assert refund.method == Method.WECHAT
    assert Payment.objects.get(pk=payment.pk).refunded == Decimal("200.50")

    body, headers = wechat.notification(
        "REFUND.SUCCESS",
        wechat.refund_resource(refund.provider_reference, "SUCCESS"),
        original_type="refund",
    )
    response = post_notification(client, body, headers)

    assert response.status_code == 204
    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.DONE
    assert Payment.objects.get(pk=payment.pk).refunded == Decimal("200.50")


def test_an_abnormal_refund_fails_and_the_money_counts_as_kept_again(
    wechat, paid, organiser, client
):
    payment, _ = paid
    wechat.refund_status = "PROCESSING"
    (refund,) = services.refund_payment(
        payment=payment, amount="1200.50", by=organiser, reason="活动取消"
    )
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.REFUNDED

    body, headers = wechat.notification(
        "REFUND.ABNORMAL",
        wechat.refund_resource(refund.provider_reference, "ABNORMAL"),
        original_type="refund",
    )
    response = post_notification(client, body, headers)

    assert response.status_code == 204
    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.FAILED
    payment.refresh_from_db()
    assert payment.refunded == Decimal("0.00")
    assert payment.kept == Decimal("1200.50")
    assert payment.state == Payment.State.PAID


def test_a_refund_wechat_makes_at_once_is_done(wechat, paid, organiser):
    payment, _ = paid

    (refund,) = services.refund_payment(
        payment=payment, amount="100.00", by=organiser, reason="多收退还"
    )

    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.DONE


def test_a_forged_refund_notification_changes_nothing(wechat, paid, organiser, client, keys):
    payment, _ = paid
    wechat.refund_status = "PROCESSING"
    (refund,) = services.refund_payment(
        payment=payment, amount="100.00", by=organiser, reason="多收退还"
    )
    body, headers = wechat.notification(
        "REFUND.ABNORMAL",
        wechat.refund_resource(refund.provider_reference, "ABNORMAL"),
        original_type="refund",
        key=keys["stranger"],
    )

    assert post_notification(client, body, headers).status_code == 401
    refund.refresh_from_db()
    assert refund.refund_state == LedgerEntry.RefundState.PENDING


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [(500, "SYSTEM_ERROR", "系统超时"), (403, "NOT_ENOUGH", "基本账户余额不足，请充值后重新发起")],
)
def test_a_refund_wechat_refuses_leaves_no_refund(wechat, paid, organiser, status, code, message):
    payment, _ = paid
    wechat.fail_next = (status, code, message)

    with pytest.raises(PaymentError) as error:
        services.refund_payment(payment=payment, amount="100.00", by=organiser, reason="多收退还")

    assert message in str(error.value.message)
    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()
    payment.refresh_from_db()
    assert payment.refunded == Decimal("0.00")
    assert payment.state == Payment.State.PAID


def test_a_refund_that_cannot_reach_wechat_leaves_no_refund(wechat, paid, organiser, settings):
    payment, _ = paid
    settings.WECHATPAY_API_BASE = f"http://127.0.0.1:{closed_port()}"

    with pytest.raises(PaymentError):
        services.refund_payment(payment=payment, amount="100.00", by=organiser, reason="多收退还")

    assert not LedgerEntry.objects.filter(payment=payment, kind=LedgerEntry.Kind.REFUND).exists()
    assert Payment.objects.get(pk=payment.pk).refunded == Decimal("0.00")


def test_a_refund_tried_again_keeps_its_refund_number(wechat, paid, organiser):
    payment, _ = paid
    wechat.fail_next = (500, "SYSTEM_ERROR", "系统超时")
    with pytest.raises(PaymentError):
        services.refund_payment(payment=payment, amount="100.00", by=organiser, reason="多收退还")

    (refund,) = services.refund_payment(
        payment=payment, amount="100.00", by=organiser, reason="多收退还"
    )
    second = services.refund_payment(
        payment=payment, amount="50.00", by=organiser, reason="再退一部分"
    )

    numbers = [r.body["out_refund_no"] for r in sent(wechat, "/v3/refund/domestic/refunds")]
    assert numbers[0] == numbers[1] == refund.provider_reference
    assert second[0].provider_reference not in numbers[:2]
    assert second[0].provider_reference.startswith(payment.orders.get().out_trade_no)


def test_a_refund_notification_before_the_refund_is_recorded_asks_wechat_to_retry(
    wechat, paid, client
):
    # WeChat can notify before refund_payment's transaction commits: 4xx makes it try later.
    payment, transaction = paid
    body, headers = wechat.notification(
        "REFUND.SUCCESS",
        {
            "mchid": MCHID,
            "out_trade_no": payment.orders.get().out_trade_no,
            "transaction_id": transaction["transaction_id"],
            "out_refund_no": "NOT-RECORDED-R1",
            "refund_id": "50300000000000000000000000000",
            "refund_status": "SUCCESS",
            "amount": {"total": 120050, "refund": 100, "payer_total": 120050, "payer_refund": 100},
        },
        original_type="refund",
    )

    response = post_notification(client, body, headers)

    assert 400 <= response.status_code < 500
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND, payment=payment).exists()


def test_a_seat_whose_hold_has_passed_is_not_sent_to_wechat(wechat, company, make_payment):
    payment = make_payment(
        organisation=company,
        amount="300.00",
        hold_until=timezone.now() + datetime.timedelta(minutes=5),
    )
    order = services.open_order(payment=payment, provider="wechat")
    Payment.objects.filter(pk=payment.pk).update(
        hold_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    order.refresh_from_db()

    with pytest.raises(ProviderError) as error:
        get("wechat").checkout(order, page_request())

    assert "hold_until" in error.value.detail
    assert not wechat.requests

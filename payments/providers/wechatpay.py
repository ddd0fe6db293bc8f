"""WeChat Pay, API v3, as a direct merchant: Native (a QR code to scan) on computers and in
other browsers, JSAPI (WeChat's own payment sheet) inside WeChat for a person whose WeChat
openid we know.

Requests are signed with the merchant's private key and every answer's signature is checked
by the SDK (wechatpayv3) against the platform's public key (or its certificates); the
notifications are verified and decrypted (AES-256-GCM with the APIv3 key) the same way before
anything is booked. Amounts go out and come back as integer fen."""

import datetime
import json
import logging
import time
import uuid

import requests
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.links import site_url

from .. import services
from ..errors import PaymentError
from ..models import LedgerEntry, OnlineOrder
from ..money import from_fen, to_fen, yuan
from . import Checkout, Provider, ProviderError, RefundResult

logger = logging.getLogger(__name__)

CHINA = datetime.timezone(datetime.timedelta(hours=8))
NOTIFICATION_HEADERS = (
    "Wechatpay-Signature",
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Serial",
    "Wechatpay-Signature-Type",
)
REFUND_EVENTS = {"REFUND.SUCCESS": True, "REFUND.ABNORMAL": False, "REFUND.CLOSED": False}
FAILED_TRADE_STATES = ("CLOSED", "PAYERROR", "REVOKED")


def cut_bytes(text, limit):
    """`text` cut to at most `limit` UTF-8 bytes without splitting a character (WeChat counts
    its field lengths in bytes: 127 bytes are 42 Chinese characters)."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def parse_time(value):
    """WeChat's RFC 3339 time (2018-06-08T10:34:56+08:00) as an aware datetime, or None."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else None


def fail(message, status):
    """The answer WeChat's documentation asks for when a notification is not accepted (it
    retries on anything but 2xx)."""
    return JsonResponse({"code": "FAIL", "message": message}, status=status)


class WeChatPay(Provider):
    name = "wechat"
    label = gettext_lazy("WeChat Pay")

    def __init__(self):
        self._client = None

    # Configuration and the SDK client.

    def is_configured(self):
        platform = (
            settings.WECHATPAY_PUBLIC_KEY and settings.WECHATPAY_PUBLIC_KEY_ID
        ) or settings.WECHATPAY_CERT_DIR
        return bool(
            settings.WECHATPAY_MCHID
            and settings.WECHATPAY_APPID
            and settings.WECHATPAY_PRIVATE_KEY
            and settings.WECHATPAY_CERT_SERIAL_NO
            and settings.WECHATPAY_APIV3_KEY
            and platform
        )

    @property
    def client(self):
        """The SDK client, built on first use: reading the key files here rather than at
        import keeps a missing key from stopping the site (it stops WeChat Pay only)."""
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        from wechatpayv3 import WeChatPay as Client
        from wechatpayv3 import WeChatPayType

        if not self.is_configured():
            raise ProviderError(self._unavailable(), detail="WeChat Pay is not configured")
        if len(settings.WECHATPAY_APIV3_KEY.encode()) != 32:
            raise ProviderError(
                self._unavailable(), detail="WECHATPAY_APIV3_KEY must be 32 characters"
            )
        private_key = self._read_key("WECHATPAY_PRIVATE_KEY")
        public_key = public_key_id = None
        if settings.WECHATPAY_PUBLIC_KEY and settings.WECHATPAY_PUBLIC_KEY_ID:
            # Public-key mode: no certificate download when the client is built.
            public_key = self._read_key("WECHATPAY_PUBLIC_KEY")
            public_key_id = settings.WECHATPAY_PUBLIC_KEY_ID
        try:
            client = Client(
                wechatpay_type=WeChatPayType.NATIVE,
                mchid=settings.WECHATPAY_MCHID,
                private_key=private_key,
                cert_serial_no=settings.WECHATPAY_CERT_SERIAL_NO,
                appid=settings.WECHATPAY_APPID,
                apiv3_key=settings.WECHATPAY_APIV3_KEY,
                notify_url=self.notify_url(),
                cert_dir=settings.WECHATPAY_CERT_DIR or None,
                timeout=settings.PAYMENTS_PROVIDER_TIMEOUT,
                public_key=public_key,
                public_key_id=public_key_id,
            )
        except Exception as error:  # the SDK raises bare Exceptions for bad keys
            logger.error("WeChat Pay client could not be built: %s", error)
            raise ProviderError(self._unavailable(), detail=str(error)) from error
        # The SDK has the production gateway built in; a stand-in or a proxy replaces it.
        client._core._gate_way = settings.WECHATPAY_API_BASE.rstrip("/")
        return client

    def _read_key(self, setting):
        path = getattr(settings, setting)
        try:
            with open(path, encoding="utf-8") as file:
                return file.read()
        except (OSError, UnicodeDecodeError) as error:
            detail = f"{setting}: cannot read the key file {path!r}: {error}"
            logger.error("WeChat Pay is misconfigured: %s", detail)
            raise ProviderError(self._unavailable(), detail=detail) from error

    def _unavailable(self):
        return _(
            "WeChat Pay is not available at the moment. Please try again later or choose "
            "another way to pay."
        )

    def notify_url(self):
        return settings.WECHATPAY_NOTIFY_URL or site_url(
            reverse("payments_notify", kwargs={"name": self.name})
        )

    def _call(self, what, method, **kwargs):
        """One API call through the SDK: the answer's data for a 2xx (its signature already
        checked by the SDK), ProviderError otherwise with WeChat's code and message as the
        detail (and `code` set on it)."""
        try:
            status, text = getattr(self.client, method)(**kwargs)
        except requests.RequestException as error:
            logger.error("WeChat Pay %s: the gateway could not be reached: %s", what, error)
            raise ProviderError(self._unavailable(), detail=f"unreachable: {error}") from error
        except ProviderError:
            raise
        except Exception as error:  # the SDK's own refusals, e.g. an answer's bad signature
            logger.error("WeChat Pay %s failed: %s", what, error)
            raise ProviderError(self._unavailable(), detail=str(error)) from error
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not 200 <= status < 300:
            code = data.get("code", "") if isinstance(data, dict) else ""
            message = data.get("message", "") if isinstance(data, dict) else ""
            detail = f"HTTP {status} {code}: {message or text[:200]}"
            logger.error("WeChat Pay %s refused: %s", what, detail)
            error = ProviderError(self._refused(code), detail=detail)
            error.code = code
            error.wechat_message = message
            raise error
        if not isinstance(data, dict):
            raise ProviderError(self._unavailable(), detail=f"unexpected answer: {text[:200]}")
        return data

    def _refused(self, code):
        if code == "ORDERPAID":
            return _("This order has already been paid: the payment will show here shortly.")
        if code == "ORDER_CLOSED":
            return _("This order was closed. Please start the payment again.")
        return self._unavailable()

    def _ours(self, resource):
        """Whether a verified transaction or refund is for our merchant (and app)."""
        if resource.get("mchid") != settings.WECHATPAY_MCHID:
            return False
        return "appid" not in resource or resource["appid"] == settings.WECHATPAY_APPID

    # Paying.

    def openid(self, request):
        """The payer's WeChat openid, from the WeChat account they signed in with (allauth's
        "weixin" provider), or "" when there is none."""
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated) or not apps.is_installed("allauth.socialaccount"):
            return ""
        from allauth.socialaccount.models import SocialAccount

        account = SocialAccount.objects.filter(user=user, provider="weixin").first()
        if account is None:
            return ""
        return account.uid or (account.extra_data or {}).get("openid", "")

    def checkout(self, order, request):
        from wechatpayv3 import WeChatPayType

        payment = order.payment
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        description = cut_bytes(payment.description_in(language) or payment.reference, 127)
        fields = {
            "description": description,
            "out_trade_no": order.out_trade_no,
            "amount": {"total": to_fen(order.amount), "currency": "CNY"},
            "notify_url": self.notify_url(),
        }
        if payment.hold_until:
            if payment.hold_until <= timezone.now():
                raise ProviderError(
                    _("The time to pay for this has passed."), detail="hold_until has passed"
                )
            fields["time_expire"] = payment.hold_until.astimezone(CHINA).isoformat(
                timespec="seconds"
            )
        in_wechat = "MicroMessenger" in request.headers.get("User-Agent", "")
        openid = self.openid(request) if in_wechat else ""
        if openid:
            data = self._call(
                "JSAPI order",
                "pay",
                payer={"openid": openid},
                pay_type=WeChatPayType.JSAPI,
                **fields,
            )
            return Checkout(kind="jsapi", params=self.jsapi_params(data.get("prepay_id", "")))
        data = self._call("Native order", "pay", pay_type=WeChatPayType.NATIVE, **fields)
        if not data.get("code_url"):
            raise ProviderError(self._unavailable(), detail=f"no code_url in {data}")
        return Checkout(kind="qr", content=data["code_url"])

    def jsapi_params(self, prepay_id):
        """The signed parameters of WeixinJSBridge.invoke('getBrandWCPayRequest', …)."""
        if not prepay_id:
            raise ProviderError(self._unavailable(), detail="no prepay_id in the answer")
        params = {
            "appId": settings.WECHATPAY_APPID,
            "timeStamp": str(int(time.time())),
            "nonceStr": uuid.uuid4().hex,
            "package": f"prepay_id={prepay_id}",
            "signType": "RSA",
        }
        params["paySign"] = self.client.sign(
            [params["appId"], params["timeStamp"], params["nonceStr"], params["package"]]
        )
        return params

    # Notifications.

    def handle_notification(self, request):
        headers = {name: request.headers.get(name, "") for name in NOTIFICATION_HEADERS}
        try:
            client = self.client
        except ProviderError as error:
            # Not 401: WeChat should retry once the configuration is mended.
            logger.error("WeChat Pay notification not processed: %s", error.detail)
            return fail("not configured", 500)
        if (
            settings.WECHATPAY_PUBLIC_KEY_ID
            and not settings.WECHATPAY_CERT_DIR
            and headers["Wechatpay-Serial"] != settings.WECHATPAY_PUBLIC_KEY_ID
        ):
            # Refused here: the SDK would go and download certificates for an unknown serial,
            # so anyone could make us call the gateway by posting one.
            logger.warning("WeChat Pay notification with an unknown serial refused")
            return fail("signature", 401)
        try:
            data = client.callback(headers, request.body)
        except Exception as error:  # unsupported algorithm, malformed serial or body
            logger.warning("WeChat Pay notification refused: %s", error)
            data = None
        if not data or not isinstance(data.get("resource"), dict):
            logger.warning("WeChat Pay notification with a bad signature or resource refused")
            return fail("signature", 401)
        event = data.get("event_type", "")
        resource = data["resource"]
        if not self._ours(resource):
            logger.warning(
                "WeChat Pay notification %s for mchid %s / appid %s refused: not ours",
                data.get("id"),
                resource.get("mchid"),
                resource.get("appid"),
            )
            return fail("merchant", 400)
        try:
            if event.startswith("TRANSACTION."):
                self._transaction(resource)
            elif event in REFUND_EVENTS:
                services.confirm_refund(
                    provider=self.name,
                    provider_reference=resource.get("out_refund_no", ""),
                    succeeded=REFUND_EVENTS[event],
                    error=f"WeChat Pay {resource.get('refund_status') or event}",
                )
            else:
                logger.info("WeChat Pay notification %s ignored", event)
        except PaymentError as error:
            # Unknown order or refund (perhaps not committed yet: WeChat retries), wrong amount.
            logger.warning(
                "WeChat Pay notification %s (%s) refused: %s", data.get("id"), event, error
            )
            return fail(str(error), 400)
        return HttpResponse(status=204)

    def _transaction(self, trade):
        """Books (or fails) the order of a verified transaction; True when it is paid."""
        state = trade.get("trade_state")
        out_trade_no = trade.get("out_trade_no", "")
        if state == "SUCCESS":
            services.book_notification(
                provider=self.name,
                out_trade_no=out_trade_no,
                provider_reference=trade.get("transaction_id", ""),
                amount=from_fen((trade.get("amount") or {}).get("total")),
                paid_at=parse_time(trade.get("success_time")),
            )
            return True
        if state in FAILED_TRADE_STATES:
            services.fail_order(
                provider=self.name,
                out_trade_no=out_trade_no,
                error=f"{state} {trade.get('trade_state_desc', '')}".strip(),
            )
        return False

    # Asking.

    def query(self, order):
        try:
            data = self._call("order query", "query", out_trade_no=order.out_trade_no)
        except ProviderError as error:
            # Only a convenience for a payer who came back early: the notification still books.
            if getattr(error, "code", "") != "ORDER_NOT_EXIST":
                logger.warning("WeChat Pay query of %s: %s", order.out_trade_no, error.detail)
            return False
        if not self._ours(data) or data.get("out_trade_no") != order.out_trade_no:
            logger.warning("WeChat Pay query of %s answered another order", order.out_trade_no)
            return False
        try:
            return self._transaction(data)
        except PaymentError as error:
            logger.warning("WeChat Pay query of %s not booked: %s", order.out_trade_no, error)
            return False

    # Refunding.

    def refund_number(self, *, received, refund):
        """The out_refund_no of `refund`: the order's number and which refund of that payment
        it is. The same again when a refund is tried again after WeChat's answer was lost (the
        first try's entry was rolled back), so WeChat sees one refund, not two."""
        order = OnlineOrder.objects.filter(entry=received).values_list("out_trade_no", flat=True)
        base = order.first() or f"E{received.pk}"
        number = LedgerEntry.objects.filter(refund_of=received, pk__lte=refund.pk).count()
        return f"{base}-R{number}"

    def refund(self, *, received, refund, amount, reason):
        out_refund_no = self.refund_number(received=received, refund=refund)
        try:
            data = self._call(
                "refund",
                "refund",
                out_refund_no=out_refund_no,
                transaction_id=received.provider_reference,
                amount={
                    "refund": to_fen(amount),
                    "total": to_fen(received.amount),
                    "currency": "CNY",
                },
                reason=cut_bytes(reason, 80) or None,
                notify_url=self.notify_url(),
            )
        except ProviderError as error:
            # Raised, not a failed refund: refund_payment would count a returned one as paid
            # back. Its transaction is rolled back, so no refund entry is left.
            if getattr(error, "code", ""):
                raise PaymentError(
                    _("WeChat Pay refused the refund: %(message)s")
                    % {"message": error.wechat_message or error.code}
                ) from error
            raise PaymentError(
                _(
                    "WeChat Pay did not answer, so the refund was not recorded. Please try "
                    "again later: a refund tried again is made only once."
                )
            ) from error
        refunded = (data.get("amount") or {}).get("refund")
        if refunded != to_fen(amount):
            # This refund number was used before for another amount (a retry after a lost
            # answer, then a different amount asked): WeChat answers with that first refund.
            logger.error("WeChat Pay refund %s answered %s", out_refund_no, data)
            raise PaymentError(
                _(
                    "WeChat Pay already has a refund of %(amount)s for this payment that is "
                    "not recorded here: check it in the merchant platform."
                )
                % {"amount": yuan(from_fen(refunded)) if isinstance(refunded, int) else "?"}
            )
        status = data.get("status", "")
        if status == "SUCCESS":
            state = LedgerEntry.RefundState.DONE
        elif status in ("PROCESSING", "ABNORMAL"):
            # Settled by the REFUND.* notification (an abnormal one fails it there).
            state = LedgerEntry.RefundState.PENDING
        else:
            logger.error("WeChat Pay refund %s answered %s", out_refund_no, data)
            raise PaymentError(
                _("WeChat Pay did not make the refund (%(status)s).") % {"status": status}
            )
        return RefundResult(state=state, provider_reference=out_refund_no)

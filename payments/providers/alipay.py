"""Alipay (open platform, RSA2 public keys) through python-alipay-sdk.

Computers go to Alipay's page-pay cashier (it shows its own QR code and login), phones to wap
pay; both are a signed URL the payer's browser follows, so no request leaves from here.
`precreate` asks for a QR code to show on the payment's own page instead (alipay.trade
.precreate). Alipay tells the result by POSTing a signed form to the notify URL; it is
verified with Alipay's public key, booked exactly once on Alipay's trade_no, and answered
"success" (anything else and Alipay repeats it for a day). Refunds are synchronous
(alipay.trade.refund), one out_request_no per refund entry so a repeated request cannot pay
back twice."""

import base64
import binascii
import datetime
import functools
import json
import logging
import re
import socket
import urllib.error
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.links import site_url

from .. import services
from ..errors import NotificationError, PaymentError
from ..models import LedgerEntry
from ..money import to_amount
from . import Checkout, Provider, ProviderError, RefundResult

logger = logging.getLogger(__name__)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # Alipay's "yyyy-MM-dd HH:mm:ss", Beijing time
PHONE = re.compile(r"Mobile|Android|iPhone|iPad|HarmonyOS", re.IGNORECASE)
PAID = ("TRADE_SUCCESS", "TRADE_FINISHED")
# What Alipay's subject may not hold (its documentation names / = &).
SUBJECT_REFUSED = re.compile(r"[/=&]+")
# A call that never got an answer (HTTPError, for a 5xx page, is a URLError), and one whose
# answer the SDK could not read (not JSON, or JSON without the response object).
TRANSPORT_ERRORS = (urllib.error.URLError, socket.timeout, OSError)
UNREADABLE_ERRORS = (ValueError, KeyError, AttributeError, TypeError)


def money_text(amount):
    """Alipay's amounts: yuan as text with two decimals ("1200.00"), from the Decimal."""
    return format(to_amount(amount), "f")


def shanghai_time(moment):
    return timezone.localtime(moment, SHANGHAI).strftime(TIME_FORMAT)


def parse_shanghai_time(text):
    try:
        return datetime.datetime.strptime(text or "", TIME_FORMAT).replace(tzinfo=SHANGHAI)
    except ValueError:
        return None


def read_key(path, *, private):
    """The key in file `path` as PEM text: Alipay's key tool and console give the bare base64
    body, which is accepted too. ProviderError when it is missing or not that kind of key."""
    from Cryptodome.PublicKey import RSA

    what = _("the app's private key") if private else _("Alipay's public key")
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ProviderError(
            _("Alipay is not set up correctly: %(what)s cannot be read.") % {"what": what},
            detail=f"{path}: {error}",
        ) from error
    try:
        key = RSA.import_key(text if "-----BEGIN" in text else base64.b64decode(text))
    except (ValueError, IndexError, TypeError, binascii.Error) as error:
        raise ProviderError(
            _("Alipay is not set up correctly: %(what)s is not an RSA key.") % {"what": what},
            detail=f"{path}: {error}",
        ) from error
    if key.has_private() != private:
        raise ProviderError(
            _("Alipay is not set up correctly: %(what)s is the wrong kind of key.")
            % {"what": what},
            detail=f"{path}: {'public' if private else 'private'} key given",
        )
    return key.export_key().decode()


@functools.cache
def sdk_class():
    """The SDK's client, stamping requests in Beijing time: the SDK uses the server's local
    clock, Alipay reads the timestamp as Beijing time, and servers often run in UTC."""
    from alipay import AliPay

    class BeijingTimeAliPay(AliPay):
        def build_body(self, *args, **kwargs):
            data = super().build_body(*args, **kwargs)
            data["timestamp"] = shanghai_time(timezone.now())
            return data

    return BeijingTimeAliPay


def failure(status=400):
    return HttpResponse("failure", content_type="text/plain", status=status)


def success():
    # Alipay stops repeating a notification only on exactly this body.
    return HttpResponse("success", content_type="text/plain")


class Alipay(Provider):
    name = "alipay"
    label = gettext_lazy("Alipay")

    def __init__(self):
        self._sdk = None

    def is_configured(self):
        return bool(
            settings.ALIPAY_APPID and settings.ALIPAY_PRIVATE_KEY and settings.ALIPAY_PUBLIC_KEY
        )

    # -- the SDK -------------------------------------------------------------------------

    def client(self):
        """The SDK client, built on first use from the key files."""
        if self._sdk is None:
            from alipay.utils import AliPayConfig

            if not self.is_configured():
                raise ProviderError(_("Alipay is not set up."), detail="ALIPAY_* settings missing")
            sdk = sdk_class()(
                appid=settings.ALIPAY_APPID,
                app_notify_url=None,
                app_private_key_string=read_key(settings.ALIPAY_PRIVATE_KEY, private=True),
                alipay_public_key_string=read_key(settings.ALIPAY_PUBLIC_KEY, private=False),
                sign_type="RSA2",
                config=AliPayConfig(timeout=settings.PAYMENTS_PROVIDER_TIMEOUT),
            )
            sdk._gateway = settings.ALIPAY_GATEWAY
            self._sdk = sdk
        return self._sdk

    def call(self, api, **kwargs):
        """An API call's verified answer (the response object, any code). ProviderError when
        Alipay cannot be reached or its answer is unsigned or forged."""
        from alipay.exceptions import AliPayException, AliPayValidationError

        sdk = self.client()
        try:
            return getattr(sdk, api)(**kwargs)
        except AliPayException as error:
            # An unsigned error answer (an unknown app_id, say): read it for the log only.
            raise ProviderError(
                _("Alipay refused the request. Please try again later or pay another way."),
                detail=f"{api}: {unsigned_error(error)}",
            ) from error
        except AliPayValidationError as error:
            raise ProviderError(
                _("Alipay's answer could not be verified. Please try again later."),
                detail=f"{api}: answer's signature does not verify",
            ) from error
        except TRANSPORT_ERRORS as error:
            raise ProviderError(
                _("Alipay cannot be reached just now. Please try again in a few minutes."),
                detail=f"{api}: {error!r}",
            ) from error
        except UNREADABLE_ERRORS as error:
            raise ProviderError(
                _("Alipay's answer could not be verified. Please try again later."),
                detail=f"{api}: unreadable answer ({error!r})",
            ) from error

    # -- paying --------------------------------------------------------------------------

    def order_fields(self, order):
        payment = order.payment
        subject = SUBJECT_REFUSED.sub(" ", payment.description).strip()[:256] or payment.reference
        return {
            "subject": subject,
            "out_trade_no": order.out_trade_no,
            "total_amount": money_text(order.amount),
            "notify_url": settings.ALIPAY_NOTIFY_URL
            or site_url(reverse("payments_notify", kwargs={"name": self.name})),
        }

    def checkout(self, order, request):
        """A signed page-pay (computer) or wap-pay (phone) URL at the gateway."""
        payment = order.payment
        fields = self.order_fields(order)
        # Back from Alipay to the order's page, which asks Alipay itself if the notification
        # is late and then moves on to the payment; leaving Alipay's page goes to the payment.
        fields["return_url"] = site_url(
            reverse("payments:order", kwargs={"out_trade_no": order.out_trade_no})
        )
        leave = site_url(reverse("payments:detail", kwargs={"reference": payment.reference}))
        # Past the hold, Alipay would refuse the order outright; the portal's deadlines decide.
        if payment.hold_until and payment.hold_until > timezone.now():
            fields["time_expire"] = shanghai_time(payment.hold_until)
        sdk = self.client()
        if PHONE.search(request.headers.get("User-Agent", "")):
            query = sdk.api_alipay_trade_wap_pay(quit_url=leave, **fields)
        else:
            query = sdk.api_alipay_trade_page_pay(**fields)
        return Checkout(kind="redirect", url=f"{sdk._gateway}?{query}")

    def precreate(self, order):
        """A QR code for the payer to scan with Alipay (alipay.trade.precreate)."""
        fields = self.order_fields(order)
        hold_until = order.payment.hold_until
        if hold_until and hold_until > timezone.now():
            minutes = max(1, int((hold_until - timezone.now()).total_seconds() // 60))
            fields["timeout_express"] = f"{minutes}m"
        answer = self.call("api_alipay_trade_precreate", **fields)
        if answer.get("code") != "10000" or not answer.get("qr_code"):
            raise ProviderError(
                _("Alipay could not open this payment: %(reason)s")
                % {"reason": answer.get("sub_msg") or answer.get("msg") or _("unknown error")},
                detail=f"precreate {order.out_trade_no}: {error_text(answer)}",
            )
        return Checkout(kind="qr", content=answer["qr_code"])

    # -- notifications -------------------------------------------------------------------

    def handle_notification(self, request):
        charset = (request.POST.get("charset") or "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            request.encoding = charset  # Alipay sends in the charset it names
        data = request.POST.dict()
        signature = data.pop("sign", "")
        sign_type = data.pop("sign_type", "")
        try:
            verified = self.verified(data, signature, sign_type)
        except ProviderError as error:
            # Our keys cannot be read: not the notification's fault, so Alipay is to repeat it.
            logger.error("Alipay notification not checked: %s (%s)", error.message, error.detail)
            return failure(status=500)
        if not verified:
            logger.warning(
                "Alipay notification refused: signature does not verify (out_trade_no %s)",
                data.get("out_trade_no", "?"),
            )
            return failure()
        if data.get("app_id") != settings.ALIPAY_APPID:
            logger.warning("Alipay notification refused: app_id %s is not ours", data.get("app_id"))
            return failure()
        out_trade_no = data.get("out_trade_no", "")
        status = data.get("trade_status", "")
        try:
            if is_refund(data):
                # A refund's notification (TRADE_SUCCESS for a part, TRADE_CLOSED for all):
                # neither money received again nor a failed attempt.
                self.refund_notified(data)
            elif status in PAID:
                if not data.get("trade_no"):
                    raise NotificationError(_("The notification has no Alipay trade number."))
                services.book_notification(
                    provider=self.name,
                    out_trade_no=out_trade_no,
                    provider_reference=data["trade_no"],
                    amount=to_amount(data.get("total_amount", "")),
                    paid_at=parse_shanghai_time(data.get("gmt_payment")),
                )
            elif status == "TRADE_CLOSED":
                services.fail_order(provider=self.name, out_trade_no=out_trade_no, error=status)
        except PaymentError as error:  # NotificationError, or an amount that is none
            logger.warning(
                "Alipay notification refused for order %s: %s", out_trade_no, error.message
            )
            return failure()
        return success()

    def verified(self, data, signature, sign_type):
        """Whether `data` (without sign and sign_type) carries Alipay's RSA2 signature."""
        from alipay.exceptions import AliPayException

        if sign_type != "RSA2" or not signature:
            return False
        try:
            return self.client().verify(dict(data), signature)
        except (AliPayException, ValueError, TypeError, binascii.Error):
            return False

    def refund_notified(self, data):
        """A refund Alipay reports: confirms the refund entry it names if it is still pending
        (a refund made in Alipay's own console is not the portal's: logged only)."""
        reference = data.get("out_biz_no", "")
        if not reference:
            return
        try:
            services.confirm_refund(
                provider=self.name, provider_reference=reference, succeeded=True
            )
        except NotificationError:
            logger.info(
                "Alipay refund %s of order %s is not one of the portal's",
                reference,
                data.get("out_trade_no"),
            )

    def query(self, order):
        """Asks alipay.trade.query and books a paid trade. False while unpaid, and when Alipay
        cannot say (the payer's page asks again)."""
        try:
            answer = self.call("api_alipay_trade_query", out_trade_no=order.out_trade_no)
        except ProviderError as error:
            logger.warning("Alipay query of %s failed: %s", order.out_trade_no, error.detail)
            return False
        if answer.get("code") != "10000" or answer.get("out_trade_no") != order.out_trade_no:
            # ACQ.TRADE_NOT_EXIST until the payer has logged in at Alipay's cashier.
            return False
        if not answer.get("trade_no"):
            return False
        status = answer.get("trade_status")
        if status == "TRADE_CLOSED":
            services.fail_order(provider=self.name, out_trade_no=order.out_trade_no, error=status)
            return False
        if status not in PAID:
            return False
        try:
            services.book_notification(
                provider=self.name,
                out_trade_no=order.out_trade_no,
                provider_reference=answer["trade_no"],
                amount=answer.get("total_amount", ""),
                paid_at=parse_shanghai_time(answer.get("send_pay_date")),
            )
        except PaymentError as error:
            logger.warning("Alipay query of %s not booked: %s", order.out_trade_no, error.message)
            return False
        return True

    # -- refunds -------------------------------------------------------------------------

    def refund(self, *, received, refund, amount, reason):
        """alipay.trade.refund, answered at once: DONE, or PaymentError with Alipay's reason
        (the caller's transaction then keeps no refund). When Alipay's answer is lost or it
        reports its own trouble, the refund is looked up by its number before saying no."""
        out_request_no = f"R{refund.pk:010d}"
        trade = {"trade_no": received.provider_reference}
        order = getattr(received, "order", None)  # the reverse one-to-one, None if absent
        if order is not None:
            trade["out_trade_no"] = order.out_trade_no
        done = RefundResult(state=LedgerEntry.RefundState.DONE, provider_reference=out_request_no)
        try:
            answer = self.call(
                "api_alipay_trade_refund",
                refund_amount=money_text(amount),
                out_request_no=out_request_no,
                refund_reason=reason[:256],
                **trade,
            )
        except ProviderError as error:
            logger.warning("Alipay refund %s: no answer (%s)", out_request_no, error.detail)
            answer = None
        if answer is not None and answer.get("code") == "10000":
            # N: a repeated request (no money moves twice), or Alipay still at it.
            if answer.get("fund_change") == "Y" or self.refunded(trade, out_request_no, amount):
                return done
            return RefundResult(
                state=LedgerEntry.RefundState.PENDING, provider_reference=out_request_no
            )
        if answer is None or answer.get("code") == "20000":
            # The outcome is unknown: the refund may have gone through all the same.
            found = self.refunded(trade, out_request_no, amount)
            if found:
                return done
            if found is None:
                raise PaymentError(
                    _(
                        "Alipay did not confirm the refund. Check it in Alipay's merchant "
                        "console before trying again."
                    )
                )
            if answer is None:
                raise PaymentError(
                    _("Alipay cannot be reached just now: nothing was refunded. Try again later.")
                )
        logger.warning("Alipay refund %s refused: %s", out_request_no, error_text(answer))
        raise PaymentError(
            _("Alipay refused the refund: %(reason)s")
            % {"reason": answer.get("sub_msg") or answer.get("msg") or answer.get("code")}
        )

    def refunded(self, trade, out_request_no, amount):
        """Whether Alipay has made refund `out_request_no` of `amount`, by
        alipay.trade.fastpay.refund.query: True, False, or None when it cannot say."""
        try:
            answer = self.call(
                "api_alipay_trade_fastpay_refund_query",
                out_request_no=out_request_no,
                trade_no=trade.get("trade_no"),
                out_trade_no=trade.get("out_trade_no"),
            )
        except ProviderError as error:
            logger.warning("Alipay refund query %s failed: %s", out_request_no, error.detail)
            return None
        if answer.get("code") != "10000":
            return None
        # Alipay answers the refund's data only when it made it.
        return (
            answer.get("refund_status", "REFUND_SUCCESS") == "REFUND_SUCCESS"
            and answer.get("out_request_no") == out_request_no
            and answer.get("refund_amount") == money_text(amount)
        )


def is_refund(data):
    """Whether a notification reports a refund (Alipay adds the refund's number, amount and
    time to the trade's own fields)."""
    refund_fee = data.get("refund_fee", "")
    return bool(
        data.get("out_biz_no")
        or data.get("gmt_refund")
        or (refund_fee and refund_fee.strip("0.") != "")
    )


def error_text(answer):
    return " ".join(
        str(answer.get(field, "")) for field in ("code", "msg", "sub_code", "sub_msg")
    ).strip()


def unsigned_error(error):
    """The code and sub_code of an unsigned error answer (AliPayException carries its text)."""
    text = str(error)
    start = text.find("{")
    try:
        answer = json.loads(text[start:]) if start >= 0 else {}
        answer = next((value for value in answer.values() if isinstance(value, dict)), {})
    except ValueError:
        answer = {}
    return error_text(answer) or text

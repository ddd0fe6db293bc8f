"""The built-in test-mode provider: the default for development and the demo.

Paying opens a local page (payments:test_mode) where the payer completes or fails the
payment. Its two buttons post a notification signed with the site's secret key
(django.core.signing, HMAC-SHA256) to the same notification endpoint the real providers use,
so the whole path (signature check, exactly-once booking, the server's amount) runs as it
does with WeChat Pay or Alipay. Refunds are confirmed at once. It is refused wherever
PAYMENTS_ALLOW_TEST_MODE is off (production)."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import NotificationError
from ..models import LedgerEntry, OnlineOrder
from ..money import from_fen, to_fen
from . import Checkout, Provider, RefundResult

SALT = "payments.test-mode.notification"


def signed_notification(order, *, succeeded, transaction_id=None, total_fen=None):
    """The notification the test-mode page posts for `order`: the server's amount, a fresh
    transaction id, signed so that nothing else can make one."""
    payload = {
        "out_trade_no": order.out_trade_no,
        "transaction_id": transaction_id or f"TEST{secrets.token_hex(10).upper()}",
        "total": to_fen(order.amount) if total_fen is None else total_fen,
        "status": "SUCCESS" if succeeded else "FAILED",
    }
    return signing.dumps(payload, salt=SALT)


class TestMode(Provider):
    name = "test"
    label = gettext_lazy("Test payment (no money moves)")

    def is_configured(self):
        return bool(settings.PAYMENTS_ALLOW_TEST_MODE)

    def checkout(self, order, request):
        return Checkout(
            kind="redirect",
            url=reverse("payments:test_mode", kwargs={"out_trade_no": order.out_trade_no}),
        )

    def handle_notification(self, request):
        from .. import services

        try:
            payload = signing.loads(request.POST.get("notification", ""), salt=SALT)
            out_trade_no = str(payload["out_trade_no"])
            status = payload["status"]
        except (signing.BadSignature, KeyError, TypeError):
            return HttpResponse("failure", status=400, content_type="text/plain")
        try:
            if status == "SUCCESS":
                services.book_notification(
                    provider=self.name,
                    out_trade_no=out_trade_no,
                    provider_reference=str(payload["transaction_id"]),
                    amount=from_fen(int(payload["total"])),
                )
            else:
                services.fail_order(
                    provider=self.name, out_trade_no=out_trade_no, error=_("Failed in test mode.")
                )
        except NotificationError as error:
            return HttpResponse(f"failure: {error}", status=400, content_type="text/plain")
        if request.POST.get("browser"):
            # Posted by the test-mode page's button: back to the order's page, which says
            # what happened (the payer's session is not needed for the booking itself).
            order = OnlineOrder.objects.select_related("payment").get(out_trade_no=out_trade_no)
            if order.state == OnlineOrder.State.PAID:
                messages.success(request, _("Payment received. Thank you."))
            else:
                messages.error(request, _("The payment did not go through. Nothing was charged."))
            return redirect("payments:detail", reference=order.payment.reference)
        return HttpResponse("success", content_type="text/plain")

    def refund(self, *, received, refund, amount, reason):
        return RefundResult(
            state=LedgerEntry.RefundState.DONE, provider_reference=f"TESTR{refund.pk}"
        )

    def query(self, order):
        return order.state == OnlineOrder.State.PAID

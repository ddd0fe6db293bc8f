"""Paying online: starting an order with a provider, the order's page (a QR code to scan, the
way to the provider's page, WeChat's in-browser payment) polling its state, the providers'
notifications, and the test-mode provider's local page."""

import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from events.calendar import qr_svg

from . import providers, services
from .errors import PaymentError
from .models import OnlineOrder, Payment
from .views import payment_of

logger = logging.getLogger(__name__)

# How often the order's page may make the server ask the provider (when its notification is
# late): the page polls every few seconds, the provider is asked at most this often.
QUERY_INTERVAL = datetime.timedelta(seconds=10)


def enabled_provider(name):
    """The provider `name` if it is offered here (404 otherwise: a disabled provider's
    notifications are not processed either)."""
    for provider in providers.enabled():
        if provider.name == name:
            return provider
    raise Http404


def order_of(user, out_trade_no):
    """The order `out_trade_no` if its payment is this person's (404 otherwise)."""
    try:
        return OnlineOrder.objects.select_related("payment").get(
            out_trade_no=str(out_trade_no),
            payment__in=Payment.objects.of_person(user),
        )
    except OnlineOrder.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_POST
def pay(request, reference, name):
    """Start paying what is outstanding with provider `name`: a new order for the server's
    amount, then the provider's way to pay it."""
    payment = payment_of(request.user, reference)
    provider = enabled_provider(name)
    try:
        order = services.open_order(payment=payment, provider=provider.name, by=request.user)
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect("payments:detail", reference=payment.reference)
    try:
        checkout = provider.checkout(order, request)
    except providers.ProviderError as error:
        logger.warning("%s checkout of %s failed: %s", name, order.out_trade_no, error.detail)
        services.fail_order(
            provider=provider.name, out_trade_no=order.out_trade_no, error=error.detail
        )
        messages.error(request, error.message)
        return redirect("payments:detail", reference=payment.reference)
    order.data = checkout.as_data()
    order.save(update_fields=["data"])
    if checkout.kind == "redirect" and checkout.url.startswith("/"):
        return redirect(checkout.url)
    return redirect("payments:order", out_trade_no=order.out_trade_no)


@never_cache
@login_required
@require_GET
def order(request, out_trade_no):
    """The order's page: scan the QR code, go to the provider, or pay inside WeChat; it polls
    the order's state and comes back here when it changes."""
    order = order_of(request.user, out_trade_no)
    if order.state == OnlineOrder.State.PAID:
        messages.success(request, _("Payment received. Thank you."))
        return redirect("payments:detail", reference=order.payment.reference)
    if order.state != OnlineOrder.State.OPEN:
        messages.error(request, _("The payment did not go through. Nothing was charged."))
        return redirect("payments:detail", reference=order.payment.reference)
    checkout = providers.Checkout(**order.data) if order.data else None
    if checkout is None:
        raise Http404
    try:
        provider = providers.get(order.provider)
    except LookupError as error:
        raise Http404 from error
    return render(
        request,
        "payments/order.html",
        {
            "order": order,
            "payment": order.payment,
            "provider": provider,
            "checkout": checkout,
            "qr": qr_svg(checkout.content) if checkout.kind == "qr" else "",
        },
    )


@never_cache
@login_required
@require_GET
def order_status(request, out_trade_no):
    """The order's state for its page's polling. When the provider's notification is late,
    the provider is asked directly (at most every QUERY_INTERVAL per order)."""
    order = order_of(request.user, out_trade_no)
    if order.state == OnlineOrder.State.OPEN:
        now = timezone.now()
        asked = order.data.get("queried_at")
        due = asked is None or now - datetime.datetime.fromisoformat(asked) >= QUERY_INTERVAL
        if due and now - order.created_at >= QUERY_INTERVAL:
            OnlineOrder.objects.filter(pk=order.pk).update(
                data={**order.data, "queried_at": now.isoformat()}
            )
            try:
                providers.get(order.provider).query(order)
            except (providers.ProviderError, LookupError, PaymentError) as error:
                logger.warning("query of %s failed: %s", order.out_trade_no, error)
            order.refresh_from_db(fields=["state"])
    return JsonResponse({"state": order.state})


@never_cache
@login_required
@require_GET
def test_mode(request, out_trade_no):
    """The test-mode provider's page: complete or fail the payment (no money moves)."""
    from .providers.testmode import signed_notification

    enabled_provider("test")
    order = order_of(request.user, out_trade_no)
    if order.provider != "test":
        raise Http404
    if order.state != OnlineOrder.State.OPEN:
        return redirect("payments:order", out_trade_no=order.out_trade_no)
    return render(
        request,
        "payments/test_mode.html",
        {
            "order": order,
            "payment": order.payment,
            "succeed": signed_notification(order, succeeded=True),
            "fail": signed_notification(order, succeeded=False),
        },
    )


@csrf_exempt
@require_POST
def notify(request, name):
    """A provider's server-to-server notification. The provider verifies its signature and
    answers in the provider's own format; nothing here trusts the request otherwise."""
    return enabled_provider(name).handle_notification(request)

"""The payer's pages: what is due, paid and refunded (/my/payments/), and one payment's page
with the bank details, the reference for the transfer's remark, the online ways to pay, its
receipts and fapiao."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import providers
from .models import LedgerEntry, Payment
from .services import payment_settings


def payment_of(user, reference):
    """The payment `reference` if this person may see it (404 otherwise, whoever's it is)."""
    try:
        return (
            Payment.objects.of_person(user)
            .select_related("organisation", "user")
            .get(reference=str(reference).upper())
        )
    except Payment.DoesNotExist as error:
        raise Http404 from error


@never_cache
@login_required
def my_payments(request):
    payments = list(
        Payment.objects.of_person(request.user)
        .select_related("organisation")
        .prefetch_related("entries")
        .order_by("-created_at", "-pk")
    )
    open_payments = [payment for payment in payments if payment.is_open]
    return render(
        request,
        "payments/my_payments.html",
        {
            "open_payments": open_payments,
            "done_payments": sorted(
                (payment for payment in payments if not payment.is_open),
                key=lambda payment: (payment.due_date, payment.pk),
                reverse=True,
            ),
            "total_due": sum((payment.outstanding for payment in open_payments), 0),
        },
    )


def offered(request):
    """The providers to offer on this browser: WeChat's own browser does not open Alipay's
    pages, so inside WeChat only WeChat Pay (and test mode) are offered."""
    inside_wechat = "MicroMessenger" in request.headers.get("User-Agent", "")
    return [p for p in providers.enabled() if not (inside_wechat and p.name == "alipay")]


@never_cache
@login_required
def detail(request, reference):
    payment = payment_of(request.user, reference)
    entries = list(payment.entries.order_by("booked_on", "pk"))
    return render(
        request,
        "payments/payment_detail.html",
        {
            "payment": payment,
            "bank": payment_settings(),
            "received": [e for e in entries if e.kind == LedgerEntry.Kind.RECEIVED],
            "refunds": [e for e in entries if e.kind == LedgerEntry.Kind.REFUND],
            "providers": offered(request) if payment.is_open else [],
            "fapiao_requests": list(payment.fapiao_requests.all()),
        },
    )

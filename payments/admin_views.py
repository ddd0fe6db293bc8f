"""The organisers' screen of one payment (under /admin/payments/, namespace payments_admin):
its facts, the money received and refunded with the receipts, its history, and recording
money received (bank transfer, cash or POS at the door), waiving, cancelling and refunding,
each through payments.services. Waiving, cancelling and refunding ask for a confirmation
first. `?next=` (a local URL, such as the event's check-in page) is where a recorded payment
sends the organiser back to."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.models import ModelLogEntry

from cms.permissions import permission_or_404
from members.scoping import scope_of

from . import services
from .admin_forms import CancelForm, RecordPaymentForm, RefundForm, WaiveForm
from .errors import PaymentError
from .models import LedgerEntry, Payment
from .money import ZERO, yuan

VIEW_PAYMENTS = "payments.view_payment"
CHANGE_PAYMENTS = "payments.change_payment"


def payments_in_scope(scope):
    """A Q over Payment for an organiser's scope: a company's payments follow the company's
    secretariat (and committees); a person's follow the event's secretariat; a person's
    payment with no event (training, other) belongs to the whole view."""
    company = Q(organisation__isnull=False) & scope.organisations("organisation__")
    person = Q(organisation__isnull=True) & (
        Q(registration__event__secretariat_id__in=scope.secretariat_ids)
        | Q(booth_application__event__secretariat_id__in=scope.secretariat_ids)
    )
    return company | person


def restrict_payments(queryset, user, prefix=""):
    """Payments (or rows reaching one through `prefix`, e.g. "payment__") this organiser may
    see: all of them with the whole view, else those of their scope (members.scoping)."""
    scope = scope_of(user)
    if scope is None:
        return queryset
    # A subquery rather than joins: the listing's totals and counts stay one row per payment.
    visible = Payment.objects.filter(payments_in_scope(scope)).values("pk")
    return queryset.filter(**{f"{prefix}pk__in" if prefix else "pk__in": visible})


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


FORMS = {
    "record": RecordPaymentForm,
    "waive": WaiveForm,
    "cancel": CancelForm,
    "refund": RefundForm,
}
CONFIRMED = {"waive", "cancel", "refund"}


def blank_forms(payment):
    return {
        "record": RecordPaymentForm(prefix="record", payment=payment),
        "waive": WaiveForm(prefix="waive"),
        "cancel": CancelForm(prefix="cancel"),
        "refund": RefundForm(prefix="refund", payment=payment),
    }


def bound_form(action, request, payment):
    kwargs = {"prefix": action}
    if action in ("record", "refund"):
        kwargs["payment"] = payment
    if action == "record":
        return RecordPaymentForm(request.POST, request.FILES, **kwargs)
    return FORMS[action](request.POST, **kwargs)


def act(action, payment, data, user):
    """Calls the service for `action`; returns the success message."""
    if action == "record":
        entry = services.record_payment(
            payment=payment,
            amount=data["amount"],
            method=data["method"],
            booked_on=data["booked_on"],
            by=user,
            note=data["note"],
            proof=data["proof"],
            bank_reference=data["bank_reference"] or None,
        )
        return _("%(amount)s received: receipt %(number)s, the payer has been e-mailed.") % {
            "amount": yuan(entry.amount),
            "number": entry.receipt_number,
        }
    if action == "waive":
        services.waive_payment(payment=payment, by=user, reason=data["reason"])
        return _("The payment is waived.")
    if action == "cancel":
        services.cancel_payment(payment=payment, by=user, reason=data["reason"])
        return _("The payment is cancelled.")
    services.refund_payment(payment=payment, amount=data["amount"], by=user, reason=data["reason"])
    return _("%(amount)s refunded: the payer has been e-mailed.") % {"amount": yuan(data["amount"])}


@permission_or_404(VIEW_PAYMENTS)
@require_http_methods(["GET", "POST"])
def payment(request, pk):
    payment = get_object_or_404(
        restrict_payments(
            Payment.objects.select_related(
                "organisation__secretariat",
                "user",
                "membership",
                "registration__event",
                "booth_application__event",
                "enrolment__cohort",
                "decided_by",
                "created_by",
            ),
            request.user,
        ),
        pk=pk,
    )
    forms = blank_forms(payment)
    next_url = safe_next(request)
    can_change = request.user.has_perm(CHANGE_PAYMENTS)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORMS or not can_change:
            messages.error(request, _("Choose what to do with this payment."))
            return redirect("payments_admin:payment", pk=payment.pk)
        form = forms[action] = bound_form(action, request, payment)
        if form.is_valid():
            if action in CONFIRMED and request.POST.get("confirm") != "1":
                return render(
                    request,
                    "payments/admin/payment_confirm.html",
                    {
                        "payment": payment,
                        "action": action,
                        "form": form,
                        "next_url": next_url,
                        "data": form.cleaned_data,
                    },
                )
            try:
                message = act(action, payment, form.cleaned_data, request.user)
            except PaymentError as error:
                form.add_error(None, error.message)
                # Also above the page: the form's section may be gone (nothing left to cancel).
                messages.error(request, error.message)
            else:
                messages.success(request, message)
                if next_url and action == "record":
                    return redirect(next_url)
                return redirect("payments_admin:payment", pk=payment.pk)
    entries = list(
        payment.entries.select_related("recorded_by", "refund_of").order_by("booked_on", "pk")
    )
    history = list(
        ModelLogEntry.objects.for_instance(payment)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    return render(
        request,
        "payments/admin/payment.html",
        {
            "payment": payment,
            "entries": entries,
            "history": history,
            "forms": forms,
            "can_change": can_change,
            "can_record": can_change and payment.is_open,
            "can_waive": can_change and payment.is_open,
            "can_cancel": can_change and payment.is_open and payment.paid == ZERO,
            "can_refund": can_change and payment.kept > ZERO,
            "is_overdue": payment.is_overdue(),
            "next_url": next_url,
            "received_kind": LedgerEntry.Kind.RECEIVED,
        },
    )

"""Fapiao requests in the admin (its own Wagtail hooks, imported by wagtail_hooks.py).

收付款 → 发票申请 lists the requests, opening on those waiting (oldest first), with the state
and type one filter away, and exports them as CSV (with BOM) and XLSX. Each request has its
screen (payments_fapiao:decide) beside the payment's facts, where the organiser records the
fapiao the association issued (number, date, PDF) or refuses the request with a reason, both
through payments.fapiao; the request changes nowhere else. The waiting ones are a queue on the
admin home (待开发票). A secretariat-scoped organiser sees the requests on the payments of their
scope only (admin_views.restrict_payments), anything else is a 404."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_filters.filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from cms.admin_listing import (
    PendingFirstMixin,
    ReadOnlyPolicy,
    RestrictedViewSetMixin,
    SafeExportIndexView,
)
from cms.permissions import permission_or_404
from cms.queues import WorkQueue

from . import fapiao as fapiao_service
from .admin_ledger import PAYMENTS_MENU_HOOK, description_of
from .admin_views import restrict_payments
from .errors import FapiaoError
from .fapiao_forms import IssueFapiaoForm, RefuseFapiaoForm
from .fapiao_views import pdf_response
from .models import FapiaoRequest
from .money import yuan

VIEW_FAPIAO = "payments.view_fapiaorequest"
CHANGE_FAPIAO = "payments.change_fapiaorequest"

# Requests change through their screen (payments.fapiao) only; the listing is read-only.
register_permission_policy(FapiaoRequest, ReadOnlyPolicy(FapiaoRequest))


def restrict_fapiao(queryset, user):
    return restrict_payments(queryset, user, "payment__")


def decide_url(fapiao):
    return reverse("payments_fapiao:decide", args=[fapiao.pk])


class FapiaoFilterSet(WagtailFilterSet):
    state = ChoiceFilter(
        label=gettext_lazy("State"),
        choices=FapiaoRequest.State.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    kind = ChoiceFilter(
        label=gettext_lazy("Type of fapiao"),
        choices=FapiaoRequest.Kind.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = FapiaoRequest
        fields = []


class FapiaoIndexView(PendingFirstMixin, SafeExportIndexView):
    """Opens on the requests waiting, the oldest first."""

    pending_filter = {"state": FapiaoRequest.State.REQUESTED}
    pending_ordering = ["created_at", "pk"]

    def get_base_queryset(self):
        return restrict_fapiao(
            super().get_base_queryset().select_related("payment__organisation", "decided_by"),
            self.request.user,
        )

    def export_value(self, item, field):
        if field == "amount":
            return item.payment.kept
        if field == "payment.description":
            return description_of(item.payment)
        return super().export_value(item, field)


def local_time(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


class FapiaoViewSet(RestrictedViewSetMixin, ModelViewSet):
    """Fapiao requests: who asked, for which payment, for which buyer, and what was decided."""

    model = FapiaoRequest
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Fapiao requests")
    menu_order = 50
    menu_hook = PAYMENTS_MENU_HOOK
    url_prefix = "payments/fapiao"
    url_namespace = "payments_fapiao"
    index_view_class = FapiaoIndexView
    filterset_class = FapiaoFilterSet
    list_display = [
        TitleColumn(
            "reference",
            label=gettext_lazy("Payment reference"),
            accessor="payment.reference",
            get_url=decide_url,
            sort_key="payment__reference",
        ),
        Column("payer", label=gettext_lazy("Payer"), accessor="payment.payer_name"),
        Column(
            "amount",
            label=gettext_lazy("Amount"),
            accessor=lambda item: yuan(item.payment.kept),
            classname="payments-listing__money",
        ),
        Column("buyer_name", label=gettext_lazy("Buyer"), sort_key="buyer_name"),
        Column("tax_id", label=gettext_lazy("Unified social credit code")),
        Column("kind", label=gettext_lazy("Type"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "created_at",
            label=gettext_lazy("Requested at"),
            accessor=lambda item: local_time(item.created_at),
            sort_key="created_at",
        ),
        Column(
            "state", label=gettext_lazy("State"), accessor="get_state_display", sort_key="state"
        ),
    ]
    search_fields = ["payment__reference", "payment__payer_name", "buyer_name", "tax_id", "number"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["buyer_name"]  # never edited here (read-only policy); the viewset needs some
    export_filename = "fapiao-requests"
    list_export = [
        "payment.reference",
        "payment.payer_name",
        "payment.organisation",
        "payment.description",
        "amount",
        "kind",
        "buyer_name",
        "tax_id",
        "address",
        "phone",
        "bank_name",
        "bank_account",
        "email",
        "created_at",
        "requested_by",
        "state",
        "number",
        "issued_on",
        "decided_by",
        "decided_at",
        "refusal_reason",
    ]
    export_headings = {
        "payment.reference": gettext_lazy("Payment reference"),
        "payment.payer_name": gettext_lazy("Payer"),
        "payment.organisation": gettext_lazy("Company"),
        "payment.description": gettext_lazy("For"),
        "amount": gettext_lazy("Fapiao amount (yuan)"),
        "requested_by": pgettext_lazy("fapiao", "Requested by"),
        "created_at": gettext_lazy("Requested at"),
    }

    def restrict(self, queryset, user):
        return restrict_fapiao(queryset, user)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<id:pk>/", decide, name="decide"),
            path("pdf/<id:pk>/", pdf, name="pdf"),
        ]


@hooks.register("register_admin_viewset")
def register_fapiao_viewset():
    return FapiaoViewSet()


def fapiao_in_scope(request, pk):
    return get_object_or_404(
        restrict_fapiao(
            FapiaoRequest.objects.select_related(
                "payment__organisation__secretariat",
                "payment__user",
                "requested_by",
                "decided_by",
            ),
            request.user,
        ),
        pk=pk,
    )


ACTIONS = {"issue": IssueFapiaoForm, "refuse": RefuseFapiaoForm}


@permission_or_404(VIEW_FAPIAO)
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    """The request beside its payment's facts, with the forms to issue or refuse it while it
    waits (for organisers who may change requests)."""
    fapiao = fapiao_in_scope(request, pk)
    payment = fapiao.payment
    can_change = request.user.has_perm(CHANGE_FAPIAO)
    forms_by_action = {
        "issue": IssueFapiaoForm(prefix="issue"),
        "refuse": RefuseFapiaoForm(prefix="refuse"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS or not can_change:
            messages.error(request, _("Choose whether to issue or refuse the fapiao."))
            return redirect("payments_fapiao:decide", pk=fapiao.pk)
        if fapiao.state != FapiaoRequest.State.REQUESTED:
            messages.error(
                request,
                _("This request has already been decided (%(state)s): it cannot be decided again.")
                % {"state": fapiao.get_state_display()},
            )
            return redirect("payments_fapiao:decide", pk=fapiao.pk)
        form = forms_by_action[action] = ACTIONS[action](request.POST, request.FILES, prefix=action)
        if form.is_valid():
            try:
                if action == "issue":
                    fapiao_service.issue_fapiao(fapiao=fapiao, by=request.user, **form.cleaned_data)
                    message = _("Fapiao %(number)s recorded: the member has been e-mailed.") % {
                        "number": form.cleaned_data["number"]
                    }
                else:
                    fapiao_service.refuse_fapiao(
                        fapiao=fapiao, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    message = _("The request is refused: the member has been e-mailed the reason.")
            except FapiaoError as error:
                form.add_error(None, error.message)
                messages.error(request, error.message)
            else:
                messages.success(request, message)
                return redirect("payments_fapiao:index")
    return render(
        request,
        "payments/admin/fapiao_decide.html",
        {
            "fapiao": fapiao,
            "payment": payment,
            "description": description_of(payment),
            "forms": forms_by_action,
            "can_decide": can_change and fapiao.state == FapiaoRequest.State.REQUESTED,
            "others": list(
                payment.fapiao_requests.exclude(pk=fapiao.pk).select_related("decided_by")
            ),
            "history": list(
                ModelLogEntry.objects.for_instance(fapiao)
                .select_related("user")
                .order_by("-timestamp", "-pk")
            ),
        },
    )


@permission_or_404(VIEW_FAPIAO)
@require_GET
def pdf(request, pk):
    """The recorded fapiao's PDF, for organisers who may see the request."""
    fapiao = fapiao_in_scope(request, pk)
    if not fapiao.pdf:
        raise Http404
    return pdf_response(fapiao)


class FapiaoQueue(WorkQueue):
    """Requests waiting for the organiser to issue the fapiao (or refuse)."""

    order = 160
    label = gettext_lazy("Fapiao to issue")
    icon = "doc-full-inverse"
    permission = CHANGE_FAPIAO

    def pending(self):
        return restrict_fapiao(
            FapiaoRequest.objects.filter(state=FapiaoRequest.State.REQUESTED)
            .select_related("payment")
            .order_by("created_at", "pk"),
            self.user,
        )

    def listing_url(self):
        return reverse("payments_fapiao:index")

    def item_url(self, item):
        return decide_url(item)

    def item_label(self, item):
        return item.buyer_name

    def item_detail(self, item):
        return f"{item.get_kind_display()} · {item.payment.reference} · {yuan(item.payment.kept)}"

    def item_since(self, item):
        return item.created_at


hooks.register("register_work_queue", FapiaoQueue)

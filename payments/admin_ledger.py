"""The organisers' ledger in the admin (its own Wagtail hooks, imported by wagtail_hooks.py).

The menu 收付款 / Payments holds: 应收款项 (every payment due, open ones first, oldest due
first), 收款记录 (money received and refunded, with receipt numbers), 会费标准 (dues per tier
and year), and whatever other parts of payments add through the hook
`register_payments_menu_item` (bank statements, fapiao requests). Payments and ledger entries
change only through the payment's own screen (payments_admin:payment → payments.services),
never by editing the raw record; both export as CSV (with BOM) and XLSX, amounts as numbers.
A secretariat-scoped organiser sees the payments of their scope only (admin_views.
restrict_payments); the dues rates are the whole association's and only organisers with the
whole view change them."""

import datetime
import re

from django import forms
from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.filters import (
    CharFilter,
    ChoiceFilter,
    DateFromToRangeFilter,
    ModelChoiceFilter,
)
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.admin_listing import (
    PendingFirstMixin,
    ReadOnlyPolicy,
    RestrictedViewSetMixin,
    SafeExportIndexView,
    main_action,
)
from members.scoping import scope_of, whole_view_only

from . import admin_urls
from .admin_views import restrict_payments
from .models import DuesRate, LedgerEntry, Method, Payment
from .money import ZERO, yuan
from .queues import OverduePaymentQueue

# Hook for other parts of payments to add their screens to the 收付款 menu: a function
# returning a wagtail.admin.menu.MenuItem (with an `order` above 30 to come after these), or a
# ViewSet whose `menu_hook` is this name.
PAYMENTS_MENU_HOOK = "register_payments_menu_item"

# Payments change through services only (the payment screen); the listings are read-only.
register_permission_policy(Payment, ReadOnlyPolicy(Payment))
register_permission_policy(LedgerEntry, ReadOnlyPolicy(LedgerEntry))

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def total(expression, **filters):
    return Coalesce(
        Sum(expression, filter=Q(**filters) if filters else None), Value(ZERO), output_field=MONEY
    )


def month_range(value):
    """(first day, first day of the next month) of "2026-05", or None."""
    match = MONTH.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following


class MonthInput(forms.TextInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "2026-05", "pattern": r"\d{4}-\d{2}", **(attrs or {})})


def secretariat_choices(request):
    from members.models import SecretariatPage

    secretariats = SecretariatPage.objects.order_by("title")
    scope = scope_of(getattr(request, "user", None)) if request else None
    if scope is not None:
        secretariats = secretariats.filter(pk__in=scope.secretariat_ids)
    return secretariats


def event_choices(request):
    from events.models import EventPage

    return (
        EventPage.objects.filter(
            Q(registrations__payments__isnull=False) | Q(booth_applications__payments__isnull=False)
        )
        .distinct()
        .order_by("-start")
    )


def cohort_choices(request):
    from training.models import CohortPage

    return (
        CohortPage.objects.filter(enrolments__payments__isnull=False).distinct().order_by("-starts")
    )


YES_NO = [("yes", pgettext_lazy("filter", "Yes")), ("no", pgettext_lazy("filter", "No"))]
OPEN = "open"


class PaymentFilterSet(WagtailFilterSet):
    state = ChoiceFilter(
        label=_("State"),
        choices=[(OPEN, _("Open (due or partly paid)")), *Payment.State.choices],
        empty_label=_("All"),
        method="filter_state",
        widget=forms.RadioSelect,
    )
    purpose = ChoiceFilter(
        label=_("Purpose"),
        choices=Payment.Purpose.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    overdue = ChoiceFilter(
        label=_("Overdue"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_overdue",
        widget=forms.RadioSelect,
    )
    due_month = CharFilter(
        label=_("Due in the month"), method="filter_due_month", widget=MonthInput
    )
    secretariat = ModelChoiceFilter(
        label=_("Secretariat"), queryset=secretariat_choices, method="filter_secretariat"
    )
    event = ModelChoiceFilter(
        label=_("Event or trade fair"), queryset=event_choices, method="filter_event"
    )
    cohort = ModelChoiceFilter(
        label=_("Training cohort"), queryset=cohort_choices, field_name="enrolment__cohort"
    )

    class Meta:
        model = Payment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(state__in=Payment.OPEN_STATES)
        return queryset.filter(state=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        overdue = Q(state__in=Payment.OPEN_STATES, due_date__lt=timezone.localdate())
        if value == "yes":
            return queryset.filter(overdue)
        if value == "no":
            return queryset.exclude(overdue)
        return queryset

    def filter_due_month(self, queryset, name, value):
        bounds = month_range(value)
        if bounds is None:
            return queryset
        return queryset.filter(due_date__gte=bounds[0], due_date__lt=bounds[1])

    def filter_secretariat(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__secretariat=value)
            | Q(organisation__isnull=True, registration__event__secretariat=value)
            | Q(organisation__isnull=True, booth_application__event__secretariat=value)
        )

    def filter_event(self, queryset, name, value):
        return queryset.filter(Q(registration__event=value) | Q(booth_application__event=value))


def money_column(name, label, accessor=None, sort_key=None):
    accessor = accessor or name
    return Column(
        name,
        label=label,
        accessor=lambda item: yuan(getattr(item, accessor)),
        sort_key=sort_key,
        classname="payments-listing__money",
    )


def description_of(payment):
    from django.utils.translation import get_language

    return payment.description_in(get_language())


def state_of(payment):
    if payment.is_overdue():
        return f"{payment.get_state_display()} · {_('Overdue')}"
    return payment.get_state_display()


# What was owed, for the totals: a cancelled payment owes nothing.
COUNTED_STATES = [*Payment.OPEN_STATES, *Payment.SETTLED_STATES, Payment.State.REFUNDED]


class PaymentIndexView(
    main_action(_("Open"), "payments_admin:payment", "doc-full"),
    PendingFirstMixin,
    SafeExportIndexView,
):
    """Opens on what is still open, the oldest due date first."""

    pending_filter = {"state": OPEN}
    pending_ordering = "due_date"
    results_template_name = "payments/admin/ledger_payments_results.html"

    def get_base_queryset(self):
        return restrict_payments(
            super().get_base_queryset().select_related("organisation"), self.request.user
        )

    def totals(self):
        sums = self.object_list.order_by().aggregate(
            total_amount=total("amount", state__in=COUNTED_STATES),
            total_received=total("paid"),
            total_refunded=total("refunded"),
            total_outstanding=total(F("amount") - F("paid"), state__in=Payment.OPEN_STATES),
        )
        return {name.removeprefix("total_"): value for name, value in sums.items()}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            context["totals"] = self.totals()
        return context

    def export_value(self, item, field):
        if field == "overdue":
            return item.is_overdue()
        if field == "description":
            return description_of(item)
        return super().export_value(item, field)


class PaymentViewSet(RestrictedViewSetMixin, ModelViewSet):
    """Every payment due: what is open, overdue, paid, waived, cancelled, refunded."""

    model = Payment
    icon = "doc-full"
    menu_label = _("Payments due")
    menu_order = 10
    url_prefix = "payments/due"
    url_namespace = "payments_payments"
    index_view_class = PaymentIndexView
    filterset_class = PaymentFilterSet
    list_display = [
        "reference",
        Column("payer_name", label=_("Payer"), sort_key="payer_name"),
        Column("description", label=_("For"), accessor=description_of),
        money_column("amount", _("Amount"), sort_key="amount"),
        money_column("paid", _("Received"), sort_key="paid"),
        money_column("outstanding", _("Outstanding")),
        Column(
            "due_date",
            label=_("Due date"),
            accessor=lambda item: f"{item.due_date:%Y-%m-%d}",
            sort_key="due_date",
        ),
        Column("state", label=_("State"), accessor=state_of, sort_key="state"),
    ]
    search_fields = ["reference", "payer_name", "description", "organisation__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["due_date"]  # never edited here (read-only policy); the viewset needs some
    export_filename = "payments"
    list_export = [
        "reference",
        "payer_name",
        "organisation",
        "purpose",
        "description",
        "amount",
        "paid",
        "refunded",
        "outstanding",
        "due_date",
        "overdue",
        "state",
        "created_at",
        "settled_at",
        "reason",
    ]
    export_headings = {
        "reference": _("Payment reference"),
        "payer_name": _("Payer"),
        "organisation": _("Company"),
        "purpose": _("Purpose"),
        "description": _("For"),
        "amount": _("Amount (yuan)"),
        "paid": _("Received (yuan)"),
        "refunded": _("Refunded (yuan)"),
        "outstanding": _("Outstanding (yuan)"),
        "due_date": _("Due date"),
        "overdue": _("Overdue"),
        "state": _("State"),
        "created_at": _("Created"),
        "settled_at": _("Settled at"),
        "reason": _("Reason"),
    }

    def restrict(self, queryset, user):
        return restrict_payments(queryset, user)


class LedgerFilterSet(WagtailFilterSet):
    kind = ChoiceFilter(
        label=_("Kind"),
        choices=LedgerEntry.Kind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    method = ChoiceFilter(
        label=_("Method"), choices=Method.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    month = CharFilter(label=_("Month"), method="filter_month", widget=MonthInput)
    booked_on = DateFromToRangeFilter(label=_("Date"))
    purpose = ChoiceFilter(
        label=_("Purpose"),
        choices=Payment.Purpose.choices,
        empty_label=_("All"),
        field_name="payment__purpose",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LedgerEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_month(self, queryset, name, value):
        bounds = month_range(value)
        if bounds is None:
            return queryset
        return queryset.filter(booked_on__gte=bounds[0], booked_on__lt=bounds[1])


def signed_amount(entry):
    return yuan(-entry.amount if entry.kind == LedgerEntry.Kind.REFUND else entry.amount)


class LedgerIndexView(
    main_action(
        _("Open the payment"),
        "payments_admin:payment",
        "doc-full",
        url_arg=lambda entry: entry.payment_id,
    ),
    SafeExportIndexView,
):
    results_template_name = "payments/admin/ledger_entries_results.html"

    def get_base_queryset(self):
        return restrict_payments(
            super().get_base_queryset().select_related("payment", "recorded_by"),
            self.request.user,
            "payment__",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.is_export:
            totals = self.object_list.order_by().aggregate(
                total_received=total("amount", kind=LedgerEntry.Kind.RECEIVED),
                total_refunded=total(
                    "amount", kind=LedgerEntry.Kind.REFUND, refund_state__in=["", "pending", "done"]
                ),
            )
            totals = {name.removeprefix("total_"): value for name, value in totals.items()}
            totals["net"] = totals["received"] - totals["refunded"]
            context["totals"] = totals
        return context

    def export_value(self, item, field):
        if field == "signed_amount":
            return -item.amount if item.kind == LedgerEntry.Kind.REFUND else item.amount
        if field == "payment.description":
            return description_of(item.payment)
        return super().export_value(item, field)


class LedgerViewSet(RestrictedViewSetMixin, ModelViewSet):
    """Money received and refunded, by day, method and receipt number."""

    model = LedgerEntry
    icon = "list-ul"
    menu_label = _("Money received")
    menu_order = 20
    url_prefix = "payments/ledger"
    url_namespace = "payments_ledger"
    index_view_class = LedgerIndexView
    filterset_class = LedgerFilterSet
    list_display = [
        "__str__",
        Column(
            "booked_on",
            label=_("Date"),
            accessor=lambda entry: f"{entry.booked_on:%Y-%m-%d}",
            sort_key="booked_on",
        ),
        Column("payment", label=_("Payer"), accessor=lambda entry: entry.payment.payer_name),
        Column("for", label=_("For"), accessor=lambda entry: description_of(entry.payment)),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column("method", label=_("Method"), accessor="get_method_display", sort_key="method"),
        Column("amount", label=_("Amount"), accessor=signed_amount, sort_key="amount"),
        Column("reference", label=_("Payment reference"), accessor="payment.reference"),
    ]
    search_fields = ["receipt_number", "payment__reference", "payment__payer_name", "note"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["note"]
    export_filename = "ledger"
    list_export = [
        "booked_on",
        "receipt_number",
        "payment.reference",
        "payment.payer_name",
        "payment.purpose",
        "payment.description",
        "kind",
        "method",
        "signed_amount",
        "refund_state",
        "provider_reference",
        "recorded_by",
        "note",
        "created_at",
    ]
    export_headings = {
        "booked_on": _("Date"),
        "receipt_number": _("Receipt number"),
        "payment.reference": _("Payment reference"),
        "payment.payer_name": _("Payer"),
        "payment.purpose": _("Purpose"),
        "payment.description": _("For"),
        "kind": _("Kind"),
        "method": _("Method"),
        "signed_amount": _("Amount (yuan, refunds negative)"),
        "refund_state": _("Refund state"),
        "provider_reference": _("Provider's or bank's reference"),
        "recorded_by": _("Recorded by"),
        "note": pgettext_lazy("ledger", "Note"),
        "created_at": _("Recorded at"),
    }

    def restrict(self, queryset, user):
        return restrict_payments(queryset, user, "payment__")


class DuesRatePolicy(ModelPermissionPolicy):
    """Dues are the whole association's: an organiser scoped to some secretariats sees them
    but does not change them."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"} and not whole_view_only(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(DuesRate, DuesRatePolicy(DuesRate))


def log_rate_change(instance, user, before):
    log(
        instance=instance,
        action="payments.dues_rate_changed",
        user=user,
        data={
            "year": instance.year,
            "tier": instance.tier,
            "from": None if before is None else str(before),
            "to": str(instance.amount),
        },
    )


class DuesRateCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        log_rate_change(instance, self.request.user, None)
        return instance


class DuesRateEditView(EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.amount_before = None

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        self.amount_before = instance.amount
        return instance

    def save_instance(self):
        instance = super().save_instance()
        if instance.amount != self.amount_before:
            log_rate_change(instance, self.request.user, self.amount_before)
        return instance


class DuesRateFilterSet(WagtailFilterSet):
    class Meta:
        model = DuesRate
        fields = ["year", "tier"]


class DuesRateViewSet(ModelViewSet):
    """Each tier's yearly dues, per year (approving and renewing create payments at these)."""

    model = DuesRate
    icon = "tag"
    menu_label = _("Dues rates")
    menu_order = 30
    url_prefix = "payments/dues-rates"
    url_namespace = "payments_dues_rates"
    add_view_class = DuesRateCreateView
    edit_view_class = DuesRateEditView
    list_display = [
        "__str__",
        "year",
        Column("tier", label=_("Tier"), accessor="get_tier_display", sort_key="tier"),
        Column(
            "amount",
            label=_("Yearly dues"),
            accessor=lambda rate: yuan(rate.amount),
            sort_key="amount",
        ),
    ]
    filterset_class = DuesRateFilterSet
    form_fields = ["year", "tier", "amount"]
    copy_view_enabled = True
    inspect_view_enabled = False


class PaymentsGroup(ViewSetGroup):
    menu_label = _("Payments")
    menu_icon = "doc-full"
    menu_order = 250
    submenu_hook = PAYMENTS_MENU_HOOK
    items = (PaymentViewSet(), LedgerViewSet(), DuesRateViewSet())


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return PaymentsGroup()


@hooks.register("register_admin_urls")
def register_payments_admin_urls():
    return [path("payments/", include(admin_urls))]


hooks.register("register_work_queue", OverduePaymentQueue)


def payment_admin_url(payment, next_url=None):
    """The organiser's screen of `payment` (for other apps, e.g. check-in: ?next= back)."""
    from urllib.parse import urlencode

    url = reverse("payments_admin:payment", args=[payment.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url

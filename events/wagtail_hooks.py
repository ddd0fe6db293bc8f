import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms import RadioSelect
from django.http import Http404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.views.pages.create import CreateView as PageCreateView
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from cms.admin_listing import (
    NoAddPolicy,
    PendingFirstMixin,
    ReadOnlyPolicy,
    RestrictedViewSetMixin,
    SafeExportIndexView,
    main_action,
)
from cms.parsing import parse_id
from members.scoping import narrow_choices, restrict_to_secretariats, scope_of

from . import admin_urls, services
from .admin_views import MANAGES_REGISTRATIONS as ORGANISER_PAGE_PERMISSION
from .models import (
    Booth,
    BoothApplication,
    EventKind,
    EventPage,
    EventQuestion,
    Registration,
)
from .panels import RegistrationsPanel
from .queues import BoothApplicationQueue

# Registrations are read-only in the admin: registering, cancelling and checking in go through
# the services (seat counts, waitlist, mail) from the event page, the ticket, the check-in
# page and the event's organiser page (events_admin:event). Booth applications come from the
# fair's page; organisers decide on the review screen.
register_permission_policy(Registration, ReadOnlyPolicy(Registration))
register_permission_policy(BoothApplication, NoAddPolicy(BoothApplication))


def local_time(value):
    """A time as the association reads it (Asia/Shanghai), minute precision."""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def count_of(**filters):
    """The number of registrations of each listed event with these filters, as a subquery:
    the listing counts every row's seats in its one query."""
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), **filters)
        .order_by()
        .values("event")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class EventFilterSet(WagtailFilterSet):
    when = ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=_("All"),
        method="filter_when",
        widget=RadioSelect,
    )
    kind = ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All"), widget=RadioSelect
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(end__gte=now)
        if value == "past":
            return queryset.filter(end__lt=now)
        return queryset


class EventTitleColumn(PageTitleColumn):
    """The event's title links to its organiser page; the page's own actions (edit, view
    live, …) stay in the row's menu."""

    cell_template_name = "events/admin/event_title_cell.html"


def seats(event):
    if event.capacity is None:
        return _("%(taken)s (no limit)") % {"taken": event.seats_taken}
    return f"{event.seats_taken} / {event.capacity}"


class EventListingView(PendingFirstMixin, PageIndexView):
    """Events with their kind, start, seats, waitlist and check-ins: it opens on those to
    come, soonest first; past ones are one filter away."""

    pending_filter = {"when": "upcoming"}
    pending_ordering = "start"
    default_ordering = "-start"
    add_item_label = _("New event")

    def annotate_queryset(self, pages):
        return (
            super()
            .annotate_queryset(pages)
            .annotate(
                seats_taken=count_of(status=Registration.Status.CONFIRMED),
                waitlisted=count_of(status=Registration.Status.WAITLISTED),
                checked_in=count_of(
                    status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
                ),
            )
        )

    def get_ordering(self):
        # Upcoming events read soonest first, unless the organiser sorted otherwise.
        if self.request.GET.get("when") == "upcoming" and "ordering" not in self.request.GET:
            return "start"
        return super().get_ordering()

    def get_add_url(self):
        from .models import EventIndexPage

        index = EventIndexPage.objects.first()
        if index and index.permissions_for_user(self.request.user).can_add_subpage():
            return reverse("events_admin:new_event")
        return None


class EventListingViewSet(RestrictedViewSetMixin, PageListingViewSet):
    def restrict(self, queryset, user):
        return restrict_to_secretariats(queryset, user)

    model = EventPage
    icon = "date"
    menu_label = _("Event list")
    name = "event_list"
    url_prefix = "events/list"
    url_namespace = "events_list"
    index_view_class = EventListingView
    filterset_class = EventFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        EventTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "start",
            label=_("Starts"),
            accessor=lambda event: local_time(event.start),
            sort_key="start",
        ),
        Column("seats", label=_("Seats taken"), accessor=seats, sort_key="seats_taken"),
        Column("waitlisted", label=_("Waitlist"), sort_key="waitlisted"),
        Column("checked_in", label=_("Checked in"), sort_key="checked_in"),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]


class EventCreateView(PageCreateView):
    """Wagtail's editor for a new event, with the kind chosen on the step before
    (events_admin:new_event)."""

    def get(self, request):
        kind = request.GET.get("kind", "")
        if kind in EventKind.values:
            self.page.kind = kind
        return super().get(request)


class EventPageViewSet(PageViewSet):
    """Events in the page explorer (分页) show their kind and start too; a new event opens
    with the kind chosen on the step before."""

    model = EventPage
    add_view_class = EventCreateView
    columns = [
        *PageViewSet.index_view_class.base_columns,
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "start",
            label=_("Starts"),
            accessor=lambda event: local_time(getattr(event, "start", None)),
            sort_key="start",
        ),
    ]


def organiser_page_button(page, user, priority):
    if page.specific_class is EventPage and user.has_perm(ORGANISER_PAGE_PERMISSION):
        yield Button(
            _("Organiser page"),
            reverse("events_admin:event", args=[page.pk]),
            icon_name="date",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def organiser_page_in_page_menus(page, user, next_url=None):
    yield from organiser_page_button(page, user, priority=1)


@hooks.register("register_page_header_buttons")
def organiser_page_in_page_headers(page, user, view_name, next_url=None):
    yield from organiser_page_button(page, user, priority=5)


class DashForNothingInspectView(InspectView):
    """Empty values read "—", not None or an empty line."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return local_time(value)
        return value


class RegistrationInspectView(DashForNothingInspectView):
    def get_answers_display_value(self):
        return self.object.answers_text() or "—"


class RegistrationIndexView(
    main_action(
        _("Organiser page"),
        "events_admin:event",
        "date",
        url_arg=lambda registration: registration.event_id,
    ),
    SafeExportIndexView,
):
    """Exported for one event, each of its questions is a column of its own (and the answers
    on one line after them); for several events the answers are one column of "question:
    answer; …". Labels, times and the BOM are SafeExportIndexView's."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.question_columns = {}
        event_id = parse_id(request.GET.get("event"))
        if not self.is_export or event_id is None:
            return
        questions = EventQuestion.objects.filter(event_id=event_id).order_by("sort_order", "pk")
        self.question_columns = {f"question_{q.pk}": q for q in questions}
        if self.question_columns:
            # The answers on one line stay last, for whoever pastes them into a message.
            self.list_export = [
                *(field for field in self.list_export if field != "answers_text"),
                *self.question_columns,
                "answers_text",
            ]
            self.export_headings = {
                **self.export_headings,
                **{name: q.display_label for name, q in self.question_columns.items()},
            }

    def export_value(self, item, field):
        question = self.question_columns.get(field)
        if question is None:
            return super().export_value(item, field)
        answers = item.answers if isinstance(item.answers, dict) else {}
        return answers.get(question.label) or None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("event", "user")
            .prefetch_related("event__questions")
        )


class RegistrationViewSet(RestrictedViewSetMixin, ModelViewSet):
    def restrict(self, queryset, user):
        return restrict_to_secretariats(queryset, user, "event__secretariat")

    """Attendees, waitlist and check-ins of every event, filterable by event and status and
    exportable as CSV or XLSX with the answers to the event's questions."""

    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    url_prefix = "events/registrations"
    url_namespace = "events_registrations"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    list_display = ["user", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["event", "status"]
    search_fields = ["user__name", "user__email", "event__title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "event",
        "user",
        "status",
        "answers",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "reminded_at",
    ]
    form_fields = []
    export_filename = "registrations"
    list_export = [
        "event",
        "user",
        "user.email",
        "status",
        "created_at",
        "checked_in_at",
        "answers_text",
    ]
    export_headings = {
        "event": _("Event"),
        "user": _("Name"),
        "user.email": _("E-mail"),
        "status": _("Status"),
        "created_at": _("Registered at"),
        "checked_in_at": _("Checked in at"),
        "answers_text": _("Answers"),
    }


class BoothApplicationIndexView(
    main_action(_("Review and assign"), "events_admin:review_booth_application", "check"),
    PendingFirstMixin,
    IndexView,
):
    pending_filter = {"status": BoothApplication.Status.APPLIED}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "organisation", "decided_by")


class BoothApplicationViewSet(RestrictedViewSetMixin, ModelViewSet):
    def restrict(self, queryset, user):
        return restrict_to_secretariats(queryset, user, "event__secretariat")

    model = BoothApplication
    icon = "table"
    menu_label = _("Booth applications")
    url_prefix = "events/booth-applications"
    url_namespace = "events_booth_applications"
    index_view_class = BoothApplicationIndexView
    inspect_view_class = DashForNothingInspectView
    list_display = [
        "organisation",
        "event",
        "booths_wanted",
        "preferred_zone",
        "status",
        "created_at",
        "decided_by",
    ]
    list_filter = ["event", "status"]
    search_fields = ["organisation__name", "products"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "event",
        "organisation",
        "applicant",
        "booths_wanted",
        "preferred_zone",
        "products",
        "staff_count",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]
    form_fields = ["booths_wanted", "preferred_zone", "products", "staff_count"]


class BoothIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("event", "holder__organisation", "holder__event")
        )


class BoothViewSet(RestrictedViewSetMixin, ModelViewSet):
    def restrict(self, queryset, user):
        return restrict_to_secretariats(queryset, user, "event__secretariat")

    def restrict_form(self, form, user):
        narrow_choices(form, user, event=restrict_to_secretariats(EventPage.objects.all(), user))

    model = Booth
    icon = "grip"
    menu_label = _("Booths")
    url_prefix = "events/booths"
    url_namespace = "events_booths"
    index_view_class = BoothIndexView
    list_display = ["number", "zone", "size", "price", "status", "holder"]
    list_filter = ["event", "zone", "status"]
    search_fields = ["number", "zone"]
    search_backend_name = None
    copy_view_enabled = True
    form_fields = ["event", "number", "zone", "zone_en", "size", "price", "column", "row"]


class EventsGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 250
    items = (
        EventListingViewSet(),
        RegistrationViewSet(),
        BoothApplicationViewSet(),
        BoothViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return [EventsGroup(), EventPageViewSet()]


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [path("events/", include(admin_urls))]


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    for action, label in {
        "events.registered": _("Registered"),
        "events.cancelled": _("Registration cancelled"),
        "events.promoted": _("Promoted from the waitlist"),
        "events.checked_in": _("Checked in"),
        "events.booth_applied": _("Applied for booths"),
        "events.booths_assigned": _("Booths assigned"),
        "events.booth_rejected": _("Booth application rejected"),
        "events.booth_moved": _("Exhibitor moved"),
        "events.registered_by_organiser": _("Registered by an organiser"),
        "events.ticket_resent": _("Ticket sent again"),
    }.items():
        actions.register_action(action, label, label)


hooks.register("register_dashboard_panel", RegistrationsPanel)
hooks.register("register_work_queue", BoothApplicationQueue)


@hooks.register("after_publish_page")
def give_added_seats_to_the_waitlist(request, page):
    """When organisers add seats to an event, the waitlist moves up at once."""
    if isinstance(page.specific, EventPage):
        services.give_free_seats(event_pk=page.pk, by=request.user)


@hooks.register("register_personal_data")
def events_personal_data():
    from .privacy import personal_data

    return personal_data()


def refuse_events_outside_the_scope(request, page, *args, **kwargs):
    """An organiser scoped to some secretariats edits, moves, copies, deletes and unpublishes
    only their events: any other event page answers 404, as the organiser screens do."""
    if isinstance(page.specific_deferred, EventPage) and scope_of(request.user) is not None:
        events = restrict_to_secretariats(EventPage.objects.filter(pk=page.pk), request.user)
        if not events.exists():
            raise Http404


for hook in (
    "before_edit_page",
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_unpublish_page",
    "before_convert_alias_page",
):
    hooks.register(hook, refuse_events_outside_the_scope)


@hooks.register("construct_explorer_page_queryset")
def hide_events_outside_the_scope(parent_page, pages, request):
    scope = scope_of(request.user)
    if scope is None:
        return pages
    outside = EventPage.objects.exclude(secretariat_id__in=scope.secretariat_ids)
    return pages.exclude(pk__in=outside.values("pk"))

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.admin_listing import NoAddPolicy, ReadOnlyPolicy, SafeExportIndexView, main_action

from . import admin_urls, services
from .models import Booth, BoothApplication, EventPage, Registration
from .panels import RegistrationsPanel

# Registrations are read-only in the admin: registering, cancelling and checking in go through
# the services (seat counts, waitlist, mail) from the event page, the ticket and the check-in
# page. Booth applications come from the fair's page; organisers decide on the review screen.
register_permission_policy(Registration, ReadOnlyPolicy(Registration))
register_permission_policy(BoothApplication, NoAddPolicy(BoothApplication))


class RegistrationIndexView(
    main_action(
        _("Check-in page"),
        "events:check_in",
        "tick",
        url_arg=lambda registration: registration.event_id,
    ),
    SafeExportIndexView,
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "user")


class RegistrationViewSet(ModelViewSet):
    """Attendees, waitlist and check-ins of every event, filterable by event and status and
    exportable as CSV or XLSX with the answers to the event's questions."""

    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    url_prefix = "events/registrations"
    url_namespace = "events_registrations"
    index_view_class = RegistrationIndexView
    list_display = ["user", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["event", "status"]
    search_fields = ["user__name", "user__email", "event__title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
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
    IndexView,
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "organisation")


class BoothApplicationViewSet(ModelViewSet):
    model = BoothApplication
    icon = "table"
    menu_label = _("Booth applications")
    url_prefix = "events/booth-applications"
    url_namespace = "events_booth_applications"
    index_view_class = BoothApplicationIndexView
    list_display = ["organisation", "event", "booths_wanted", "preferred_zone", "status"]
    list_filter = ["event", "status"]
    search_fields = ["organisation__name", "products"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["booths_wanted", "preferred_zone", "products", "staff_count"]


class BoothIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("event", "holder__organisation", "holder__event")
        )


class BoothViewSet(ModelViewSet):
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
    items = (RegistrationViewSet(), BoothApplicationViewSet(), BoothViewSet())


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsGroup()


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
    }.items():
        actions.register_action(action, label, label)


hooks.register("register_dashboard_panel", RegistrationsPanel)


@hooks.register("after_publish_page")
def give_added_seats_to_the_waitlist(request, page):
    """When organisers add seats to an event, the waitlist moves up at once."""
    if isinstance(page.specific, EventPage):
        services.give_free_seats(event_pk=page.pk, by=request.user)


@hooks.register("register_personal_data")
def events_personal_data():
    from .privacy import personal_data

    return personal_data()

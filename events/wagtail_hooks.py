from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from members.spreadsheets import safe_cell

from .models import Registration


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "user")

    def get_list_more_buttons(self, instance):
        check_in = MenuItem(
            _("Check-in page"),
            url=reverse("events:check_in", args=[instance.event_id]),
            icon_name="tick",
            priority=5,
        )
        return [check_in, *super().get_list_more_buttons(instance)]

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))


class RegistrationViewSet(ModelViewSet):
    """Attendees, waitlist and check-ins of every event, filterable by event and status and
    exportable as CSV or XLSX with the answers to the event's questions."""

    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "events/registrations"
    url_namespace = "events_registrations"
    index_view_class = RegistrationIndexView
    list_display = ["user", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["event", "status"]
    search_fields = ["user__name", "user__email", "event__title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["status"]
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


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


@hooks.register("register_log_actions")
def register_event_log_actions(actions):
    for action, label in {
        "events.registered": _("Registered"),
        "events.cancelled": _("Registration cancelled"),
        "events.promoted": _("Promoted from the waitlist"),
        "events.checked_in": _("Checked in"),
    }.items():
        actions.register_action(action, label, label)


class RegistrationsPanel:
    order = 20

    def __init__(self, request, registrations):
        self.request = request
        self.registrations = registrations

    def render(self):
        return render_to_string(
            "events/dashboard_panel.html",
            {"registrations": self.registrations},
            request=self.request,
        )


@hooks.register("register_dashboard_panel")
def registrations_panel(request):
    registrations = list(
        Registration.objects.filter(user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("-event__start")[:20]
    )
    return RegistrationsPanel(request, registrations) if registrations else None

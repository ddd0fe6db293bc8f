from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_listing import NoAddPolicy, PendingFirstMixin, RestrictedViewSetMixin, main_action
from .models import DeletionRequest
from .permissions import has_whole_view
from .queues import DeletionRequestQueue, WorkQueuePanel


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action("portal.exported", _("Exported a list"), _("Exported a list"))


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, label in {
        "portal.deletion_requested": _("Asked for the account to be deleted"),
        "portal.deletion_confirmed": _("Account deletion confirmed: anonymised"),
    }.items():
        actions.register_action(action, label, label)


class DeletionRequestIndexView(
    main_action(_("Review and confirm"), "cms_admin:confirm_deletion", "bin"),
    PendingFirstMixin,
    IndexView,
):
    pending_filter = {"status": DeletionRequest.Status.PENDING}
    pending_ordering = "requested_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class DeletionRequestViewSet(RestrictedViewSetMixin, ModelViewSet):
    def restrict(self, queryset, user):
        return queryset if has_whole_view(user) else queryset.none()

    model = DeletionRequest
    icon = "bin"
    menu_label = _("Account deletions")
    menu_order = 9000
    add_to_settings_menu = True
    url_prefix = "privacy/deletion-requests"
    url_namespace = "cms_deletion_requests"
    index_view_class = DeletionRequestIndexView
    list_display = ["email", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []


register_permission_policy(DeletionRequest, NoAddPolicy(DeletionRequest))


@hooks.register("register_admin_viewset")
def register_deletion_requests():
    return DeletionRequestViewSet()


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    from . import admin_urls

    return [path("privacy/", include(admin_urls))]


hooks.register("register_work_queue", DeletionRequestQueue)


@hooks.register("construct_homepage_panels")
def put_the_work_queue_first(request, panels):
    panels.insert(0, WorkQueuePanel(request))


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin.css"))


@hooks.register("construct_help_menu")
def leave_out_wagtails_online_guides(request, items):
    # "What's new in Wagtail" and the editor guide open guide.wagtail.org: English only, and
    # outside China. The keyboard shortcuts stay; were the menu empty, Wagtail hides it.
    items[:] = [
        item
        for item in items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_reports_menu")
def whole_view_reports_only_for_the_whole_view(request, items):
    from .middleware import WHOLE_VIEW_REPORT_MENU_ITEMS

    if not has_whole_view(request.user):
        items[:] = [item for item in items if item.name not in WHOLE_VIEW_REPORT_MENU_ITEMS]

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_listing import NoAddPolicy, first_button
from .models import DeletionRequest


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
    first_button(_("Review and confirm"), "cms_admin:confirm_deletion", "bin"), IndexView
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class DeletionRequestViewSet(ModelViewSet):
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

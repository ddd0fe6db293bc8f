from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.admin_listing import (
    NoAddPolicy,
    PendingFirstMixin,
    ReadOnlyPolicy,
    SafeExportIndexView,
    main_action,
)

from . import admin_urls, calendar, permissions
from .models import Certificate, CertificateTemplate, Enrolment
from .panels import TrainingPanel
from .queues import EnrolmentQueue

# Enrolments come from the cohort page and are decided on the review screen; certificates
# are issued from the cohort grid and revoked on their own screen, never edited.
register_permission_policy(Enrolment, NoAddPolicy(Enrolment))
register_permission_policy(Certificate, ReadOnlyPolicy(Certificate))


class EnrolmentIndexView(
    main_action(_("Review"), "training_admin:review_enrolment", "check"),
    PendingFirstMixin,
    SafeExportIndexView,
):
    pending_filter = {"status": Enrolment.Status.APPLIED}
    pending_ordering = "applied_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort", "user")


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "group"
    menu_label = _("Enrolments")
    url_prefix = "training/enrolments"
    url_namespace = "training_enrolments"
    index_view_class = EnrolmentIndexView
    list_display = ["user", "cohort", "status", "applied_at", "score", "passed"]
    list_filter = ["cohort", "status"]
    search_fields = ["user__name", "user__email"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["result_comment"]
    export_filename = "enrolments"
    list_export = [
        "cohort",
        "user",
        "user.email",
        "status",
        "applied_at",
        "score",
        "passed",
        "result_comment",
    ]
    export_headings = {
        "cohort": _("Cohort"),
        "user": _("Name"),
        "user.email": _("E-mail"),
        "status": _("Status"),
        "applied_at": pgettext_lazy("enrolment", "Applied at"),
        "score": _("Score"),
        "passed": _("Passed"),
        "result_comment": _("Comment"),
    }


class CertificateIndexView(
    main_action(_("Details, revoke"), "training_admin:certificate", "doc-full"),
    SafeExportIndexView,
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Certificates")
    url_prefix = "training/certificates"
    url_namespace = "training_certificates"
    index_view_class = CertificateIndexView
    list_display = [
        "serial",
        "holder_name",
        "cohort",
        "issued_at",
        Column("status_label", label=_("Status")),
    ]
    list_filter = ["cohort", "year"]
    search_fields = ["serial", "holder_name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = []
    export_filename = "certificates"
    list_export = [
        "serial",
        "holder_name",
        "cohort_title",
        "issued_at",
        "status_label",
        "revocation_reason",
    ]
    export_headings = {
        "serial": _("Certificate number"),
        "holder_name": _("Holder"),
        "cohort_title": _("Cohort"),
        "issued_at": _("Issued at"),
        "status_label": _("Status"),
        "revocation_reason": _("Reason for revoking"),
    }


class TemplateIndexView(
    main_action(_("Preview with sample data"), "training_admin:preview_template", "view"),
    IndexView,
):
    pass


class CertificateTemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    icon = "form"
    menu_label = _("Certificate templates")
    url_prefix = "training/templates"
    url_namespace = "training_templates"
    index_view_class = TemplateIndexView
    list_display = ["name", "title", "updated_at"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = True


class CohortsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.manages_training(request.user)


class TrainingGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "user"
    menu_order = 260
    items = (EnrolmentViewSet(), CertificateViewSet(), CertificateTemplateViewSet())

    def get_submenu_items(self):
        cohorts = CohortsMenuItem(
            _("Cohorts: attendance and certificates"),
            reverse_lazy("training_admin:cohorts"),
            icon_name="table",
            order=0,
        )
        return [cohorts, *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingGroup()


@hooks.register("register_admin_urls")
def register_training_admin_urls():
    return [path("training/", include(admin_urls))]


@hooks.register("register_log_actions")
def register_training_log_actions(actions):
    for action, label in {
        "training.applied": _("Applied to a cohort"),
        "training.accepted": _("Enrolment accepted"),
        "training.waitlisted": _("Enrolment waitlisted"),
        "training.rejected": _("Enrolment rejected"),
        "training.withdrawn": _("Withdrew from a cohort"),
        "training.attendance": _("Attendance and results recorded"),
        "training.bulk_issue": _("Certificates issued in bulk"),
        "training.issued": _("Certificate issued"),
        "training.revoked": _("Certificate revoked"),
        "training.rerendered": _("Certificate rendered again"),
    }.items():
        actions.register_action(action, label, label)


hooks.register("register_dashboard_panel", TrainingPanel)
hooks.register("register_work_queue", EnrolmentQueue)


@hooks.register("calendar_feed_entries")
def cohort_sessions():
    """Upcoming sessions of published cohorts join the public events feed."""
    return calendar.sessions_calendar_entries()


@hooks.register("register_personal_data")
def training_personal_data():
    from .privacy import personal_data

    return personal_data()

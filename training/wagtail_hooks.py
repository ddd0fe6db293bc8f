from django.template.loader import render_to_string
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.admin_listing import NoAddPolicy, ReadOnlyPolicy, SafeExportIndexView, first_button

from . import admin_views, services
from .models import Certificate, CertificateTemplate, Enrolment, ProgrammePage

# Enrolments come from the cohort page and are decided on the review screen; certificates
# are issued from the cohort grid and revoked on their own screen, never edited.
register_permission_policy(Enrolment, NoAddPolicy(Enrolment))
register_permission_policy(Certificate, ReadOnlyPolicy(Certificate))


class EnrolmentIndexView(
    first_button(_("Review"), "training_enrolment_review", "check"), SafeExportIndexView
):
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
        "applied_at": _("Applied at"),
        "score": _("Score"),
        "passed": _("Passed"),
        "result_comment": _("Comment"),
    }


class CertificateIndexView(
    first_button(_("Details, revoke"), "training_certificate", "doc-full"), SafeExportIndexView
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
    list_display = ["serial", "holder_name", "cohort", "issued_at", "status_label"]
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
    first_button(_("Preview with sample data"), "training_template_preview", "view"), IndexView
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
        return services.manages_training(request.user)


class TrainingGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "user"
    menu_order = 260
    items = (EnrolmentViewSet(), CertificateViewSet(), CertificateTemplateViewSet())

    def get_submenu_items(self):
        cohorts = CohortsMenuItem(
            _("Cohorts: attendance and certificates"),
            reverse_lazy("training_cohorts"),
            icon_name="table",
            order=0,
        )
        return [cohorts, *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingGroup()


@hooks.register("register_admin_urls")
def register_training_admin_urls():
    return [
        path("training/cohorts/", admin_views.cohorts, name="training_cohorts"),
        path("training/cohorts/<int:pk>/", admin_views.cohort_grid, name="training_cohort"),
        path("training/runs/<int:pk>/", admin_views.run_progress, name="training_run"),
        path(
            "training/enrolments/<int:pk>/review/",
            admin_views.review_enrolment,
            name="training_enrolment_review",
        ),
        path(
            "training/certificates/<int:pk>/detail/",
            admin_views.certificate_detail,
            name="training_certificate",
        ),
        path(
            "training/templates/<int:pk>/preview/",
            admin_views.preview_template,
            name="training_template_preview",
        ),
    ]


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


class TrainingPanel:
    order = 30

    def __init__(self, request, rows):
        self.request = request
        self.rows = rows

    def render(self):
        return render_to_string(
            "training/dashboard_panel.html", {"rows": self.rows}, request=self.request
        )


@hooks.register("register_dashboard_panel")
def training_panel(request):
    """The person's enrolments: attendance, result and their certificate to download."""
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("cohort")
        .order_by("-cohort__starts")
    )
    if not enrolments:
        return None
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)}
    # Each cohort's programme is its parent page: one query for all of them.
    programmes = {
        programme.path: programme
        for programme in ProgrammePage.objects.filter(
            path__in={enrolment.cohort.path[:-4] for enrolment in enrolments}
        )
    }
    progress = services.progress_for([e for e in enrolments if e.is_live])
    rows = [
        {
            "enrolment": enrolment,
            "programme": programmes.get(enrolment.cohort.path[:-4]),
            "progress": progress.get(enrolment.pk),
            "certificate": certificates.get(enrolment.pk),
        }
        for enrolment in enrolments
    ]
    return TrainingPanel(request, rows)


@hooks.register("calendar_feed_entries")
def cohort_sessions():
    """Upcoming sessions of published cohorts join the public events feed."""
    return services.sessions_calendar_entries()


@hooks.register("register_personal_data")
def training_personal_data():
    from .privacy import personal_data

    return personal_data()

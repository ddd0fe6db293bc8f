"""Organisers' screens in the Wagtail admin beyond the standard listings: reviewing an
application, renewing a membership, importing companies."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin import messages

from cms.permissions import permission_or_404

from . import importing, scoping, services
from .errors import ImportFileError
from .forms import ApproveApplicationForm, ImportForm, RejectApplicationForm, RenewMembershipForm
from .models import ImportRun, Membership, MembershipApplication
from .services import MembershipError


@permission_or_404("members.change_membershipapplication")
@require_http_methods(["GET", "POST"])
def review_application(request, pk):
    application = get_object_or_404(
        scoping.restrict_applications(
            MembershipApplication.objects.select_related("applicant", "industry", "decided_by"),
            request.user,
        ),
        pk=pk,
    )
    approve_form = ApproveApplicationForm(prefix="approve")
    reject_form = RejectApplicationForm(prefix="reject")
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                approve_form = ApproveApplicationForm(request.POST, prefix="approve")
                if approve_form.is_valid():
                    services.approve_application(
                        application=application, by=request.user, **approve_form.cleaned_data
                    )
                    messages.success(request, _("Approved: the applicant has been e-mailed."))
                    return redirect("members_applications:index")
            elif "reject" in request.POST:
                reject_form = RejectApplicationForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    services.reject_application(
                        application=application,
                        by=request.user,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Rejected: the applicant has been e-mailed."))
                    return redirect("members_applications:index")
        except MembershipError as error:
            messages.error(request, error.message)
    return render(
        request,
        "members/admin/review_application.html",
        {
            "application": application,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "decided": application.status != MembershipApplication.Status.APPLIED,
        },
    )


@permission_or_404("members.change_membership")
@require_http_methods(["GET", "POST"])
def renew_membership(request, pk):
    membership = get_object_or_404(
        scoping.restrict_organisations(
            Membership.objects.select_related("organisation"), request.user, "organisation__"
        ),
        pk=pk,
    )
    form = RenewMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.renew_membership(
                membership=membership, by=request.user, term_end=form.cleaned_data["term_end"]
            )
        except MembershipError as error:
            form.add_error("term_end", error.message)
        else:
            messages.success(
                request,
                _("%(company)s renewed until %(end)s.")
                % {"company": membership.organisation, "end": membership.term_end},
            )
            return redirect("members_memberships:index")
    return render(
        request, "members/admin/renew_membership.html", {"membership": membership, "form": form}
    )


@permission_or_404("members.add_organisation")
@require_http_methods(["GET", "POST"])
def import_view(request):
    """A small file is imported at once and its report shown here; a larger one becomes a
    background run whose progress page this redirects to. Imports reach every secretariat:
    an organiser scoped to some of them does not import."""
    if not scoping.whole_view_only(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    run = None
    if request.method == "POST" and form.is_valid():
        try:
            run = importing.start_import(
                upload=form.cleaned_data["file"], by=request.user, language=get_language()
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if run.in_background:
                return redirect("members_admin:import_run", run.pk)
    return render(
        request,
        "members/admin/import.html",
        {
            "form": form,
            "run": run,
            "results": run.report if run else None,
            "summary": summary_of(run) if run else None,
            "recent_runs": ImportRun.objects.select_related("requested_by")[:5],
            "limits": {"rows": f"{importing.MAX_ROWS:,}", "columns": importing.MAX_COLUMNS},
        },
    )


REPORT_PAGE_SIZE = 500


@permission_or_404("members.view_importrun")
@require_GET
def import_run(request, pk):
    """A background import: its progress while it runs (the page refreshes itself), then the
    row-by-row report, a page at a time, all rows or only the rejected ones."""
    if not scoping.whole_view_only(request.user):
        raise Http404
    run = importing.give_up_stale(
        get_object_or_404(ImportRun.objects.select_related("requested_by"), pk=pk)
    )
    rows = run.report if run.is_finished else []
    only_rejected = request.GET.get("outcome") == "rejected"
    if only_rejected:
        rows = [row for row in rows if row["outcome"] == "rejected"]
    page = Paginator(rows, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/admin/import_run.html",
        {
            "run": run,
            "summary": summary_of(run),
            "results": page.object_list,
            "page": page,
            "only_rejected": only_rejected,
        },
    )


def summary_of(run):
    return {"created": run.created, "updated": run.updated, "rejected": run.rejected}

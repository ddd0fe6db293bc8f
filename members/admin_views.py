"""Organisers' screens in the Wagtail admin beyond the standard listings: reviewing an
application, renewing a membership, importing companies."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from cms.permissions import permission_or_404

from . import services
from .forms import ApproveApplicationForm, ImportForm, RejectApplicationForm, RenewMembershipForm
from .importing import ImportError_, import_organisations
from .models import Membership, MembershipApplication
from .services import MembershipError


@permission_or_404("members.change_membershipapplication")
@require_http_methods(["GET", "POST"])
def review_application(request, pk):
    application = get_object_or_404(
        MembershipApplication.objects.select_related("applicant", "industry", "decided_by"), pk=pk
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
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
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
    form = ImportForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = import_organisations(upload=form.cleaned_data["file"], by=request.user)
        except ImportError_ as error:
            form.add_error("file", str(error))
    summary = None
    if results is not None:
        summary = {
            outcome: sum(1 for row in results if row.outcome == outcome)
            for outcome in ("created", "updated", "rejected")
        }
    return render(
        request,
        "members/admin/import.html",
        {"form": form, "results": results, "summary": summary},
    )

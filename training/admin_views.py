"""Organisers' training screens in the Wagtail admin: the cohort list, the attendance and
results grid (with the completion check and the issue buttons), bulk-issue progress, the
enrolment review, a certificate's page (revoke, re-render) and the template preview."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin import messages

from cms.parsing import parse_id, parse_ids
from cms.permissions import permission_or_404

from . import certificates, completion, permissions, rendering, services
from .errors import AttendanceError, CertificateError, EnrolmentError, TrainingError
from .forms import DecisionForm, RevokeForm
from .models import (
    Attendance,
    Certificate,
    CertificateTemplate,
    CohortPage,
    Enrolment,
    IssueRun,
    Session,
)

# Anyone without the organisers' permission gets 404: nothing confirms the screen or object.
organisers_only = permission_or_404(permissions.MANAGE_TRAINING)


@organisers_only
@require_GET
def cohorts(request):
    def count(model, **filters):
        # A subquery per count: joining all three would multiply the rows per cohort.
        rows = model.objects.filter(cohort=OuterRef("pk"), **filters).values("cohort")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    rows = CohortPage.objects.order_by("-starts").annotate(
        trainee_count=count(Enrolment, status__in=Enrolment.LIVE_STATUSES),
        applied_count=count(Enrolment, status=Enrolment.Status.APPLIED),
        certificate_count=count(Certificate),
        session_count=count(Session),
    )
    return render(request, "training/admin/cohorts.html", {"cohorts": rows})


def grid_rows(cohort, results, sessions, posted=None):
    """One row per trainee: their marks, result fields (as typed, when the form came back with
    an error) and standing against the rule."""
    marks = {
        (enrolment_id, session_id)
        for enrolment_id, session_id in Attendance.objects.filter(
            enrolment__cohort=cohort, present=True
        ).values_list("enrolment_id", "session_id")
    }
    rows = []
    for result in results:
        enrolment = result.enrolment
        if posted is not None:
            ticked = {s.pk for s in sessions if f"p-{enrolment.pk}-{s.pk}" in posted}
            score = posted.get(f"score-{enrolment.pk}", "")
            passed = posted.get(f"passed-{enrolment.pk}", "")
            comment = posted.get(f"comment-{enrolment.pk}", "")
        else:
            ticked = {s.pk for s in sessions if (enrolment.pk, s.pk) in marks}
            score = "" if enrolment.score is None else str(enrolment.score)
            passed = {True: "yes", False: "no", None: ""}[enrolment.passed]
            comment = enrolment.result_comment
        rows.append(
            {
                "result": result,
                "enrolment": enrolment,
                "cells": [(session, session.pk in ticked) for session in sessions],
                "score": score,
                "passed": passed,
                "comment": comment,
            }
        )
    return rows


def shown_ids(post, name):
    return parse_ids(post.get(name, ""))


def parse_grid(post, results, sessions):
    """What the form says, limited to the trainees and sessions it showed: a trainee or session
    added since the page was opened keeps what it has."""
    shown_enrolments, shown_sessions = shown_ids(post, "enrolments"), shown_ids(post, "sessions")
    sessions = [session for session in sessions if session.pk in shown_sessions]
    present, outcomes = set(), {}
    for result in results:
        enrolment_id = result.enrolment.pk
        if enrolment_id not in shown_enrolments:
            continue
        for session in sessions:
            if f"p-{enrolment_id}-{session.pk}" in post:
                present.add((enrolment_id, session.pk))
        passed = {"yes": True, "no": False}.get(post.get(f"passed-{enrolment_id}", ""))
        outcomes[enrolment_id] = (
            post.get(f"score-{enrolment_id}", ""),
            passed,
            post.get(f"comment-{enrolment_id}", ""),
        )
    return present, outcomes, shown_enrolments, {session.pk for session in sessions}


@organisers_only
@require_http_methods(["GET", "POST"])
def cohort_grid(request, pk):
    cohort = get_object_or_404(CohortPage, pk=pk)
    sessions = list(cohort.sessions.all())
    posted = None
    if request.method == "POST":
        results = completion.cohort_progress(cohort)
        grid = parse_grid(request.POST, results, sessions)
        present, outcomes, enrolment_ids, session_ids = grid
        try:
            if "save" in request.POST:
                services.record_grid(
                    cohort=cohort,
                    by=request.user,
                    present=present,
                    results=outcomes,
                    enrolment_ids=enrolment_ids,
                    session_ids=session_ids,
                )
                messages.success(request, _("Attendance and results saved."))
                return redirect("training_admin:cohort", pk=cohort.pk)
            # One form, three buttons: "Issue" never drops ticks typed but not saved, and never
            # writes the grid over another organiser's later marks: it asks to save first.
            if services.grid_differs(
                cohort=cohort,
                present=present,
                results=outcomes,
                enrolment_ids=enrolment_ids,
                session_ids=session_ids,
            ):
                raise AttendanceError(
                    _(
                        "You have changed attendance or results: save them first, then issue "
                        "the certificates."
                    )
                )
            if "issue_all" in request.POST:
                run = services.start_bulk_issue(cohort=cohort, by=request.user)
                return redirect("training_admin:run", pk=run.pk)
            if "issue" in request.POST:
                enrolment = get_object_or_404(
                    Enrolment, pk=parse_id(request.POST["issue"]), cohort=cohort
                )
                certificate, _created = certificates.issue_certificate(
                    enrolment=enrolment, by=request.user
                )
                messages.success(
                    request,
                    _("Certificate %(serial)s issued to %(name)s.")
                    % {"serial": certificate.serial, "name": certificate.holder_name},
                )
                return redirect("training_admin:cohort", pk=cohort.pk)
        except AttendanceError as error:
            messages.error(request, error.message)
            posted = request.POST  # what was typed stays on screen
        except TrainingError as error:
            messages.error(request, error.message)
    results = completion.cohort_progress(cohort)
    due = sum(1 for r in results if r.met and r.certificate is None)
    return render(
        request,
        "training/admin/cohort_grid.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "rows": grid_rows(cohort, results, sessions, posted),
            "due": due,
            "met": sum(1 for r in results if r.met),
            "runs": cohort.issue_runs.select_related("requested_by")[:5],
            "applications": cohort.enrolments.filter(
                status__in=[Enrolment.Status.APPLIED, Enrolment.Status.WAITLISTED]
            ).select_related("user"),
        },
        status=400 if posted is not None else 200,
    )


@organisers_only
@require_GET
def run_progress(request, pk):
    run = get_object_or_404(IssueRun.objects.select_related("cohort", "requested_by"), pk=pk)
    return render(request, "training/admin/run.html", {"run": run})


@organisers_only
@require_http_methods(["GET", "POST"])
def review_enrolment(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.select_related("cohort", "user"), pk=pk)
    form = DecisionForm()
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_enrolment(
                    enrolment=enrolment,
                    decision=form.cleaned_data["decision"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except EnrolmentError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision saved: the applicant has been e-mailed."))
                return redirect("training_enrolments:index")
    return render(
        request,
        "training/admin/review_enrolment.html",
        {"enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


@organisers_only
@require_http_methods(["GET", "POST"])
def certificate_detail(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.select_related("programme", "cohort", "enrolment__user", "issued_by"),
        pk=pk,
    )
    form = RevokeForm()
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                form = RevokeForm(request.POST)
                if form.is_valid():
                    certificates.revoke_certificate(
                        certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Certificate revoked."))
                    return redirect("training_admin:certificate", pk=certificate.pk)
            elif "rerender" in request.POST:
                certificates.rerender_certificate(certificate=certificate, by=request.user)
                messages.success(
                    request, _("The PDF was rendered again with the current template.")
                )
                return redirect("training_admin:certificate", pk=certificate.pk)
        except CertificateError as error:
            messages.error(request, error.message)
    template = certificate.programme.certificate_template or CertificateTemplate.objects.first()
    return render(
        request,
        "training/admin/certificate.html",
        {
            "certificate": certificate,
            "form": form,
            "outdated": template is not None and certificates.is_outdated(certificate, template),
            "missing": not certificate.pdf
            or not certificate.pdf.storage.exists(certificate.pdf.name),
        },
        status=400 if form.errors else 200,
    )


@organisers_only
@require_GET
def preview_template(request, pk):
    """The template rendered with made-up facts, shown in the browser's PDF viewer."""
    template = get_object_or_404(CertificateTemplate, pk=pk)
    pdf = rendering.render_pdf(template=template, facts=rendering.sample_facts(template))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{template.pk}.pdf"'
    return response

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseGone, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from cms.links import site_url

from . import certificates, permissions, services
from .errors import EnrolmentError
from .forms import ApplyForm, VerifyForm
from .models import Certificate, CohortPage, Enrolment

logger = logging.getLogger(__name__)

# Looking certificates up by number and name is open to anyone: limited per address so
# names cannot be tried in bulk (the shared cache makes the count hold across workers).
VERIFY_RATE = "10/m"


@login_required
@require_POST
def apply(request, pk):
    cohort = get_object_or_404(CohortPage.objects.live().public(), pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.apply(
                cohort=cohort, user=request.user, motivation=form.cleaned_data["motivation"]
            )
        except EnrolmentError as error:
            form.add_error(None, error.message)
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Thank you: your application is in. We will e-mail you our decision.")
            )
            return redirect(cohort.url)
    context = cohort.get_context(request)
    context["apply_form"] = form
    return TemplateResponse(request, cohort.get_template(request), context, status=400)


@login_required
@require_POST
def withdraw(request, pk):
    enrolment = get_object_or_404(Enrolment, pk=pk, user=request.user)
    try:
        services.withdraw(enrolment=enrolment, by=request.user)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn from the cohort."))
    return redirect("dashboard")


@login_required
@require_GET
def download(request, key):
    """The stored PDF, for its holder and organisers only; 404 for anyone else."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment", "programme"), download_key=key
    )
    organiser = permissions.manages_training(request.user)
    holder = certificate.enrolment and certificate.enrolment.user_id == request.user.pk
    if not (holder or organiser):
        raise Http404
    if certificate.is_revoked and not organiser:
        return HttpResponseGone(_("This certificate has been revoked."))
    if not certificate.pdf or not certificate.pdf.storage.exists(certificate.pdf.name):
        # The stored file is gone (a restore without the private folder). A GET changes
        # nothing: organisers render it again from the certificate's screen (or
        # `manage.py rerender_certificates --missing`).
        logger.error(
            "Certificate %s: stored PDF %r is missing", certificate.serial, certificate.pdf.name
        )
        return render(
            request, "training/certificate_missing.html", {"certificate": certificate}, status=503
        )
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def verification_context(certificate):
    return {"certificate": certificate, "verify_url": site_url(certificate.verification_path())}


@require_GET
def verify(request, code):
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        return render(
            request,
            "training/verify.html",
            {"not_found": True, "form": VerifyForm()},
            status=404,
        )
    return render(request, "training/verify.html", verification_context(certificate))


@require_GET
def verify_form(request):
    """Anyone types a certificate number and the holder's name."""
    if not request.GET:
        return render(request, "training/verify_form.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if is_ratelimited(
        request, group="certificate-verify", key="ip", rate=VERIFY_RATE, increment=True
    ):
        form.is_valid()
        form.add_error(None, _("Too many look-ups from your network. Please wait a minute."))
        return render(request, "training/verify_form.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "training/verify_form.html", {"form": form}, status=400)
    certificate = certificates.find_certificate(
        serial=form.cleaned_data["serial"], name=form.cleaned_data["name"]
    )
    if certificate is None:
        form.add_error(
            None,
            _(
                "No certificate with this number and name was found. Check both against the "
                "certificate: the number looks like YY-2026-0007."
            ),
        )
        return render(request, "training/verify_form.html", {"form": form}, status=404)
    return redirect(certificate.verification_path())


@require_GET
def verify_json(request, code):
    """The same facts for employers' and platforms' systems; 410 Gone when revoked."""
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        response = JsonResponse({"status": "not-found"}, status=404)
    else:
        data = {
            "status": "revoked" if certificate.is_revoked else "valid",
            "serial": certificate.serial,
            "holder": certificate.holder_name,
            "programme": {
                "zh": certificate.programme_title,
                "en": certificate.programme_title_en or certificate.programme_title,
            },
            "cohort": {
                "zh": certificate.cohort_title,
                "en": certificate.cohort_title_en or certificate.cohort_title,
            },
            "issued_on": timezone.localdate(certificate.issued_at).isoformat(),
            "verification_url": site_url(certificate.verification_path()),
        }
        if certificate.is_revoked:
            data["revoked_on"] = timezone.localdate(certificate.revoked_at).isoformat()
            data["revocation_reason"] = certificate.revocation_reason
        response = JsonResponse(
            data,
            status=410 if certificate.is_revoked else 200,
            json_dumps_params={"ensure_ascii": False},
        )
    response["Access-Control-Allow-Origin"] = "*"
    return response

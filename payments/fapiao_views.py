"""The payer's fapiao pages, under /my/payments/ (namespace "payments"): asking for a fapiao
for a payment (its owners and editors, or the person who owes it: Payment.objects.of_person),
and downloading the fapiao once the organisers have recorded it. Anyone else gets 404, as for a
payment or fapiao that does not exist."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import fapiao as fapiao_service
from .errors import FapiaoError
from .fapiao_forms import FapiaoRequestForm
from .models import FapiaoRequest, Payment
from .views import payment_of


def initial_values(payment, user):
    """What the form starts with: the details of this payment's refused request (to correct
    them), else of the payer's last issued fapiao, else the company's name and the person's
    e-mail. Another person's e-mail address is never offered."""
    previous = payment.fapiao_requests.filter(state=FapiaoRequest.State.REFUSED).first()
    if previous is None:
        payer = (
            {"payment__organisation_id": payment.organisation_id}
            if payment.organisation_id
            else {"payment__user_id": payment.user_id, "payment__organisation__isnull": True}
        )
        previous = (
            FapiaoRequest.objects.filter(state=FapiaoRequest.State.ISSUED, **payer)
            .order_by("-created_at", "-pk")
            .first()
        )
    initial = {
        "buyer_name": payment.organisation.name if payment.organisation_id else payment.payer_name,
        "email": user.email,
    }
    if previous is not None:
        initial.update(
            {
                name: getattr(previous, name)
                for name in (
                    "kind",
                    "buyer_name",
                    "tax_id",
                    "address",
                    "phone",
                    "bank_name",
                    "bank_account",
                )
            }
        )
        if previous.requested_by_id == user.pk and previous.email:
            initial["email"] = previous.email
    return initial


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_fapiao(request, reference):
    payment = payment_of(request.user, reference)
    if request.method == "GET":
        obstacle = fapiao_service.request_obstacle(payment)
        if obstacle:
            messages.info(request, obstacle)
            return redirect("payments:detail", reference=payment.reference)
    form = FapiaoRequestForm(
        request.POST if request.method == "POST" else None,
        initial=initial_values(payment, request.user),
    )
    if form.is_valid():
        try:
            fapiao_service.request_fapiao(payment=payment, by=request.user, **form.cleaned_data)
        except FapiaoError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your fapiao request has been sent: we e-mail you when the fapiao is ready."),
            )
            return redirect("payments:detail", reference=payment.reference)
    return render(
        request,
        "payments/fapiao_request.html",
        {
            "payment": payment,
            "form": form,
            "refused": payment.fapiao_requests.filter(state=FapiaoRequest.State.REFUSED).first(),
        },
    )


@never_cache
@login_required
@require_GET
def download(request, pk):
    """The issued fapiao's PDF, for the payer's people only (404 for anyone else, as for a
    fapiao that does not exist or is not issued yet)."""
    fapiao = (
        FapiaoRequest.objects.filter(
            pk=pk,
            state=FapiaoRequest.State.ISSUED,
            payment__in=Payment.objects.of_person(request.user).values("pk"),
        )
        .exclude(pdf="")
        .first()
    )
    if fapiao is None:
        raise Http404
    return pdf_response(fapiao)


def pdf_response(fapiao):
    """The fapiao's stored PDF as a private download (404 if the file is gone)."""
    try:
        pdf = fapiao.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(pdf, content_type="application/pdf")
    # RFC 5987: the Chinese name for browsers that read filename*, an ASCII one for the rest
    # (the number is digits, letters and hyphens: payments.fapiao.NUMBER).
    response["Content-Disposition"] = (
        f'attachment; filename="fapiao-{fapiao.number}.pdf"; '
        f"filename*=UTF-8''{quote(fapiao_service.download_name(fapiao))}"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

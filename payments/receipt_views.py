"""Receipts: the PDF for the payer's people and organisers (/my/payments/receipts/<code>.pdf),
and the public check page anyone reaches from the QR code (/receipts/<code>/)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import receipts
from .admin_views import VIEW_PAYMENTS, restrict_payments
from .models import LedgerEntry, Payment


def may_download(user, entry):
    """The payer's people (Payment.objects.of_person), and organisers who may see payments
    within their scope, by the ledger's own rule (admin_views.restrict_payments): a
    secretariat's organiser gets another secretariat's receipts no more than its payments."""
    payment = Payment.objects.filter(pk=entry.payment_id)
    if payment.of_person(user).exists():
        return True
    return user.has_perm(VIEW_PAYMENTS) and restrict_payments(payment, user).exists()


def received(code):
    return LedgerEntry.objects.select_related("payment").filter(
        receipt_code=code, kind=LedgerEntry.Kind.RECEIVED, receipt_number__isnull=False
    )


@never_cache
@login_required
@require_GET
def download(request, code):
    """The stored receipt (rendered first if it is not yet), for the payer's people and the
    organisers whose scope holds the payment; 404 for anyone else, as for a code that does not
    exist."""
    entry = received(code).first()
    if entry is None or not may_download(request.user, entry):
        raise Http404
    pdf = receipts.stored_pdf(entry)
    response = FileResponse(pdf.open("rb"), content_type="application/pdf")
    # RFC 5987: the Chinese name for browsers that read filename*, an ASCII one for the rest.
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{entry.receipt_number}.pdf"; '
        f"filename*=UTF-8''{quote(receipts.download_name(entry))}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def check(request, code):
    """Whether a receipt is genuine: number, date, amount, the association and the payer's
    masked name; what was refunded of it. Every wrong code gets the same 404 page."""
    entry = received(code).prefetch_related("refunds").first()
    if entry is None:
        return render(request, "payments/receipt_check.html", {"not_found": True}, status=404)
    return render(request, "payments/receipt_check.html", receipts.check_facts(entry))

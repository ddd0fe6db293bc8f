"""Fapiao (发票) requests: the payer asks for a fapiao for money paid, the organiser records
the fapiao the association issued (its number, date and PDF) or refuses with a reason, and the
payer downloads it. The portal keeps track of the requests; the fapiao itself is issued in the
tax authority's system.

Each operation runs in one transaction under the payment's row lock (so a request and a
decision on the same payment never cross) and is in the audit log (on the request); a decision
tells the payer through payments.emails after it commits. A refused operation raises
FapiaoError with a message for the person who asked."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError
from wagtail.log_actions import log

from . import emails
from .errors import FapiaoError
from .models import FapiaoRequest, Payment
from .money import ZERO
from .services import lock_payment

MAX_PDF_BYTES = 10 * 1024 * 1024
# A fapiao number as the tax system prints it: 20 digits for a 数电发票, 8 (with a 10- or
# 12-digit code) for the older paper and electronic ones; letters and hyphens for the rest.
NUMBER = re.compile(r"^[0-9A-Za-z-]{1,40}$")
# What a special VAT invoice must name besides the buyer and its code.
SPECIAL_FIELDS = ("address", "phone", "bank_name", "bank_account")


def normalise_tax_id(value):
    """The unified social credit code as the tax system has it (18 characters, upper case,
    no spaces or hyphens), or FapiaoError when it is not one (wrong length, bad check
    character)."""
    try:
        return uscc.validate(str(value or ""))
    except StdnumError as error:
        raise FapiaoError(
            _(
                "This is not a valid unified social credit code (18 characters, as on the "
                "business licence)."
            )
        ) from error


def request_obstacle(payment):
    """Why no fapiao can be asked for on this payment now ("" when one can): nothing paid,
    everything refunded, or a request already live."""
    if payment.paid <= ZERO:
        return _(
            "Nothing has been received for this payment yet: a fapiao can be asked for once "
            "it is paid."
        )
    if payment.state == Payment.State.REFUNDED or payment.kept <= ZERO:
        return _("This payment has been refunded: there is nothing to issue a fapiao for.")
    live = payment.fapiao_requests.exclude(state=FapiaoRequest.State.REFUSED).first()
    if live is not None and live.state == FapiaoRequest.State.ISSUED:
        return _("The fapiao for this payment has already been issued.")
    if live is not None:
        return _("A fapiao has already been requested for this payment: the organisers are on it.")
    return ""


def is_pdf(upload):
    """Whether the upload's content is a PDF (whatever its name says)."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def request_fapiao(
    *,
    payment,
    by,
    kind,
    buyer_name,
    tax_id,
    address="",
    phone="",
    bank_name="",
    bank_account="",
    email="",
):
    """A fapiao request by `by` (the payer, or one of their company's owners and editors;
    the view checks who may) for what was received on `payment`. The code is normalised and
    checked; a special VAT invoice needs the registered address, phone, bank and account.
    Refused when nothing was paid, all was refunded, or a request is already live (one per
    payment: a refused one may be asked again). Logged; no mail (the payer just asked)."""
    if kind not in FapiaoRequest.Kind.values:
        raise FapiaoError(_("Choose the type of fapiao."))
    buyer_name = (buyer_name or "").strip()
    if not buyer_name:
        raise FapiaoError(_("Give the buyer's name as the fapiao should show it."))
    tax_id = normalise_tax_id(tax_id)
    details = {
        "address": (address or "").strip(),
        "phone": (phone or "").strip(),
        "bank_name": (bank_name or "").strip(),
        "bank_account": (bank_account or "").strip(),
    }
    if kind == FapiaoRequest.Kind.SPECIAL and not all(details.values()):
        raise FapiaoError(
            _("A special VAT invoice needs the registered address, phone, bank and account.")
        )
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise FapiaoError(_("Enter a valid e-mail address to send the fapiao to.")) from error
    with transaction.atomic():
        payment = lock_payment(payment)
        obstacle = request_obstacle(payment)
        if obstacle:
            raise FapiaoError(obstacle)
        fapiao = FapiaoRequest.objects.create(
            payment=payment,
            requested_by=by,
            kind=kind,
            buyer_name=buyer_name[:200],
            tax_id=tax_id,
            email=email,
            **details,
        )
        log(
            instance=fapiao,
            action="payments.fapiao_requested",
            user=by,
            data={
                "payment": payment.reference,
                "kind": kind,
                "buyer": fapiao.buyer_name,
                "tax_id": tax_id,
                "amount": str(payment.kept),
            },
        )
    return fapiao


def _decidable(fapiao):
    """The request re-read under its payment's lock, refused unless it still waits."""
    lock_payment(fapiao.payment)
    fapiao = FapiaoRequest.objects.select_related("payment", "requested_by").get(pk=fapiao.pk)
    if fapiao.state != FapiaoRequest.State.REQUESTED:
        raise FapiaoError(
            _("This request has already been decided (%(state)s): it cannot be decided again.")
            % {"state": fapiao.get_state_display()}
        )
    return fapiao


def issue_fapiao(*, fapiao, by, number, issued_on, pdf):
    """Records the fapiao the association issued for the request: its number, date (not in
    the future) and PDF (checked by its content). Refused for a request already decided and
    for a payment refunded in full since (refuse the request instead). E-mails the payer's
    people and the request's own address after commit."""
    number = re.sub(r"\s+", "", number or "")
    if not NUMBER.match(number):
        raise FapiaoError(_("Give the fapiao number as printed on it (digits and letters)."))
    if issued_on is None or issued_on > timezone.localdate():
        raise FapiaoError(_("The fapiao's date cannot be in the future."))
    if pdf is None or not is_pdf(pdf):
        raise FapiaoError(_("Upload the fapiao as a PDF file."))
    if pdf.size > MAX_PDF_BYTES:
        raise FapiaoError(
            _("The file is too large: at most %(size)s MB.")
            % {"size": MAX_PDF_BYTES // (1024 * 1024)}
        )
    with transaction.atomic():
        fapiao = _decidable(fapiao)
        if fapiao.payment.kept <= ZERO:
            raise FapiaoError(
                _("This payment has been refunded in full: refuse the request instead.")
            )
        fapiao.state = FapiaoRequest.State.ISSUED
        fapiao.number = number
        fapiao.issued_on = issued_on
        fapiao.decided_by = by
        fapiao.decided_at = timezone.now()
        # Named after the payment and number, not after whatever the upload was called.
        name = get_valid_filename(f"{fapiao.payment.reference}-{number}.pdf")
        fapiao.pdf.save(name, pdf, save=False)
        fapiao.save(
            update_fields=["state", "number", "issued_on", "decided_by", "decided_at", "pdf"]
        )
        log(
            instance=fapiao,
            action="payments.fapiao_issued",
            user=by,
            data={
                "payment": fapiao.payment.reference,
                "number": number,
                "issued_on": issued_on.isoformat(),
            },
        )
        emails.fapiao_ready(fapiao)
    return fapiao


def refuse_fapiao(*, fapiao, by, reason):
    """Refuses the request with a reason the payer reads (wrong code, a buyer that is not the
    payer, …); they may then ask again. Refused for a request already decided. E-mails the
    payer's people and the request's own address after commit."""
    reason = (reason or "").strip()
    if not reason:
        raise FapiaoError(_("Give the reason, so the member can correct the request."))
    with transaction.atomic():
        fapiao = _decidable(fapiao)
        fapiao.state = FapiaoRequest.State.REFUSED
        fapiao.refusal_reason = reason
        fapiao.decided_by = by
        fapiao.decided_at = timezone.now()
        fapiao.save(update_fields=["state", "refusal_reason", "decided_by", "decided_at"])
        log(
            instance=fapiao,
            action="payments.fapiao_refused",
            user=by,
            data={"payment": fapiao.payment.reference, "reason": reason},
        )
        emails.fapiao_refused(fapiao)
    return fapiao


def download_name(fapiao):
    """The file name the payer's browser saves the PDF as (Chinese, for filename*)."""
    return f"发票-{fapiao.number}.pdf"

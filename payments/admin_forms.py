"""Forms of the organisers' payment screen (payments.admin_views): money received, waiving,
cancelling and refunding. Amounts are read with money.to_amount (never float); a proof of
payment is checked by its content, not by its name."""

import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import PaymentError
from .models import MANUAL_METHODS, Method
from .money import to_amount

MAX_PROOF_BYTES = 10 * 1024 * 1024
MAX_PROOF_PIXELS = 40_000_000


class AmountField(forms.CharField):
    """An amount in yuan as organisers type it (1200, 1,200.00, ¥1 200), as a Decimal."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        try:
            return to_amount(value, allow_zero=False)
        except PaymentError as error:
            raise forms.ValidationError(error.message) from error


def check_proof(upload):
    """The upload if it is a PDF or an image that Pillow reads, within MAX_PROOF_BYTES;
    ValidationError otherwise. Whatever the file calls itself, its content decides."""
    if upload.size > MAX_PROOF_BYTES:
        raise forms.ValidationError(
            _("The file is too large: at most %(size)s MB.")
            % {"size": MAX_PROOF_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return upload
    from PIL import Image

    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            if image.width * image.height > MAX_PROOF_PIXELS:
                raise forms.ValidationError(_("The image is too large."))
            image.verify()
            kind = image.format
    except forms.ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a file it cannot read
        raise forms.ValidationError(
            _("Upload the proof as a PDF or an image (JPEG, PNG …).")
        ) from error
    finally:
        upload.seek(0)
    if kind not in {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO"}:
        raise forms.ValidationError(_("Upload the proof as a PDF or an image (JPEG, PNG …)."))
    return upload


class RecordPaymentForm(forms.Form):
    amount = AmountField(label=_("Amount received (yuan)"))
    booked_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[(method.value, method.label) for method in MANUAL_METHODS],
        initial=Method.BANK_TRANSFER,
        widget=forms.RadioSelect,
    )
    bank_reference = forms.CharField(
        label=_("Bank's serial number"),
        required=False,
        max_length=64,
        help_text=_("Optional: the transfer's serial number on the bank statement."),
    )
    proof = forms.FileField(
        label=_("Proof of payment"),
        required=False,
        help_text=_("A PDF or an image of the transfer slip or receipt, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, payment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booked_on"].initial = timezone.localdate
        if payment is not None and payment.outstanding:
            self.fields["amount"].initial = f"{payment.outstanding:.2f}"
        self.fields["booked_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_booked_on(self):
        booked_on = self.cleaned_data["booked_on"]
        if booked_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date of a payment received cannot be in the future.")
            )
        return booked_on

    def clean_proof(self):
        proof = self.cleaned_data.get("proof")
        return check_proof(proof) if proof else None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WaiveForm(ReasonForm):
    pass


class CancelForm(ReasonForm):
    pass


class RefundForm(ReasonForm):
    amount = AmountField(label=_("Amount to refund (yuan)"))
    field_order = ["amount", "reason"]

    def __init__(self, *args, payment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if payment is not None and payment.kept:
            self.fields["amount"].initial = f"{payment.kept:.2f}"

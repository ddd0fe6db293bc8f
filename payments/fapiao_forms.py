"""Forms of fapiao requests: the payer's request (payments.fapiao_views), and the organiser's
issue and refuse forms (payments.admin_fapiao). They check what a person can correct, field by
field, in the person's language; payments.fapiao checks it all again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import FapiaoError
from .fapiao import MAX_PDF_BYTES, NUMBER, SPECIAL_FIELDS, is_pdf, normalise_tax_id
from .models import FapiaoRequest


class FapiaoRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of fapiao"),
        choices=FapiaoRequest.Kind.choices,
        initial=FapiaoRequest.Kind.NORMAL,
        widget=forms.RadioSelect,
        help_text=_(
            "A special VAT invoice lets a VAT general taxpayer deduct the input tax; it needs "
            "the company's registered address, phone, bank and account."
        ),
    )
    buyer_name = forms.CharField(
        label=_("Buyer (company name)"),
        max_length=200,
        help_text=_("Exactly as on the business licence."),
    )
    tax_id = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,  # typed with spaces or hyphens; 18 characters once compacted
        help_text=_(
            "18 characters, as on the business licence (the taxpayer identification number)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Registered address"),
        max_length=200,
        required=False,
        help_text=_("For a special VAT invoice."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("For a special VAT invoice: the phone registered with the tax office."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    bank_name = forms.CharField(
        label=_("Bank and branch"),
        max_length=120,
        required=False,
        help_text=_("For a special VAT invoice."),
    )
    bank_account = forms.CharField(
        label=_("Account number"),
        max_length=40,
        required=False,
        help_text=_("For a special VAT invoice."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Send the fapiao to"),
        max_length=254,
        required=False,
        help_text=_("We also tell this address when the fapiao is ready (your finance office)."),
    )

    def clean_tax_id(self):
        try:
            return normalise_tax_id(self.cleaned_data["tax_id"])
        except FapiaoError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == FapiaoRequest.Kind.SPECIAL:
            for name in SPECIAL_FIELDS:
                if not (cleaned.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("A special VAT invoice needs this."))
        return cleaned


class IssueFapiaoForm(forms.Form):
    number = forms.CharField(
        label=_("Fapiao number"),
        max_length=60,
        help_text=_("As printed on the fapiao (20 digits for a fully digital e-fapiao)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        # ISO, as an <input type="date"> needs it whatever the language's date format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    pdf = forms.FileField(
        label=_("Fapiao (PDF)"),
        help_text=_("The PDF the tax system gave, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate
        self.fields["issued_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_number(self):
        number = "".join(self.cleaned_data["number"].split())
        if not NUMBER.match(number):
            raise forms.ValidationError(
                _("Give the fapiao number as printed on it (digits and letters).")
            )
        return number

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise forms.ValidationError(_("The fapiao's date cannot be in the future."))
        return issued_on

    def clean_pdf(self):
        pdf = self.cleaned_data["pdf"]
        if pdf.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": MAX_PDF_BYTES // (1024 * 1024)}
            )
        if not is_pdf(pdf):
            raise forms.ValidationError(_("Upload the fapiao as a PDF file."))
        return pdf


class RefuseFapiaoForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        help_text=_("The member reads it in the e-mail and on the payment's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

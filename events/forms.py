from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BoothApplication


class RegistrationForm(forms.Form):
    """One field per question the organisers set for the event."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for question in event.questions.all():
            name = f"q{question.pk}"
            if question.choice_list:
                self.fields[name] = forms.ChoiceField(
                    label=question.display_label,
                    required=question.required,
                    choices=[("", "—"), *((choice, choice) for choice in question.choice_list)],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.display_label, required=question.required, max_length=300
                )

    def answers(self):
        return {name[1:]: value for name, value in self.cleaned_data.items() if value}


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )


class BoothApplicationForm(forms.ModelForm):
    class Meta:
        model = BoothApplication
        fields = ["booths_wanted", "preferred_zone", "products", "staff_count"]
        widgets = {"products": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        zones = sorted(set(event.booths.values_list("zone", flat=True)))
        self.fields["preferred_zone"] = forms.ChoiceField(
            label=_("Preferred zone"),
            required=False,
            choices=[("", _("No preference")), *((zone, zone) for zone in zones)],
        )
        self.fields["booths_wanted"].widget.attrs.update(min=1, max=4)
        self.fields["booths_wanted"].validators.append(_max_four)


def _max_four(value):
    if not 1 <= value <= 4:
        raise forms.ValidationError(_("Apply for one to four booths."))


class DoorPaymentForm(forms.Form):
    """Money taken at the door for a seat still to be paid: cash or a card on the POS."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    amount = forms.CharField(
        label=_("Amount received (yuan)"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(label=_("Method"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        from payments.models import Method

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m.value, m.label) for m in (Method.CASH, Method.POS)]
        self.fields["method"].initial = Method.CASH

    def clean_amount(self):
        from payments.errors import PaymentError
        from payments.money import to_amount

        try:
            return to_amount(self.cleaned_data["amount"], allow_zero=False)
        except PaymentError as error:
            raise forms.ValidationError(error.message) from error

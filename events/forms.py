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

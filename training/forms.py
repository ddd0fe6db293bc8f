from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Your reasons for joining"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences: your company, your role and what you hope to learn."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept")),
            ("waitlist", _("Waitlist")),
            ("reject", pgettext_lazy("enrolment", "Reject")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting; e-mailed to the applicant."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=300,
        help_text=_("Shown on the public verification page."),
    )


class VerifyForm(forms.Form):
    serial = forms.CharField(
        label=_("Certificate number"),
        max_length=24,
        widget=forms.TextInput(
            attrs={"placeholder": "YY-2026-0007", "autocapitalize": "characters"}
        ),
    )
    name = forms.CharField(label=_("Holder's name"), max_length=120)

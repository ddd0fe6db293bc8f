from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from .models import User
from .validators import validate_display_text


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after creating the user)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[validate_display_text],
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": _("e.g. 李明")}),
    )

    consent = forms.BooleanField(
        label=_("I have read and accept the privacy policy."),
        error_messages={"required": _("Please accept the privacy policy to sign up.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = privacy_policy_page()
        if policy:
            self.fields["consent"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                policy.url,
                _("Read the privacy policy"),
            )

    def signup(self, request, user):
        user.name = self.cleaned_data["name"].strip()
        user.language = get_language() if get_language() in dict(settings.LANGUAGES) else "zh-hans"
        # What was agreed to, and when: the policy's version is a setting bumped with its text.
        user.privacy_consented_at = timezone.now()
        user.privacy_consent_version = settings.PRIVACY_POLICY_VERSION
        user.save(
            update_fields=["name", "language", "privacy_consented_at", "privacy_consent_version"]
        )


def privacy_policy_page():
    from .models import StandardPage

    return StandardPage.objects.live().filter(slug="privacy").first()


class AccountProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class UserEditForm(WagtailUserEditForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, validators=[validate_display_text]
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    class Meta(WagtailUserEditForm.Meta):
        fields = WagtailUserEditForm.Meta.fields | {"name", "language"}


class UserCreationForm(WagtailUserCreationForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, validators=[validate_display_text]
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    class Meta(WagtailUserCreationForm.Meta):
        fields = WagtailUserCreationForm.Meta.fields | {"name", "language"}


class DeletionRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account, my profile and my answers will be removed."),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

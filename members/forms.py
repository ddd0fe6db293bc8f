from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models import StandardPage
from cms.widgets import PictureInput

from .images import MAX_UPLOAD_BYTES, reencode_image
from .models import (
    CONTACT_FORM_FIELDS,
    ORGANISATION_CONTACT_FORM_FIELDS,
    CommitteePage,
    Industry,
    Market,
    MemberProfile,
    MembershipApplication,
    Organisation,
    OrganiserScope,
    SalesPlatform,
    SecretariatPage,
    Tier,
)


def picture_help(max_side):
    return gettext(
        "PNG, JPEG or WebP, at most %(size)s MB. Larger pictures are scaled down to %(side)s "
        "pixels on the longest side."
    ) % {"size": MAX_UPLOAD_BYTES // 2**20, "side": max_side}


class PictureField(forms.FileField):
    """A picture upload checked by content and re-encoded (see members.images)."""

    def __init__(self, *, max_side=800, **kwargs):
        self.max_side = max_side
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(picture_help, str)(max_side))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "image/png,image/jpeg,image/webp"}

    def bound_data(self, data, initial):
        # A file input cannot be filled in again, so after an error elsewhere in the form the
        # widget shows what is stored rather than the upload that is about to be dropped.
        return initial

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size") and value is not initial:
            return reencode_image(value, max_side=self.max_side)
        return value


APPLICATION_FIELDS = [
    "organisation_name",
    "organisation_name_en",
    "industry",
    "city",
    "secretariat",
    "founded_year",
    "staff_band",
    "trade_band",
    "main_products",
    "website",
    "company_phone",
    "applicant_name",
    "applicant_title",
    "applicant_phone",
    "applicant_wechat",
    "message",
]


class MembershipApplicationForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the association keeps these details to handle my application and, "
            "once approved, shows them in the member directory as I choose."
        ),
        error_messages={"required": _("Please accept the privacy terms to apply.")},
    )

    class Meta:
        model = MembershipApplication
        fields = APPLICATION_FIELDS
        widgets = {
            "main_products": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        privacy = StandardPage.objects.live().filter(slug="privacy").first()
        if privacy:
            self.fields["consent"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                privacy.url,
                _("Read the privacy policy"),
            )
        self.fields["secretariat"].queryset = SecretariatPage.objects.live().order_by("path")
        self.fields["secretariat"].required = True
        self.fields["industry"].queryset = Industry.objects.all()

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Give the company's full registered name."))
        return name


class OrganisationForm(forms.ModelForm):
    """What a member company's owners and editors may change about it."""

    logo = PictureField(
        label=_("Logo"),
        max_side=600,
        widget=PictureInput(
            choose_label=_("Choose a logo"),
            replace_label=_("Choose a new logo"),
            remove_label=_("Remove logo"),
            preview_alt=_("Current logo"),
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "logo",
            "description",
            "description_en",
            "industry",
            "city",
            "founded_year",
            "staff_band",
            "trade_band",
            "main_products",
            "export_markets",
            "platforms",
            "website",
            *ORGANISATION_CONTACT_FORM_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "main_products": forms.Textarea(attrs={"rows": 3}),
            "export_markets": forms.CheckboxSelectMultiple,
            "platforms": forms.CheckboxSelectMultiple,
            "phone_visibility": forms.RadioSelect,
            "email_visibility": forms.RadioSelect,
            "wechat_visibility": forms.RadioSelect,
            "address_visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export_markets"].queryset = Market.objects.all()
        self.fields["platforms"].queryset = SalesPlatform.objects.all()


class ProfileForm(forms.ModelForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    photo = PictureField(
        label=_("Photo"),
        max_side=600,
        widget=PictureInput(
            choose_label=_("Choose a photo"),
            replace_label=_("Choose a new photo"),
            remove_label=_("Remove photo"),
            preview_alt=_("Current photo"),
        ),
    )

    class Meta:
        model = MemberProfile
        fields = [
            "name",
            "title",
            "title_en",
            "photo",
            "bio",
            "generation",
            *CONTACT_FORM_FIELDS,
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "phone_visibility": forms.RadioSelect,
            "email_visibility": forms.RadioSelect,
            "wechat_visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("name", self.instance.user.name)
        self.fields["email"].help_text = _("The address colleagues and members may write to.")

    def save(self, commit=True):
        profile = super().save(commit=commit)
        user = profile.user
        if user.name != self.cleaned_data["name"]:
            user.name = self.cleaned_data["name"]
            user.save(update_fields=["name"])
        return profile


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (MemberProfile.Role.EDITOR, _("Editor: may edit the company profile")),
            (MemberProfile.Role.STAFF, _("Staff: listed with the company")),
        ],
        initial=MemberProfile.Role.STAFF,
    )


class ApproveApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Link to an existing member company"),
        queryset=Organisation.objects.order_by("sort_key"),
        required=False,
        help_text=_("Leave empty to create the company from the application."),
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, initial=Tier.MEMBER)
    term_start = forms.DateField(label=_("Term start"), required=False)
    term_end = forms.DateField(label=_("Term end"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        return cleaned


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RenewMembershipForm(forms.Form):
    term_end = forms.DateField(
        label=_("New term end"),
        required=False,
        help_text=_("Leave empty for one year after the current term."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The columns of the directory export; the first row holds the headings."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large: at most 5 MB."))
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ApplicationAdminForm(WagtailAdminModelForm):
    """An application entered by an organiser: the same one-pending-per-person rule."""

    def clean(self):
        cleaned = super().clean()
        applicant = cleaned.get("applicant")
        pending = MembershipApplication.objects.filter(
            applicant=applicant, status=MembershipApplication.Status.APPLIED
        ).exclude(pk=self.instance.pk)
        if applicant and pending.exists():
            self.add_error(
                "applicant", _("This person already has an application awaiting review.")
            )
        return cleaned


class OrganiserScopeForm(WagtailAdminModelForm):
    """Administrators give an organiser (a member of the Organisers group) the secretariats
    and committees they run."""

    class Meta:
        model = OrganiserScope
        fields = ["user", "secretariats", "committees"]
        widgets = {
            "secretariats": forms.CheckboxSelectMultiple,
            "committees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from cms.permissions import ORGANISERS

        self.fields["user"].queryset = (
            get_user_model().objects.filter(groups__name=ORGANISERS).order_by("email").distinct()
        )
        self.fields["secretariats"].queryset = SecretariatPage.objects.order_by("path")
        self.fields["committees"].queryset = CommitteePage.objects.order_by("path")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("secretariats") and not cleaned.get("committees"):
            raise forms.ValidationError(
                _(
                    "Choose at least one secretariat or committee; without a scope the organiser "
                    "sees the whole association."
                )
            )
        return cleaned

from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser

from cms.admin_listing import (
    PendingFirstMixin,
    RestrictedViewSetMixin,
    SafeExportIndexView,
    main_action,
)

from . import admin_urls, scoping
from .forms import APPLICATION_FIELDS, ApplicationAdminForm, OrganiserScopeForm
from .importing import COLUMNS
from .models import (
    CONTACT_FORM_FIELDS,
    ORGANISATION_CONTACT_FORM_FIELDS,
    Industry,
    Market,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
    OrganiserScope,
    SalesPlatform,
    SecretariatPage,
)
from .panels import MembershipPanel
from .queues import MembershipApplicationQueue
from .search import companies_section

HEADINGS = dict(COLUMNS)


class OrganisationIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("industry", "secretariat", "membership")
            .prefetch_related("export_markets", "platforms")
        )


class OrganisationFilterSet(WagtailFilterSet):
    # django-filter names a filter across a relation "<model> <field>" when the class is
    # built, so the membership's half stayed English ("Membership 状态"); these say it whole,
    # in the language of the request.
    LABELS = {
        "membership__status": _("Membership status"),
        "membership__tier": _("Membership tier"),
    }

    class Meta:
        model = Organisation
        fields = ["industry", "secretariat", "trade_band", "membership__status", "membership__tier"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self.filters[name].label = label


class OrganisationViewSet(RestrictedViewSetMixin, ModelViewSet):
    model = Organisation
    icon = "group"

    def restrict(self, queryset, user):
        return scoping.restrict_organisations(queryset, user)

    def restrict_form(self, form, user):
        scope = scoping.scope_of(user)
        if scope is not None and scope.secretariat_ids:
            scoping.narrow_choices(
                form,
                user,
                secretariat=SecretariatPage.objects.filter(pk__in=scope.secretariat_ids),
            )

    menu_label = _("Member companies")
    index_view_class = OrganisationIndexView
    list_display = ["name", "industry", "city", "secretariat", "membership", "updated_at"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_en", "main_products", "city"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    export_filename = "member-companies"
    list_export = [
        "name",
        "name_en",
        "industry",
        "city",
        "secretariat",
        "founded_year",
        "staff_band",
        "trade_band",
        "main_products",
        "markets_text",
        "platforms_text",
        "website",
        "phone",
        "phone_visibility",
        "email",
        "email_visibility",
        "wechat",
        "wechat_visibility",
        "address",
        "address_visibility",
        "membership.tier",
        "membership.status",
        "membership.term_start",
        "membership.term_end",
    ]
    export_headings = {
        **HEADINGS,
        "markets_text": HEADINGS["export_markets"],
        "platforms_text": HEADINGS["platforms"],
        "membership.tier": HEADINGS["tier"],
        "membership.status": HEADINGS["status"],
        "membership.term_start": HEADINGS["term_start"],
        "membership.term_end": HEADINGS["term_end"],
    }
    form_fields = [
        "name",
        "name_en",
        "logo",
        "description",
        "description_en",
        "industry",
        "city",
        "secretariat",
        "founded_year",
        "staff_band",
        "trade_band",
        "main_products",
        "export_markets",
        "platforms",
        "website",
        *ORGANISATION_CONTACT_FORM_FIELDS,
    ]


class ApplicationIndexView(
    main_action(_("Review"), "members_admin:review_application", "check"),
    PendingFirstMixin,
    IndexView,
):
    pending_filter = {"status": MembershipApplication.Status.APPLIED}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("secretariat", "applicant")


class ApplicationEntryForm(ApplicationAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page chooser writes its "Choose a page (Secretariat)" once, in the language of
        # the request that first builds the form class; built here, it speaks this one's.
        field = self.fields["secretariat"]
        field.widget = AdminPageChooser(target_models=[SecretariatPage])
        field.widget.is_required = field.required


class ApplicationViewSet(RestrictedViewSetMixin, ModelViewSet):
    model = MembershipApplication
    icon = "form"
    menu_label = _("Applications")
    url_prefix = "members/applications"
    url_namespace = "members_applications"

    def restrict(self, queryset, user):
        return scoping.restrict_applications(queryset, user)

    def restrict_form(self, form, user):
        scope = scoping.scope_of(user)
        if scope is not None:
            scoping.narrow_choices(
                form,
                user,
                secretariat=SecretariatPage.objects.filter(pk__in=scope.secretariat_ids),
            )

    index_view_class = ApplicationIndexView
    list_display = ["organisation_name", "applicant_name", "secretariat", "status", "created_at"]
    list_filter = ["status", "secretariat"]
    search_fields = ["organisation_name", "applicant_name", "applicant__email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    # Organisers may also enter an application received on paper; deciding it is done on the
    # review screen, which goes through the services (mail, log, membership).
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ["applicant", *APPLICATION_FIELDS, "consented_at"]],
        base_form_class=ApplicationEntryForm,
    )


class CompanyRecordsViewSet(RestrictedViewSetMixin, ModelViewSet):
    """Records of a member company (its membership, its people): a scoped organiser sees and
    files them only for the companies in their scope."""

    def restrict(self, queryset, user):
        return scoping.restrict_organisations(queryset, user, "organisation__")

    def restrict_form(self, form, user):
        scoping.narrow_choices(
            form,
            user,
            organisation=scoping.restrict_organisations(Organisation.objects.all(), user),
        )


class MembershipIndexView(
    main_action(_("Renew"), "members_admin:renew_membership", "repeat"), SafeExportIndexView
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")


class MembershipViewSet(CompanyRecordsViewSet):
    model = Membership
    icon = "date"
    menu_label = _("Memberships")
    url_prefix = "members/memberships"
    url_namespace = "members_memberships"

    index_view_class = MembershipIndexView
    list_display = ["organisation", "tier", "status", "term_start", "term_end"]
    list_filter = ["status", "tier"]
    search_fields = ["organisation__name", "organisation__name_en"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["organisation", "tier", "status", "term_start", "term_end"]
    export_filename = "memberships"
    list_export = ["organisation", "tier", "status", "term_start", "term_end"]
    export_headings = {
        "organisation": capfirst(Organisation._meta.verbose_name),
        "tier": HEADINGS["tier"],
        "status": HEADINGS["status"],
        "term_start": HEADINGS["term_start"],
        "term_end": HEADINGS["term_end"],
    }


class PeopleIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "organisation")


class PeopleViewSet(CompanyRecordsViewSet):
    model = MemberProfile
    index_view_class = PeopleIndexView
    icon = "user"
    menu_label = _("People")
    url_prefix = "members/people"
    url_namespace = "members_people"

    list_display = ["__str__", "user", "organisation", "role", "title"]
    list_filter = ["role", "generation"]
    search_fields = ["user__name", "user__email", "organisation__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = [
        "user",
        "organisation",
        "role",
        "title",
        "title_en",
        "bio",
        "generation",
        *CONTACT_FORM_FIELDS,
    ]


def choice_viewset(choice_model, icon, label, prefix):
    fields = ["name", "name_en", "slug", "sort_order"]
    if choice_model is Market:
        fields.insert(2, "code")
    return type(
        f"{choice_model.__name__}ViewSet",
        (ModelViewSet,),
        {
            "model": choice_model,
            "icon": icon,
            "menu_label": label,
            "url_prefix": f"members/{prefix}",
            "url_namespace": f"members_{prefix}",
            "list_display": ["name", "name_en", "slug", "sort_order"],
            "search_fields": ["name", "name_en"],
            "search_backend_name": None,
            "form_fields": fields,
            "copy_view_enabled": False,
        },
    )


class MembersGroup(ViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 200
    items = (
        OrganisationViewSet("members_organisations", url_prefix="members/organisations"),
        ApplicationViewSet(),
        MembershipViewSet(),
        PeopleViewSet(),
        choice_viewset(Industry, "tag", _("Industries"), "industries")(),
        choice_viewset(Market, "site", _("Export markets"), "markets")(),
        choice_viewset(SalesPlatform, "link", _("Sales platforms"), "platforms")(),
    )


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersGroup()


class OrganiserScopeIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("user")
            .prefetch_related("secretariats", "committees")
        )


class OrganiserScopeViewSet(ModelViewSet):
    """Administrators (only they hold these permissions) say which secretariats and committees
    an organiser runs."""

    model = OrganiserScope
    icon = "lock"
    menu_label = _("Organisers' scopes")
    add_to_settings_menu = True
    menu_order = 8900
    url_prefix = "members/organiser-scopes"
    url_namespace = "members_organiser_scopes"
    index_view_class = OrganiserScopeIndexView
    list_display = ["user", "secretariats_text", "committees_text"]
    search_fields = ["user__name", "user__email"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["user", "secretariats", "committees"]

    def get_form_class(self, for_update=False):
        return OrganiserScopeForm


@hooks.register("register_admin_viewset")
def register_organiser_scopes():
    return OrganiserScopeViewSet()


@hooks.register("register_admin_urls")
def register_members_admin_urls():
    return [path("members/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    from wagtail.admin.menu import MenuItem as AdminMenuItem

    class ImportMenuItem(AdminMenuItem):
        def is_shown(self, request):
            return request.user.has_perm("members.add_organisation") and (
                scoping.whole_view_only(request.user)
            )

    return ImportMenuItem(
        _("Import member companies"), reverse("members_admin:import"), icon_name="upload", order=210
    )


def changes_message(log_entry):
    """ "Field: old → new; …" as plain text: Wagtail's history passes messages through
    capfirst(), which drops the safe mark of HTML, and its template escapes them once."""
    changes = log_entry.data or {}
    return "; ".join(
        f"{field}: {values[0] or '—'} → {values[1] or '—'}"
        for field, values in changes.items()
        if isinstance(values, list) and len(values) == 2
    ) or str(_("Profile edited"))


@hooks.register("register_log_actions")
def register_members_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    simple = {
        "members.application_submitted": _("Application submitted"),
        "members.application_approved": _("Application approved"),
        "members.application_rejected": _("Application rejected"),
        "members.member_added": _("Person added to the company"),
        "members.member_removed": _("Person removed from the company"),
        "members.invited": _("Colleague invited"),
        "members.renewed": _("Membership renewed"),
        "members.lapsed": _("Membership lapsed"),
    }
    for action, label in simple.items():
        actions.register_action(action, label, label)

    @actions.register_action("members.profile_edited")
    class ProfileEdited(LogFormatter):
        label = _("Profile edited")

        def format_message(self, log_entry):
            return changes_message(log_entry)

    @actions.register_action("members.person_edited")
    class PersonEdited(LogFormatter):
        label = _("A person's profile edited")

        def format_message(self, log_entry):
            person = (log_entry.data or {}).get("person", "")
            return f"{person}: {changes_message(log_entry)}"

    @actions.register_action("members.imported")
    class Imported(LogFormatter):
        label = _("Imported from a spreadsheet")

        def format_message(self, log_entry):
            from .importing import import_message

            return import_message(log_entry)


hooks.register("register_dashboard_panel", MembershipPanel)
hooks.register("register_work_queue", MembershipApplicationQueue)
hooks.register("narrows_organiser_view", scoping.is_scoped)
hooks.register("register_search_section", companies_section)


@hooks.register("register_personal_data")
def members_personal_data():
    from .privacy import personal_data

    return personal_data()

"""Member companies, the people at them, their membership terms and applications.

Committees and secretariats are Wagtail pages (they have public URLs and editorial text);
everything else is a record shown to organisers through Wagtail ModelViewSets.
"""

import datetime

from anyascii import anyascii
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.i18n import CJK_RUN, TranslatedField
from cms.models import BilingualPage
from cms.validators import validate_display_text


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members only")
    HIDDEN = "hidden", _("Hidden")


class Viewer(models.TextChoices):
    """Who is looking, from least to most entitled, as far as privacy is concerned."""

    ANONYMOUS = "anonymous", _("visitor")
    MEMBER = "member", _("member")
    COLLEAGUE = "colleague", _("colleague")
    ORGANISER = "organiser", _("organiser")


def visible_to(visibility, viewer):
    """Whether a field with this visibility may be shown to this kind of viewer.

    Hidden means hidden from other members too: only the organisation's own people and the
    association's organisers see it.
    """
    if viewer in (Viewer.ORGANISER, Viewer.COLLEAGUE):
        return True
    if visibility == Visibility.PUBLIC:
        return True
    return visibility == Visibility.MEMBERS and viewer == Viewer.MEMBER


def unique_slug(model, text, *, instance=None, fallback="member"):
    """An ASCII slug for a (usually Chinese) name, a syllable per character (岳阳茶业 →
    yue-yang-cha-ye) so it stays readable; never empty, numbered when taken."""
    spaced = CJK_RUN.sub(
        lambda run: " " + " ".join(anyascii(ch) for ch in run.group(0)) + " ", text or ""
    )
    base = slugify(anyascii(spaced))[:60].strip("-") or fallback
    slug, number = base, 2
    others = model.objects.exclude(pk=instance.pk) if instance and instance.pk else model.objects
    while others.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


class ManagedChoice(models.Model):
    """A list organisers extend in the admin (industries, markets, platforms)."""

    name = models.CharField(pgettext_lazy("list entry", "name"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    display_name = TranslatedField("name", "name_en")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return str(self.display_name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name_en or self.name, instance=self)
        super().save(*args, **kwargs)


class Industry(ManagedChoice):
    class Meta(ManagedChoice.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Market(ManagedChoice):
    code = models.CharField(
        _("country code"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. US")
    )

    class Meta(ManagedChoice.Meta):
        verbose_name = _("export market")
        verbose_name_plural = _("export markets")


class SalesPlatform(ManagedChoice):
    class Meta(ManagedChoice.Meta):
        verbose_name = _("sales platform")
        verbose_name_plural = _("sales platforms")


class StaffBand(models.TextChoices):
    UNDER_10 = "1-9", _("1–9 staff")
    UNDER_50 = "10-49", _("10–49 staff")
    UNDER_200 = "50-199", _("50–199 staff")
    UNDER_1000 = "200-999", _("200–999 staff")
    OVER_1000 = "1000+", _("1,000 staff or more")


class TradeBand(models.TextChoices):
    UNDER_10M = "under-10m", _("under 10 million CNY")
    UNDER_100M = "10m-100m", _("10–100 million CNY")
    UNDER_1B = "100m-1b", _("100 million–1 billion CNY")
    OVER_1B = "over-1b", _("over 1 billion CNY")


class Tier(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice-president", _("Vice president")
    STANDING_COUNCIL = "standing-council", _("Standing council member")
    COUNCIL = "council", _("Council member")
    MEMBER = "member", _("Member")


TIER_RANK = {tier: rank for rank, tier in enumerate(Tier.values)}


class ContactFields(models.Model):
    """Phone, e-mail, WeChat and address, each with the visibility its owner chose."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_visibility = models.CharField(
        _("who sees the phone"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    email_visibility = models.CharField(
        _("who sees the e-mail"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    wechat = models.CharField(_("WeChat ID"), max_length=60, blank=True)
    wechat_visibility = models.CharField(
        _("who sees the WeChat ID"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )

    CONTACT_FIELDS = ("phone", "email", "wechat")

    class Meta:
        abstract = True

    def contacts_for(self, viewer):
        """The contact details this viewer may see, as {field: value}, empty ones left out."""
        return {
            name: getattr(self, name)
            for name in self.CONTACT_FIELDS
            if getattr(self, name) and visible_to(getattr(self, f"{name}_visibility"), viewer)
        }


# Each contact detail with the visibility its owner chose, in the order forms show them.
CONTACT_FORM_FIELDS = [
    "phone",
    "phone_visibility",
    "email",
    "email_visibility",
    "wechat",
    "wechat_visibility",
]
ORGANISATION_CONTACT_FORM_FIELDS = [*CONTACT_FORM_FIELDS, "address", "address_visibility"]


def active_member_count(relation):
    """Annotation: how many companies with an active membership sit behind `relation`."""
    return models.Count(
        relation,
        distinct=True,
        filter=Q(**{f"{relation}__membership__status": Membership.Status.ACTIVE}),
    )


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """Organisations the public directory shows: those with an active membership."""
        return self.filter(membership__status=Membership.Status.ACTIVE)

    def search(self, text):
        for term in text.split()[:8]:
            self = self.filter(search_text__icontains=term)
        return self


class Organisation(ContactFields):
    name = models.CharField(
        _("name (Chinese)"), max_length=120, unique=True, validators=[validate_display_text]
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address on this site"), max_length=80, unique=True)
    logo = models.ImageField(pgettext_lazy("company", "logo"), upload_to="logos/", blank=True)
    description = models.TextField(pgettext_lazy("company", "introduction"), blank=True)
    description_en = models.TextField(_("introduction (English)"), blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    city = models.CharField(_("county or city"), max_length=40)
    secretariat = models.ForeignKey(
        "members.SecretariatPage",
        verbose_name=_("secretariat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    staff_band = models.CharField(_("staff"), max_length=10, choices=StaffBand.choices, blank=True)
    trade_band = models.CharField(
        _("annual trade"), max_length=12, choices=TradeBand.choices, blank=True
    )
    main_products = models.TextField(_("main products"), blank=True)
    export_markets = models.ManyToManyField(
        Market, verbose_name=_("export markets"), blank=True, related_name="organisations"
    )
    platforms = models.ManyToManyField(
        SalesPlatform, verbose_name=_("sales platforms"), blank=True, related_name="organisations"
    )
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_visibility = models.CharField(
        _("who sees the address"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    # Denormalised for the directory: Chinese has no spaces to split words at, so the directory
    # searches this text with a substring match per term instead of a word index.
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.CharField(editable=False, max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    CONTACT_FIELDS = ("phone", "email", "wechat", "address")

    display_name = TranslatedField("name", "name_en")
    display_description = TranslatedField("description", "description_en")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("member company")
        verbose_name_plural = _("member companies")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name_en or self.name, instance=self)
        self.sort_key = anyascii(self.name).lower()[:200]
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:organisation", kwargs={"slug": self.slug})

    def markets_text(self):
        return "、".join(str(market) for market in self.export_markets.all())

    def platforms_text(self):
        return "、".join(str(platform) for platform in self.platforms.all())

    def build_search_text(self):
        parts = [self.name, self.name_en, self.main_products, self.city, self.description]
        if self.pk:
            for market in self.export_markets.all():
                parts += [market.name, market.name_en]
            for platform in self.platforms.all():
                parts += [platform.name, platform.name_en]
        return " ".join(part for part in parts if part).lower()

    def refresh_search_text(self):
        """Called when the markets or platforms change (see the m2m_changed receiver)."""
        self.search_text = self.build_search_text()
        Organisation.objects.filter(pk=self.pk).update(search_text=self.search_text)


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        SUSPENDED = "suspended", _("Suspended")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("member company"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), db_index=True)
    # The term end a renewal reminder was sent for, so each term gets one reminder.
    reminder_sent_for = models.DateField(editable=False, null=True, blank=True)
    tier_rank = models.PositiveSmallIntegerField(editable=False, default=TIER_RANK[Tier.MEMBER])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["tier_rank", "organisation__sort_key"]

    def __str__(self):
        return f"{self.organisation} · {self.get_tier_display()} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.tier_rank = TIER_RANK.get(self.tier, len(TIER_RANK))
        super().save(*args, **kwargs)

    @property
    def days_left(self):
        return (self.term_end - timezone.localdate()).days


class MemberProfile(ContactFields):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")
        STAFF = "staff", _("Staff")

    class Generation(models.TextChoices):
        FOUNDER = "founder", _("Founder")
        SECOND = "second", _("Second generation")
        THIRD = "third", _("Third generation or later")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    title = models.CharField(_("job title"), max_length=60, blank=True)
    title_en = models.CharField(_("job title (English)"), max_length=80, blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    bio = models.TextField(_("about me"), blank=True)
    generation = models.CharField(
        _("generation"), max_length=10, choices=Generation.choices, blank=True
    )

    display_title = TranslatedField("title", "title_en")

    class Meta:
        verbose_name = pgettext_lazy("member profile", "person")
        verbose_name_plural = _("people")
        ordering = ["organisation__sort_key", "role", "pk"]

    def __str__(self):
        name = self.user.get_full_name() or _("(no name given)")
        return f"{name} · {self.organisation}" if self.organisation_id else str(name)

    @property
    def name(self):
        return self.user.get_full_name()

    @property
    def can_edit_organisation(self):
        return self.organisation_id is not None and self.role in (
            self.Role.OWNER,
            self.Role.EDITOR,
        )


class MembershipApplication(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="membership_applications",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    # The company as the applicant described it.
    organisation_name = models.CharField(
        _("company name (Chinese)"), max_length=120, validators=[validate_display_text]
    )
    organisation_name_en = models.CharField(_("company name (English)"), max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("county or city"), max_length=40)
    secretariat = models.ForeignKey(
        "members.SecretariatPage",
        verbose_name=_("secretariat"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    staff_band = models.CharField(_("staff"), max_length=10, choices=StaffBand.choices, blank=True)
    trade_band = models.CharField(
        _("annual trade"), max_length=12, choices=TradeBand.choices, blank=True
    )
    main_products = models.TextField(_("main products"), blank=True)
    website = models.URLField(_("website"), blank=True)
    company_phone = models.CharField(_("company phone"), max_length=40, blank=True)
    # The applicant.
    applicant_name = models.CharField(
        _("your name"), max_length=60, validators=[validate_display_text]
    )
    applicant_title = models.CharField(_("your job title"), max_length=60, blank=True)
    applicant_phone = models.CharField(_("your mobile phone"), max_length=40)
    applicant_wechat = models.CharField(_("your WeChat ID"), max_length=60, blank=True)
    message = models.TextField(_("anything else we should know"), blank=True)
    consented_at = models.DateTimeField(_("privacy terms accepted at"))
    consent_version = models.CharField(
        _("privacy policy version accepted"), max_length=20, blank=True, editable=False
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="applied"),
                name="one_pending_application_per_person",
            )
        ]

    def __str__(self):
        return f"{self.organisation_name} ({self.applicant_name})"


class Invitation(models.Model):
    """An owner's invitation to a colleague, accepted by signing in with the invited e-mail."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=[
            (MemberProfile.Role.EDITOR, MemberProfile.Role.EDITOR.label),
            (MemberProfile.Role.STAFF, MemberProfile.Role.STAFF.label),
        ],
        default=MemberProfile.Role.STAFF,
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def expired(self):
        return self.created_at < timezone.now() - datetime.timedelta(days=14)


class SecretariatIndexPage(BilingualPage):
    search_kind = pgettext_lazy("search result", "Secretariat")

    max_count = 1
    subpage_types = ["members.SecretariatPage"]
    edit_handler = BilingualPage.build_edit_handler()

    def permissions_for_user(self, user):
        # The association's own structure: organisers scoped to a part of it do not change
        # it (a committee chair adding seats would widen their own scope).
        from .scoping import page_permissions

        return page_permissions(self, user, in_scope=lambda scope: False)

    class Meta:
        verbose_name = _("secretariat index")
        verbose_name_plural = _("secretariat indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["secretariats"] = (
            SecretariatPage.objects.live()
            .child_of(self)
            .annotate(member_count=active_member_count("organisations"))
        )
        return context


class SecretariatPage(BilingualPage):
    search_kind = pgettext_lazy("search result", "Secretariat")

    city = models.CharField(_("city"), max_length=40)
    city_en = models.CharField(_("city (English)"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    display_city = TranslatedField("city", "city_en")
    display_address = TranslatedField("address", "address_en")

    parent_page_types = ["members.SecretariatIndexPage"]
    subpage_types = []
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            MultiFieldPanel(
                [
                    FieldPanel("city"),
                    FieldPanel("address"),
                    FieldPanel("phone"),
                    FieldPanel("email"),
                ],
                heading=_("Contact"),
            )
        ],
        extra_english=[FieldPanel("city_en"), FieldPanel("address_en")],
    )
    search_fields = [*BilingualPage.search_fields, index.SearchField("city")]

    def permissions_for_user(self, user):
        # The association's own structure: organisers scoped to a part of it do not change
        # it (a committee chair adding seats would widen their own scope).
        from .scoping import page_permissions

        return page_permissions(self, user, in_scope=lambda scope: False)

    class Meta:
        verbose_name = _("secretariat")
        verbose_name_plural = _("secretariats")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = (
            self.organisations.listed().select_related("industry").order_by("sort_key")
        )
        return context


class CommitteeIndexPage(BilingualPage):
    search_kind = pgettext_lazy("search result", "Committee")

    max_count = 1
    subpage_types = ["members.CommitteePage"]
    edit_handler = BilingualPage.build_edit_handler()

    def permissions_for_user(self, user):
        # The association's own structure: organisers scoped to a part of it do not change
        # it (a committee chair adding seats would widen their own scope).
        from .scoping import page_permissions

        return page_permissions(self, user, in_scope=lambda scope: False)

    class Meta:
        verbose_name = _("committee index")
        verbose_name_plural = _("committee indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["committees"] = (
            CommitteePage.objects.live()
            .child_of(self)
            .annotate(member_count=active_member_count("seats__organisation"))
        )
        return context


class CommitteePage(BilingualPage):
    search_kind = pgettext_lazy("search result", "Committee")

    remit = models.TextField(_("remit"))
    remit_en = models.TextField(_("remit (English)"), blank=True)

    display_remit = TranslatedField("remit", "remit_en")

    parent_page_types = ["members.CommitteeIndexPage"]
    subpage_types = []
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            FieldPanel("remit"),
            InlinePanel("seats", label=pgettext_lazy("committee members", "Seats")),
        ],
        extra_english=[FieldPanel("remit_en")],
    )
    search_fields = [*BilingualPage.search_fields, index.SearchField("remit")]

    def permissions_for_user(self, user):
        # The association's own structure: organisers scoped to a part of it do not change
        # it (a committee chair adding seats would widen their own scope).
        from .scoping import page_permissions

        return page_permissions(self, user, in_scope=lambda scope: False)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        seats = (
            self.seats.filter(organisation__membership__status=Membership.Status.ACTIVE)
            .select_related("organisation", "person__user")
            .order_by("role_rank", "sort_order")
        )
        context["chairs"] = [seat for seat in seats if seat.role == CommitteeSeat.Role.CHAIR]
        context["vice_chairs"] = [
            seat for seat in seats if seat.role == CommitteeSeat.Role.VICE_CHAIR
        ]
        context["members"] = [seat for seat in seats if seat.role == CommitteeSeat.Role.MEMBER]
        return context


class CommitteeSeat(Orderable):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("committee seat", "Chair")
        VICE_CHAIR = "vice-chair", pgettext_lazy("committee seat", "Vice chair")
        MEMBER = "member", pgettext_lazy("committee seat", "Member")

    committee = ParentalKey(CommitteePage, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member company"),
        on_delete=models.CASCADE,
        related_name="committee_seats",
    )
    person = models.ForeignKey(
        MemberProfile,
        verbose_name=_("representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    role_rank = models.PositiveSmallIntegerField(editable=False, default=2)

    # The representative is set with the company's people in mind (see the demo); editors
    # choose the company and role, which keeps a chooser of every person out of page editing.
    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")

    def save(self, *args, **kwargs):
        self.role_rank = list(self.Role.values).index(self.role)
        super().save(*args, **kwargs)


@receiver(m2m_changed, sender=Organisation.export_markets.through)
@receiver(m2m_changed, sender=Organisation.platforms.through)
def _relations_changed(sender, instance, action, reverse, **kwargs):
    """Market and platform names are searchable: keep the search text current however the
    relations change (member form, admin, import)."""
    if action.startswith("post_") and not reverse:
        instance.refresh_search_text()


class ImportRun(models.Model):
    """One import of a member-company spreadsheet: who ran it, the file, how far it got and the
    row-by-row report. A large file is imported by the task worker from a private copy, deleted
    once the run ends; the admin shows the run's progress and then its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=200)
    # The private copy the worker reads (empty for a file imported at once, and after the run).
    stored_name = models.CharField(max_length=255, blank=True, editable=False)
    in_background = models.BooleanField(default=False, editable=False)
    # The language of the person who started it: the report's reasons are written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"number": row, "name": company, "outcome": created|updated|rejected, "errors": [...],
    #   "unchanged": bool}, ...] in the order of the file.
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("company import")
        verbose_name_plural = _("company imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(self.done * 100 / self.total))

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class OrganiserScope(models.Model):
    """The part of the association an organiser runs: a city secretariat's staff see and decide
    only their secretariats' applications, member companies and events; a committee chair only
    the committee's member companies. An organiser without a scope, and every administrator,
    keeps the whole view (members.scoping)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="organiser_scope",
    )
    secretariats = models.ManyToManyField(
        "members.SecretariatPage",
        verbose_name=_("secretariats"),
        blank=True,
        related_name="+",
        help_text=_("The organiser sees and decides only what belongs to these secretariats."),
    )
    committees = models.ManyToManyField(
        "members.CommitteePage",
        verbose_name=_("committees"),
        blank=True,
        related_name="+",
        help_text=_("A committee chair sees the member companies holding seats on these."),
    )

    class Meta:
        verbose_name = _("organiser's scope")
        verbose_name_plural = _("organisers' scopes")

    def __str__(self):
        return str(self.user)

    def secretariats_text(self):
        return "、".join(page.title for page in self.secretariats.all())

    secretariats_text.short_description = _("secretariats")

    def committees_text(self):
        return "、".join(page.title for page in self.committees.all())

    committees_text.short_description = _("committees")

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.paginator import Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index

from .blocks import BodyBlock, HighlightBlock, MenuItemBlock
from .i18n import TranslatedField, cjk_terms
from .validators import validate_display_text


def stream_text(value):
    """The plain text inside a StreamField value, for search indexing."""
    if isinstance(value, str):
        return value
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, dict):  # StructValue
        return " ".join(stream_text(v) for v in value.values())
    if hasattr(value, "__iter__"):  # StreamValue, ListValue
        return " ".join(stream_text(getattr(child, "value", child)) for child in value)
    return ""


def optional_image(verbose_name):
    """A link to an image in the Wagtail library that may be empty and survives its deletion."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: signs in by e-mail, has one display name (Chinese names are
    not split into given and family names) and a preferred language for e-mails."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(
        _("name"), max_length=100, blank=True, validators=[validate_display_text]
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    privacy_consented_at = models.DateTimeField(
        _("privacy policy accepted at"), null=True, blank=True, editable=False
    )
    privacy_consent_version = models.CharField(
        _("privacy policy version accepted"), max_length=20, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return self.name or f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.name or self.first_name or self.email.split("@")[0]


class BilingualPage(Page):
    """A page whose title, introduction and body can each be given in English too."""

    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    body_en = StreamField(BodyBlock(), verbose_name=_("body (English)"), blank=True)

    display_title = TranslatedField("title", "title_en")
    display_intro = TranslatedField("intro", "intro_en")
    display_body = TranslatedField("body", "body_en")

    # What the site search calls a result of this page type, and the line it shows under it.
    search_kind = pgettext_lazy("search result", "Page")

    def search_summary(self):
        return self.display_intro

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    english_panels = [
        FieldPanel("title_en"),
        FieldPanel("intro_en"),
        FieldPanel("body_en"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("title_en"),
        index.SearchField("intro"),
        index.SearchField("intro_en"),
        index.SearchField("body"),
        index.SearchField("body_en"),
        index.SearchField("cjk_search_text"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def build_edit_handler(cls, extra_content=(), extra_english=()):
        return TabbedInterface(
            [
                ObjectList([*cls.content_panels, *extra_content], heading=_("Content")),
                ObjectList([*cls.english_panels, *extra_english], heading=_("English")),
                ObjectList(Page.promote_panels, heading=_("Promote")),
            ]
        )

    def cjk_search_text(self):
        """Chinese text of the page cut into terms the full-text index can match."""
        return cjk_terms(" ".join([self.title, self.intro, stream_text(self.body)]))


class HomePage(BilingualPage):
    hero_image = optional_image(_("hero image"))
    highlights = StreamField(
        [("highlight", HighlightBlock())],
        verbose_name=_("key figures"),
        blank=True,
        max_num=6,
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[FieldPanel("hero_image"), FieldPanel("highlights")]
    )

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("cover_image")
            .order_by("-date", "-pk")[:3]
        )
        return context


class StandardPage(BilingualPage):
    edit_handler = BilingualPage.build_edit_handler()

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class NewsIndexPage(BilingualPage):
    search_kind = pgettext_lazy("search result", "News")

    subpage_types = ["cms.NewsArticlePage"]
    max_count_per_parent = 1
    edit_handler = BilingualPage.build_edit_handler()
    per_page = 10

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("cover_image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        context["tag"] = tag
        context["articles"] = Paginator(articles, self.per_page).get_page(request.GET.get("page"))
        return context


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsArticlePage(BilingualPage):
    search_kind = pgettext_lazy("search result", "News")

    def search_summary(self):
        return " · ".join(part for part in [f"{self.date:%Y-%m-%d}", self.display_intro] if part)

    date = models.DateField(_("date"))
    cover_image = optional_image(_("cover image"))
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            MultiFieldPanel(
                [FieldPanel("date"), FieldPanel("cover_image"), FieldPanel("tags")],
                heading=_("Article details"),
            )
        ]
    )
    search_fields = [*BilingualPage.search_fields, index.FilterField("date")]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The association's identity, contacts and menus, edited in the admin's settings."""

    name = models.CharField(_("association name"), max_length=120)
    name_en = models.CharField(_("association name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=200, blank=True)
    logo = optional_image(_("logo"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wechat_account = models.CharField(_("WeChat official account"), max_length=80, blank=True)
    icp_licence = models.CharField(
        _("ICP licence number"),
        max_length=60,
        blank=True,
        help_text=_("Shown in the footer as Chinese sites must, e.g. 湘ICP备2025012345号-1."),
    )
    public_security_record = models.CharField(
        _("public security record number"), max_length=60, blank=True
    )
    main_menu = StreamField([("item", MenuItemBlock())], verbose_name=_("main menu"), blank=True)
    footer_links = StreamField(
        [("item", MenuItemBlock())], verbose_name=_("footer links"), blank=True
    )
    footer_note = RichTextField(_("footer note"), blank=True, features=["bold", "italic", "link"])
    footer_note_en = RichTextField(
        _("footer note (English)"), blank=True, features=["bold", "italic", "link"]
    )

    display_name = TranslatedField("name", "name_en")
    display_tagline = TranslatedField("tagline", "tagline_en")
    display_address = TranslatedField("address", "address_en")
    display_footer_note = TranslatedField("footer_note", "footer_note_en")

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("name_en"),
                FieldPanel("short_name"),
                FieldPanel("tagline"),
                FieldPanel("tagline_en"),
                FieldPanel("logo"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("wechat_account"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("icp_licence"), FieldPanel("public_security_record")],
            heading=_("Filing numbers"),
        ),
        FieldPanel("main_menu"),
        FieldPanel("footer_links"),
        FieldPanel("footer_note"),
        FieldPanel("footer_note_en"),
    ]

    class Meta:
        verbose_name = _("site settings")


class DeletionRequest(models.Model):
    """A person asks for their account to be deleted; an organiser confirms it, and the
    portal then anonymises what it holds about them (cms.privacy)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        DONE = "done", _("Anonymised")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
    )
    email = models.EmailField(_("e-mail at the time of the request"))
    reason = models.TextField(_("reason given"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_deletion"
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.get_status_display()}"

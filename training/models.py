"""Training: programmes and their cohorts (pages), sessions, enrolments, attendance, results,
and the certificates a completed enrolment earns."""

import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.i18n import TranslatedField, translated
from cms.models import BilingualPage, optional_image


class ProgrammePage(BilingualPage):
    """A training programme such as the growth camp; its cohorts are its child pages."""

    search_kind = pgettext_lazy("search result", "Training")

    serial_prefix = models.CharField(
        _("certificate number prefix"),
        max_length=8,
        default="YY",
        help_text=_("Letters before the year in certificate numbers, e.g. YY for YY-2026-0007."),
    )
    certificate_template = models.ForeignKey(
        "training.CertificateTemplate",
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_image = optional_image(_("cover image"))

    subpage_types = ["training.CohortPage"]
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            FieldPanel("cover_image"),
            MultiFieldPanel(
                [FieldPanel("serial_prefix"), FieldPanel("certificate_template")],
                heading=_("Certificates"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def clean(self):
        super().clean()
        if self.serial_prefix and not re.fullmatch(r"[A-Z]{1,8}", self.serial_prefix):
            raise ValidationError({"serial_prefix": _("Use capital letters A–Z only, e.g. YY.")})
        # Certificate numbers are unique across the site: one prefix per programme.
        taken = ProgrammePage.objects.filter(serial_prefix=self.serial_prefix)
        if self.pk:
            taken = taken.exclude(pk=self.pk)
        if taken.exists():
            raise ValidationError(
                {"serial_prefix": _("Another programme uses this prefix: choose another.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cohorts"] = CohortPage.objects.live().public().child_of(self).order_by("-starts")
        return context


class CohortPage(BilingualPage):
    """One cohort (期) of a programme: its dates, seats, sessions and completion rule."""

    number = models.PositiveIntegerField(_("cohort number"), default=1)
    starts = models.DateField(pgettext_lazy("date", "starts"))
    ends = models.DateField(pgettext_lazy("date", "ends"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    applications_open = models.BooleanField(_("taking applications"), default=True)
    place = models.CharField(_("place"), max_length=160, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        help_text=_("Share of the sessions a trainee must attend to complete the cohort."),
    )
    pass_required = models.BooleanField(
        _("passing result required"),
        default=True,
        help_text=_("Whether the trainee must also pass the assessment."),
    )
    fee = models.DecimalField(
        _("fee (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Owed by each trainee on acceptance. Leave empty for free."),
    )

    search_kind = pgettext_lazy("search result", "Training")
    display_place = TranslatedField("place", "place_en")

    parent_page_types = ["training.ProgrammePage"]
    subpage_types = []
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            MultiFieldPanel(
                [
                    FieldPanel("number"),
                    FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                    FieldPanel("place"),
                    FieldPanel("capacity"),
                    FieldPanel("applications_open"),
                    FieldPanel("fee"),
                ],
                heading=_("Dates and places"),
            ),
            MultiFieldPanel(
                [FieldPanel("min_attendance"), FieldPanel("pass_required")],
                heading=_("Completion rule"),
            ),
            InlinePanel("sessions", label=_("Sessions")),
        ],
        extra_english=[FieldPanel("place_en")],
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The cohort must end on or after its first day.")})
        if self.min_attendance is not None and self.min_attendance > 100:
            raise ValidationError({"min_attendance": _("Enter a share from 0 to 100.")})
        if self.fee is not None and self.fee < 0:
            raise ValidationError({"fee": _("A fee cannot be negative.")})

    @property
    def programme(self):
        return ProgrammePage.objects.parent_of(self).first()

    def search_summary(self):
        dates = f"{self.starts:%Y-%m-%d} – {self.ends:%Y-%m-%d}"
        return " · ".join(part for part in [dates, self.display_place] if part)

    def accepting_applications(self, today=None):
        today = today or timezone.localdate()
        return self.applications_open and today < self.starts

    def get_context(self, request, *args, **kwargs):
        from .forms import ApplyForm

        context = super().get_context(request, *args, **kwargs)
        sessions = list(self.sessions.all())
        context["sessions"] = sessions
        # A place column only when some session is not at the cohort's own place.
        context["session_places"] = any(session.place for session in sessions)
        context["programme"] = self.programme
        context["finished"] = timezone.localdate() > self.ends
        context["accepting"] = self.accepting_applications()
        context["accepted_count"] = self.enrolments.filter(
            status__in=Enrolment.LIVE_STATUSES
        ).count()
        if request.user.is_authenticated:
            context["my_enrolment"] = enrolment = (
                self.enrolments.filter(user=request.user)
                .exclude(status=Enrolment.Status.WITHDRAWN)
                .first()
            )
            if enrolment and enrolment.is_live and self.fee:
                from payments.models import Payment

                context["my_payment"] = (
                    Payment.objects.open().filter(enrolment=enrolment).order_by("-pk").first()
                )
            context.setdefault("apply_form", ApplyForm())
        # Organisers also see each trainee's standing: the template asks for it
        # ({% cohort_progress %}), so the models need not know the completion rule.
        return context


class Session(Orderable):
    """One session of a cohort: shown on the cohort page and in the events calendar feed."""

    cohort = ParentalKey(CohortPage, on_delete=models.CASCADE, related_name="sessions")
    topic = models.CharField(_("topic"), max_length=160)
    topic_en = models.CharField(_("topic (English)"), max_length=200, blank=True)
    teacher = models.CharField(_("teacher"), max_length=120, blank=True)
    teacher_en = models.CharField(_("teacher (English)"), max_length=160, blank=True)
    start = models.DateTimeField(pgettext_lazy("time", "starts"))
    end = models.DateTimeField(pgettext_lazy("time", "ends"))
    place = models.CharField(_("place"), max_length=160, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)

    panels = [
        FieldPanel("topic"),
        FieldPanel("topic_en"),
        FieldRowPanel([FieldPanel("teacher"), FieldPanel("teacher_en")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("place_en")]),
    ]

    display_topic = TranslatedField("topic", "topic_en")
    display_teacher = TranslatedField("teacher", "teacher_en")
    display_place = TranslatedField("place", "place_en")

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "sort_order"]

    def __str__(self):
        return self.topic

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})


class Enrolment(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("enrolment", "Applied")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", pgettext_lazy("enrolment", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")
        COMPLETED = "completed", _("Completed")

    # Trainees who hold (or held, by completing) a place in the cohort.
    LIVE_STATUSES = (Status.ACCEPTED, Status.COMPLETED)

    cohort = models.ForeignKey(
        CohortPage, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    motivation = models.TextField(_("motivation"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(_("note to the applicant"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    result_comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "applied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=~Q(status="withdrawn"),
                name="one_live_enrolment_per_person_and_cohort",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.cohort.title}"

    @property
    def is_live(self):
        return self.status in self.LIVE_STATUSES

    def can_withdraw(self, today=None):
        today = today or timezone.localdate()
        return (
            self.status in (self.Status.APPLIED, self.Status.ACCEPTED, self.Status.WAITLISTED)
            and today < self.cohort.starts
        )


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="one_mark_per_trainee_and_session"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id}/{self.session_id}: {self.present}"


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def validate_colour(value):
    # Colours go into the certificate's CSS: only #RRGGBB, so nothing else can be smuggled in.
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValidationError(_("Enter a colour as #RRGGBB, e.g. #9f1d20."))


class CertificateTemplate(models.Model):
    """What organisers edit: the certificate's words, signatories, images and colours. Text
    may use {name}, {programme}, {cohort}, {starts} and {ends}."""

    name = models.CharField(pgettext_lazy("certificate template", "name"), max_length=120)
    title = models.CharField(_("title"), max_length=60, default="结业证书")
    title_en = models.CharField(
        _("title (English)"), max_length=80, default="Certificate of Completion"
    )
    body = models.TextField(
        _("text"),
        default="{name}同学于{starts}至{ends}参加{programme}{cohort}学习，"
        "完成全部课程，考核合格，准予结业。",
    )
    body_en = models.TextField(
        _("text (English)"),
        default="This is to certify that {name} attended {programme}, {cohort}, from {starts} "
        "to {ends}, and has completed the programme.",
    )
    signatory_1_name = models.CharField(_("first signatory"), max_length=60, blank=True)
    signatory_1_title = models.CharField(_("first signatory's title"), max_length=60, blank=True)
    signatory_1_title_en = models.CharField(
        _("first signatory's title (English)"), max_length=80, blank=True
    )
    signatory_1_signature = optional_image(_("first signature"))
    signatory_2_name = models.CharField(_("second signatory"), max_length=60, blank=True)
    signatory_2_title = models.CharField(_("second signatory's title"), max_length=60, blank=True)
    signatory_2_title_en = models.CharField(
        _("second signatory's title (English)"), max_length=80, blank=True
    )
    signatory_2_signature = optional_image(_("second signature"))
    issuer = models.CharField(
        _("issued by"), max_length=80, blank=True, help_text=_("Usually the association's name.")
    )
    issuer_en = models.CharField(_("issued by (English)"), max_length=120, blank=True)
    seal = optional_image(_("seal"))
    background = optional_image(_("background"))
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#9f1d20", validators=[validate_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b8892b", validators=[validate_colour]
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("title_en"),
                FieldPanel("body"),
                FieldPanel("body_en"),
                FieldPanel("issuer"),
                FieldPanel("issuer_en"),
            ],
            heading=_("Words"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signatory_1_name"), FieldPanel("signatory_1_title")]),
                FieldPanel("signatory_1_title_en"),
                FieldPanel("signatory_1_signature"),
                FieldRowPanel([FieldPanel("signatory_2_name"), FieldPanel("signatory_2_title")]),
                FieldPanel("signatory_2_title_en"),
                FieldPanel("signatory_2_signature"),
            ],
            heading=_("Signatories"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("seal"),
                FieldPanel("background"),
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
            ],
            heading=_("Seal, background and colours"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        placeholders = {"name", "programme", "cohort", "starts", "ends"}
        for field in ("body", "body_en"):
            used = set(re.findall(r"{(\w*)}", getattr(self, field) or ""))
            unknown = used - placeholders
            if unknown:
                raise ValidationError(
                    {
                        field: _("Unknown placeholder: %(names)s. Use %(allowed)s.")
                        % {
                            "names": ", ".join(f"{{{name}}}" for name in sorted(unknown)),
                            "allowed": ", ".join(f"{{{name}}}" for name in sorted(placeholders)),
                        }
                    }
                )


def new_verification_code():
    return secrets.token_urlsafe(24)  # 192 random bits


def new_download_key():
    return secrets.token_urlsafe(24)


def certificate_storage():
    # Certificates are personal: kept out of the public media folder (see STORAGES).
    return storages["certificates"]


class Certificate(models.Model):
    """A certificate of completion. Holder, programme and cohort are kept as issued, so the
    certificate stays verifiable whatever later happens to the account or the pages."""

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
    )
    programme = models.ForeignKey(
        ProgrammePage,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    cohort = models.ForeignKey(
        CohortPage,
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(pgettext_lazy("certificate", "number"))
    serial = models.CharField(_("certificate number"), max_length=24, unique=True)
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_verification_code
    )
    download_key = models.CharField(
        max_length=40, unique=True, default=new_download_key, editable=False
    )
    holder_name = models.CharField(_("holder"), max_length=120)
    programme_title = models.CharField(_("programme"), max_length=255)
    programme_title_en = models.CharField(max_length=255, blank=True)
    cohort_title = models.CharField(_("cohort"), max_length=255)
    cohort_title_en = models.CharField(max_length=255, blank=True)
    cohort_starts = models.DateField()
    cohort_ends = models.DateField()
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), storage=certificate_storage, blank=True, editable=False)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template_version = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "number"], name="one_number_per_programme_and_year"
            )
        ]

    def __str__(self):
        return f"{self.serial} · {self.holder_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def status_label(self):
        return _("Revoked") if self.is_revoked else _("Valid")

    @property
    def display_programme(self):
        return translated(self.programme_title, self.programme_title_en)

    @property
    def display_cohort(self):
        return translated(self.cohort_title, self.cohort_title_en)

    def verification_path(self):
        return reverse("training:verify", args=[self.code])

    def download_path(self):
        return reverse("training:download", args=[self.download_key])


class IssueRun(models.Model):
    """A bulk issue of a cohort's due certificates, run by the task worker; the admin shows its
    progress. Running it again issues only what is still missing."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey(
        CohortPage, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="issue_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    total = models.PositiveIntegerField(_("due"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.cohort.title} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(self.issued * 100 / self.total))

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

"""Events: pages organisers schedule, and the registrations, waitlists and tickets for them."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.i18n import TranslatedField, translated
from cms.models import BilingualPage, optional_image
from members.models import Organisation

from .page_forms import EventPageForm


class EventKind(models.TextChoices):
    MEETUP = "meetup", _("Meetup")
    READING_CLUB = "reading-club", _("Reading club")
    FACTORY_VISIT = "factory-visit", _("Factory visit")
    CONFERENCE = "conference", _("Conference")
    TRADE_FAIR = "trade-fair", _("Trade fair")
    TRAINING = "training", _("Training session")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members only")


def price_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )


class EventIndexPage(BilingualPage):
    search_kind = pgettext_lazy("search result", "Event")

    max_count = 1
    subpage_types = ["events.EventPage"]
    edit_handler = BilingualPage.build_edit_handler()

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = EventPage.objects.live().public().child_of(self).select_related("cover_image")
        kind = request.GET.get("kind", "")
        if kind in EventKind.values:
            events = events.filter(kind=kind)
        month = request.GET.get("month", "")
        if len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit():
            year, number = int(month[:4]), int(month[5:])
            if year >= 1 and 1 <= number <= 12:
                events = events.filter(start__year=year, start__month=number)
        context["kind"] = kind
        context["month"] = month
        context["kinds"] = EventKind.choices
        # The cards show each cover at one size: its renditions in one query for all events.
        events = events.prefetch_related("cover_image__renditions")
        context["upcoming"] = events.filter(end__gte=now).order_by("start")
        context["past"] = events.filter(end__lt=now).order_by("-start")[:12]
        return context


class EventPage(BilingualPage):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    start = models.DateTimeField(pgettext_lazy("time", "starts"))
    end = models.DateTimeField(pgettext_lazy("time", "ends"))
    venue = models.CharField(_("venue"), max_length=120)
    venue_en = models.CharField(_("venue (English)"), max_length=160, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)
    cover_image = optional_image(_("cover image"))
    audience = models.CharField(
        _("who may register"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    fee_note = models.CharField(
        _("fee note"),
        max_length=120,
        blank=True,
        help_text=_("Shown beside the prices: what the fee includes, e.g. lunch and materials."),
    )
    fee_note_en = models.CharField(_("fee note (English)"), max_length=160, blank=True)
    # What a seat costs (empty: free). A priced registration owes a payment (payments app) and
    # holds its seat until the payment's deadline.
    member_price = price_field(
        _("member price (yuan)"),
        help_text=_("For people whose company is an active member. Leave empty for free."),
    )
    non_member_price = price_field(
        _("non-member price (yuan)"), help_text=_("For everyone else. Leave empty for free.")
    )
    early_bird_price = price_field(
        _("early-bird price (yuan)"),
        help_text=_("Optional: what anyone registering by the date below pays, if it is lower."),
    )
    early_bird_until = models.DateField(
        _("early-bird price until"),
        null=True,
        blank=True,
        help_text=_("The last day of the early-bird price (before the event starts)."),
    )
    organiser_contact = models.CharField(_("organiser contact"), max_length=160, blank=True)
    # Whose event it is: a secretariat's own staff (an organiser scoped to it) run it; empty
    # for an event of the whole association, run by organisers with the whole view.
    secretariat = models.ForeignKey(
        "members.SecretariatPage",
        verbose_name=_("secretariat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Leave empty for an event of the whole association."),
    )

    display_venue = TranslatedField("venue", "venue_en")
    search_kind = pgettext_lazy("search result", "Event")
    display_address = TranslatedField("address", "address_en")
    display_fee = TranslatedField("fee_note", "fee_note_en")

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm
    edit_handler = BilingualPage.build_edit_handler(
        extra_content=[
            MultiFieldPanel(
                [
                    FieldPanel("kind"),
                    FieldPanel("start"),
                    FieldPanel("end"),
                    FieldPanel("venue"),
                    FieldPanel("address"),
                    FieldPanel("cover_image"),
                ],
                heading=_("When and where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("audience"),
                    FieldPanel("capacity"),
                    FieldPanel("registration_opens"),
                    FieldPanel("registration_closes"),
                    FieldPanel("organiser_contact"),
                    FieldPanel("secretariat"),
                ],
                heading=_("Registration"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("member_price"), FieldPanel("non_member_price")]),
                    FieldRowPanel([FieldPanel("early_bird_price"), FieldPanel("early_bird_until")]),
                    FieldPanel("fee_note"),
                ],
                heading=_("Fees"),
                help_text=_("Leave the prices empty for a free event."),
            ),
            InlinePanel("questions", label=_("Questions for people registering")),
        ],
        extra_english=[FieldPanel("venue_en"), FieldPanel("address_en"), FieldPanel("fee_note_en")],
    )
    # The admin's events listing filters its search results by kind and by upcoming or past.
    search_fields = [
        *BilingualPage.search_fields,
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def permissions_for_user(self, user):
        from members.scoping import page_permissions

        return page_permissions(
            self, user, in_scope=lambda scope: self.secretariat_id in scope.secretariat_ids
        )

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event must end after it starts.")})
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )
        if self.start and closes and closes > self.start:
            raise ValidationError(
                {"registration_closes": _("Registration must close by the time the event starts.")}
            )
        if self.start and opens and opens >= self.start:
            raise ValidationError(
                {"registration_opens": _("Registration must open before the event starts.")}
            )
        self.clean_prices()

    def clean_prices(self):
        errors = {}
        for name in ("member_price", "non_member_price", "early_bird_price"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("A price cannot be negative.")
        if errors:
            raise ValidationError(errors)
        if self.early_bird_price is not None and not self.early_bird_until:
            raise ValidationError(
                {"early_bird_until": _("Give the last day of the early-bird price.")}
            )
        if self.early_bird_until and self.early_bird_price is None:
            raise ValidationError({"early_bird_price": _("Give the early-bird price.")})
        if (
            self.early_bird_until
            and self.start
            and self.early_bird_until >= timezone.localdate(self.start)
        ):
            raise ValidationError(
                {"early_bird_until": _("The early-bird price must end before the event's day.")}
            )
        member, others = self.member_price or 0, self.non_member_price or 0
        if self.audience == Audience.PUBLIC and member > others:
            raise ValidationError({"member_price": _("Members cannot pay more than non-members.")})

    @property
    def is_priced(self):
        """Whether anyone pays for a seat (the early-bird price only ever lowers a price)."""
        return bool(self.member_price or self.non_member_price)

    def early_bird_on(self, day):
        return bool(
            self.early_bird_price is not None
            and self.early_bird_until
            and day <= self.early_bird_until
        )

    def price_for(self, *, member, day):
        """What a seat costs (a Decimal, 0.00 when free) for a member or not, registering
        on `day`: their price, or the early-bird price on or before its last day if lower."""
        price = (self.member_price if member else self.non_member_price) or Decimal("0.00")
        if price and self.early_bird_on(day):
            price = min(price, self.early_bird_price)
        return price.quantize(Decimal("0.01"))

    def get_context(self, request, *args, **kwargs):
        from .forms import RegistrationForm

        context = super().get_context(request, *args, **kwargs)
        confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        context["seats_left"] = None if self.capacity is None else max(self.capacity - confirmed, 0)
        context["registration_state"] = self.registration_state()
        context["early_bird_open"] = self.early_bird_on(timezone.localdate())
        context.setdefault("registration_form", RegistrationForm(event=self))
        if self.kind == EventKind.TRADE_FAIR:
            booths = list(self.booths.select_related("holder__organisation"))
            context["booths"] = booths
            context["plan"] = floor_plan(booths)
            # Exhibitors with their booth numbers, from the booths already loaded; companies
            # whose membership lapsed are not listed.
            listed = set(
                Organisation.objects.listed()
                .filter(booth_applications__event=self)
                .values_list("pk", flat=True)
            )
            exhibitors = {}
            for booth in booths:
                if booth.holder and booth.holder.organisation_id in listed:
                    exhibitors.setdefault(booth.holder, []).append(booth.number)
            context["exhibitors"] = [
                {"application": application, "booths": numbers}
                for application, numbers in sorted(
                    exhibitors.items(), key=lambda item: item[0].organisation.sort_key
                )
            ]
        if request.user.is_authenticated:
            context["my_registration"] = registration = (
                self.registrations.filter(user=request.user)
                .exclude(status=Registration.Status.CANCELLED)
                .first()
            )
            if registration and self.is_priced:
                context["my_payment"] = registration.open_payment()
        return context

    def search_summary(self):
        start = timezone.localtime(self.start)
        return " · ".join(part for part in [f"{start:%Y-%m-%d %H:%M}", self.display_venue] if part)

    def registration_state(self, now=None):
        """ "open", "not-yet" or "closed" (past the closing time, or the event has begun)."""
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return "not-yet"
        closes = min(self.registration_closes or self.start, self.start)
        if now >= closes:
            return "closed"
        return "open"

    def ics_url(self):
        return reverse("events:event_ics", args=[self.pk])


PLAN_CELL = 56  # pixels per grid cell in the floor plan


def floor_plan(booths):
    """Geometry for the SVG floor plan: the canvas size and each booth's rectangle."""
    if not booths:
        return None
    columns = max(booth.column for booth in booths)
    rows = max(booth.row for booth in booths)
    cells = [
        {
            "booth": booth,
            "x": (booth.column - 1) * PLAN_CELL + 4,
            "y": (booth.row - 1) * PLAN_CELL + 4,
            "size": PLAN_CELL - 8,
            "text_x": (booth.column - 1) * PLAN_CELL + PLAN_CELL // 2,
            "text_y": (booth.row - 1) * PLAN_CELL + PLAN_CELL // 2 + 5,
        }
        for booth in booths
    ]
    return {"width": columns * PLAN_CELL, "height": rows * PLAN_CELL, "cells": cells}


class EventQuestion(Orderable):
    """A question organisers ask everyone who registers (company, dietary needs, …)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=120)
    label_en = models.CharField(_("question (English)"), max_length=160, blank=True)
    choices = models.CharField(
        _("answers to choose from"),
        max_length=300,
        blank=True,
        help_text=_("Separated by | , e.g. 无|素食|清真. Leave empty for a free answer."),
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldPanel("label"),
        FieldPanel("label_en"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def display_label(self):
        return translated(self.label, self.label_en)

    @property
    def choice_list(self):
        return [choice.strip() for choice in self.choices.split("|") if choice.strip()]


def new_ticket_code():
    return secrets.token_urlsafe(18)  # 144 random bits


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("registrant", "person"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    ticket_code = models.CharField(
        _("ticket code"), max_length=32, unique=True, default=new_ticket_code, editable=False
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), editable=False, null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_person_and_event",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.event.title} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("events:ticket", args=[self.ticket_code])

    def open_payment(self):
        """The payment still due for this seat (None when it is free, paid or waived)."""
        from payments.models import Payment

        return Payment.objects.open().filter(registration=self).order_by("-pk").first()

    def answers_text(self):
        """The answers to the event's questions on one line, for exports, in the order of the
        questions (PostgreSQL's jsonb keeps no order of its own; prefetch event__questions
        when listing many)."""
        answers = self.answers if isinstance(self.answers, dict) else {}
        order = {question.label: index for index, question in enumerate(self.event.questions.all())}
        ordered = sorted(
            answers.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        )
        return "; ".join(f"{question}: {answer}" for question, answer in ordered)

    @property
    def waitlist_position(self):
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Registration.objects.filter(event_id=self.event_id, status=self.Status.WAITLISTED)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
            + 1
        )


class BoothApplication(models.Model):
    """A member company's request for booths at a trade fair."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("trade fair"),
        on_delete=models.CASCADE,
        related_name="booth_applications",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member company"),
        on_delete=models.CASCADE,
        related_name="booth_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    booths_wanted = models.PositiveSmallIntegerField(_("booths wanted"), default=1)
    preferred_zone = models.CharField(_("preferred zone"), max_length=40, blank=True)
    products = models.TextField(_("products to show"))
    staff_count = models.PositiveSmallIntegerField(_("staff at the booth"), default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
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

    class Meta:
        verbose_name = _("booth application")
        verbose_name_plural = _("booth applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=~Q(status="rejected"),
                name="one_live_booth_application_per_company_and_fair",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.event.title}"


class Booth(models.Model):
    """A booth on a fair's floor plan, at a cell of its grid."""

    class Status(models.TextChoices):
        FREE = "free", _("Free")
        RESERVED = "reserved", _("Reserved")
        HELD = "held", _("Held")

    event = models.ForeignKey(
        EventPage, verbose_name=_("trade fair"), on_delete=models.CASCADE, related_name="booths"
    )
    number = models.CharField(pgettext_lazy("booth", "number"), max_length=10)
    zone = models.CharField(_("zone"), max_length=40)
    zone_en = models.CharField(_("zone (English)"), max_length=60, blank=True)
    size = models.CharField(_("size"), max_length=20, default="3m × 3m")
    price = models.DecimalField(
        _("price (CNY)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    column = models.PositiveSmallIntegerField(_("column on the plan"))
    row = models.PositiveSmallIntegerField(_("row on the plan"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FREE
    )
    holder = models.ForeignKey(
        BoothApplication,
        verbose_name=_("exhibitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booths",
    )

    display_zone = TranslatedField("zone", "zone_en")

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["event", "row", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="booth_number_unique_per_fair"
            ),
            models.UniqueConstraint(
                fields=["event", "column", "row"], name="one_booth_per_cell_of_a_plan"
            ),
            # A held booth has exactly one exhibitor; a free or reserved one has none.
            models.CheckConstraint(
                condition=Q(status="held", holder__isnull=False)
                | (~Q(status="held") & Q(holder__isnull=True)),
                name="held_booths_have_one_holder",
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.zone}"

    def clean(self):
        if self.event_id and self.event.kind != EventKind.TRADE_FAIR:
            raise ValidationError({"event": _("Booths belong to trade fairs.")})
        if self.holder_id and self.holder.event_id != self.event_id:
            raise ValidationError({"event": _("This booth's exhibitor is at another fair.")})


@receiver(pre_delete, sender=BoothApplication)
def _free_booths(sender, instance, **kwargs):
    """Before an application goes (with its company, fair or applicant), its booths become
    free: a held booth must always have its exhibitor."""
    Booth.objects.filter(holder=instance).update(status=Booth.Status.FREE, holder=None)

"""What is owed and what was paid.

A Payment is one amount someone owes the association for one purpose (a term's dues, an event
seat, a fair's booths, a training cohort), with its state: due → part-paid → paid, or waived,
cancelled, refunded. Money that moves is a LedgerEntry: received (bank transfer, cash, POS,
WeChat Pay, Alipay, the test-mode provider) or refunded; each received entry is a numbered
receipt. An OnlineOrder is one attempt to pay through a provider (its own out_trade_no, the
amount the server set); the provider's transaction id is unique per provider, so a notification
is booked exactly once however often it arrives. All amounts are Decimal yuan with two places.
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from members.models import Tier

from .money import ZERO, yuan

# Crockford-like: no 0/O, 1/I/L, so a reference typed into a bank's remark box survives.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_receipt_code():
    return secrets.token_urlsafe(18)  # 144 random bits


def private_storage():
    # Proofs of payment, receipts and fapiao are personal: kept out of the public media folder.
    return storages["certificates"]


def amount_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


@register_setting(icon="doc-full")
class PaymentSettings(BaseGenericSetting):
    """The association's account and the rules for what is owed, set in 设置 → 收款设置."""

    payee = models.CharField(
        _("payee"),
        max_length=120,
        blank=True,
        help_text=_("The account holder, as the bank has it."),
    )
    payee_en = models.CharField(_("payee (English)"), max_length=160, blank=True)
    bank_name = models.CharField(_("bank and branch"), max_length=120, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period for dues (days)"),
        default=30,
        help_text=_("A term whose dues are still unpaid this many days after the due date lapses."),
    )
    dues_days = models.PositiveSmallIntegerField(
        _("days to pay dues"), default=30, help_text=_("From approval or renewal to the due date.")
    )
    event_hold_hours = models.PositiveSmallIntegerField(
        _("hours a priced seat is held"),
        default=48,
        help_text=_("An unpaid registration gives its seat to the waitlist after this."),
    )
    fee_days = models.PositiveSmallIntegerField(
        _("days to pay booth and training fees"), default=14
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"), default=7
    )
    receipt_seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal on receipts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finance_contact = models.CharField(
        _("finance contact"),
        max_length=160,
        blank=True,
        help_text=_("Who members ask about payments and fapiao (name, phone, e-mail)."),
    )

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")

    def __str__(self):
        return str(self._meta.verbose_name)


class DuesRate(models.Model):
    """A tier's yearly dues for one year, as the bylaws set them."""

    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    amount = amount_field(_("yearly dues (yuan)"))

    class Meta:
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        ordering = ["-year", "amount"]
        constraints = [
            models.UniqueConstraint(fields=["year", "tier"], name="dues_rate_once_per_tier_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_tier_display()} {yuan(self.amount)}"


class Method(models.TextChoices):
    BANK_TRANSFER = "bank-transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    POS = "pos", _("Card (POS)")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    TEST = "test", _("Test payment")


# Recorded by an organiser; the others arrive as a provider's notification.
MANUAL_METHODS = (Method.BANK_TRANSFER, Method.CASH, Method.POS)
ONLINE_METHODS = (Method.WECHAT, Method.ALIPAY, Method.TEST)


class PaymentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=Payment.OPEN_STATES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def of_person(self, user):
        """What this person may see: their own, and their company's when they own or edit its
        profile."""
        from members.models import MemberProfile

        company = MemberProfile.objects.filter(
            user=user,
            organisation__isnull=False,
            role__in=[MemberProfile.Role.OWNER, MemberProfile.Role.EDITOR],
        ).values("organisation_id")
        return self.filter(Q(user=user) | Q(organisation__in=company))


class Payment(models.Model):
    class Purpose(models.TextChoices):
        DUES = "dues", _("Membership dues")
        EVENT = "event", _("Event fee")
        BOOTH = "booth", _("Booth fee")
        TRAINING = "training", _("Training fee")
        OTHER = "other", pgettext_lazy("payment purpose", "Other")

    class State(models.TextChoices):
        DUE = "due", pgettext_lazy("payment", "Due")
        PART_PAID = "part-paid", _("Partly paid")
        PAID = "paid", pgettext_lazy("payment", "Paid")
        WAIVED = "waived", _("Waived")
        CANCELLED = "cancelled", pgettext_lazy("payment", "Cancelled")
        REFUNDED = "refunded", _("Refunded")

    OPEN_STATES = (State.DUE, State.PART_PAID)
    SETTLED_STATES = (State.PAID, State.WAIVED)

    reference = models.CharField(
        _("payment reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DUE, db_index=True
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    payer_name = models.CharField(_("payer"), max_length=200)
    description = models.CharField(_("for"), max_length=255)
    description_en = models.CharField(_("for (English)"), max_length=255, blank=True)
    amount = amount_field(_("amount"))
    paid = amount_field(_("received"), default=0)
    refunded = amount_field(pgettext_lazy("amount", "refunded"), default=0)
    due_date = models.DateField(_("due date"), db_index=True)
    # A priced event seat is held until then; unpaid after it, the seat goes to the waitlist.
    hold_until = models.DateTimeField(_("seat held until"), null=True, blank=True)
    # What it pays for: one of these, by purpose. Deleting the thing paid for keeps the
    # payment (an accounting record: payer and description are its own); payments.deletions
    # cancels what was still owed on it.
    membership = models.ForeignKey(
        "members.Membership",
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, blank=True)
    period_start = models.DateField(_("term from"), null=True, blank=True)
    period_end = models.DateField(_("term to"), null=True, blank=True)
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    booth_application = models.ForeignKey(
        "events.BoothApplication",
        verbose_name=_("booth application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    enrolment = models.ForeignKey(
        "training.Enrolment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived or cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    reminded_before = models.DateField(editable=False, null=True, blank=True)
    reminded_after = models.DateField(editable=False, null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("money owed", "payment")
        verbose_name_plural = pgettext_lazy("money owed", "payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="payment_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(refunded__gte=0) & Q(refunded__lte=models.F("paid")),
                name="payment_refund_within_paid",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self):
        return f"{self.reference} {self.description} {yuan(self.amount)}"

    @property
    def outstanding(self):
        """What is still to pay (never below zero)."""
        if self.state not in self.OPEN_STATES:
            return ZERO
        return max(self.amount - self.paid, ZERO)

    @property
    def kept(self):
        """What the association keeps: received less refunded."""
        return self.paid - self.refunded

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    def description_in(self, language):
        if language and not language.startswith("zh") and self.description_en:
            return self.description_en
        return self.description


class LedgerEntry(models.Model):
    """Money that moved: received from the payer (a numbered receipt) or refunded to them."""

    class Kind(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("money", "Received")
        REFUND = "refund", pgettext_lazy("money", "Refund")

    class RefundState(models.TextChoices):
        PENDING = "pending", _("Processing")
        DONE = "done", _("Refunded")
        FAILED = "failed", _("Refund failed")

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, db_index=True)
    amount = amount_field(_("amount"))
    booked_on = models.DateField(_("date"), db_index=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    proof = models.FileField(
        _("proof of payment"), storage=private_storage, upload_to="payments/proof/", blank=True
    )
    # A provider's own id for this money (WeChat Pay transaction_id, Alipay trade_no, a bank
    # statement's serial number): booked once per provider, however often it is reported.
    provider = models.CharField(_("provider"), max_length=16, blank=True)
    provider_reference = models.CharField(
        _("provider's reference"), max_length=64, null=True, blank=True
    )
    refund_of = models.ForeignKey(
        "self",
        verbose_name=_("refund of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    refund_state = models.CharField(
        _("refund state"), max_length=10, choices=RefundState.choices, blank=True
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    receipt_code = models.CharField(
        max_length=32, unique=True, null=True, blank=True, editable=False
    )
    receipt_pdf = models.FileField(
        _("receipt"),
        storage=private_storage,
        upload_to="payments/receipts/",
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["-booked_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=Q(provider_reference__isnull=False),
                name="ledger_provider_reference_once",
            ),
        ]

    def __str__(self):
        return f"{self.receipt_number or self.get_kind_display()} {yuan(self.amount)}"


class ReceiptSequence(models.Model):
    """The last receipt number of a year, locked while the next is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}-{self.last:06d}"


class OnlineOrder(models.Model):
    """One attempt to pay a Payment through an online provider."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for payment")
        PAID = "paid", pgettext_lazy("payment", "Paid")
        FAILED = "failed", _("Failed")
        CLOSED = "closed", _("Closed")

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="orders"
    )
    provider = models.CharField(_("provider"), max_length=16)
    out_trade_no = models.CharField(_("order number"), max_length=32, unique=True)
    amount = amount_field(_("amount"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    entry = models.OneToOneField(
        LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="order"
    )
    # What the provider answered (code_url, a page-pay URL, JSAPI parameters), and its last error.
    data = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("online order")
        verbose_name_plural = _("online orders")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.out_trade_no


class FapiaoRequest(models.Model):
    class Kind(models.TextChoices):
        NORMAL = "normal", _("Ordinary VAT invoice")
        SPECIAL = "special", _("Special VAT invoice")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ISSUED = "issued", _("Issued")
        REFUSED = "refused", _("Refused")

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="fapiao_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("fapiao", "requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="fapiao_requests",
    )
    kind = models.CharField(_("fapiao type"), max_length=10, choices=Kind.choices)
    buyer_name = models.CharField(_("buyer (company name)"), max_length=200)
    tax_id = models.CharField(_("unified social credit code"), max_length=18)
    address = models.CharField(_("registered address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bank_name = models.CharField(_("bank and branch"), max_length=120, blank=True)
    bank_account = models.CharField(_("account number"), max_length=40, blank=True)
    email = models.EmailField(_("send to e-mail"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.REQUESTED, db_index=True
    )
    created_at = models.DateTimeField(pgettext_lazy("fapiao", "requested at"), default=timezone.now)
    number = models.CharField(_("fapiao number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    pdf = models.FileField(
        _("fapiao PDF"), storage=private_storage, upload_to="payments/fapiao/", blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)

    class Meta:
        verbose_name = _("fapiao request")
        verbose_name_plural = _("fapiao requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live request per payment: a refused one may be asked again.
            models.UniqueConstraint(
                fields=["payment"],
                condition=~Q(state="refused"),
                name="fapiao_one_live_request_per_payment",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.buyer_name}"


class StatementImport(models.Model):
    """A bank statement uploaded for matching: its lines and what each matched, kept until an
    organiser confirms (then booked) or discards it."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        APPLIED = "applied", _("Booked")
        DISCARDED = "discarded", _("Discarded")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEW
    )
    lines = models.JSONField(_("lines"), default=list, blank=True)
    applied_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    booked = models.PositiveIntegerField(_("payments booked"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

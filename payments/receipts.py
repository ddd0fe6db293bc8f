"""Receipts (收款收据): a numbered PDF for each payment received, rendered by WeasyPrint with the
certificates' fonts, fetcher and QR codes, stored once in the private storage, and checked by
anyone at its public page (/receipts/<code>/).

The PDF is rendered by a task queued after the booking commits, or on the first download if
the task has not run (or the file was lost in a restore). A stored receipt is never replaced:
two processes rendering the same receipt at once keep the first file stored and delete the
other, with no lock held while WeasyPrint works."""

import logging
import re
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from weasyprint import CSS, HTML

from cms.links import site_url
from training.rendering import (
    MEDIA_SCHEME,
    QR_URL,
    STATIC_SCHEME,
    CertificateFetcher,
    font_config,
    long_date,
    qr_png,
)

from .models import LedgerEntry, PaymentSettings
from .money import ZERO, in_capitals, yuan

logger = logging.getLogger(__name__)

STYLESHEET = "payments/receipt.css"
SEAL_RENDITION = "max-420x420|format-png"


def new_code():
    return secrets.token_urlsafe(18)  # 144 random bits: the public check page's address


def after_booking(entry):
    """Called inside the booking's transaction, once the entry has its receipt number: the
    receipt is rendered by a task after commit (never inside the booking's locks). A failure
    there costs nothing but time: the download renders it."""
    entry_id = entry.pk
    transaction.on_commit(lambda: render_receipt.enqueue(entry_id), robust=True)


@task()
def render_receipt(entry_id):
    entry = (
        LedgerEntry.objects.select_related("payment")
        .filter(pk=entry_id, kind=LedgerEntry.Kind.RECEIVED, receipt_number__isnull=False)
        .first()
    )
    if entry is not None:
        stored_pdf(entry)


def check_url(entry):
    """The public check page, in the default language (Chinese), as the QR code holds it."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(reverse("receipts:check", args=[entry.receipt_code]))


def issuer():
    """The association's name in Chinese and English: the site settings' (as the certificate
    verification page names the issuer), else the payee of the account, else the site name."""
    from wagtail.models import Site

    from cms.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    if site_settings and site_settings.name:
        return site_settings.name, site_settings.name_en
    payment_settings = PaymentSettings.load()
    if payment_settings.payee:
        return payment_settings.payee, payment_settings.payee_en
    return str(settings.WAGTAIL_SITE_NAME), ""


def seal_image():
    """The seal set for receipts, else the seal of the first certificate template that has
    one, else none."""
    seal = PaymentSettings.load().receipt_seal
    if seal is None:
        from training.models import CertificateTemplate

        template = (
            CertificateTemplate.objects.filter(seal__isnull=False)
            .select_related("seal")
            .order_by("pk")
            .first()
        )
        seal = template.seal if template else None
    return seal


def facts_of(entry):
    """What the receipt says, in Chinese and English."""
    payment = entry.payment
    name, name_en = issuer()
    texts = {}
    for language, suffix in (("zh-hans", ""), ("en", "_en")):
        with translation.override(language):
            texts[f"method{suffix}"] = str(entry.get_method_display())
            texts[f"date{suffix}"] = long_date(entry.booked_on, language[:2])
    return {
        "number": entry.receipt_number,
        "check_url": check_url(entry),
        "issuer": name,
        "issuer_en": name_en,
        "payer": payment.payer_name,
        "description": payment.description,
        "description_en": payment.description_en,
        "amount": yuan(entry.amount),
        "amount_in_capitals": in_capitals(entry.amount),
        # A part payment says what the whole was, so the receipt is not read as settling it.
        "total": yuan(payment.amount) if entry.amount != payment.amount else "",
        "reference": payment.reference,
        **texts,
    }


@lru_cache(maxsize=1)
def stylesheet():
    return CSS(
        url=STATIC_SCHEME + STYLESHEET,
        url_fetcher=CertificateFetcher(),
        font_config=font_config(),
    )


def render_pdf(entry):
    """The receipt of a received ledger entry as PDF bytes."""
    facts = facts_of(entry)
    media_names, images = [], {}
    seal = seal_image()
    if seal is not None:
        name = seal.get_rendition(SEAL_RENDITION).file.name
        media_names.append(name)
        images["seal"] = MEDIA_SCHEME + name
    with translation.override("zh-hans"):
        html = render_to_string(
            "payments/receipt.html", {"facts": facts, "images": images, "qr": QR_URL}
        )
    fetcher = CertificateFetcher(media_names, qr=qr_png(facts["check_url"]))
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_config())


def stored_pdf(entry):
    """The entry's stored receipt (a FieldFile), rendered and stored first if there is none
    or its file is missing from the storage."""
    field = entry.receipt_pdf
    before = field.name or ""
    if before and field.storage.exists(before):
        return field
    if before:
        logger.warning("Receipt %s: stored PDF %r is missing; rendering it again", entry, before)
    pdf = render_pdf(entry)
    file_name = LedgerEntry._meta.get_field("receipt_pdf").generate_filename(
        entry, f"{entry.receipt_number}-{entry.receipt_code[:12]}.pdf"
    )
    name = field.storage.save(file_name, ContentFile(pdf))
    # Kept only if no other process stored one meanwhile.
    if LedgerEntry.objects.filter(pk=entry.pk, receipt_pdf=before).update(receipt_pdf=name):
        field.name = name
        if before:
            field.storage.delete(before)
    else:
        field.storage.delete(name)
        entry.refresh_from_db(fields=["receipt_pdf"])
    return entry.receipt_pdf


def download_name(entry):
    return f"收据-{entry.receipt_number}.pdf"


# The legal form at the end of a Chinese company's name (longest first), kept when masking.
COMPANY_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "合伙企业",
    "专业合作社",
    "合作社",
    "经营部",
    "工作室",
    "集团",
    "公司",
    "商行",
    "厂",
    "店",
)
LATIN_FORMS = {"co", "co.", "ltd", "ltd.", "inc", "inc.", "llc", "limited", "company", "gmbh"}
REGION = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市县区]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def masked_name(name, *, company):
    """The payer's name as the public check page shows it: enough to match the receipt in
    one's hand, not enough to learn who paid. A company keeps its place name, the last two
    characters before its legal form (the trade: 科技, 陶瓷) and the form: 岳阳**科技有限公司;
    a person keeps the first character: 王**. Always two stars, so the length does not show."""
    name = "".join((name or "").split()) if HAN.search(name or "") else (name or "").strip()
    if not name:
        return ""
    if not HAN.search(name):
        words = name.split()
        kept = []
        for index, word in enumerate(words):
            if company and index and word.casefold().strip(",") in LATIN_FORMS:
                kept.append(word)
            else:
                kept.append(word[0] + "**")
        return " ".join(kept)
    if not company:
        return name[0] + "**"
    form = next((form for form in COMPANY_FORMS if name.endswith(form)), "")
    core = name.removesuffix(form) if form else name
    region = REGION.match(core)
    place = region[0] if region and len(core) - len(region[0]) >= 2 else core[:2]
    rest = core[len(place) :]
    trade = rest[-2:] if len(rest) >= 4 else ""
    if not rest:  # a name that is all place and form: 岳阳市有限公司
        place = core[:1]
    return f"{place}**{trade}{form}"


def check_facts(entry):
    """What the public check page shows of a receipt: no personal data beyond the masked
    payer."""
    refunds = [
        refund
        for refund in entry.refunds.all()
        if refund.refund_state != LedgerEntry.RefundState.FAILED
    ]
    done = sum((r.amount for r in refunds if r.refund_state == LedgerEntry.RefundState.DONE), ZERO)
    pending = sum(
        (r.amount for r in refunds if r.refund_state == LedgerEntry.RefundState.PENDING), ZERO
    )
    last = max((r.booked_on for r in refunds), default=None)
    name, name_en = issuer()
    return {
        "entry": entry,
        "payer": masked_name(entry.payment.payer_name, company=bool(entry.payment.organisation_id)),
        "issuer": name,
        "issuer_en": name_en,
        "refunded": done,
        "refund_pending": pending,
        "refunded_on": last,
        "fully_refunded": done >= entry.amount,
    }

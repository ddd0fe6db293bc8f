"""Demo money: the association's account and its finance seal for receipts, dues rates for
three years, a year of dues paid by transfer, cash and card (with receipts), a few part-paid
and a few overdue, the demo member's company with last year paid and next year due, and
fapiao: the demo company's issued for last year, two other companies' waiting."""

import datetime
import io
import math
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from cms.demo import demo_image
from members.models import MemberProfile, Membership, Tier

from ..dues import create_dues
from ..fapiao import request_fapiao
from ..models import DuesRate, FapiaoRequest, Method, Payment, PaymentSettings
from ..receipts import issuer
from ..services import record_payment

SEED = 2026
RATES = {
    Tier.PRESIDENT: "50000",
    Tier.VICE_PRESIDENT: "30000",
    Tier.STANDING_COUNCIL: "20000",
    Tier.COUNCIL: "8000",
    Tier.MEMBER: "2000",
}
DEMO_MEMBER_EMAIL = "member@example.com"
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"  # as training's seal
SEAL_TITLE = "协会财务专用章"


def load_settings():
    settings = PaymentSettings.load()
    if not settings.account_number:
        settings.payee = "岳阳市跨境电商协会"
        settings.payee_en = "Yueyang Cross-border E-commerce Association"
        settings.bank_name = "中国工商银行岳阳南湖支行"
        settings.account_number = "1907 0210 0920 0088 166"
        settings.finance_contact = "财务部 王会计 · 0730-8261 6688 · finance@example.com"
        settings.save()


def _font(size):
    if Path(KAI).exists():
        return ImageFont.truetype(KAI, size)
    return ImageFont.load_default(size=size)


def finance_seal_png(name):
    """A round red finance seal, drawn as training's seal is: the association's name around the
    rim, a star in the middle and 财务专用章 across beneath it."""
    size, red = 420, (200, 24, 30, 235)
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=14)
    centre = size / 2
    star = [
        (
            centre + (62 if i % 2 == 0 else 25) * math.sin(math.pi * i / 5),
            centre - 6 - (62 if i % 2 == 0 else 25) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    font = _font(52)
    # About 26 degrees a character, centred at the top; a long name is squeezed into 250
    # degrees, leaving the bottom of the rim clear for 财务专用章.
    span = min(250, 26 * (len(name) - 1))
    for index, char in enumerate(name):
        angle = -span / 2 + span * index / max(len(name) - 1, 1)
        glyph = PILImage.new("RGBA", (70, 70), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((35, 35), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-angle, resample=PILImage.BICUBIC)
        radius = centre - 62
        x = centre + radius * math.sin(math.radians(angle)) - 35
        y = centre - radius * math.cos(math.radians(angle)) - 35
        image.alpha_composite(glyph, (round(x), round(y)))
    draw.text((centre, centre + 100), "财务专用章", font=_font(40), fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.convert("P", palette=PILImage.ADAPTIVE, colors=16).save(
        buffer, format="PNG", optimize=True
    )
    return buffer.getvalue()


def load_seal():
    """The receipts' seal, so the demo's receipts do not fall back to the certificates'
    training seal. One image however often the demo is loaded (demo_image finds it by title);
    a seal an organiser chose instead is kept."""
    settings = PaymentSettings.load()
    if settings.receipt_seal_id is None:
        name = issuer()[0]
        settings.receipt_seal = demo_image(SEAL_TITLE, lambda: finance_seal_png(name))
        settings.save(update_fields=["receipt_seal"])


def load_rates(today):
    for year in (today.year - 1, today.year, today.year + 1):
        for tier, amount in RATES.items():
            DuesRate.objects.get_or_create(year=year, tier=tier, defaults={"amount": amount})


def year_of(today, year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def pay(payment, rng, booked_on, *, part=False):
    method = rng.choices([Method.BANK_TRANSFER, Method.CASH, Method.POS], weights=[8, 1, 1])[0]
    amount = payment.amount
    if part:
        amount = (payment.amount / 2).quantize(Decimal("0.01"))
    record_payment(
        payment=payment,
        amount=amount,
        method=method,
        booked_on=booked_on,
        by=None,
        note="演示数据" if method != Method.BANK_TRANSFER else "对公转账 演示数据",
        notify=False,
    )


@transaction.atomic
def load():
    rng = random.Random(SEED)
    today = timezone.localdate()
    load_settings()
    # Before any money is booked: the receipts rendered after commit carry this seal.
    load_seal()
    load_rates(today)
    start, end = year_of(today, today.year)
    memberships = (
        Membership.objects.filter(status=Membership.Status.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__sort_key", "pk")
    )
    demo_company = (
        MemberProfile.objects.filter(user__email=DEMO_MEMBER_EMAIL)
        .values_list("organisation_id", flat=True)
        .first()
    )
    days_so_far = max((today - start).days, 1)
    for number, membership in enumerate(memberships):
        fresh = not Payment.objects.filter(membership=membership, period_start=start).exists()
        payment = create_dues(
            membership=membership,
            start=start,
            end=end,
            due_date=start + datetime.timedelta(days=31),
            notify=False,
        )
        if payment is None or not fresh:
            continue
        booked_on = start + datetime.timedelta(days=rng.randint(0, min(days_so_far, 300)))
        booked_on = min(booked_on, today)
        if membership.organisation_id == demo_company or number % 12 not in (5, 11):
            pay(payment, rng, booked_on)
        elif number % 24 == 5:
            pay(payment, rng, booked_on, part=True)
            # The rest is still owed, and was asked for recently: overdue, within the grace.
            Payment.objects.filter(pk=payment.pk).update(
                due_date=today - datetime.timedelta(days=10)
            )
        else:
            Payment.objects.filter(pk=payment.pk).update(
                due_date=today - datetime.timedelta(days=rng.randint(3, 20))
            )
    if demo_company:
        # Last year's dues, paid; next year's, due by the end of this year.
        membership = Membership.objects.get(organisation_id=demo_company)
        for year, paid in ((today.year - 1, True), (today.year + 1, False)):
            first, last = year_of(today, year)
            fresh = not Payment.objects.filter(membership=membership, period_start=first).exists()
            payment = create_dues(
                membership=membership,
                start=first,
                end=last,
                due_date=min(first + datetime.timedelta(days=31), datetime.date(today.year, 12, 31))
                if paid
                else datetime.date(today.year, 12, 31),
                notify=False,
            )
            if payment and fresh and paid:
                pay(payment, rng, first + datetime.timedelta(days=20))
    load_fapiao(today, demo_company)
    return []


# Valid unified social credit codes (their check characters computed by python-stdnum).
DEMO_TAX_IDS = ("91430600MA4L1AB2CY", "91430600MA4L2BC3DP", "91430600MA4L3CD4EG")


def fapiao_pdf(fapiao, number, issued_on):
    """A stand-in for the PDF the tax system gives (marked as a demo), so the download works."""
    from django.core.files.base import ContentFile
    from weasyprint import HTML

    html = (
        '<html lang="zh-Hans"><body style="font-family: \'Noto Sans CJK SC\'; padding: 2cm">'
        f"<h1>电子发票（演示，非真实发票）</h1><p>发票号码：{number}</p>"
        f"<p>开票日期：{issued_on:%Y-%m-%d}</p><p>购买方：{fapiao.buyer_name}</p>"
        f"<p>统一社会信用代码：{fapiao.tax_id}</p><p>金额：¥{fapiao.payment.paid:,.2f}</p>"
        "</body></html>"
    )
    return ContentFile(HTML(string=html).write_pdf(), name=f"fapiao-{number}.pdf")


def load_fapiao(today, demo_company):
    """Idempotent: only payments without a request get one."""
    paid = Payment.objects.filter(
        purpose=Payment.Purpose.DUES, state=Payment.State.PAID, fapiao_requests__isnull=True
    ).select_related("organisation")
    own = paid.filter(organisation_id=demo_company, period_start__year=today.year - 1).first()
    others = list(paid.exclude(organisation_id=demo_company).order_by("pk")[:2])
    if FapiaoRequest.objects.exists():
        return
    for payment, tax_id in zip([own, *others], DEMO_TAX_IDS, strict=False):
        if payment is None:
            continue
        fapiao = request_fapiao(
            payment=payment,
            by=None,
            kind=FapiaoRequest.Kind.NORMAL,
            buyer_name=payment.organisation.name,
            tax_id=tax_id,
            email=payment.organisation.email or "",
        )
        if payment is own:
            # Recorded as history, without mail (as imports are), so the member can download it.
            number, issued_on = "26432000000012345678", payment.settled_at.date()
            fapiao.pdf = fapiao_pdf(fapiao, number, issued_on)
            fapiao.number, fapiao.issued_on = number, issued_on
            fapiao.state = FapiaoRequest.State.ISSUED
            fapiao.decided_at = payment.settled_at
            fapiao.save()

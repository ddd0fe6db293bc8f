"""The training app's part of `load_demo`: the Cross-border Second-Generation Growth Camp
with its first cohort finished (20 trainees, most with certificates, one revoked)
and a second cohort taking applications; a certificate template with seal and signatures."""

import datetime
import io
import math
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from cms.demo import add_menu_item, demo_image, stream, upsert_page
from cms.models import HomePage

from .. import certificates, completion, services
from ..models import (
    Attendance,
    Certificate,
    CertificateTemplate,
    CohortPage,
    Enrolment,
    ProgrammePage,
    Session,
)

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"

# The first cohort's 20 trainees: returnees, former platform operators, factory heirs.
# (name, e-mail local part, sessions missed, score, passed)
FIRST_COHORT = [
    ("陈思雨", "trainee", 0, "92.5", True),
    ("王子涵", "trainee01", 0, "88.0", True),
    ("李浩然", "trainee02", 1, "85.5", True),
    ("张雨桐", "trainee03", 0, "90.0", True),
    ("刘一鸣", "trainee04", 1, "79.0", True),
    ("杨梓萱", "trainee05", 0, "86.0", True),
    ("黄俊杰", "trainee06", 0, "83.5", True),
    ("赵欣怡", "trainee07", 1, "81.0", True),
    ("周子轩", "trainee08", 0, "94.0", True),
    ("吴佳琪", "trainee09", 0, "77.5", True),
    ("徐博文", "trainee10", 1, "80.0", True),
    ("孙婉清", "trainee11", 0, "89.0", True),
    ("马天宇", "trainee12", 0, "84.0", True),
    ("朱晓彤", "trainee13", 0, "87.5", True),
    ("胡嘉懿", "trainee14", 1, "78.0", True),
    ("郭志强", "trainee15", 0, "82.0", True),
    ("何雅婷", "trainee16", 4, "76.0", True),  # missed too many sessions
    ("林子豪", "trainee17", 0, "52.0", False),  # did not pass
    ("罗诗涵", "trainee18", 3, "70.0", True),  # missed too many sessions
    ("高振宇", "trainee19", 0, None, None),  # result not recorded
]
REVOKED = "trainee15"

SESSIONS = [
    (
        "跨境电商全景与岳阳产业带",
        "Cross-border e-commerce and Yueyang's industrial belts",
        "周建国",
    ),
    ("亚马逊店铺运营实战", "Running an Amazon store", "唐海波"),
    ("TikTok Shop 直播带货", "Live selling on TikTok Shop", "曾晓琳"),
    ("品牌出海与商标布局", "Taking a brand abroad: trademarks", "邓律师"),
    ("海外仓与跨境物流", "Overseas warehouses and logistics", "彭志远"),
    ("出口退税与合规", "Export tax rebates and compliance", "钟会计师"),
    ("工厂数字化与柔性供应链", "A digital factory and a flexible supply chain", "谢国栋"),
    ("结业路演", "Graduation pitch day", "评审团"),
]


def _font(size):
    if Path(KAI).exists():
        return ImageFont.truetype(KAI, size)
    return ImageFont.load_default(size=size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def seal_png():
    """A round red association seal: the name around the rim, a star in the middle."""
    size, red = 420, (200, 24, 30, 235)
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), outline=red, width=14)
    centre = size / 2
    star = [
        (
            centre + (70 if i % 2 == 0 else 28) * math.sin(math.pi * i / 5),
            centre - (70 if i % 2 == 0 else 28) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    text = "岳阳市跨境电商协会"
    font = _font(52)
    span = 250  # degrees of the rim the name covers, centred at the top
    for index, char in enumerate(text):
        angle = -span / 2 + span * index / (len(text) - 1)
        glyph = PILImage.new("RGBA", (70, 70), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((35, 35), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-angle, resample=PILImage.BICUBIC)
        radius = centre - 62
        x = centre + radius * math.sin(math.radians(angle)) - 35
        y = centre - radius * math.cos(math.radians(angle)) - 35
        image.alpha_composite(glyph, (round(x), round(y)))
    draw.text((centre, centre + 120), "培训专用章", font=_font(36), fill=red, anchor="mm")
    return _png(image.convert("P", palette=PILImage.ADAPTIVE, colors=16))


def signature_png(name):
    """A signature: the name in brush script, slanted as if signed."""
    image = PILImage.new("RGBA", (480, 180), (0, 0, 0, 0))
    ImageDraw.Draw(image).text(
        (240, 95), name, font=_font(104), fill=(20, 30, 70, 255), anchor="mm"
    )
    image = image.transform(
        image.size, PILImage.AFFINE, (1, 0.28, -26, 0, 1, 0), resample=PILImage.BICUBIC
    )
    return _png(image.convert("P", palette=PILImage.ADAPTIVE, colors=16))


def load_template():
    template = CertificateTemplate.objects.filter(
        name="成长营结业证书"
    ).first() or CertificateTemplate(name="成长营结业证书")
    template.issuer = "岳阳市跨境电商协会"
    template.issuer_en = "Yueyang Cross-border E-commerce Association"
    template.signatory_1_name = "周建国"
    template.signatory_1_title = "会长"
    template.signatory_1_title_en = "President"
    template.signatory_1_signature = demo_image("签名：周建国", lambda: signature_png("周建国"))
    template.signatory_2_name = "刘芳"
    template.signatory_2_title = "秘书长"
    template.signatory_2_title_en = "Secretary-General"
    template.signatory_2_signature = demo_image("签名：刘芳", lambda: signature_png("刘芳"))
    template.seal = demo_image("协会培训专用章", seal_png)
    template.save()
    return template


def trainee(email, name):
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def schedule(cohort, starts):
    """The camp's eight afternoon sessions, eleven days apart, unless the cohort has some."""
    if Session.objects.filter(cohort=cohort).exists():
        return
    for index, (topic, topic_en, teacher) in enumerate(SESSIONS):
        day = starts + datetime.timedelta(days=index * 11)
        Session.objects.create(
            cohort=cohort,
            topic=topic,
            topic_en=topic_en,
            teacher=teacher,
            start=at(day, 14),
            end=at(day, 17),
        )


def load_first_cohort(programme, organiser):
    starts, ends = datetime.date(2025, 11, 8), datetime.date(2026, 1, 24)
    cohort = upsert_page(
        programme,
        CohortPage,
        "cohort-1",
        title="第一期",
        title_en="Cohort 1",
        number=1,
        starts=starts,
        ends=ends,
        capacity=24,
        applications_open=False,
        place="岳阳市跨境电商产业园培训中心",
        place_en="Training centre, Yueyang Cross-border E-commerce Park",
        intro="二十余位创二代、海归与平台运营人，十一周、八次课，于第二届产业发展大会上集体亮相。",
        intro_en="Twenty-odd second-generation owners, returnees and platform operators: eleven "
        "weeks, eight sessions, presented on stage at the second industry conference.",
        body=[],
        body_en=[],
    )
    schedule(cohort, starts)
    sessions = list(Session.objects.filter(cohort=cohort))
    decided = timezone.make_aware(datetime.datetime(2025, 10, 28, 10), TZ)
    for name, local, missed, score, passed in FIRST_COHORT:
        user = trainee(f"{local}@example.com", name)
        enrolment, created = Enrolment.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "motivation": "接手家里的工厂，想系统学习跨境电商。",
                "status": Enrolment.Status.ACCEPTED,
                "applied_at": decided - datetime.timedelta(days=14),
                "decided_at": decided,
                "decided_by": organiser,
            },
        )
        if not created:
            continue
        Attendance.objects.bulk_create(
            Attendance(enrolment=enrolment, session=session, present=index >= missed)
            for index, session in enumerate(sessions)
        )
        enrolment.score = score and services.parse_score(score)
        enrolment.passed = passed
        enrolment.result_comment = "结业路演获评优秀" if score and float(score) >= 90 else ""
        enrolment.save()
    if not Certificate.objects.filter(cohort=cohort).exists():
        conference = timezone.make_aware(datetime.datetime(2026, 2, 12, 9), TZ)
        for enrolment in completion.due_enrolments(cohort):
            certificate, _created = certificates.issue_certificate(
                enrolment=enrolment, by=organiser, now=conference, mail=False
            )
            if enrolment.user.email == f"{REVOKED}@example.com":
                certificates.revoke_certificate(
                    certificate=certificate,
                    by=organiser,
                    reason="结业材料经核查系他人代写，撤销证书。",
                )
    return cohort


def load_second_cohort(programme, organiser):
    today = timezone.localdate()
    starts = today + datetime.timedelta(days=40)
    cohort = upsert_page(
        programme,
        CohortPage,
        "cohort-2",
        title="第二期",
        title_en="Cohort 2",
        number=2,
        starts=starts,
        ends=starts + datetime.timedelta(days=77),
        capacity=30,
        applications_open=True,
        place="岳阳市跨境电商产业园培训中心",
        place_en="Training centre, Yueyang Cross-border E-commerce Park",
        intro="第二期现已开放报名：三十个名额，优先录取会员企业的接班人与运营负责人。",
        intro_en="Applications are open for the second cohort: thirty places, members' "
        "successors and heads of operations first.",
        body=[],
        body_en=[],
    )
    schedule(cohort, starts)
    for name, local, status in [
        ("邓可欣", "applicant01", Enrolment.Status.APPLIED),
        ("彭宇航", "applicant02", Enrolment.Status.APPLIED),
        ("曾梦瑶", "applicant03", Enrolment.Status.ACCEPTED),
    ]:
        Enrolment.objects.get_or_create(
            cohort=cohort,
            user=trainee(f"{local}@example.com", name),
            defaults={
                "motivation": "负责公司的亚马逊和 TikTok 店铺，希望系统提升运营能力。",
                "status": status,
                "decided_by": organiser if status == Enrolment.Status.ACCEPTED else None,
                "decided_at": timezone.now() if status == Enrolment.Status.ACCEPTED else None,
            },
        )
    return cohort


@transaction.atomic
def load():
    organiser = get_user_model().objects.get(email="organiser@example.com")
    template = load_template()
    home = HomePage.objects.get()
    programme = upsert_page(
        home,
        ProgrammePage,
        "growth-camp",
        title="岳阳跨境创二代成长营",
        title_en="Yueyang Cross-border Second-Generation Growth Camp",
        intro="面向会员企业接班人、海归和平台运营人的跨境电商成长营，结业颁发可在线查验的结业证书。",
        intro_en="A growth camp for members' successors, returnees and platform operators, "
        "ending with a certificate of completion anyone can verify online.",
        body=stream(
            [
                "## 招收对象",
                "海外学成归来的年轻人、从深圳平台公司回乡的运营人、准备接手父辈工厂的创二代。",
                "## 结业要求",
                "出勤达到每期规定的比例并通过结业考核，即获协会颁发的结业证书；证书编号和二维码可在本站查验。",
                "市里的人才培训政策对成长营给予补贴。",
            ]
        ),
        body_en=stream(
            [
                "## Who it is for",
                "Returnees with overseas degrees, operators back from Shenzhen's platform "
                "companies, and heirs about to take over their parents' factories.",
                "## How to complete it",
                "Attend the share of sessions each cohort sets and pass the final assessment to "
                "receive the association's certificate of completion; its number and QR code "
                "can be verified on this site.",
                "City policy subsidises the camp as talent training.",
            ]
        ),
        serial_prefix="YY",
        certificate_template=template,
    )
    load_first_cohort(programme, organiser)
    load_second_cohort(programme, organiser)
    add_menu_item("成长营", "Growth camp", programme.url)
    return []

"""The events app's part of `load_demo`: past and upcoming events of every kind — the Zhaoxu
Society's reading club and factory visit, member meetups, a training session, and the
association's annual conference as a trade fair of 700 seats."""

import datetime
import random
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo import add_menu_item, stream, upsert_page
from cms.demo.content import ACCOUNTS
from cms.models import HomePage
from members.models import SecretariatPage

from ..models import (
    Audience,
    Booth,
    BoothApplication,
    EventIndexPage,
    EventKind,
    EventPage,
    EventQuestion,
    Registration,
)

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def events(today):
    """(slug, kind, start, hours, fields) with dates relative to today, so the demo always has
    upcoming events."""
    soon = today + datetime.timedelta(days=12)
    return [
        (
            "second-industry-conference",
            EventKind.TRADE_FAIR,
            at(datetime.date(2026, 2, 12), 9),
            8,
            {
                "title": "第二届岳阳市跨境电商产业发展大会",
                "title_en": "Second Yueyang Cross-border E-commerce Industry Conference",
                "intro": "七百余席主会场，六十多个产业带展位沿湖畔酒店长廊展开。",
                "intro_en": "A 700-seat hall and over sixty industrial-belt booths along a "
                "lakeside hotel's corridor.",
                "venue": "南湖宾馆",
                "venue_en": "Nanhu Hotel",
                "address": "岳阳市岳阳楼区南湖大道",
                "capacity": 700,
                "audience": Audience.PUBLIC,
            },
        ),
        (
            "third-industry-conference",
            EventKind.TRADE_FAIR,
            at(today + datetime.timedelta(days=68), 9),
            8,
            {
                "title": "第三届岳阳市跨境电商产业发展大会",
                "title_en": "Third Yueyang Cross-border E-commerce Industry Conference",
                "intro": "年度大会暨产业带展：七百个座位，七十个展位，按产业带分区。",
                "intro_en": "The annual conference and industrial-belt fair: 700 seats and 70 "
                "booths in zones by industrial belt.",
                "body": stream(
                    [
                        "## 大会议程",
                        "上午：政策发布与主旨演讲；下午：平台、物流与海外仓分论坛；全天：产业带展位开放。",
                    ]
                ),
                "body_en": stream(
                    [
                        "## Programme",
                        "Morning: policy announcements and keynotes; afternoon: platform, "
                        "logistics and overseas-warehouse sessions; all day: the booths.",
                    ]
                ),
                "venue": "南湖宾馆",
                "venue_en": "Nanhu Hotel",
                "address": "岳阳市岳阳楼区南湖大道",
                "capacity": 700,
                "audience": Audience.PUBLIC,
                "fee_note": "免费（午餐自理）",
                "fee_note_en": "Free (lunch not included)",
                "questions": [
                    EventQuestion(label="单位名称", label_en="Company", required=True),
                    EventQuestion(
                        label="饮食需求",
                        label_en="Dietary needs",
                        choices="无|素食|清真",
                    ),
                ],
            },
        ),
        (
            "zhaoxu-reading-club",
            EventKind.READING_CLUB,
            at(soon, 19, 30),
            2,
            {
                "title": "朝旭学社读书会：《经营十二条》",
                "title_en": "Zhaoxu Society reading club: Twelve Management Principles",
                "intro": "共读一本书，讨论一个管理话题。名额有限，先到先得。",
                "intro_en": "Read one book, discuss one management question. Limited seats.",
                "venue": "醴陵陶瓷会展馆二楼",
                "venue_en": "2/F, Liling Ceramics Exhibition Hall",
                "address": "湖南省醴陵市",
                "capacity": 30,
                "audience": Audience.MEMBERS,
            },
        ),
        (
            "liling-factory-visit",
            EventKind.FACTORY_VISIT,
            at(soon + datetime.timedelta(days=9), 9, 30),
            5,
            {
                "title": "走进醴陵：电瓷与礼品瓷工厂参访",
                "title_en": "Liling factory visit: electrical and gift porcelain",
                "intro": "参观两家瓷三代企业的生产线和生物质燃料窑炉。",
                "intro_en": "Two third-generation porcelain makers show their lines and a "
                "biomass-fuelled kiln.",
                "venue": "醴陵经济开发区",
                "venue_en": "Liling Economic Development Zone",
                "capacity": 25,
                "audience": Audience.MEMBERS,
            },
        ),
        (
            "shenzhen-meetup",
            EventKind.MEETUP,
            at(soon + datetime.timedelta(days=3), 14),
            3,
            {
                "title": "深圳会员交流会：回乡建仓与产业带合作",
                "title_en": "Shenzhen members' meetup: warehouses at home and belt partnerships",
                "intro": "在深圳的岳阳籍跨境人聊聊把团队和仓库搬回家乡。",
                "intro_en": "Yueyang sellers in Shenzhen talk about moving teams and "
                "warehouses home.",
                "venue": "深圳秘书处会议室",
                "venue_en": "Shenzhen secretariat meeting room",
                "capacity": 40,
                "audience": Audience.PUBLIC,
            },
        ),
        (
            "tax-rebate-training",
            EventKind.TRAINING,
            at(soon + datetime.timedelta(days=5), 14, 30),
            2,
            {
                "title": "出口退税线上申报实操培训",
                "title_en": "Hands-on training: filing export tax rebates online",
                "intro": "财税委员会手把手演示线上退税申报流程。",
                "intro_en": "The finance and tax committee walks through online rebate filing.",
                "venue": "跨境电商产业园 3 楼培训室",
                "venue_en": "Training room, 3/F, Cross-border E-commerce Park",
                "capacity": 60,
                "audience": Audience.PUBLIC,
            },
        ),
        (
            "spring-reading-club",
            EventKind.READING_CLUB,
            at(datetime.date(2026, 4, 16), 19, 30),
            2,
            {
                "title": "春季读书会：《原则》",
                "title_en": "Spring reading club: Principles",
                "intro": "已结束的读书会。",
                "intro_en": "A past reading club.",
                "venue": "岳阳秘书处",
                "venue_en": "Yueyang secretariat",
                "capacity": 30,
                "audience": Audience.MEMBERS,
            },
        ),
    ]


# Zones along the corridor, each an industrial belt: (letter, zh, en, columns, industries).
ZONES = [
    ("A", "君山银针茶叶区", "Junshan Yinzhen tea", range(1, 4), ["tea"]),
    ("B", "平江辣条食品区", "Pingjiang snacks", range(4, 7), ["food", "agri-products"]),
    ("C", "汨罗钓具区", "Miluo fishing tackle", range(7, 9), ["fishing-tackle"]),
    ("D", "临湘浮标区", "Linxiang fishing floats", range(9, 11), ["fishing-tackle", "ceramics"]),
    (
        "E",
        "电子与智能家居区",
        "Electronics and smart home",
        range(11, 14),
        ["electronics", "smart-home", "luggage"],
    ),
    (
        "F",
        "跨境服务区",
        "Cross-border services",
        range(14, 15),
        ["logistics", "ecommerce-services"],
    ),
]
ROWS = 5  # 14 columns × 5 rows = 70 booths


def load_booths(fair):
    """70 booths in belt zones, about four in five held by demo member companies."""
    from members.models import Membership, Organisation

    booths = []
    for letter, zone, zone_en, columns, _industries in ZONES:
        number = 0
        for column in columns:
            for row in range(1, ROWS + 1):
                number += 1
                booth, _created = Booth.objects.update_or_create(
                    event=fair,
                    number=f"{letter}{number:02d}",
                    defaults={
                        "zone": zone,
                        "zone_en": zone_en,
                        "column": column,
                        "row": row,
                        "size": "3m × 3m",
                        "price": 3800 if letter != "F" else 2800,
                        "status": Booth.Status.FREE,
                        "holder": None,
                    },
                )
                booths.append(booth)
    fair.booth_applications.all().delete()
    for letter, zone, _zone_en, _columns, industries in ZONES:
        zone_booths = [booth for booth in booths if booth.number.startswith(letter)]
        companies = list(
            Organisation.objects.filter(
                industry__slug__in=industries, membership__status=Membership.Status.ACTIVE
            )
            .prefetch_related("people__user")
            .order_by("sort_key")
        )
        for booth, company in zip(
            zone_booths[: int(len(zone_booths) * 0.8)], companies, strict=False
        ):
            owner = company.people.filter(role="owner").first()
            if owner is None:
                continue
            application = BoothApplication.objects.create(
                event=fair,
                organisation=company,
                applicant=owner.user,
                preferred_zone=zone,
                products=company.main_products or zone,
                status=BoothApplication.Status.APPROVED,
                decided_at=timezone.now(),
            )
            booth.status, booth.holder = Booth.Status.HELD, application
            booth.save(update_fields=["status", "holder"])


# Events a secretariat runs itself (the others are the whole association's).
EVENT_SECRETARIATS = {"shenzhen-meetup": "shenzhen"}

# Past events with the people who came, so the organisers' charts have something to show:
# slug → (registered, share checked in).
PAST_ATTENDANCE = {"second-industry-conference": (260, 0.82), "spring-reading-club": (26, 0.85)}


def load_past_registrations(pages):
    """Registrations and check-ins of past events by members' people (never the demo
    accounts), made once: an event that has registrations keeps them."""
    demo_emails = [email for email, *_rest in ACCOUNTS]
    people = list(
        get_user_model()
        .objects.filter(member_profile__isnull=False)
        .exclude(email__in=demo_emails)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(2026)
    for slug, (registered, came) in PAST_ATTENDANCE.items():
        event = pages.get(slug)
        if event is None or event.registrations.exists():
            continue
        chosen = rng.sample(people, min(registered, len(people)))
        rows = []
        for user_id in chosen:
            at_time = event.start - datetime.timedelta(
                days=rng.randint(1, 30), minutes=rng.randint(0, 600)
            )
            checked_in = rng.random() < came
            rows.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    status=Registration.Status.CONFIRMED,
                    created_at=at_time,
                    checked_in_at=(
                        event.start + datetime.timedelta(minutes=rng.randint(-30, 40))
                        if checked_in
                        else None
                    ),
                )
            )
        Registration.objects.bulk_create(rows)


@transaction.atomic
def load():
    home = HomePage.objects.get()
    index = upsert_page(
        home,
        EventIndexPage,
        "events",
        title="活动",
        title_en="Events",
        intro="会员交流会、读书会、工厂参访、培训与年度大会。",
        intro_en="Meetups, reading clubs, factory visits, training and the annual conference.",
    )
    today = timezone.localdate()
    secretariats = {page.slug: page for page in SecretariatPage.objects.all()}
    pages = {}
    for slug, kind, start, hours, fields in events(today):
        fields = dict(fields)
        fields.setdefault("secretariat", secretariats.get(EVENT_SECRETARIATS.get(slug)))
        fields.setdefault("body", [])
        fields.setdefault("body_en", [])
        fields.setdefault("questions", [])
        page = upsert_page(
            index,
            EventPage,
            slug,
            kind=kind,
            start=start,
            end=start + datetime.timedelta(hours=hours),
            registration_closes=start - datetime.timedelta(hours=2),
            organiser_contact="秘书处 0730-8866 2026",
            **fields,
        )
        pages[slug] = page
        if slug == "third-industry-conference":
            load_booths(page)
    load_past_registrations(pages)
    add_menu_item("活动", "Events", index.url)
    return []

"""The members app's part of `load_demo`: the association's eight secretariats and ten
committees, the managed lists, and about 150 member companies with their people, tiers and
terms (a few lapsed or suspended). Deterministic: the same seed gives the same companies, and
running it again updates them in place."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo import add_menu_item, upsert_page
from cms.models import HomePage

from ..models import (
    CommitteeIndexPage,
    CommitteePage,
    CommitteeSeat,
    Industry,
    Market,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
    OrganiserScope,
    SalesPlatform,
    SecretariatIndexPage,
    SecretariatPage,
    StaffBand,
    Tier,
    TradeBand,
    Visibility,
)
from . import data

SEED = 2026
COMPANY_COUNT = 150
LAPSED = 8
SUSPENDED = 2
DEMO_MEMBER_EMAIL = "member@example.com"
# Which secretariat looks after a company registered in these places; the rest go to Yueyang.
CITY_SECRETARIAT = {
    "深圳": "shenzhen",
    "广州": "guangzhou",
    "东莞": "dongguan",
    "佛山": "foshan",
    "上海": "shanghai",
    "杭州": "hangzhou",
    "义乌": "hangzhou",
    "长沙": "changsha",
    "株洲": "changsha",
    "醴陵市": "changsha",
}


def load_lists():
    for order, item in enumerate(data.INDUSTRIES):
        Industry.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "name_en": item["name_en"], "sort_order": order},
        )
    for order, item in enumerate(data.MARKETS):
        Market.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "name_en": item["name_en"],
                "slug": item["code"].lower(),
                "sort_order": order,
            },
        )
    for order, item in enumerate(data.PLATFORMS):
        SalesPlatform.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "name_en": item["name_en"], "sort_order": order},
        )


def load_secretariats(home):
    index = upsert_page(
        home,
        SecretariatIndexPage,
        "secretariats",
        title="城市秘书处",
        title_en="City secretariats",
        intro="协会在八个城市设有秘书处，就近联系和服务会员企业。",
        intro_en="Eight city secretariats keep in touch with and serve the members near them.",
    )
    pages = {}
    for item in data.SECRETARIATS:
        pages[item["slug"]] = upsert_page(
            index,
            SecretariatPage,
            item["slug"],
            title=item["title"],
            title_en=item["title_en"],
            intro=item["intro"],
            intro_en=item["intro_en"],
            city=item["city"],
            city_en=item["city_en"],
            address=item["address"],
            address_en=item["address_en"],
            phone=item["phone"],
            email=item["email"],
        )
    return index, pages


def company_names(rng):
    """About 150 names spread over the industries, in a stable order."""
    pools = {slug: list(names) for slug, names in data.ORGANISATION_NAMES.items()}
    chosen = []
    while len(chosen) < COMPANY_COUNT and any(pools.values()):
        for slug in data.ORGANISATION_NAMES:
            if pools[slug] and len(chosen) < COMPANY_COUNT:
                chosen.append((slug, *pools[slug].pop(0)))
    rng.shuffle(chosen)
    return chosen


def pick_trade_band(rng):
    # More than half trade over 100 million a year, one in ten over a billion.
    roll = rng.random()
    if roll < 0.10:
        return TradeBand.OVER_1B
    if roll < 0.56:
        return TradeBand.UNDER_1B
    if roll < 0.85:
        return TradeBand.UNDER_100M
    return TradeBand.UNDER_10M


def person_name(rng):
    return rng.choice(data.PEOPLE_SURNAMES) + rng.choice(data.PEOPLE_GIVEN)


def load_companies(rng, secretariats):
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    markets = list(Market.objects.all())
    platforms = list(SalesPlatform.objects.all())
    cities = [city["name"] for city in data.CITIES]
    weights = [city["weight"] for city in data.CITIES]
    today = timezone.localdate()
    term_start = datetime.date(today.year, 1, 1)
    companies = []
    for number, (industry_slug, name, name_en) in enumerate(company_names(rng)):
        city = rng.choices(cities, weights)[0]
        products = rng.sample(
            data.PRODUCTS[industry_slug], k=min(3, len(data.PRODUCTS[industry_slug]))
        )
        company_markets = rng.sample(markets, k=rng.randint(2, 7))
        company_platforms = rng.sample(platforms, k=rng.randint(1, 4))
        product_text = "、".join(zh for zh, _en in products)
        product_text_en = ", ".join(en for _zh, en in products)
        organisation, _created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "industry": industries[industry_slug],
                "city": city,
                "secretariat": secretariats[CITY_SECRETARIAT.get(city, "yueyang")],
                "founded_year": rng.randint(1993, 2024),
                "staff_band": rng.choice(StaffBand.values),
                "trade_band": pick_trade_band(rng),
                "main_products": product_text,
                "description": f"{name}主营{product_text}，产品销往"
                f"{'、'.join(m.name for m in company_markets[:3])}等"
                f"{len(company_markets)}个国家和地区。",
                "description_en": f"{name_en} makes {product_text_en}, sold in "
                f"{len(company_markets)} countries including "
                f"{', '.join(m.name_en for m in company_markets[:3])}.",
                "website": f"https://www.example.com/{number + 1}",
                "phone": f"0730-{rng.randint(8000000, 8999999)}",
                "phone_visibility": rng.choice(
                    [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.MEMBERS, Visibility.HIDDEN]
                ),
                "email": f"contact{number + 1}@example.com",
                "email_visibility": rng.choice([Visibility.PUBLIC, Visibility.MEMBERS]),
                "wechat": f"yy-cbec-{number + 1:03d}",
                "wechat_visibility": rng.choice([Visibility.MEMBERS, Visibility.HIDDEN]),
                "address": f"{city}产业园 {rng.randint(1, 99)} 号",
                "address_visibility": Visibility.PUBLIC,
            },
        )
        organisation.export_markets.set(company_markets)
        organisation.platforms.set(company_platforms)
        companies.append(organisation)

    # Tiers follow size: the biggest traders lead the association.
    by_size = sorted(
        companies,
        key=lambda org: (list(TradeBand.values).index(org.trade_band), org.sort_key),
        reverse=True,
    )
    tiers = {org.pk: Tier.MEMBER for org in companies}
    tiers[by_size[0].pk] = Tier.PRESIDENT
    for org in by_size[1:7]:
        tiers[org.pk] = Tier.VICE_PRESIDENT
    for org in by_size[7:12]:
        tiers[org.pk] = Tier.STANDING_COUNCIL
    for org in by_size[12:27]:
        tiers[org.pk] = Tier.COUNCIL
    ordinary = [org for org in companies if tiers[org.pk] == Tier.MEMBER]
    lapsed = {org.pk for org in ordinary[:LAPSED]}
    suspended = {org.pk for org in ordinary[LAPSED : LAPSED + SUSPENDED]}
    ending_soon = {org.pk for org in ordinary[LAPSED + SUSPENDED : LAPSED + SUSPENDED + 5]}
    for org in companies:
        if org.pk in lapsed:
            status = Membership.Status.LAPSED
            start, end = (
                term_start.replace(year=term_start.year - 1),
                term_start - datetime.timedelta(days=1),
            )
        else:
            status = (
                Membership.Status.SUSPENDED if org.pk in suspended else Membership.Status.ACTIVE
            )
            start = term_start
            end = (
                today + datetime.timedelta(days=20)
                if org.pk in ending_soon
                else datetime.date(term_start.year + 1, 12, 31)
            )
        Membership.objects.update_or_create(
            organisation=org,
            defaults={
                "tier": tiers[org.pk],
                "status": status,
                "term_start": start,
                "term_end": end,
            },
        )
    return companies


def load_people(rng, companies):
    User = get_user_model()
    for number, organisation in enumerate(companies):
        staff = 2 if number % 3 == 0 else 1
        for index in range(staff):
            email = (
                DEMO_MEMBER_EMAIL
                if number == 0 and index == 0
                else f"person{number + 1}-{index + 1}@example.com"
            )
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email, name=person_name(rng))
                user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            else:
                person_name(rng)  # keep the random sequence the same on later runs
            title, title_en = rng.choice(data.TITLES)
            bio, _bio_en = rng.choice(
                [pair for pair in data.BIOS if "瓷" not in pair[0]]
                if organisation.industry.slug != "ceramics"
                else data.BIOS
            )
            MemberProfile.objects.update_or_create(
                user=user,
                defaults={
                    "organisation": organisation,
                    "role": MemberProfile.Role.OWNER if index == 0 else MemberProfile.Role.EDITOR,
                    "title": title,
                    "title_en": title_en,
                    "bio": bio.format(company=organisation.name),
                    "generation": rng.choice(MemberProfile.Generation.values),
                    "phone": f"139{rng.randint(10000000, 99999999)}",
                    "phone_visibility": Visibility.HIDDEN,
                    "email": email,
                    "email_visibility": Visibility.MEMBERS,
                    "wechat": f"wx{rng.randint(100000, 999999)}",
                    "wechat_visibility": Visibility.MEMBERS,
                },
            )


def load_committees(rng, home, companies):
    index = upsert_page(
        home,
        CommitteeIndexPage,
        "committees",
        title="专业委员会",
        title_en="Committees",
        intro="十个专业委员会覆盖跨境电商的完整链条，由会员企业的负责人担任主任和委员。",
        intro_en="Ten committees cover the whole cross-border chain; member companies' leaders "
        "chair and sit on them.",
    )
    active = [org for org in companies if org.membership.status == Membership.Status.ACTIVE]
    leaders = [org for org in active if org.membership.tier != Tier.MEMBER]
    for item in data.COMMITTEES:
        fitting = [org for org in active if org.industry.slug in item["industries"]]
        pool = fitting if len(fitting) >= 10 else active
        chair = rng.choice(leaders)
        vice = rng.sample([org for org in leaders if org != chair], k=2)
        others = rng.sample(
            [org for org in pool if org not in (chair, *vice)], k=rng.randint(6, 10)
        )
        seats = [CommitteeSeat(organisation=chair, role=CommitteeSeat.Role.CHAIR)]
        seats += [
            CommitteeSeat(organisation=org, role=CommitteeSeat.Role.VICE_CHAIR) for org in vice
        ]
        seats += [CommitteeSeat(organisation=org, role=CommitteeSeat.Role.MEMBER) for org in others]
        for seat in seats:
            seat.person = seat.organisation.people.order_by("pk").first()
        upsert_page(
            index,
            CommitteePage,
            item["slug"],
            title=item["title"],
            title_en=item["title_en"],
            remit=item["remit"],
            remit_en=item["remit_en"],
            seats=seats,
        )
    return index


# Applications waiting for the secretariat, so the admin home shows a queue: (applicant's
# e-mail, name, company, English name, city, secretariat slug, industry slug, days waiting).
PENDING_APPLICATIONS = [
    (
        "penglei.apply@example.com",
        "彭磊",
        "华容县洞庭渔具有限公司",
        "Huarong Dongting Fishing Gear Co., Ltd.",
        "华容县",
        "yueyang",
        "fishing-tackle",
        6,
    ),
    (
        "huangjiayi.apply@example.com",
        "黄嘉怡",
        "深圳市海贝跨境电子商务有限公司",
        "Shenzhen Haibei Cross-border E-commerce Co., Ltd.",
        "深圳",
        "shenzhen",
        "ecommerce-services",
        3,
    ),
    (
        "wuzhiqiang.apply@example.com",
        "吴志强",
        "义乌市优品箱包有限公司",
        "Yiwu Youpin Bags Co., Ltd.",
        "义乌",
        "hangzhou",
        "luggage",
        1,
    ),
]


def load_pending_applications(secretariats):
    """A few membership applications awaiting review, each from its own (password-less)
    account; running again leaves them as they are, or as an organiser decided them."""
    User = get_user_model()
    for email, name, company, company_en, city, secretariat, industry, days in PENDING_APPLICATIONS:
        user, created = User.objects.get_or_create(email=email, defaults={"name": name})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if MembershipApplication.objects.filter(applicant=user).exists():
            continue
        application = MembershipApplication.objects.create(
            applicant=user,
            organisation_name=company,
            organisation_name_en=company_en,
            industry=(Industry.objects.filter(slug=industry).first() if industry else None)
            or Industry.objects.order_by("sort_order", "pk").first(),
            city=city,
            secretariat=secretariats.get(secretariat),
            applicant_name=name,
            applicant_phone="13900001111",
            main_products="",
            consented_at=timezone.now() - datetime.timedelta(days=days),
        )
        MembershipApplication.objects.filter(pk=application.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days, hours=2)
        )


# Demo organisers who run one secretariat: (e-mail, secretariat slug).
SCOPED_ORGANISERS = [("shenzhen@example.com", "shenzhen")]


def load_scopes(secretariats):
    for email, slug in SCOPED_ORGANISERS:
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            continue
        scope, _created = OrganiserScope.objects.get_or_create(user=user)
        scope.secretariats.set([secretariats[slug]])


def load_history(companies):
    """A year of the association's history for the organisers' charts, made once: some
    companies joined through an approved application, some renewed, the lapsed ones lapsed
    (the site history's "members.renewed" and "members.lapsed" entries)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    now = timezone.now()
    owners = {
        profile.organisation_id: profile
        for profile in MemberProfile.objects.filter(role=MemberProfile.Role.OWNER).select_related(
            "user"
        )
    }
    memberships = ContentType.objects.get_for_model(Membership)
    logged = set(
        ModelLogEntry.objects.filter(
            action__in=["members.renewed", "members.lapsed"], content_type=memberships
        ).values_list("action", "object_id")
    )
    entries = []
    for number, company in enumerate(sorted(companies, key=lambda org: org.pk)):
        owner = owners.get(company.pk)
        membership = getattr(company, "membership", None)
        if number % 4 == 0 and owner and not company.applications.exists():
            decided = now - datetime.timedelta(days=5 + number * 11 % 350, hours=number % 7)
            application = MembershipApplication.objects.create(
                applicant=owner.user,
                status=MembershipApplication.Status.APPROVED,
                organisation_name=company.name,
                organisation_name_en=company.name_en,
                industry=company.industry,
                city=company.city,
                secretariat=company.secretariat,
                applicant_name=owner.user.name or company.name,
                applicant_phone="13900001111",
                consented_at=decided - datetime.timedelta(days=3),
                decided_at=decided,
                organisation=company,
            )
            MembershipApplication.objects.filter(pk=application.pk).update(
                created_at=decided - datetime.timedelta(days=3)
            )
        if membership is None:
            continue
        if membership.status == Membership.Status.LAPSED:
            action, days = "members.lapsed", 10 + number * 29 % 300
        elif number % 5 == 1:
            action, days = "members.renewed", 3 + number * 17 % 330
        else:
            continue
        if (action, str(membership.pk)) in logged:
            continue
        entries.append(
            ModelLogEntry(
                content_type=memberships,
                label=str(membership)[:255],
                action=action,
                data={},
                object_id=str(membership.pk),
                timestamp=now - datetime.timedelta(days=days),
            )
        )
    ModelLogEntry.objects.bulk_create(entries)


@transaction.atomic
def load():
    rng = random.Random(SEED)
    home = HomePage.objects.get()
    load_lists()
    secretariat_index, secretariats = load_secretariats(home)
    companies = load_companies(rng, secretariats)
    load_people(rng, companies)
    committee_index = load_committees(rng, home, companies)
    load_pending_applications(secretariats)
    load_scopes(secretariats)
    load_history(companies)
    add_menu_item("会员名录", "Members", "/members/")
    add_menu_item("专业委员会", "Committees", committee_index.url)
    add_menu_item("秘书处", "Secretariats", secretariat_index.url, footer=True)
    add_menu_item("申请入会", "Join us", "/members/apply/", footer=True)
    return []

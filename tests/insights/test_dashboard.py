"""The organisers' numbers: the dashboard's figures on a small known data set, the annual
report's workbook, who may open them, and a query count that does not grow with the data.

The data sit in 2045 (TODAY): the demo content, loaded around the real clock, has nothing
then, so the figures over time are exact; snapshot figures (by tier, by secretariat) are
compared with what the demo alone gives."""

import datetime
import io
import itertools
import zoneinfo
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from cms.charts import Chart
from events.models import (
    Booth,
    BoothApplication,
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
)
from insights import figures, reports
from members.models import (
    Industry,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
    SecretariatPage,
    Tier,
)
from tests.training.conftest import create_cohort
from training.models import Attendance, Certificate, Enrolment

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2045, 6, 15)
numbers = itertools.count(1)


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def values(chart):
    """{category: (value, …)} of a chart."""
    return {
        category: tuple(series[index] for _name, series in chart.series)
        for index, category in enumerate(chart.categories)
    }


def by_key(charts):
    return {chart.key: chart for chart in charts}


@pytest.fixture
def industry(db):
    return Industry.objects.create(
        name="测试统计行业", name_en="Statistics test", slug="stats-test"
    )


@pytest.fixture
def make_company(db, industry):
    def make(*, status=Membership.Status.ACTIVE, tier=Tier.MEMBER, start=None, end=None, **kw):
        number = next(numbers)
        organisation = Organisation.objects.create(
            name=kw.pop("name", f"统计测试企业{number}"),
            industry=kw.pop("industry", industry),
            city="君山区",
            **kw,
        )
        Membership.objects.create(
            organisation=organisation,
            status=status,
            tier=tier,
            term_start=start or TODAY - datetime.timedelta(days=200),
            term_end=end or TODAY + datetime.timedelta(days=200),
        )
        return organisation

    return make


@pytest.fixture
def approved_application(make_user, industry):
    def make(decided_at, status=MembershipApplication.Status.APPROVED):
        number = next(numbers)
        return MembershipApplication.objects.create(
            applicant=make_user(email=f"stats-applicant-{number}@example.com"),
            status=status,
            organisation_name=f"申请企业{number}",
            industry=industry,
            city="岳阳楼区",
            applicant_name="申请人",
            applicant_phone="13800000000",
            consented_at=decided_at,
            decided_at=decided_at,
        )

    return make


def log_entry(membership, action, timestamp):
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Membership),
        label=str(membership),
        action=action,
        object_id=str(membership.pk),
        timestamp=timestamp,
    )


def create_event(start, kind=EventKind.MEETUP, **fields):
    number = next(numbers)
    event = EventPage(
        title=fields.pop("title", f"统计测试活动{number}"),
        slug=f"stats-event-{number}",
        kind=kind,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="协会会议室",
        **fields,
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    return event


@pytest.fixture
def register(make_user):
    def make(event, status=Registration.Status.CONFIRMED, checked_in=False):
        user = make_user(email=f"guest-stats-{next(numbers)}@example.com")
        return Registration.objects.create(
            event=event,
            user=user,
            status=status,
            checked_in_at=event.start if checked_in else None,
        )

    return make


@pytest.fixture
def enrol(make_user):
    def make(cohort, status=Enrolment.Status.ACCEPTED, attended=0):
        user = make_user(email=f"trainee-stats-{next(numbers)}@example.com")
        enrolment = Enrolment.objects.create(
            cohort=cohort, user=user, motivation="学习", status=status
        )
        for session in list(cohort.sessions.order_by("start"))[:attended]:
            Attendance.objects.create(enrolment=enrolment, session=session, present=True)
        return enrolment

    return make


def certificate(enrolment, issued_at, revoked=False):
    cohort = enrolment.cohort
    number = next(numbers)
    return Certificate.objects.create(
        enrolment=enrolment,
        programme=cohort.get_parent().specific,
        cohort=cohort,
        year=issued_at.year,
        number=9000 + number,
        serial=f"STATS-{issued_at.year}-{number:04d}",
        holder_name="学员",
        programme_title="成长营",
        cohort_title=cohort.title,
        cohort_starts=cohort.starts,
        cohort_ends=cohort.ends,
        issued_at=issued_at,
        revoked_at=issued_at + datetime.timedelta(days=1) if revoked else None,
    )


# The chart description itself.


def test_a_chart_gives_its_table_json_and_sheet():
    chart = Chart(
        key="k",
        title="会员单位",
        kind="bar",
        categories=["茶叶", "=HYPERLINK(1)"],
        series=[("会员单位", [3, 1]), ("比例", [75.0, 25.0])],
        unit="家",
        category_label="行业",
    )
    assert chart.headings() == ["行业", "会员单位", "比例"]
    assert chart.table_rows() == [["茶叶", 3, 75.0], ["=HYPERLINK(1)", 1, 25.0]]
    assert chart.to_json()["series"][1] == {"name": "比例", "values": [75.0, 25.0]}
    from openpyxl import Workbook

    sheet = Workbook().active
    chart.to_xlsx(sheet)
    assert sheet.title == "会员单位"
    assert [cell.value for cell in sheet[2]] == ["行业", "会员单位", "比例"]
    assert sheet["B3"].value == 3 and sheet["B3"].data_type == "n"
    # Text a spreadsheet would run as a formula stays text.
    assert sheet["A4"].data_type == "s" and sheet["A4"].quotePrefix


def test_a_chart_refuses_series_of_another_length():
    with pytest.raises(ValueError):
        Chart(key="k", title="t", kind="bar", categories=["a"], series=[("s", [1, 2])])


# The figures.


def test_members_joined_renewed_and_lapsed_by_month_in_shanghai(make_company, approved_application):
    approved_application(at(2045, 3, 10))
    approved_application(at(2045, 3, 28))
    approved_application(at(2045, 6, 1))
    # Half past midnight on 1 July 2044 in Shanghai is still 30 June in UTC: July here.
    approved_application(at(2044, 7, 1, 0, 30))
    approved_application(at(2044, 6, 30, 23, 30))  # before the twelve months
    approved_application(at(2045, 3, 12), status=MembershipApplication.Status.REJECTED)
    first, second = make_company().membership, make_company().membership
    log_entry(first, "members.renewed", at(2045, 2, 3))
    log_entry(first, "members.renewed", at(2045, 2, 20))  # the same membership: once
    log_entry(second, "members.renewed", at(2045, 2, 21))
    log_entry(second, "members.lapsed", at(2045, 5, 31, 23, 59))

    (chart,) = figures.members_over_time(TODAY)

    assert chart.categories[0] == "2044-07" and chart.categories[-1] == "2045-06"
    assert len(chart.categories) == 12
    table = values(chart)
    assert table["2044-07"] == (1, 0, 0)
    assert table["2045-02"] == (0, 2, 0)
    assert table["2045-03"] == (2, 0, 0)
    assert table["2045-05"] == (0, 0, 1)
    assert table["2045-06"] == (1, 0, 0)
    assert sum(sum(row) for row in table.values()) == 7


def test_members_by_industry_tier_and_secretariat(make_company, industry):
    yueyang = SecretariatPage.objects.get(slug="yueyang")
    before_tier = values(figures.members_by_tier(TODAY)[0])
    before_secretariat = values(figures.members_by_secretariat(TODAY)[0])
    make_company(tier=Tier.COUNCIL, secretariat=yueyang)
    make_company(secretariat=yueyang)
    make_company()
    make_company(status=Membership.Status.LAPSED, secretariat=yueyang)

    assert values(figures.members_by_industry(TODAY)[0])["测试统计行业"] == (3,)
    tier = values(figures.members_by_tier(TODAY)[0])
    assert tier["理事"][0] - before_tier["理事"][0] == 1
    assert tier["会员"][0] - before_tier["会员"][0] == 2
    assert tier["会长"] == before_tier["会长"]
    secretariat = values(figures.members_by_secretariat(TODAY)[0])
    assert secretariat[yueyang.title][0] - before_secretariat[yueyang.title][0] == 2
    assert secretariat["未归属秘书处"][0] - before_secretariat.get("未归属秘书处", (0,))[0] == 1


def test_renewals_due_in_three_windows(make_company):
    for days in (0, 30, 31, 60, 61, 90, 91, -1):
        make_company(end=TODAY + datetime.timedelta(days=days))
    make_company(status=Membership.Status.LAPSED, end=TODAY + datetime.timedelta(days=10))

    (chart,) = figures.renewals_due(TODAY)

    assert chart.series[0][1] == [2, 2, 2]
    assert chart.categories == ["30天内", "31–60天", "61–90天"]


def test_registrations_and_check_in_rates_per_event(register):
    held = create_event(at(2045, 5, 1, 14), title="已举办的沙龙", capacity=10)
    for checked_in in (True, True, True, False):
        register(held, checked_in=checked_in)
    register(held, status=Registration.Status.WAITLISTED)
    register(held, status=Registration.Status.CANCELLED)
    upcoming = create_event(at(2045, 6, 20, 14), title="即将举办的沙龙")
    register(upcoming)
    register(upcoming)
    create_event(at(2045, 10, 1, 14), title="九十天以后的沙龙")
    create_event(at(2045, 5, 10, 14), title="无人报名的沙龙")

    registrations, rates = figures.events(TODAY)

    table = values(registrations)
    assert table["2045-05-01 已举办的沙龙"] == (4, 1, 3)
    assert table["2045-06-20 即将举办的沙龙"] == (2, 0, 0)
    assert not any("九十天以后" in category for category in registrations.categories)
    # The latest events come last, as in a timeline.
    assert registrations.categories[-1] == "2045-06-20 即将举办的沙龙"
    assert values(rates)["2045-05-01 已举办的沙龙"] == (75.0,)
    assert "2045-06-20 即将举办的沙龙" not in rates.categories
    # No one confirmed: no rate (not 0 %), shown as "–".
    assert values(rates)["2045-05-10 无人报名的沙龙"] == (None,)


def test_booth_occupancy_per_fair(make_company, make_user):
    fair = create_event(at(2045, 4, 1, 9), kind=EventKind.TRADE_FAIR, title="统计测试展会")
    applicant = make_user(email="exhibitor-stats@example.com")
    for column in range(1, 7):
        status = Booth.Status.HELD if column <= 3 else Booth.Status.FREE
        if column == 4:
            status = Booth.Status.RESERVED
        holder = None
        if status == Booth.Status.HELD:
            holder = BoothApplication.objects.create(
                event=fair,
                organisation=make_company(),
                applicant=applicant,
                products="茶叶",
                status=BoothApplication.Status.APPROVED,
            )
        Booth.objects.create(
            event=fair,
            number=f"A{column}",
            zone="A区",
            column=column,
            row=1,
            status=status,
            holder=holder,
        )

    (chart,) = figures.booth_occupancy(TODAY)

    assert chart.kind == "stacked"
    assert values(chart)["2045-04-01 统计测试展会"] == (3, 1, 2)


def test_training_enrolment_completion_and_attendance_per_cohort(enrol):
    cohort = create_cohort(sessions=4, starts=datetime.date(2045, 5, 1))
    enrol(cohort, attended=4)
    enrol(cohort, attended=2)
    enrol(cohort, status=Enrolment.Status.COMPLETED)
    enrol(cohort, status=Enrolment.Status.WITHDRAWN, attended=4)
    enrol(cohort, status=Enrolment.Status.REJECTED)

    people, attendance = figures.training(TODAY)

    label = f"2045-05 {cohort.title}"
    assert values(people)[label] == (3, 1)
    assert values(attendance)[label] == (50.0,)  # 6 of 3 trainees × 4 sessions


# The annual report.


@pytest.fixture
def year_2045(make_company, approved_application, register, enrol, make_user):
    """A known year: two member units at its end (a president, and a council member that lapsed
    later), one that left in June, one still applying."""
    president = make_company(
        name="统计会长单位",
        tier=Tier.PRESIDENT,
        start=datetime.date(2045, 1, 1),
        end=datetime.date(2045, 12, 31),
    )
    council = make_company(
        name="统计理事单位",
        tier=Tier.COUNCIL,
        status=Membership.Status.LAPSED,
        start=datetime.date(2045, 1, 1),
        end=datetime.date(2046, 6, 30),
    )
    gone = make_company(
        status=Membership.Status.LAPSED,
        start=datetime.date(2044, 1, 1),
        end=datetime.date(2045, 6, 30),
    )
    make_company(
        status=Membership.Status.APPLIED,
        start=datetime.date(2045, 1, 1),
        end=datetime.date(2046, 12, 31),
    )
    for organisation in (president, president, gone):
        MemberProfile.objects.create(
            user=make_user(email=f"person-stats-{next(numbers)}@example.com"),
            organisation=organisation,
        )
    approved_application(at(2045, 2, 1))
    approved_application(at(2044, 12, 31, 23, 0))
    log_entry(gone.membership, "members.lapsed", at(2045, 7, 1, 0, 10))
    log_entry(president.membership, "members.renewed", at(2045, 11, 1))
    log_entry(president.membership, "members.renewed", at(2045, 11, 2))
    meetup = create_event(at(2045, 3, 1, 14), title="统计年度沙龙")
    register(meetup, checked_in=True)
    register(meetup)
    create_event(at(2045, 9, 1, 9), kind=EventKind.TRADE_FAIR, title="统计年度展会")
    create_event(at(2046, 1, 5, 9), title="次年的活动")
    cohort = create_cohort(sessions=2, starts=datetime.date(2045, 4, 1))
    enrol(cohort)
    done = enrol(cohort, status=Enrolment.Status.COMPLETED)
    certificate(done, at(2045, 11, 1))
    other = create_cohort(sessions=1, starts=datetime.date(2044, 10, 1))
    certificate(enrol(other, status=Enrolment.Status.COMPLETED), at(2045, 1, 2), revoked=True)
    return {"president": president, "council": council}


NOW = at(2046, 1, 10)


def test_annual_report_figures(year_2045):
    data = reports.figures(2045, now=NOW)
    assert data["units"] == 2
    assert dict(data["units_by_tier"])[Tier.PRESIDENT] == 1
    assert dict(data["units_by_tier"])[Tier.COUNCIL] == 1
    assert data["individuals"] == 2
    assert data["joined"] == 1
    assert data["left"] == 1
    assert data["renewed"] == 1
    assert [row[1] for row in data["officers"]] == ["统计会长单位", "统计理事单位"]
    assert [row["title"] for row in data["events"]] == ["统计年度沙龙", "统计年度展会"]
    assert (data["events"][0]["confirmed"], data["events"][0]["checked_in"]) == (2, 1)
    assert [(row["enrolled"], row["completed"]) for row in data["cohorts"]] == [(2, 1)]
    assert (data["certificates"], data["certificates_revoked"]) == (2, 1)


def test_annual_report_workbook_has_a_sheet_per_topic_in_chinese(year_2045):
    workbook = load_workbook(io.BytesIO(reports.annual_report(2045, now=NOW)))
    assert workbook.sheetnames == ["概况", "会员", "理事会成员单位", "活动", "培训"]
    summary = {row[0]: row[1] for row in workbook["概况"].iter_rows(min_row=3, values_only=True)}
    assert summary["年末会员单位数"] == 2
    assert summary["年末个人会员数"] == 2
    assert summary["当年新入会单位"] == 1
    assert summary["当年退会（失效）单位"] == 1
    assert summary["举办会议及活动"] == 2
    assert summary["颁发证书"] == 2
    members = workbook["会员"]
    assert [cell.value for cell in members[2]] == ["会员级别", "会员单位数"]
    assert members["B3"].value == 1 and members["B3"].data_type == "n"
    events = workbook["活动"]
    rows = [row[:5] for row in events.iter_rows(values_only=True)]
    assert ("交流会", 1, 2, 1, None) in rows
    listing = [row for row in rows if row[1] == "统计年度沙龙"]
    assert listing[0][0] == datetime.datetime(2045, 3, 1) and listing[0][3:] == (2, 1)


# The screens.


@pytest.fixture
def member(demo_accounts, django_user_model):
    return django_user_model.objects.get(email=demo_accounts["member"][0])


SCREENS = [
    "/admin/insights/",
    "/admin/insights/charts/members-by-tier.xlsx",
    "/admin/insights/report/",
    "/admin/insights/report.xlsx?year=2025",
]


@pytest.mark.parametrize("url", SCREENS)
def test_members_do_not_find_the_numbers(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", SCREENS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_shows_every_chart_with_its_table_and_download(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/cms/vendor/echarts/echarts.common.min.js" in html
    assert "/static/cms/js/charts.js" in html
    for key in figures.CHART_KEYS:
        assert f'id="chart-{key}"' in html
        assert f"/admin/insights/charts/{key}.xlsx" in html
    assert 'id="chart-data-members-by-tier" type="application/json"' in html
    assert html.count("<caption>") == len(figures.CHART_KEYS)
    assert "<title>图表看板" in html


def test_a_charts_xlsx_opens_with_chinese_headings_and_numbers(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/insights/charts/members-by-tier.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" + quote("会员单位级别分布.xlsx") in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "会员单位级别分布"
    assert [cell.value for cell in sheet[2]] == ["会员级别", "会员单位数"]
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        "会长",
        "副会长",
        "常务理事",
        "理事",
        "会员",
    ]
    assert all(isinstance(row[1], int) for row in sheet.iter_rows(min_row=3, values_only=True))


def test_an_unknown_chart_is_not_found(client, organiser):
    client.force_login(organiser)
    assert client.get("/admin/insights/charts/nothing.xlsx").status_code == 404


def test_the_report_page_offers_last_year(client, organiser):
    client.force_login(organiser)
    response = client.get("/admin/insights/report/")
    assert response.status_code == 200
    # The last complete year by the portal's clock.
    assert response.context["form"].initial["year"] == timezone.localdate().year - 1


def test_the_report_downloads_with_its_chinese_name(client, organiser):
    client.force_login(organiser)
    year = timezone.localdate().year - 1
    response = client.get(f"/admin/insights/report.xlsx?year={year}")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="annual-report-{year}.xlsx"')
    assert "filename*=UTF-8''" + quote(f"年度工作报告-{year}.xlsx") in disposition
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "概况"


def test_the_report_in_english(client, organiser):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(organiser)
    year = timezone.localdate().year - 1
    response = client.get(f"/admin/insights/report.xlsx?year={year}")
    assert "filename*=UTF-8''annual-report-" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Members", "Officers", "Events", "Training"]


@pytest.mark.parametrize("year", ["1999", "abc", "", "99999999999999999999"])
def test_a_year_that_cannot_be_chosen_is_not_found(client, organiser, year):
    client.force_login(organiser)
    assert client.get(f"/admin/insights/report.xlsx?year={year}").status_code == 404


# Queries: the same number whatever the amount of data.


def grow(make_company, register, enrol, count):
    for _ in range(count):
        company = make_company()
        log_entry(company.membership, "members.renewed", at(2045, 1, 5))
        event = create_event(at(2045, 4, 1, 14))
        register(event, checked_in=True)
        register(event)
    cohort = create_cohort(sessions=2, starts=datetime.date(2045, 3, 1))
    for _ in range(count):
        enrol(cohort, attended=1)


def test_the_dashboards_queries_do_not_grow_with_the_data(
    client, organiser, make_company, register, enrol, django_assert_max_num_queries
):
    client.force_login(organiser)
    client.get("/admin/insights/")  # warm the caches the admin's shell uses

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/insights/").status_code == 200
        return len(queries)

    grow(make_company, register, enrol, 1)
    small = count()
    grow(make_company, register, enrol, 8)
    large = count()
    assert small == large
    with django_assert_max_num_queries(small):
        client.get("/admin/insights/")


def test_the_figures_take_ten_queries(django_assert_num_queries):
    with django_assert_num_queries(10):
        figures.dashboard(TODAY)


def test_the_reports_queries_do_not_grow_with_the_data(
    make_company, register, enrol, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            reports.annual_report(2045, now=NOW)
        return len(queries)

    grow(make_company, register, enrol, 1)
    small = count()
    grow(make_company, register, enrol, 8)
    large = count()
    assert small == large
    with django_assert_max_num_queries(small):
        reports.annual_report(2045, now=NOW)


def test_an_organiser_scoped_to_a_secretariat_does_not_get_the_whole_associations_numbers(
    client, demo_accounts
):
    email, password = demo_accounts["secretariat"]
    client.login(email=email, password=password)
    for url in ("/admin/insights/", "/admin/insights/report/", "/admin/insights/report.xlsx"):
        assert client.get(url).status_code == 404, url
    assert "/admin/insights/" not in client.get("/admin/").content.decode()

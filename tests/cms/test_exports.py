"""Every admin export opens right in Chinese Excel and WPS: CSV with a byte order mark, times in
Asia/Shanghai, choices as the labels the organiser reads (in the organiser's language), 是/否,
nothing written as None/True/False; XLSX with typed cells (dates as dates, numbers as numbers)."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from events import services as events
from events.models import Registration
from members.models import Organisation, StaffBand, Tier, TradeBand, Visibility
from tests.events.conftest import create_event
from tests.members.conftest import make_organisation, tea, yueyang  # noqa: F401
from tests.training.conftest import complete, create_cohort, enrol  # noqa: F401
from training.certificates import issue_certificate
from training.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
AT = datetime.datetime(2026, 5, 1, 16, 30, tzinfo=UTC)  # 2026-05-02 00:30 in Shanghai
SHANGHAI = datetime.datetime(2026, 5, 2, 0, 30)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def records(make_organisation, enrol, complete, organiser, make_user):  # noqa: F811
    """One of each exported record, each with a time at AT."""
    company = make_organisation(
        name="导出测试有限公司",
        tier=Tier.COUNCIL,
        phone="+86 730 8123456",
        phone_visibility=Visibility.HIDDEN,
        email_visibility=Visibility.PUBLIC,
        staff_band=StaffBand.UNDER_200,
        trade_band=TradeBand.UNDER_100M,
        founded_year=1998,
    )
    # A company without a membership exports empty membership cells.
    Organisation.objects.create(
        name="导出测试无会籍公司", industry=company.industry, city="岳阳楼区"
    )

    cohort = create_cohort()
    passed = enrol(cohort, name="导出合格学员")
    failed = enrol(cohort, name="导出未合格学员")
    waiting = enrol(cohort, name="导出候补学员", status=Enrolment.Status.WAITLISTED)
    complete(cohort, [passed], score="88.5", passed=True)
    complete(cohort, [failed], score="40", passed=False)
    Enrolment.objects.filter(cohort=cohort).update(applied_at=AT)
    certificate, _created = issue_certificate(enrolment=passed, by=organiser, mail=False)
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=AT)

    event = create_event(capacity=5)
    guest = make_user(email="export-guest@example.com", name="导出测试嘉宾")
    registration = events.register(event=event, user=guest, answers={})
    Registration.objects.filter(pk=registration.pk).update(created_at=AT)
    return {"company": company, "cohort": cohort, "event": event, "waiting": waiting}


def exports(records):
    """(listing, filters, key column, {column: value}) per export, in zh-Hans and in English:
    columns are (Chinese heading, English heading), values (Chinese, English)."""
    cohort, event = records["cohort"].pk, records["event"].pk
    name = ("名称（中文）", "Name (Chinese)")
    person = ("姓名", "Name")
    return [
        (
            "members_organisations:index",
            {"q": "导出测试"},
            name,
            {
                name: ("导出测试有限公司", "导出测试有限公司"),
                ("电话公开范围", "Who sees the phone"): ("隐藏", "Hidden"),
                ("邮箱公开范围", "Who sees the e-mail"): ("所有人", "Everyone"),
                ("年交易额", "Annual trade"): ("1000万–1亿元", "10–100 million CNY"),
                ("员工", "Staff"): ("50–199人", "50–199 staff"),
                ("会员级别", "Tier"): ("理事", "Council member"),
                ("会籍状态", "Membership status"): ("有效", "Active"),
            },
        ),
        (
            "members_memberships:index",
            {"q": "导出测试"},
            ("会员企业", "Member company"),
            {
                ("会员企业", "Member company"): ("导出测试有限公司", "导出测试有限公司"),
                ("会员级别", "Tier"): ("理事", "Council member"),
                ("会籍状态", "Membership status"): ("有效", "Active"),
            },
        ),
        (
            "training_enrolments:index",
            {"cohort": cohort, "status": ""},
            person,
            {
                person: ("导出合格学员", "导出合格学员"),
                ("状态", "Status"): ("已结业", "Completed"),
                ("报名时间", "Applied at"): ("2026-05-02 00:30", "2026-05-02 00:30"),
                ("成绩", "Score"): ("88.5", "88.5"),
                ("是否合格", "Passed"): ("是", "Yes"),
            },
        ),
        (
            "training_certificates:index",
            {"cohort": cohort},
            ("持证人", "Holder"),
            {
                ("持证人", "Holder"): ("导出合格学员", "导出合格学员"),
                ("颁发时间", "Issued at"): ("2026-05-02 00:30", "2026-05-02 00:30"),
                ("状态", "Status"): ("有效", "Valid"),
            },
        ),
        (
            "events_registrations:index",
            {"event": event},
            person,
            {
                person: ("导出测试嘉宾", "导出测试嘉宾"),
                ("状态", "Status"): ("已确认", "Confirmed"),
                ("报名时间", "Registered at"): ("2026-05-02 00:30", "2026-05-02 00:30"),
                ("签到时间", "Checked in at"): ("", ""),
            },
        ),
    ]


LISTINGS = [
    "members_organisations:index",
    "members_memberships:index",
    "training_enrolments:index",
    "training_certificates:index",
    "events_registrations:index",
]


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def download(client, listing, kind, filters):
    response = client.get(reverse(listing), {"export": kind, **filters})
    assert response.status_code == 200
    if response.streaming:
        return response, b"".join(response.streaming_content)
    return response, response.content


def csv_rows(data):
    assert data.startswith("\ufeff".encode())  # the BOM, once
    text = data.decode("utf-8")[1:]
    assert not text.startswith("\ufeff")
    headings, *rows = list(csv.reader(io.StringIO(text)))
    return headings, [dict(zip(headings, row, strict=True)) for row in rows]


def xlsx_rows(data):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    headings, *rows = [list(row) for row in sheet.iter_rows()]
    headings = [cell.value for cell in headings]
    return headings, [dict(zip(headings, row, strict=True)) for row in rows]


def check_headings(headings, language):
    for heading in headings:
        assert heading and "_" not in heading and "." not in heading, heading
        if language == "zh-hans":
            assert CJK.search(heading), f"untranslated heading {heading!r}"
        else:
            assert not CJK.search(heading) and heading[0].isupper(), heading


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_csv_exports_read_as_the_organiser_reads_the_listing(
    client, organiser, records, listing, language
):
    speaks(organiser, language)
    client.force_login(organiser)
    [(_listing, filters, key, expected)] = [e for e in exports(records) if e[0] == listing]
    column = 0 if language == "zh-hans" else 1
    response, data = download(client, listing, "csv", filters)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    headings, rows = csv_rows(data)
    check_headings(headings, language)
    for row in rows:
        for value in row.values():
            assert value not in {"None", "True", "False"}, row
            assert "+00:00" not in value and not re.search(r"\d\d:\d\d:\d\d", value), row
    [row] = [row for row in rows if row[key[column]] == expected[key][column]]
    assert {heading[column]: row[heading[column]] for heading in expected} == {
        heading[column]: value[column] for heading, value in expected.items()
    }


def test_csv_export_writes_yes_no_and_empty_for_booleans_and_none(client, organiser, records):
    client.force_login(organiser)
    _response, data = download(
        client,
        "training_enrolments:index",
        "csv",
        {"cohort": records["cohort"].pk, "status": ""},
    )
    _headings, rows = csv_rows(data)
    results = {(row["姓名"], row["状态"]): (row["成绩"], row["是否合格"]) for row in rows}
    assert results == {
        ("导出合格学员", "已结业"): ("88.5", "是"),
        ("导出未合格学员", "已录取"): ("40.0", "否"),
        ("导出候补学员", "候补中"): ("", ""),
    }


def test_a_company_without_membership_exports_empty_membership_cells(client, organiser, records):
    client.force_login(organiser)
    _response, data = download(client, "members_organisations:index", "csv", {"q": "导出测试"})
    _headings, rows = csv_rows(data)
    [row] = [row for row in rows if row["名称（中文）"] == "导出测试无会籍公司"]
    assert [row[h] for h in ("会员级别", "会籍状态", "会籍开始日期", "会籍结束日期")] == [""] * 4
    [member] = [row for row in rows if row["名称（中文）"] == "导出测试有限公司"]
    membership = records["company"].membership
    assert member["会籍开始日期"] == membership.term_start.isoformat()
    assert member["成立年份"] == "1998"
    assert member["电话"] == "'+86 730 8123456"  # the formula guard is still there


@pytest.mark.parametrize("listing", LISTINGS)
def test_xlsx_exports_have_translated_headings_and_labels(client, organiser, records, listing):
    client.force_login(organiser)
    [(_listing, filters, key, expected)] = [e for e in exports(records) if e[0] == listing]
    _response, data = download(client, listing, "xlsx", filters)
    headings, rows = xlsx_rows(data)
    check_headings(headings, "zh-hans")
    for row in rows:
        for cell in row.values():
            assert cell.value not in {"None", "True", "False", True, False}
    [row] = [row for row in rows if row[key[0]].value == expected[key][0]]
    for heading, (value, _english) in expected.items():
        cell = row[heading[0]]
        if heading[0] in ("申请时间", "报名时间", "颁发时间"):
            assert cell.is_date and cell.value == SHANGHAI, heading
            assert cell.number_format == "yyyy-mm-dd hh:mm"
        elif heading[0] == "成绩":
            assert cell.data_type == "n" and cell.value == 88.5
        elif value == "":
            assert cell.value is None, heading
        else:
            assert cell.value == value, heading


def test_xlsx_company_export_types_dates_and_numbers(client, organiser, records):
    client.force_login(organiser)
    _response, data = download(client, "members_organisations:index", "xlsx", {"q": "导出测试"})
    _headings, rows = xlsx_rows(data)
    [row] = [row for row in rows if row["名称（中文）"].value == "导出测试有限公司"]
    membership = records["company"].membership
    start = row["会籍开始日期"]
    assert start.is_date and start.value.date() == membership.term_start
    assert start.number_format == "yyyy-mm-dd"
    assert isinstance(row["成立年份"].value, int) and row["成立年份"].value == 1998
    phone = row["电话"]  # formula-like text stays text, unchanged
    assert phone.value == "+86 730 8123456" and phone.data_type == "s" and phone.quotePrefix


def test_xlsx_enrolment_export_types_scores_and_times(client, organiser, records):
    speaks(organiser, "en")
    client.force_login(organiser)
    _response, data = download(
        client,
        "training_enrolments:index",
        "xlsx",
        {"cohort": records["cohort"].pk, "status": ""},
    )
    _headings, rows = xlsx_rows(data)
    by_name = {row["Name"].value: row for row in rows}
    assert by_name["导出合格学员"]["Passed"].value == "Yes"
    assert by_name["导出未合格学员"]["Passed"].value == "No"
    assert by_name["导出候补学员"]["Passed"].value is None
    assert by_name["导出候补学员"]["Status"].value == "Waitlisted"
    assert by_name["导出未合格学员"]["Score"].value == 40
    applied = by_name["导出候补学员"]["Applied at"]
    assert applied.is_date and applied.value == SHANGHAI


def test_csv_export_still_streams_and_is_logged(client, organiser, records):
    from wagtail.models import ModelLogEntry

    client.force_login(organiser)
    response, data = download(
        client, "events_registrations:index", "csv", {"event": records["event"].pk}
    )
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="registrations.csv"'
    entry = ModelLogEntry.objects.filter(action="portal.exported").latest("timestamp")
    assert entry.user_id == organiser.pk and entry.data["rows"] == 1
    assert entry.data["format"] == "csv"


def test_score_keeps_its_decimal_in_csv(client, organiser, records):
    Enrolment.objects.filter(user__name="导出合格学员").update(score=Decimal("-5.0"))
    client.force_login(organiser)
    _response, data = download(
        client,
        "training_enrolments:index",
        "csv",
        {"cohort": records["cohort"].pk, "status": ""},
    )
    _headings, rows = csv_rows(data)
    [row] = [row for row in rows if row["姓名"] == "导出合格学员"]
    assert row["成绩"] == "-5.0"  # a number, not text the formula guard would mark


@pytest.mark.parametrize(
    ("language", "joined", "yes"), [("zh-hans", "美国、日本", "是"), ("en", "美国, 日本", "Yes")]
)
def test_cells_join_lists_and_say_yes_in_the_active_language(language, joined, yes):
    from django.utils import translation

    from cms.admin_listing import cell_value

    with translation.override(language):
        assert cell_value(["美国", None, "日本"], "csv") == joined
        assert cell_value(True, "xlsx") == yes
        assert cell_value(datetime.time(9, 5), "csv") == "09:05"
        assert cell_value(datetime.date(2026, 5, 2), "csv") == "2026-05-02"
        assert cell_value(None, "csv") is None

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from members.importing import import_organisations
from members.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = (
    "名称（中文）,行业,县（市、区）,秘书处,年交易额,出口市场,销售平台,电话,电话公开范围,"
    "会员级别,会籍开始日期,会籍结束日期"
)


def csv_upload(*rows, header=None, encoding="utf-8-sig"):
    text = "\n".join([header or HEADER, *rows]) + "\n"
    return SimpleUploadedFile("companies.csv", text.encode(encoding), content_type="text/csv")


def test_good_rows_are_created_or_updated_and_bad_rows_rejected_whole(organiser, make_organisation):
    make_organisation(name="已在名录有限公司", city="旧城")
    upload = csv_upload(
        "新导入茶业有限公司,茶叶,君山区,岳阳秘书处,1亿–10亿元,美国、日本,亚马逊,0730-1111111,"
        "仅会员,会员,2026-01-01,2026-12-31",
        "已在名录有限公司,Tea,临湘市,yueyang,under-10m,US,Amazon,,Everyone,council,2026-01-01,2026-12-31",
        "坏行有限公司,不存在的行业,君山区,岳阳秘书处,,火星,,,,,2026-01-01,2026-12-31",
        "日期颠倒有限公司,茶叶,君山区,岳阳秘书处,,,,,,,2026-12-31,2026-01-01",
        ",茶叶,君山区,岳阳秘书处,,,,,,,2026-01-01,2026-12-31",
    )
    results = import_organisations(upload=upload, by=organiser)
    outcomes = {row.number: row.outcome for row in results}
    assert outcomes == {2: "created", 3: "updated", 4: "rejected", 5: "rejected", 6: "rejected"}

    created = Organisation.objects.get(name="新导入茶业有限公司")
    assert created.membership.status == "active"
    assert sorted(m.code for m in created.export_markets.all()) == ["JP", "US"]
    assert created.phone_visibility == "members"
    assert created.trade_band == "100m-1b"
    updated = Organisation.objects.get(name="已在名录有限公司")
    assert updated.city == "临湘市" and updated.membership.tier == "council"

    bad = next(row for row in results if row.number == 4)
    assert any("不存在的行业" in error for error in bad.errors)
    assert any("火星" in error for error in bad.errors)
    assert not Organisation.objects.filter(name__in=["坏行有限公司", "日期颠倒有限公司"]).exists()


def test_gb18030_csv_from_chinese_excel_is_read(organiser):
    upload = csv_upload(
        "国标编码有限公司,茶叶,君山区,岳阳秘书处,,,,,,,2026-01-01,2026-12-31",
        encoding="gb18030",
    )
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "created"


def test_xlsx_import_through_the_admin(client, organiser):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "表格导入有限公司",
            "茶叶",
            "君山区",
            "岳阳秘书处",
            "",
            "",
            "",
            "",
            "",
            "",
            "2026-01-01",
            "2026-12-31",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(organiser)
    upload = SimpleUploadedFile("companies.xlsx", buffer.getvalue())
    response = client.post(reverse("members_admin:import"), {"file": upload})
    assert response.status_code == 200
    assert "1 家新建" in response.content.decode() or response.context["summary"]["created"] == 1
    assert Organisation.objects.filter(name="表格导入有限公司").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, organiser):
    client.force_login(organiser)
    upload = SimpleUploadedFile("companies.xlsx", b"not a zip file")
    response = client.post(reverse("members_admin:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_export_then_import_round_trips(client, organiser, make_organisation):
    make_organisation(name="往返测试有限公司", phone="0730-2222222")
    client.force_login(organiser)
    response = client.get(
        reverse("members_organisations:index"), {"export": "csv", "q": "往返测试"}
    )
    exported = b"".join(response.streaming_content)
    Organisation.objects.filter(name="往返测试有限公司").update(phone="")
    upload = SimpleUploadedFile("export.csv", exported)
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "updated", row.errors
    assert Organisation.objects.get(name="往返测试有限公司").phone == "0730-2222222"


def test_members_cannot_import(client, make_organisation, make_member):
    client.force_login(make_member(make_organisation(), "importer@example.com"))
    response = client.get(reverse("members_admin:import"))
    assert response.status_code in (302, 403, 404)


def test_a_row_with_several_problems_is_rejected_with_every_one_listed(organiser):
    upload = csv_upload(
        "多处错误有限公司,不存在的行业,,没有的秘书处,很多钱,火星、美国、冥王星,不存在的平台,"
        "0730-1,所有访客,股东,2026-02-30,2026-01-01",
    )
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "rejected"
    text = "\n".join(row.errors)
    for expected in (
        "行业：未知行业“不存在的行业”",
        "县（市、区）：",  # the county is required
        "秘书处：未知秘书处“没有的秘书处”",
        "年交易额：“很多钱”不是可选值",
        "出口市场：未知出口市场“火星”",
        "出口市场：未知出口市场“冥王星”",
        "销售平台：未知销售平台“不存在的平台”",
        "电话公开范围：“所有访客”不是可选值",
        "会员级别：“股东”不是可选值",
        "会籍开始日期：",  # 30 February
    ):
        assert expected in text, (expected, row.errors)
    # The industry is reported once, as unknown, not again as missing.
    assert sum(error.startswith("行业：") for error in row.errors) == 1
    assert not Organisation.objects.filter(name="多处错误有限公司").exists()


def test_an_invalid_visibility_is_rejected_naming_the_allowed_values(organiser, make_organisation):
    company = make_organisation(name="隐私选项有限公司", phone="0730-1234567")
    company.phone_visibility = "hidden"
    company.save()
    upload = csv_upload(
        "隐私选项有限公司,茶叶,君山区,岳阳秘书处,,,,0730-1234567,world,会员,2026-01-01,2026-12-31"
    )
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "rejected"
    assert row.errors == ["电话公开范围：“world”不是可选值之一，可选值为：所有人、仅会员、隐藏。"]
    company.refresh_from_db()
    assert company.phone_visibility == "hidden"  # not replaced by a default

    translation.activate("en")
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.errors == [
        "Who sees the phone: “world” is not one of the allowed values: Everyone, Members only, "
        "Hidden."
    ]


def test_choices_accept_the_code_or_the_label_in_chinese_or_english(organiser):
    header = (
        "名称（中文）,行业,县（市、区）,员工,年交易额,电话公开范围,邮箱公开范围,会员级别,会籍状态,"
        "会籍开始日期,会籍结束日期"
    )
    upload = csv_upload(
        "代码有限公司,茶叶,君山区,10-49,over-1b,hidden,public,council,lapsed,2026-01-01,2026-12-31",
        "中文标签有限公司,茶叶,君山区,10–49人,10亿元以上,隐藏,所有人,理事,已过期,2026-01-01,2026-12-31",
        "英文标签有限公司,Tea,君山区,10–49 staff,OVER 1 BILLION CNY,hidden,everyone,Council member,"
        "Lapsed,2026-01-01,2026-12-31",
        header=header,
    )
    results = import_organisations(upload=upload, by=organiser)
    assert [row.outcome for row in results] == ["created"] * 3, [row.errors for row in results]
    for name in ("代码有限公司", "中文标签有限公司", "英文标签有限公司"):
        company = Organisation.objects.select_related("membership").get(name=name)
        assert (company.staff_band, company.trade_band) == ("10-49", "over-1b")
        assert (company.phone_visibility, company.email_visibility) == ("hidden", "public")
        assert (company.membership.tier, company.membership.status) == ("council", "lapsed")


def test_columns_the_file_leaves_out_keep_the_companys_values(organiser, make_organisation):
    company = make_organisation(
        name="部分列有限公司", phone="0730-7777777", email="keep@example.com", website=""
    )
    company.email_visibility = "hidden"
    company.save()
    header = "名称（中文）,县（市、区）"
    [row] = import_organisations(
        upload=csv_upload("部分列有限公司,临湘市", header=header), by=organiser
    )
    assert row.outcome == "updated", row.errors
    company.refresh_from_db()
    assert company.city == "临湘市"
    assert (company.phone, company.email, company.email_visibility) == (
        "0730-7777777",
        "keep@example.com",
        "hidden",
    )
    assert company.industry.slug == "tea" and company.membership.tier == "member"


def test_the_same_company_twice_in_a_file_is_created_then_updated(organiser):
    upload = csv_upload(
        "两次出现有限公司,茶叶,君山区,岳阳秘书处,,美国,,0730-1,,会员,2026-01-01,2026-12-31",
        "两次出现有限公司,茶叶,君山区,岳阳秘书处,,日本,,0730-2,,会员,2026-01-01,2026-12-31",
    )
    results = import_organisations(upload=upload, by=organiser)
    assert [row.outcome for row in results] == ["created", "updated"]
    company = Organisation.objects.get(name="两次出现有限公司")
    assert company.phone == "0730-2"
    assert [market.code for market in company.export_markets.all()] == ["JP"]
    assert "日本" in company.search_text and "美国" not in company.search_text


def test_imports_are_in_the_companys_history_with_what_changed(client, organiser):
    row = (
        "历史导入有限公司,茶叶,君山区,岳阳秘书处,,美国,,0730-1111111,{visibility},会员,"
        "2026-01-01,2026-12-31"
    )
    [created] = import_organisations(
        upload=csv_upload(row.format(visibility="仅会员")), by=organiser
    )
    assert created.outcome == "created"
    company = Organisation.objects.get(name="历史导入有限公司")
    entry = ModelLogEntry.objects.filter(action="members.imported").latest("timestamp")
    assert entry.object_id == str(company.pk) and entry.user == organiser
    assert entry.data["outcome"] == "created" and entry.data["row"] == 2
    assert entry.data["changes"]["phone"] == ["", "0730-1111111"]

    [unchanged] = import_organisations(
        upload=csv_upload(row.format(visibility="仅会员")), by=organiser
    )
    assert unchanged.outcome == "updated" and unchanged.unchanged
    [updated] = import_organisations(upload=csv_upload(row.format(visibility="隐藏")), by=organiser)
    assert updated.outcome == "updated" and not updated.unchanged
    entries = ModelLogEntry.objects.filter(action="members.imported", object_id=str(company.pk))
    assert entries.count() == 2  # nothing logged for the row that changed nothing
    latest = entries.latest("timestamp")
    assert latest.data["changes"] == {"phone_visibility": ["members", "hidden"]}

    client.force_login(organiser)
    html = client.get(reverse("members_organisations:history", args=[company.pk])).content.decode()
    assert "通过表格导入" in html
    assert "按 companies.csv 第 2 行更新：电话公开范围：仅会员 → 隐藏" in html
    listing = html.split('<table class="listing">', 1)[1].split("</table>", 1)[0]
    assert "hidden" not in listing and "members" not in listing  # labels, not codes
    assert "电话：— → 0730-1111111" in html


def test_excel_numbers_and_dates_are_read_as_the_text_they_show(organiser):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["名称（中文）", "行业", "县（市、区）", "成立年份", "电话", "会籍开始日期", "会籍结束日期"]
    )
    sheet.append(
        [
            "数字日期有限公司",
            "茶叶",
            "君山区",
            2015.0,
            13800138000,
            datetime.datetime(2026, 1, 1),
            datetime.date(2026, 12, 31),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("numbers.xlsx", buffer.getvalue())
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "created", row.errors
    company = Organisation.objects.select_related("membership").get(name="数字日期有限公司")
    assert (company.founded_year, company.phone) == (2015, "13800138000")
    assert company.membership.term_start == datetime.date(2026, 1, 1)

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

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
    response = client.post(reverse("members_import"), {"file": upload})
    assert response.status_code == 200
    assert "1 家新建" in response.content.decode() or response.context["summary"]["created"] == 1
    assert Organisation.objects.filter(name="表格导入有限公司").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, organiser):
    client.force_login(organiser)
    upload = SimpleUploadedFile("companies.xlsx", b"not a zip file")
    response = client.post(reverse("members_import"), {"file": upload})
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
    response = client.get(reverse("members_import"))
    assert response.status_code in (302, 403)

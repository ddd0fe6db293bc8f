"""Bank statement reconciliation: reading the files Chinese banks export (title rows, GB18030,
BOM, 贷方/借方 or signed amounts, XLSX date and number cells), matching each line of money
received to the payments due, and booking the confirmed lines through the admin screens in
one transaction.

Assertions on page text are made in English (the organiser's admin language set to English):
the Chinese wording comes with the translations."""

import csv
import datetime
import io
import itertools
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from payments import services, statements
from payments.errors import PaymentError
from payments.models import LedgerEntry, StatementImport
from tests.payments.conftest import company_in

pytestmark = pytest.mark.django_db

INDEX = "payments_statements:index"
DAY = datetime.date(2025, 11, 3)
serials = itertools.count(1)


def preview_url(statement):
    return reverse("payments_statements:preview", args=[statement.pk])


def csv_bytes(rows, encoding="gb18030"):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def upload(name, data):
    return SimpleUploadedFile(name, data)


ICBC_TITLE = [
    ["中国工商银行 单位账户交易明细"],
    ["账号", "1907000000000000001"],
    ["户名", "湖南跨境电商协会"],
    ["起止日期", "2025-11-01", "2025-11-30"],
    [],
]
ICBC_HEADINGS = [
    "交易日期",
    "交易时间",
    "摘要",
    "借方发生额（支取）",
    "贷方发生额（收入）",
    "余额",
    "对方户名",
    "对方账号",
    "交易流水号",
    "附言",
]


def icbc_row(date, credit, name, remark, serial="", debit="", summary="转账"):
    return [
        date,
        "10:12:05",
        summary,
        debit,
        credit,
        "9,999.00",
        name,
        "6222000011",
        serial,
        remark,
    ]


def icbc_file(rows):
    return csv_bytes([*ICBC_TITLE, ICBC_HEADINGS, *rows, ["合计", "", "", "500.00", "", ""]])


@pytest.fixture
def english(organiser):
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    return organiser


@pytest.fixture
def signed_in(client, english):
    client.force_login(english)
    return client


@pytest.fixture
def pay(company, make_payment):
    """A payment due from a company of its own (its payer name is `payer`)."""

    def make(amount, payer=None, organisation=None):
        return make_payment(
            organisation=organisation or company,
            amount=amount,
            payer_name=payer or f"对账测试付款方{next(serials)}",
        )

    return make


def line(amount, remark="", name="", serial=None, date="2025-11-03"):
    return {
        "row": 7,
        "date": date,
        "time": "",
        "amount": amount,
        "name": name,
        "account": "",
        "remark": remark,
        "serial": serial or f"TEST-{next(serials)}",
        "derived": False,
    }


def matched(lines, user):
    return [found["match"] for found in statements.match_lines(lines, user=user).lines]


# Reading.


def test_a_gb18030_csv_with_title_rows_and_debit_credit_columns():
    data = icbc_file(
        [
            icbc_row("2025-11-03", "1,200.10", "深圳某某有限公司", "会费 AB3K7QX9", "SN0001"),
            icbc_row("2025/11/04", "", "房东", "房租", "SN0002", debit="500.00"),
            icbc_row("20251105", "¥ 80.00", "王某", "", "SN0003"),
        ]
    )
    data.decode("gb18030")  # not UTF-8: the reader has to know GB18030
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    read = statements.read_statement(upload("工行流水.csv", data))
    assert read.outgoing == 1 and read.summaries == 1
    first, second = read.lines
    assert first["date"] == "2025-11-03" and first["time"] == "10:12:05"
    assert Decimal(first["amount"]) == Decimal("1200.10") and first["amount"] == "1200.10"
    assert first["name"] == "深圳某某有限公司" and first["account"] == "6222000011"
    # Every remark column is read: 摘要 and 附言.
    assert first["remark"] == "转账 / 会费 AB3K7QX9"
    assert first["serial"] == "SN0001" and not first["derived"]
    assert second["date"] == "2025-11-05" and second["amount"] == "80.00"


def test_a_utf8_bom_csv_with_a_signed_amount_column():
    data = "\ufeff" + "\n".join(
        [
            "Account statement,,,,",
            "Date,Amount,Payer,Memo,Reference",
            '2025-11-03,"1,000.00",Acme Ltd,dues,R1',
            "2025-11-04,-300.00,Landlord,rent,R2",
            "2025-11-05,+45.5,Wang,,R3",
            "Total,745.50,,,",
        ]
    )
    read = statements.read_statement(upload("statement.csv", data.encode("utf-8")))
    assert [(item["amount"], item["serial"]) for item in read.lines] == [
        ("1000.00", "R1"),
        ("45.50", "R3"),
    ]
    assert read.outgoing == 1 and read.summaries == 1


def test_an_xlsx_with_date_cells_and_number_cells_reads_exact_amounts():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["中国建设银行 账户明细"])
    sheet.append(["查询期间", "2025-11-01 至 2025-11-30"])
    sheet.append(["记账日期", "收入金额", "支出金额", "对方账户名称", "用途", "业务流水号"])
    sheet.append([datetime.datetime(2025, 11, 3), 1200.1, None, "岳阳某某", "会费", "C001"])
    sheet.append([datetime.date(2025, 11, 4), 300, None, "长沙某某", "展位费", "C002"])
    sheet.append([datetime.datetime(2025, 11, 5), 0.1 + 0.2, None, "某人", "", "C003"])
    sheet.append([datetime.datetime(2025, 11, 6), None, 99.99, "供应商", "采购", "C004"])
    sheet.append([45968, "1,000.00", None, "某人", "", "C005"])  # a date cell without its format
    out = io.BytesIO()
    workbook.save(out)
    read = statements.read_statement(upload("建行.xlsx", out.getvalue()))
    amounts = [Decimal(item["amount"]) for item in read.lines]
    assert amounts == [Decimal("1200.10"), Decimal("300.00"), Decimal("0.30"), Decimal("1000")]
    assert [item["amount"] for item in read.lines] == ["1200.10", "300.00", "0.30", "1000.00"]
    assert [item["date"] for item in read.lines] == [
        "2025-11-03",
        "2025-11-04",
        "2025-11-05",
        "2025-11-07",
    ]
    assert read.outgoing == 1


def test_lines_without_a_serial_get_the_same_one_on_every_upload():
    rows = [
        icbc_row("2025-11-03", "100.00", "王某", "会费"),
        icbc_row("2025-11-03", "100.00", "王某", "会费"),  # the same transfer twice
    ]
    first = statements.read_statement(upload("a.csv", icbc_file(rows))).lines
    again = statements.read_statement(upload("a.csv", icbc_file(rows))).lines
    assert [item["serial"] for item in first] == [item["serial"] for item in again]
    assert first[0]["serial"] != first[1]["serial"]
    assert all(item["derived"] and len(item["serial"]) <= 64 for item in first)


@pytest.mark.parametrize(
    "data, words",
    [
        (csv_bytes([["名称", "电话"], ["某某公司", "123"]]), "does not look like a bank statement"),
        (csv_bytes([["交易日期", "对方户名", "摘要"], ["2025-11-03", "某某", "x"]]), "money"),
        (csv_bytes([["对方户名", "贷方发生额", "摘要"], ["某某", "1", "x"]]), "date column"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "CSV or an Excel"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 50, ".xls"),
        (b"PK\x03\x04broken", "not an Excel workbook"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_statement_says_what_is_missing(data, words):
    from django.utils import translation

    with translation.override("en"), pytest.raises(PaymentError) as refused:
        statements.read_statement(upload("x.csv", data))
    assert words in str(refused.value)


def test_a_line_with_an_unreadable_amount_or_date_refuses_the_file():
    from django.utils import translation

    with translation.override("en"):
        for row, words in (
            (icbc_row("2025-11-03", "12,00.0.1", "某某", ""), "amount"),
            (icbc_row("明天", "100.00", "某某", ""), "date"),
        ):
            with pytest.raises(PaymentError) as refused:
                statements.read_statement(upload("x.csv", icbc_file([row])))
            assert words in str(refused.value) and "Row 7" in str(refused.value)


# Matching.


def test_a_reference_and_the_outstanding_amount_match(pay, organiser):
    payment = pay("1200.10")
    remark = f"会费 {payment.reference.lower()} 深圳某某"  # typed in lower case, among words
    [found] = matched([line("1200.10", remark)], organiser)
    assert found["status"] == "matched" and found["payment"] == payment.pk


def test_less_than_outstanding_is_a_part_payment_and_more_is_ambiguous(pay, organiser):
    payment = pay("1000.00")
    part, over = matched(
        [line("400.00", f"会费{payment.reference}"), line("700.00", f"余款{payment.reference}")],
        organiser,
    )
    assert part["status"] == "part" and part["payment"] == payment.pk
    # The second line comes after the first: 600 is left, 700 is more.
    assert over["status"] == "ambiguous" and over["reason"]["code"] == "over"
    assert over["candidates"] == []


def test_two_references_are_ambiguous_with_both_to_choose(pay, organiser):
    one, two = pay("500.00"), pay("500.00")
    [found] = matched([line("500.00", f"{one.reference} {two.reference}")], organiser)
    assert found["status"] == "ambiguous" and found["reason"]["code"] == "references"
    assert set(found["candidates"]) == {one.pk, two.pk}


def test_no_reference_one_open_payment_of_that_payer_and_amount_is_suggested(pay, organiser):
    payment = pay("880.00", payer="深圳市某某（集团）有限公司")
    pay("990.00", payer="深圳市某某（集团）有限公司")  # another amount
    [found] = matched([line("880.00", "会费", name="深圳市某某 (集团)有限公司")], organiser)
    assert found["status"] == "suggested" and found["payment"] == payment.pk


def test_no_reference_two_such_payments_are_ambiguous(pay, organiser):
    one = pay("660.00", payer="长沙对账测试双胞胎公司")
    two = pay("660.00", payer="长沙对账测试双胞胎公司")
    [found] = matched([line("660.00", "", name="长沙对账测试双胞胎公司")], organiser)
    assert found["status"] == "ambiguous" and found["reason"]["code"] == "several"
    assert set(found["candidates"]) == {one.pk, two.pk}


def test_nothing_like_it_is_unmatched(pay, organiser):
    pay("100.00", payer="对账测试某公司")
    [found] = matched([line("123.45", "捐款", name="对账测试无关的人")], organiser)
    assert found["status"] == "unmatched" and found["payment"] is None


def test_a_serial_already_in_the_ledger_is_booked(pay, organiser):
    payment = pay("300.00")
    services.record_payment(
        payment=payment,
        amount="100.00",
        method="bank-transfer",
        booked_on=DAY,
        by=organiser,
        bank_reference="SN-BOOKED",
    )
    [found] = matched([line("100.00", payment.reference, serial="SN-BOOKED")], organiser)
    assert found["status"] == "booked" and found["payment"] == payment.pk
    assert found["reason"]["receipt"]


def test_the_reference_of_a_paid_or_cancelled_payment_is_ambiguous_with_the_reason(pay, organiser):
    paid, cancelled = pay("200.00"), pay("200.00")
    services.record_payment(
        payment=paid, amount="200.00", method="cash", booked_on=DAY, by=organiser
    )
    services.cancel_payment(payment=cancelled, reason="取消")
    for payment in (paid, cancelled):
        [found] = matched([line("200.00", payment.reference)], organiser)
        assert found["status"] == "ambiguous" and found["reason"]["code"] == "not-open"
        assert found["payment"] == payment.pk and found["candidates"] == []
        assert payment.reference in statements.reason_text(found)


# Booking through the screens.


@pytest.fixture
def owed(pay):
    """Payments of every kind a statement line can meet."""
    return {
        "exact": pay("1200.10"),
        "part": pay("3000.00"),
        "over": pay("100.00"),
        "twin_a": pay("50.00"),
        "twin_b": pay("70.00"),
        "named": pay("880.00", payer="对账测试建议公司"),
        "same_1": pay("660.00", payer="对账测试同名公司"),
        "same_2": pay("660.00", payer="对账测试同名公司"),
    }


def statement_file(p):
    return icbc_file(
        [
            icbc_row("2025-11-03", "1,200.10", "甲公司", f"会费 {p['exact'].reference}", "S-1"),
            icbc_row("2025-11-03", "1,000.00", "乙公司", f"展位费{p['part'].reference}", "S-2"),
            icbc_row("2025-11-04", "500.00", "丙公司", p["over"].reference, "S-3"),
            icbc_row(
                "2025-11-04",
                "50.00",
                "丁公司",
                f"{p['twin_a'].reference}+{p['twin_b'].reference}",
                "S-4",
            ),
            icbc_row("2025-11-05", "880.00", "对账测试建议公司", "会费", "S-5"),
            icbc_row("2025-11-05", "660.00", "对账测试同名公司", "会费", "S-6"),
            icbc_row("2025-11-06", "12.34", "路人", "捐款", "S-7"),
            icbc_row("2025-11-06", "", "房东", "房租", "S-8", debit="500.00"),
        ]
    )


def upload_statement(client, data, name="工行流水.csv"):
    response = client.post(reverse(INDEX), {"file": upload(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    statement = StatementImport.objects.latest("pk")
    assert response["Location"] == preview_url(statement)
    return statement


def rows_of(client, statement):
    response = client.get(preview_url(statement))
    assert response.status_code == 200
    return response, response.context["rows"]


def default_choices(rows):
    return {f"line-{row['index']}": row["chosen"] for row in rows if row["chosen"] is not None}


def test_upload_preview_confirm_books_the_matched_lines_once(signed_in, owed, english):
    p = owed
    statement = upload_statement(signed_in, statement_file(p))
    assert statement.state == "preview" and statement.uploaded_by == english
    assert all(isinstance(item["amount"], str) for item in statement.lines)
    response, rows = rows_of(signed_in, statement)
    assert [row["status"] for row in rows] == [
        "matched",
        "part",
        "ambiguous",
        "ambiguous",
        "suggested",
        "ambiguous",
        "unmatched",
    ]
    html = response.content.decode()
    for words in ("Matched", "Part payment", "Suggested", "Needs your decision", "No match"):
        assert words in html, words
    assert reverse("payments_admin:payment", args=[p["exact"].pk]) in html
    # Matched and part ticked, the suggestion not; the ambiguous ones offer their candidates.
    assert default_choices(rows) == {"line-0": p["exact"].pk, "line-1": p["part"].pk}
    assert f'name="line-4" value="{p["named"].pk}"' in html
    assert re.search(r'<select name="line-5"', html)
    assert response.context["totals"]["to_book_amount"] == Decimal("2200.10")
    assert not LedgerEntry.objects.filter(provider="bank").exists()  # nothing booked yet

    choices = {**default_choices(rows), "line-4": p["named"].pk, "line-5": p["same_2"].pk}
    done = signed_in.post(preview_url(statement), {"action": "book", **choices})
    assert done.status_code == 302 and done["Location"] == preview_url(statement)
    statement.refresh_from_db()
    assert statement.state == "applied" and statement.booked == 4 and statement.applied_at
    for key, state in (
        ("exact", "paid"),
        ("part", "part-paid"),
        ("named", "paid"),
        ("same_2", "paid"),
        ("same_1", "due"),
        ("over", "due"),
    ):
        p[key].refresh_from_db()
        assert p[key].state == state, key
    entries = LedgerEntry.objects.filter(provider="bank", provider_reference__startswith="S-")
    assert sorted(entries.values_list("provider_reference", flat=True)) == [
        "S-1",
        "S-2",
        "S-5",
        "S-6",
    ]
    exact = entries.get(provider_reference="S-1")
    assert exact.payment == p["exact"] and exact.amount == Decimal("1200.10")
    assert exact.method == "bank-transfer" and exact.booked_on == DAY
    assert exact.recorded_by == english and "工行流水.csv" in exact.note
    log = ModelLogEntry.objects.get(action="payments.statement_booked", object_id=str(statement.pk))
    assert log.user == english and log.data["booked"] == 4
    assert Decimal(log.data["amount"]) == Decimal("3740.10")
    after = signed_in.get(preview_url(statement))
    assert "4 payments booked" in " ".join(str(m) for m in after.context["messages"])
    assert [row["status"] for row in after.context["rows"]].count("booked-here") == 4

    # The same file again: those lines are booked, nothing is offered twice.
    again = upload_statement(signed_in, statement_file(p))
    _response, rows = rows_of(signed_in, again)
    statuses = [row["status"] for row in rows]
    assert statuses[0] == statuses[1] == statuses[4] == statuses[5] == "booked"
    assert "line-0" not in default_choices(rows)
    forged = signed_in.post(
        preview_url(again), {"action": "book", "line-0": p["exact"].pk, "line-1": p["part"].pk}
    )
    assert forged.status_code == 200
    assert "already been booked" in forged.content.decode()
    assert entries.count() == 4
    again.refresh_from_db()
    assert again.state == "preview"


def test_a_failing_line_rolls_the_whole_statement_back(signed_in, owed):
    p = owed
    statement = upload_statement(signed_in, statement_file(p))
    # The organiser books line 3 (50.00, two references) on twin_a, and ticks the others.
    _response, rows = rows_of(signed_in, statement)
    choices = {**default_choices(rows), "line-3": p["twin_a"].pk}
    # Meanwhile twin_a is paid in cash: booking reaches it after lines 0 and 1 and is refused.
    services.record_payment(
        payment=p["twin_a"], amount="20.00", method="cash", booked_on=DAY, by=None
    )
    response = signed_in.post(preview_url(statement), {"action": "book", **choices})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Row 10" in html and "more than the ¥30.00 still due" in html
    failed = [row for row in response.context["rows"] if row["error"]]
    assert [row["index"] for row in failed] == [3]
    # The choices are kept on the page again.
    assert response.context["rows"][0]["chosen"] == p["exact"].pk
    for key in ("exact", "part"):
        p[key].refresh_from_db()
        assert p[key].state == "due" and p[key].paid == 0
    assert not LedgerEntry.objects.filter(provider="bank").exists()
    statement.refresh_from_db()
    assert statement.state == "preview" and statement.booked == 0


def test_a_payment_settled_since_the_preview_is_refused_with_the_lines_message(signed_in, owed):
    p = owed
    statement = upload_statement(signed_in, statement_file(p))
    _response, rows = rows_of(signed_in, statement)
    services.record_payment(
        payment=p["exact"], amount="1200.10", method="cash", booked_on=DAY, by=None
    )
    response = signed_in.post(preview_url(statement), {"action": "book", **default_choices(rows)})
    assert response.status_code == 200
    assert "no longer open" in response.content.decode()
    p["part"].refresh_from_db()
    assert p["part"].paid == 0
    assert [row["status"] for row in response.context["rows"]][0] == "ambiguous"


def test_discarding_books_nothing(signed_in, owed):
    statement = upload_statement(signed_in, statement_file(owed))
    response = signed_in.post(preview_url(statement), {"action": "discard"})
    assert response.status_code == 302 and response["Location"] == reverse(INDEX)
    statement.refresh_from_db()
    assert statement.state == "discarded"
    again = signed_in.post(preview_url(statement), {"action": "book", "line-0": "1"})
    assert again.status_code == 302
    assert not LedgerEntry.objects.filter(provider="bank").exists()


def test_the_listing_shows_past_statements(signed_in, owed, english):
    statement = upload_statement(signed_in, statement_file(owed), name="十一月.csv")
    html = signed_in.get(reverse(INDEX)).content.decode()
    assert "十一月.csv" in html and preview_url(statement) in html
    assert "Awaiting confirmation" in html


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("members.csv", csv_bytes([["名称", "电话"], ["某某", "1"]]), "does not look like"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "CSV or an Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "old Excel file"),
        ("page.xls", b"<html><table><tr><td>1</td></tr></table></html>", "web page"),
    ],
)
def test_a_file_that_is_not_a_statement_is_refused_and_nothing_saved(signed_in, name, data, words):
    before = StatementImport.objects.count()
    response = signed_in.post(reverse(INDEX), {"file": upload(name, data)})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert response.context["form"].errors["file"]
    assert StatementImport.objects.count() == before


def test_an_upload_without_a_file_keeps_the_form(signed_in):
    response = signed_in.post(reverse(INDEX), {})
    assert response.status_code == 200 and "This field is required" in response.content.decode()


# Who sees what.


@pytest.fixture
def scoped_client(client, demo_accounts, django_user_model):
    email, password = demo_accounts["secretariat"]
    user = django_user_model.objects.get(email=email)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def test_a_scoped_organiser_matches_and_books_only_their_scopes_payments(
    scoped_client, pay, organiser
):
    ours = pay("100.00", organisation=company_in("shenzhen", "对账测试深圳企业"))
    theirs = pay("200.00", organisation=company_in("yueyang", "对账测试岳阳企业"))
    data = icbc_file(
        [
            icbc_row("2025-11-03", "100.00", "深圳", ours.reference, "Z-1"),
            icbc_row("2025-11-03", "200.00", theirs.payer_name, theirs.reference, "Z-2"),
        ]
    )
    statement = upload_statement(scoped_client, data)
    _response, rows = rows_of(scoped_client, statement)
    assert [row["status"] for row in rows] == ["matched", "unmatched"]
    assert rows[1]["payment"] is None
    # A forged choice of the other secretariat's payment is refused, and nothing is booked.
    forged = scoped_client.post(
        preview_url(statement), {"action": "book", "line-0": ours.pk, "line-1": theirs.pk}
    )
    assert forged.status_code == 200
    assert not LedgerEntry.objects.filter(provider="bank").exists()
    done = scoped_client.post(preview_url(statement), {"action": "book", "line-0": ours.pk})
    assert done.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.state == "paid" and theirs.state == "due"
    # A statement another organiser uploaded is not the scoped organiser's to see.
    other = StatementImport.objects.create(uploaded_by=organiser, file_name="all.csv", lines=[])
    assert scoped_client.get(preview_url(other)).status_code == 404
    assert "all.csv" not in scoped_client.get(reverse(INDEX)).content.decode()


def test_members_get_404_and_anonymous_visitors_the_login(client, make_user, organiser):
    from django.test import Client

    statement = StatementImport.objects.create(file_name="x.csv", lines=[])
    for path in (reverse(INDEX), preview_url(statement)):
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(make_user(email="statement-stranger@example.com"))
    assert client.get(reverse(INDEX)).status_code == 404
    assert client.get(preview_url(statement)).status_code == 404
    assert client.post(preview_url(statement), {"action": "discard"}).status_code == 404
    # The organiser's posts need the CSRF token.
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(organiser)
    assert checked.post(preview_url(statement), {"action": "discard"}).status_code == 403
    statement.refresh_from_db()
    assert statement.state == "preview"


def test_the_menu_holds_bank_statements(signed_in):
    page = signed_in.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    html = json.dumps(json.loads(props), ensure_ascii=False)
    assert "Bank statements" in html and reverse(INDEX) in html


def test_the_preview_costs_the_same_queries_whatever_the_number_of_lines(
    signed_in, pay, django_assert_max_num_queries
):
    def statement_of(count):
        rows = []
        for number in range(count):
            payment = pay("100.00")
            remark = payment.reference if number % 3 else "会费"
            name = payment.payer_name if number % 3 == 0 else "某人"
            rows.append(icbc_row("2025-11-03", "100.00", name, remark, f"Q-{count}-{number}"))
        return upload_statement(signed_in, icbc_file(rows))

    small, large = statement_of(3), statement_of(30)
    signed_in.get(preview_url(small))  # warm the caches
    with CaptureQueriesContext(connection) as few:
        signed_in.get(preview_url(small))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(preview_url(large))
    assert len(response.context["rows"]) == 30


def test_bad_input_to_the_screens_is_never_a_server_error(client, owed, organiser):
    from tests.security.test_bad_input import BAD_VALUES, form_body, form_names

    client.force_login(organiser)
    client.raise_request_exception = False
    statement = upload_statement(client, statement_file(owed))
    html = client.get(preview_url(statement)).content.decode()
    fields, buttons = form_names(html, "post")
    assert "line-0" in fields and buttons == ["action"]
    answers = []
    for value in BAD_VALUES.values():
        for path in (reverse(INDEX), preview_url(statement)):
            answers.append(client.get(f"{path}?p={value}&q={value}").status_code)
            for action in ("book", "discard", value):
                body = form_body([*((field, value) for field in fields), ("action", action)])
                answers.append(
                    client.post(
                        path, body, content_type="application/x-www-form-urlencoded"
                    ).status_code
                )
            statement.state = "preview"
            statement.save(update_fields=["state"])
    huge = BAD_VALUES["huge"]
    answers.append(client.get(f"/admin/payments/statements/{huge}/").status_code)
    assert max(answers) < 500, answers
    assert not LedgerEntry.objects.filter(provider="bank").exists()

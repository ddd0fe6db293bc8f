"""The organisers' ledger in the admin: the payments listing and its filters, totals and
exports, the payment's screen (money received with a proof, waive, cancel, refund, each
through the services), the overdue queue on the admin home, the dues rates, and what a
secretariat-scoped organiser sees."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from wagtail.models import ModelLogEntry

from members.models import SecretariatPage, Tier
from payments import services
from payments.models import DuesRate, LedgerEntry, Payment
from tests.payments.conftest import company_in

pytestmark = pytest.mark.django_db

PAST = datetime.date(2025, 6, 1)  # money booked on a fixed day in the past
LISTING = "payments_payments:index"
LEDGER = "payments_ledger:index"


def page(client, name="payments_admin:payment", *args, **params):
    return client.get(reverse(name, args=args), params)


def payment_url(payment):
    return reverse("payments_admin:payment", args=[payment.pk])


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def ledger(company, make_payment):
    """Four payments marked 台账测试: one overdue, one due later, one paid, one cancelled."""
    overdue = make_payment(
        organisation=company,
        description="台账测试逾期会费",
        purpose=Payment.Purpose.DUES,
        amount="8000.00",
        due_date=datetime.date(2025, 3, 31),
    )
    later = make_payment(
        organisation=company,
        description="台账测试展位费",
        purpose=Payment.Purpose.BOOTH,
        amount="3000.00",
        due_date=datetime.date(2045, 5, 20),
    )
    paid = make_payment(
        organisation=company,
        description="台账测试已缴",
        amount="1200.50",
        due_date=datetime.date(2025, 5, 1),
    )
    services.record_payment(payment=paid, amount="1200.50", method="cash", booked_on=PAST, by=None)
    cancelled = make_payment(
        organisation=company,
        description="台账测试已取消",
        amount="500.00",
        due_date=datetime.date(2025, 2, 1),
    )
    services.cancel_payment(payment=cancelled, reason="活动取消")
    return {"overdue": overdue, "later": later, "paid": paid, "cancelled": cancelled}


def listed(client, **params):
    """The references in the listing's rows, in order (searching 台账测试)."""
    response = client.get(reverse(LISTING), {"q": "台账测试", **params})
    return [payment.reference for payment in response.context["object_list"]]


# The listing.


def test_the_listing_opens_on_open_payments_oldest_due_first(signed_in, ledger):
    assert listed(signed_in) == [ledger["overdue"].reference, ledger["later"].reference]


def test_all_states_are_one_filter_away(signed_in, ledger):
    assert set(listed(signed_in, state="")) == {p.reference for p in ledger.values()}
    assert listed(signed_in, state="paid") == [ledger["paid"].reference]
    assert listed(signed_in, state="cancelled") == [ledger["cancelled"].reference]


def test_filters_by_purpose_overdue_and_due_month(signed_in, ledger):
    assert listed(signed_in, purpose="booth") == [ledger["later"].reference]
    assert listed(signed_in, overdue="yes", state="") == [ledger["overdue"].reference]
    assert ledger["overdue"].reference not in listed(signed_in, overdue="no", state="")
    assert listed(signed_in, due_month="2025-05", state="") == [ledger["paid"].reference]
    # A month that is not one is ignored, not an error.
    assert signed_in.get(reverse(LISTING), {"due_month": "2025-13"}).status_code == 200


def test_filters_by_the_companys_secretariat(signed_in, make_payment):
    shenzhen = company_in("shenzhen", "台账测试深圳公司")
    yueyang = company_in("yueyang", "台账测试岳阳公司")
    ours = make_payment(organisation=shenzhen, description="台账测试深圳会费")
    theirs = make_payment(organisation=yueyang, description="台账测试岳阳会费")
    secretariat = SecretariatPage.objects.get(slug="shenzhen")
    found = listed(signed_in, secretariat=secretariat.pk)
    assert ours.reference in found and theirs.reference not in found


def test_the_listing_shows_amounts_as_yuan_and_the_totals_of_what_matches(signed_in, ledger):
    response = signed_in.get(reverse(LISTING), {"q": "台账测试", "state": ""})
    html = response.content.decode()
    assert "¥8,000.00" in html and "¥1,200.50" in html
    totals = response.context["totals"]
    assert totals == {
        "amount": Decimal("12200.50"),  # the cancelled one owes nothing
        "received": Decimal("1200.50"),
        "refunded": Decimal("0.00"),
        "outstanding": Decimal("11000.00"),
    }
    assert all(isinstance(value, Decimal) for value in totals.values())
    assert 'data-total="outstanding">¥11,000.00<' in html


def test_the_row_title_opens_the_payments_screen(signed_in, ledger):
    html = signed_in.get(reverse(LISTING), {"q": "台账测试"}).content.decode()
    assert f'href="{payment_url(ledger["overdue"])}"' in html
    # Payments change only through their screen: no raw edit or delete.
    assert reverse("payments_payments:edit", args=[ledger["overdue"].pk]) not in html
    assert signed_in.get(reverse("payments_payments:add")).status_code in (302, 403)


def download(client, name, kind, params):
    response = client.get(reverse(name), {"export": kind, **params})
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return response, data


def test_the_csv_export_has_a_bom_chinese_headings_and_plain_numbers(signed_in, ledger):
    _response, data = download(signed_in, LISTING, "csv", {"q": "台账测试", "state": ""})
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")[1:])))
    by_reference = {row["缴费码"]: row for row in rows}
    overdue = by_reference[ledger["overdue"].reference]
    assert overdue["应收金额（元）"] == "8000.00"
    assert overdue["未缴金额（元）"] == "8000.00"
    assert overdue["已逾期"] == "是"
    assert overdue["用途"] == "会费"
    assert overdue["缴费截止日"] == "2025-03-31"
    assert by_reference[ledger["paid"].reference]["已收金额（元）"] == "1200.50"
    assert ModelLogEntry.objects.filter(action="portal.exported").exists()


def test_the_xlsx_export_has_amounts_as_numbers_and_dates_as_dates(signed_in, ledger):
    _response, data = download(signed_in, LISTING, "xlsx", {"q": "台账测试", "state": ""})
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    headings, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    rows = [dict(zip(headings, row, strict=True)) for row in rows]
    [paid] = [row for row in rows if row["缴费码"] == ledger["paid"].reference]
    assert paid["应收金额（元）"] == pytest.approx(1200.5)
    assert isinstance(paid["应收金额（元）"], int | float)
    assert isinstance(paid["缴费截止日"], datetime.datetime)
    assert paid["状态"] == "已缴清"


def test_the_ledger_lists_money_received_and_refunded_and_exports(signed_in, ledger):
    paid = ledger["paid"]
    services.refund_payment(payment=paid, amount="200.50", by=None, reason="多收退回")
    response = signed_in.get(reverse(LEDGER), {"q": paid.reference})
    html = response.content.decode()
    receipt = paid.entries.get(kind=LedgerEntry.Kind.RECEIVED).receipt_number
    assert receipt in html and "-¥200.50" in html
    assert response.context["totals"]["net"] == Decimal("1000.00")
    assert signed_in.get(reverse(LEDGER), {"month": "2025-06", "method": "cash"}).status_code == 200
    _r, data = download(signed_in, LEDGER, "xlsx", {"q": paid.reference})
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    headings, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    amounts = sorted(row[headings.index("金额（元，退款为负）")] for row in rows)
    assert amounts == [pytest.approx(-200.5), pytest.approx(1200.5)]
    _r, data = download(signed_in, LEDGER, "csv", {"q": paid.reference})
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")[1:])))
    assert {row["收据编号"] for row in rows} == {receipt, ""}


def test_the_listing_costs_the_same_queries_whatever_it_shows(
    signed_in, company, make_payment, django_assert_max_num_queries
):
    make_payment(organisation=company, description="台账测试查询")
    signed_in.get(reverse(LISTING))  # warm the caches

    with CaptureQueriesContext(connection) as few:
        signed_in.get(reverse(LISTING), {"q": "台账测试查询"})
    for _ in range(10):
        make_payment(organisation=company, description="台账测试查询")
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(reverse(LISTING), {"q": "台账测试查询"})
    with CaptureQueriesContext(connection) as few:
        signed_in.get(reverse(LEDGER))
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(reverse(LEDGER))


# The payment's screen.


def test_the_payment_screen_shows_facts_entries_receipts_and_history(signed_in, ledger):
    paid = ledger["paid"]
    entry = paid.entries.get()
    response = signed_in.get(payment_url(paid))
    html = response.content.decode()
    assert paid.reference in html and "¥1,200.50" in html
    assert reverse("payments:receipt", args=[entry.receipt_code]) in html
    assert entry.receipt_number in html
    assert "已收款" in html  # the history names the log action
    # Settled: nothing more to record, waive or cancel; a refund is possible.
    assert 'name="action" value="record"' not in html
    assert 'name="action" value="refund"' in html


def test_recording_a_bank_transfer_with_a_proof(signed_in, ledger, organiser):
    payment = ledger["overdue"]
    proof = SimpleUploadedFile("回单.png", png_bytes(), content_type="image/png")
    response = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "8,000",
            "record-booked_on": "2025-06-01",
            "record-method": "bank-transfer",
            "record-bank_reference": "",
            "record-note": "工行回单",
            "record-proof": proof,
        },
    )
    assert response.status_code == 302 and response["Location"] == payment_url(payment)
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.paid == Decimal("8000.00")
    entry = payment.entries.get()
    assert entry.method == "bank-transfer" and entry.recorded_by == organiser
    assert entry.proof.name and entry.note == "工行回单"
    assert entry.booked_on == PAST
    assert ModelLogEntry.objects.filter(
        action="payments.received", object_id=str(payment.pk), user=organiser
    ).exists()


def test_a_part_payment_by_pos_goes_back_to_the_next_page(signed_in, ledger):
    payment = ledger["later"]
    response = signed_in.post(
        payment_url(payment) + "?next=/admin/events/1/",
        {
            "action": "record",
            "record-amount": "1000",
            "record-booked_on": "2025-06-01",
            "record-method": "pos",
            "next": "/admin/events/1/",
        },
    )
    assert response["Location"] == "/admin/events/1/"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PART_PAID and payment.outstanding == Decimal("2000.00")


def test_an_outside_next_is_ignored(signed_in, ledger):
    payment = ledger["later"]
    response = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "100",
            "record-booked_on": "2025-06-01",
            "record-method": "cash",
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == payment_url(payment)


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.pdf", b"just some text, not a PDF"),
        ("photo.png", b"\x89PNG\r\n\x1a\nbroken"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_proof_that_is_no_pdf_or_image_is_refused_and_typed_values_kept(
    signed_in, ledger, name, content
):
    payment = ledger["overdue"]
    response = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "7,654.32",
            "record-booked_on": "2025-06-01",
            "record-method": "cash",
            "record-note": "门口现金",
            "record-proof": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请上传 PDF 或图片" in html
    assert 'value="7,654.32"' in html and 'value="门口现金"' in html
    assert 'value="cash" checked' in html or re.search(r'value="cash"[^>]*checked', html)
    payment.refresh_from_db()
    assert payment.paid == 0 and not payment.entries.exists()


def test_a_pdf_proof_is_accepted(signed_in, ledger):
    payment = ledger["overdue"]
    signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "100",
            "record-booked_on": "2025-06-01",
            "record-method": "bank-transfer",
            "record-proof": SimpleUploadedFile("回单.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert payment.entries.get().proof.name.endswith(".pdf")


def test_a_future_date_or_too_much_is_refused_in_chinese(signed_in, ledger):
    payment = ledger["overdue"]
    future = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "100",
            "record-booked_on": "2999-01-01",
            "record-method": "cash",
        },
    )
    assert "不能晚于今天" in future.content.decode()
    too_much = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "9000",
            "record-booked_on": "2025-06-01",
            "record-method": "cash",
        },
    )
    html = too_much.content.decode()
    assert too_much.status_code == 200 and 'value="9000"' in html
    assert "¥8,000.00" in html  # the service's message names what is still due
    not_an_amount = signed_in.post(
        payment_url(payment),
        {
            "action": "record",
            "record-amount": "12.345",
            "record-booked_on": "2025-06-01",
            "record-method": "cash",
        },
    )
    assert "两位小数" in not_an_amount.content.decode()
    payment.refresh_from_db()
    assert payment.paid == 0


def test_waiving_asks_for_a_confirmation_then_waives(signed_in, ledger, organiser):
    payment = ledger["overdue"]
    data = {"action": "waive", "waive-reason": "困难企业减免"}
    confirm = signed_in.post(payment_url(payment), data)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert 'name="confirm" value="1"' in html and "困难企业减免" in html
    payment.refresh_from_db()
    assert payment.state == Payment.State.DUE
    done = signed_in.post(payment_url(payment), {**data, "confirm": "1"})
    assert done.status_code == 302
    payment.refresh_from_db()
    assert payment.state == Payment.State.WAIVED and payment.reason == "困难企业减免"
    assert payment.decided_by == organiser
    assert ModelLogEntry.objects.filter(
        action="payments.waived", object_id=str(payment.pk)
    ).exists()


def test_waiving_without_a_reason_is_refused(signed_in, ledger):
    payment = ledger["overdue"]
    response = signed_in.post(payment_url(payment), {"action": "waive", "waive-reason": ""})
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == Payment.State.DUE


def test_cancelling_after_a_confirmation(signed_in, ledger):
    payment = ledger["later"]
    data = {"action": "cancel", "cancel-reason": "展会取消", "confirm": "1"}
    assert signed_in.post(payment_url(payment), data).status_code == 302
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED


def test_cancelling_a_payment_with_money_received_is_refused_in_words(signed_in, ledger):
    payment = ledger["later"]
    services.record_payment(payment=payment, amount="10", method="cash", booked_on=PAST, by=None)
    response = signed_in.post(
        payment_url(payment), {"action": "cancel", "cancel-reason": "取消", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "已有收款" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == Payment.State.PART_PAID


def test_refunding_in_part_then_in_full(signed_in, ledger):
    payment = ledger["paid"]
    data = {"action": "refund", "refund-amount": "200.50", "refund-reason": "多收"}
    confirm = signed_in.post(payment_url(payment), data)
    assert "¥200.50" in confirm.content.decode()
    signed_in.post(payment_url(payment), {**data, "confirm": "1"})
    payment.refresh_from_db()
    assert payment.refunded == Decimal("200.50") and payment.state == Payment.State.PAID
    too_much = signed_in.post(
        payment_url(payment),
        {"action": "refund", "refund-amount": "5000", "refund-reason": "全退", "confirm": "1"},
    )
    assert too_much.status_code == 200 and "¥1,000.00" in too_much.content.decode()
    signed_in.post(
        payment_url(payment),
        {"action": "refund", "refund-amount": "1000", "refund-reason": "全退", "confirm": "1"},
    )
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUNDED
    refunds = payment.entries.filter(kind=LedgerEntry.Kind.REFUND)
    assert sorted(r.amount for r in refunds) == [Decimal("200.50"), Decimal("1000.00")]


def test_the_payment_screen_in_english_says_the_errors_in_english(client, organiser, ledger):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(organiser)
    response = client.post(
        payment_url(ledger["overdue"]),
        {
            "action": "record",
            "record-amount": "100",
            "record-booked_on": "2999-01-01",
            "record-method": "cash",
        },
    )
    assert "cannot be in the future" in response.content.decode()


def test_members_get_404(client, make_user, ledger):
    client.force_login(make_user(email="not-an-organiser@example.com"))
    assert client.get(payment_url(ledger["overdue"])).status_code == 404
    assert client.get(reverse(LISTING)).status_code in (302, 403, 404)


# The overdue queue on the admin home.


def test_the_overdue_queue_lists_overdue_payments_and_links_to_the_filtered_listing(
    client, demo_accounts, ledger
):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    html = client.get("/admin/").content.decode()
    sections = re.findall(r'<section class="work-queue__queue".*?</section>', html, re.S)
    [section] = [s for s in sections if "逾期未缴" in s]
    assert f"{reverse(LISTING)}?overdue=yes" in section
    count = Payment.objects.overdue().count()
    assert f'work-queue__count--waiting">{count}<' in section
    if count <= 5:
        assert payment_url(ledger["overdue"]) in section


# Scoping: the Shenzhen secretariat's organiser.


@pytest.fixture
def scoped_client(client, demo_accounts):
    email, password = demo_accounts["secretariat"]
    client.login(email=email, password=password)
    return client


@pytest.fixture
def two_companies(make_payment):
    shenzhen = company_in("shenzhen", "台账测试深圳企业")
    yueyang = company_in("yueyang", "台账测试岳阳企业")
    ours = make_payment(organisation=shenzhen, description="台账测试深圳会费", amount="100")
    theirs = make_payment(organisation=yueyang, description="台账测试岳阳会费", amount="200")
    for payment in (ours, theirs):
        services.record_payment(
            payment=payment, amount="50", method="cash", booked_on=PAST, by=None
        )
    return ours, theirs


def test_the_scoped_organiser_sees_only_shenzhen_companies_payments(scoped_client, two_companies):
    ours, theirs = two_companies
    found = listed(scoped_client, state="")
    assert ours.reference in found and theirs.reference not in found
    response = scoped_client.get(reverse(LISTING), {"q": "台账测试", "state": ""})
    assert response.context["totals"]["amount"] == Decimal("100.00")
    ledger_html = scoped_client.get(reverse(LEDGER), {"q": "台账测试"}).content.decode()
    assert ours.reference in ledger_html and theirs.reference not in ledger_html
    _r, data = download(scoped_client, LISTING, "csv", {"q": "台账测试", "state": ""})
    assert ours.reference in data.decode() and theirs.reference not in data.decode()


def test_other_payments_are_404_for_the_scoped_organiser(scoped_client, two_companies):
    ours, theirs = two_companies
    assert scoped_client.get(payment_url(ours)).status_code == 200
    assert scoped_client.get(payment_url(theirs)).status_code == 404
    response = scoped_client.post(
        payment_url(theirs),
        {"action": "waive", "waive-reason": "越权", "confirm": "1"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Payment.State.PART_PAID


def test_a_persons_event_payment_follows_the_events_secretariat(scoped_client, make_user):
    from events.models import EventIndexPage, EventPage, Registration

    shenzhen = SecretariatPage.objects.get(slug="shenzhen")
    start = datetime.datetime(2045, 5, 1, 14, tzinfo=datetime.UTC)
    events = []
    for slug, secretariat in (("ledger-sz", shenzhen), ("ledger-all", None)):
        event = EventPage(
            title=f"台账测试活动{slug}",
            slug=slug,
            start=start,
            end=start + datetime.timedelta(hours=2),
            venue="会议室",
            kind="meetup",
            secretariat=secretariat,
        )
        EventIndexPage.objects.get().add_child(instance=event)
        events.append(event)
    payments = []
    for index, event in enumerate(events):
        person = make_user(email=f"ledger-guest-{index}@example.com")
        registration = Registration.objects.create(event=event, user=person, status="confirmed")
        payments.append(
            services.create_payment(
                purpose=Payment.Purpose.EVENT,
                amount="80",
                due_date=datetime.date(2045, 4, 30),
                payer_name="台账测试个人",
                description="台账测试活动费",
                user=person,
                registration=registration,
                notify=False,
            )
        )
    assert scoped_client.get(payment_url(payments[0])).status_code == 200
    assert scoped_client.get(payment_url(payments[1])).status_code == 404


def test_the_scoped_organiser_sees_the_dues_rates_but_does_not_change_them(scoped_client, client):
    rate = DuesRate.objects.create(year=2046, tier=Tier.MEMBER, amount="2000")
    assert scoped_client.get(reverse("payments_dues_rates:index")).status_code == 200
    assert scoped_client.get(reverse("payments_dues_rates:edit", args=[rate.pk])).status_code in (
        302,
        403,
        404,
    )


# Dues rates and the menu.


def test_changing_a_dues_rate_is_logged(signed_in, organiser):
    rate = DuesRate.objects.create(year=2046, tier=Tier.COUNCIL, amount="8000")
    response = signed_in.post(
        reverse("payments_dues_rates:edit", args=[rate.pk]),
        {"year": "2046", "tier": Tier.COUNCIL, "amount": "9000.00"},
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.amount == Decimal("9000.00")
    entry = ModelLogEntry.objects.get(action="payments.dues_rate_changed", object_id=str(rate.pk))
    assert entry.data["from"] == "8000.00" and entry.data["to"] == "9000.00"
    assert entry.user == organiser
    added = signed_in.post(
        reverse("payments_dues_rates:add"),
        {"year": "2047", "tier": Tier.COUNCIL, "amount": "9500"},
    )
    assert added.status_code == 302
    new = DuesRate.objects.get(year=2047, tier=Tier.COUNCIL)
    assert ModelLogEntry.objects.filter(
        action="payments.dues_rate_changed", object_id=str(new.pk)
    ).exists()


def test_a_negative_or_second_rate_is_refused(signed_in):
    DuesRate.objects.create(year=2046, tier=Tier.MEMBER, amount="2000")
    second = signed_in.post(
        reverse("payments_dues_rates:add"), {"year": "2046", "tier": Tier.MEMBER, "amount": "1"}
    )
    assert second.status_code == 200
    negative = signed_in.post(
        reverse("payments_dues_rates:add"), {"year": "2048", "tier": Tier.MEMBER, "amount": "-1"}
    )
    assert negative.status_code == 200
    assert not DuesRate.objects.filter(year=2048).exists()


def test_the_payments_menu_holds_its_screens_and_others_hooked_in(signed_in):
    from wagtail import hooks
    from wagtail.admin.menu import MenuItem

    def extra():
        return MenuItem("银行流水对账（测试）", "/admin/payments/statements-test/", order=40)

    with hooks.register_temporarily("register_payments_menu_item", extra):
        page = signed_in.get("/admin/").content.decode()
    # The sidebar is drawn from JSON, which writes Chinese as \u escapes.
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    html = json.dumps(json.loads(props), ensure_ascii=False)
    for label in ("收付款", "应收款项", "收款记录", "会费标准"):
        assert label in html, label

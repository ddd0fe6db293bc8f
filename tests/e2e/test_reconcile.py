"""The treasurer reconciles a bank statement in the admin (收付款 → 银行对账): uploads the bank's
CSV, reads the preview (a matched line, one that needs a decision, one that matches nothing),
chooses the payment for the undecided line, books, and finds both payments paid in 应收款项."""

import csv
import datetime
import io

import pytest

from payments import services
from payments.models import LedgerEntry, Payment
from tests.e2e.test_event_console import screenshot
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAYER = "对账浏览器测试有限公司"


def due(amount, payer):
    return services.create_payment(
        purpose=Payment.Purpose.OTHER,
        amount=amount,
        due_date=datetime.date(2026, 12, 31),
        payer_name=payer,
        description="对账浏览器测试费用",
        description_en="Reconciliation test fee",
        notify=False,
    )


def statement_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(
        [
            ["招商银行 账务明细"],
            ["账号", "7559000000000001"],
            ["起止日期", "2026-11-01", "2026-11-30"],
            [],
            ["交易日期", "交易时间", "借方金额", "贷方金额", "余额", "对方户名", "摘要", "流水号"],
            *rows,
            ["合计", "", "", "", "", "", "", ""],
        ]
    )
    return out.getvalue().encode("gb18030")


def test_the_treasurer_books_a_statement_and_finds_the_payments_paid(
    visitor, demo_accounts, tmp_path
):
    matched = due("1200.10", "对账浏览器测试甲公司")
    first, second = due("800.00", PAYER), due("800.00", PAYER)
    remark = f"会费 {matched.reference}"
    path = tmp_path / "招行流水.csv"
    path.write_bytes(
        statement_csv(
            [
                ["2026-11-20", "09:30:00", "", "1,200.10", "", "甲公司", remark, "E2E-1"],
                ["2026-11-21", "10:00:00", "", "800.00", "", PAYER, "展位费", "E2E-2"],
                ["2026-11-22", "11:00:00", "", "66.00", "", "路人", "捐款", "E2E-3"],
                ["2026-11-23", "12:00:00", "300.00", "", "", "供应商", "采购", "E2E-4"],
            ]
        )
    )

    page = visitor.page
    email, password = demo_accounts["organiser"]
    log_in(visitor, email, password)
    visitor.goto("/admin/payments/statements/")
    screenshot(page, "statement-upload")
    page.locator("input[type=file][name=file]").set_input_files(str(path))
    visitor.follow(page.locator("form[enctype='multipart/form-data'] button[type=submit]"))
    assert "/admin/payments/statements/" in page.url and page.url.rstrip("/")[-1].isdigit()
    screenshot(page, "statement-preview")
    lines = page.locator("table[data-lines] tbody tr")
    assert lines.count() == 3  # the outgoing line and the 合计 row are left out
    statuses = [lines.nth(index).get_attribute("data-status") for index in range(3)]
    assert statuses == ["matched", "ambiguous", "unmatched"]
    assert page.locator("input[name=line-0]").is_checked()
    assert not LedgerEntry.objects.filter(provider="bank").exists()

    # The undecided line: two open payments of this payer and amount; the second it is.
    page.locator("select[name=line-1]").select_option(str(second.pk))
    visitor.follow(page.locator("button[name=action][value=book]"))
    assert page.locator("[data-state=applied]").is_visible()
    assert page.locator("tr[data-status=booked-here]").count() == 2
    screenshot(page, "statement-booked")
    visitor.goto("/admin/payments/statements/")
    screenshot(page, "statement-listing")

    for payment, state in ((matched, "paid"), (second, "paid"), (first, "due")):
        payment.refresh_from_db()
        assert payment.state == state

    # 应收款项 shows them paid.
    visitor.goto(f"/admin/payments/due/?q={matched.reference}&state=")
    assert "已缴清" in page.locator("tr", has_text=matched.reference).inner_text()
    visitor.goto(f"/admin/payments/due/?q={second.reference}&state=")
    screenshot(page, "statement-payments-due")
    assert "已缴清" in page.locator("tr", has_text=second.reference).inner_text()

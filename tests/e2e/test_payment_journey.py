"""A member pays next year's dues online through the test-mode provider, on a phone, and
downloads the numbered receipt; the receipt's QR code opens its public check page."""

import subprocess
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from members.services import profile_of
from payments.models import Payment
from tests.e2e.conftest import PHONE, open_visitor
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_member_pays_dues_in_test_mode_and_downloads_the_receipt(
    browser, demo_site, axe, demo_accounts, tmp_path
):
    email, password = demo_accounts["member"]
    organisation = profile_of(get_user_model().objects.get(email=email)).organisation
    payment = Payment.objects.open().filter(organisation=organisation).order_by("due_date").first()
    assert payment is not None, "the demo leaves the member's company next year's dues to pay"

    with open_visitor(browser, demo_site.url, axe, PHONE) as member:
        page = member.page
        log_in(member, email, password)
        member.goto("/my/payments/")
        member.follow(page.locator(f"[data-reference='{payment.reference}'] a"))
        assert page.locator("[data-state]").get_attribute("data-state") == payment.state
        member.follow(page.get_by_role("button", name="测试支付（不扣款）"))

        # The local page stands in for the provider's: complete the payment there.
        assert page.get_by_text("不会产生真实扣款").is_visible()
        assert page.locator("[data-amount]").inner_text() == f"¥{payment.outstanding:,.2f}"
        member.follow(page.get_by_role("button", name="完成付款"))

        assert urlsplit(page.url).path == f"/my/payments/{payment.reference}/"
        assert page.get_by_text("已收到付款，谢谢！").is_visible()
        assert page.locator("[data-state]").get_attribute("data-state") == "paid"
        payment.refresh_from_db()
        assert payment.state == Payment.State.PAID
        entry = payment.entries.get(method="test")
        with page.expect_download() as download:
            page.get_by_role("link", name=f"收据 {entry.receipt_number}（PDF）").click()
        pdf = tmp_path / "receipt.pdf"
        download.value.save_as(pdf)

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert entry.receipt_number in text
    assert organisation.name in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert urlsplit(scanned).path == f"/receipts/{entry.receipt_code}/"
    with open_visitor(browser, demo_site.url, axe, PHONE) as stranger:
        stranger.goto(urlsplit(scanned).path)
        assert stranger.page.get_by_text(entry.receipt_number).first.is_visible()

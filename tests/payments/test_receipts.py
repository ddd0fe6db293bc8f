import datetime
import subprocess

import pytest
from django.urls import reverse

from payments import receipts, services
from payments.models import Method

pytestmark = pytest.mark.django_db


def test_a_receipt_renders_and_reads_back(company, make_payment, organiser, tmp_path, client):
    payment = make_payment(organisation=company, amount="1200.00")
    entry = services.record_payment(
        payment=payment,
        amount="1200.00",
        method=Method.BANK_TRANSFER,
        booked_on=datetime.date(2025, 6, 1),
        by=organiser,
        notify=False,
    )
    path = tmp_path / "r.pdf"
    path.write_bytes(receipts.render_pdf(entry))
    text = "".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "人民币壹仟贰佰元整" in text and entry.receipt_number in text
    assert "收款收据" in text and "对公转账" in text and company.name in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "p")], check=True)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "p-1.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == f"http://testserver/receipts/{entry.receipt_code}/"
    client.force_login(company.owner)
    response = client.get(reverse("payments:receipt", args=[entry.receipt_code]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert client.get(reverse("receipts:check", args=[entry.receipt_code])).status_code == 200
    assert client.get(reverse("receipts:check", args=["nope"])).status_code == 404

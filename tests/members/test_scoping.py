"""An organiser scoped to a secretariat sees and decides only that secretariat's part."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import (
    CommitteePage,
    Industry,
    Membership,
    MembershipApplication,
    Organisation,
    OrganiserScope,
    SecretariatPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shenzhen(db):
    return SecretariatPage.objects.get(slug="shenzhen")


@pytest.fixture
def scoped_client(client, demo_accounts):
    email, password = demo_accounts["secretariat"]
    client.login(email=email, password=password)
    return client


def application_to(secretariat, name, make_user):
    user = make_user(email=f"{abs(hash(name))}@example.com")
    return MembershipApplication.objects.create(
        applicant=user,
        organisation_name=name,
        industry=Industry.objects.first(),
        city="深圳",
        secretariat=secretariat,
        applicant_name="申请人",
        applicant_phone="13900001111",
        consented_at=timezone.now(),
    )


def test_the_demo_shenzhen_organiser_is_scoped_to_shenzhen(demo_accounts, shenzhen):
    email, _password = demo_accounts["secretariat"]
    scope = OrganiserScope.objects.get(user__email=email)
    assert list(scope.secretariats.all()) == [shenzhen]


def test_listings_and_exports_hold_only_the_secretariats_companies(scoped_client, shenzhen):
    ours = Organisation.objects.filter(secretariat=shenzhen)
    theirs = Organisation.objects.exclude(secretariat=shenzhen).filter(secretariat__isnull=False)
    assert ours.exists() and theirs.exists()
    url = reverse("members_organisations:index")

    html = scoped_client.get(url, {"q": ours.first().name}).content.decode()
    assert ours.first().name in html
    assert theirs.first().name not in scoped_client.get(url).content.decode()

    response = scoped_client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert names == set(ours.values_list("name", flat=True))

    memberships = scoped_client.get(reverse("members_memberships:index"), {"export": "csv"})
    body = b"".join(memberships.streaming_content).decode("utf-8-sig")
    assert theirs.first().name not in body


def test_other_secretariats_records_answer_404(scoped_client, shenzhen, make_user):
    theirs = Organisation.objects.exclude(secretariat=shenzhen).filter(secretariat__isnull=False)
    company = theirs.first()
    assert (
        scoped_client.get(reverse("members_organisations:edit", args=[company.pk])).status_code
        == 404
    )
    assert (
        scoped_client.get(reverse("members_organisations:inspect", args=[company.pk])).status_code
        == 404
    )
    assert (
        scoped_client.get(reverse("members_organisations:delete", args=[company.pk])).status_code
        == 404
    )
    membership = Membership.objects.get(organisation=company)
    assert (
        scoped_client.get(
            reverse("members_admin:renew_membership", args=[membership.pk])
        ).status_code
        == 404
    )
    yueyang = SecretariatPage.objects.get(slug="yueyang")
    elsewhere = application_to(yueyang, "岳阳的申请公司", make_user)
    review = reverse("members_admin:review_application", args=[elsewhere.pk])
    assert scoped_client.get(review).status_code == 404
    assert (
        scoped_client.post(review, {"reject": "1", "reject-reason": "不是你的"}).status_code == 404
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == MembershipApplication.Status.APPLIED


def test_own_secretariats_records_open(scoped_client, shenzhen, make_user):
    company = Organisation.objects.filter(secretariat=shenzhen).first()
    assert (
        scoped_client.get(reverse("members_organisations:edit", args=[company.pk])).status_code
        == 200
    )
    ours = application_to(shenzhen, "深圳的申请公司", make_user)
    assert (
        scoped_client.get(reverse("members_admin:review_application", args=[ours.pk])).status_code
        == 200
    )


def test_the_work_queue_counts_only_the_secretariats_applications(
    scoped_client, client, shenzhen, make_user, demo_accounts
):
    ours = application_to(shenzhen, "深圳待审公司", make_user)
    theirs = application_to(SecretariatPage.objects.get(slug="yueyang"), "岳阳待审公司", make_user)
    html = scoped_client.get("/admin/").content.decode()
    assert reverse("members_admin:review_application", args=[ours.pk]) in html
    assert reverse("members_admin:review_application", args=[theirs.pk]) not in html
    listing = scoped_client.get(reverse("members_applications:index")).content.decode()
    assert "深圳待审公司" in listing and "岳阳待审公司" not in listing


def test_imports_are_for_organisers_with_the_whole_view(scoped_client):
    assert scoped_client.get(reverse("members_admin:import")).status_code == 404
    assert reverse("members_admin:import") not in scoped_client.get("/admin/").content.decode()


def test_a_committee_chair_sees_the_companies_with_seats(client, make_user, demo_accounts):
    from django.contrib.auth.models import Group

    chair = make_user(email="chair@example.com")
    chair.groups.add(Group.objects.get(name="Organisers"))
    committee = CommitteePage.objects.filter(seats__isnull=False).first()
    scope = OrganiserScope.objects.create(user=chair)
    scope.committees.set([committee])
    seated = set(committee.seats.values_list("organisation__name", flat=True))
    client.force_login(chair)
    from cms.mfa import ensure_demo_totp
    from tests.conftest import DEMO_TOTP_SECRET

    ensure_demo_totp(chair, DEMO_TOTP_SECRET)
    response = client.get(reverse("members_organisations:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == seated


def test_the_whole_view_stays_for_the_unscoped_organiser(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    response = client.get(reverse("members_organisations:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) - 1 == Organisation.objects.count()


def test_only_administrators_give_scopes(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    assert client.get(reverse("members_organiser_scopes:index")).status_code in (302, 403, 404)
    client.logout()
    email, password = demo_accounts["administrator"]
    client.login(email=email, password=password)
    html = client.get(reverse("members_organiser_scopes:index")).content.decode()
    assert "shenzhen@example.com" in html or "黄志明" in html
    response = client.post(
        reverse("members_organiser_scopes:add"),
        {"user": OrganiserScope.objects.first().user_id},
    )
    assert response.status_code == 200  # refused: neither secretariat nor committee chosen
    assert "至少选择一个秘书处或专业委员会" in response.content.decode()


def test_account_deletions_stay_with_the_whole_view(scoped_client, make_user):
    from cms.models import DeletionRequest

    person = make_user(email="leaving-scoped@example.com")
    deletion = DeletionRequest.objects.create(user=person, email=person.email)
    confirm = reverse("cms_admin:confirm_deletion", args=[deletion.pk])
    assert scoped_client.get(confirm).status_code == 404
    assert scoped_client.post(confirm).status_code == 404
    deletion.refresh_from_db()
    assert deletion.status == DeletionRequest.Status.PENDING
    html = scoped_client.get("/admin/").content.decode()
    assert confirm not in html and "注销账户申请" not in html
    listing = scoped_client.get(reverse("cms_deletion_requests:index"), {"status": ""})
    assert "leaving-scoped@example.com" not in listing.content.decode()


def test_a_scope_left_without_secretariats_sees_nothing(client, make_user):
    from django.contrib.auth.models import Group

    from cms.mfa import ensure_demo_totp
    from tests.conftest import DEMO_TOTP_SECRET

    organiser = make_user(email="emptied@example.com")
    organiser.groups.add(Group.objects.get(name="Organisers"))
    ensure_demo_totp(organiser, DEMO_TOTP_SECRET)
    OrganiserScope.objects.create(user=organiser)  # its pages deleted, say
    client.force_login(organiser)
    response = client.get(reverse("members_organisations:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1:] == []
    assert client.get(reverse("members_admin:import")).status_code == 404


def test_a_company_cannot_be_moved_outside_the_scope(scoped_client, shenzhen):
    company = Organisation.objects.filter(secretariat=shenzhen).first()
    edit = reverse("members_organisations:edit", args=[company.pk])
    form = scoped_client.get(edit).context["form"]
    assert list(form.fields["secretariat"].queryset) == [shenzhen]
    from django.core.exceptions import ValidationError

    yueyang = SecretariatPage.objects.get(slug="yueyang")
    with pytest.raises(ValidationError):
        form.fields["secretariat"].clean(yueyang.pk)
    assert form.fields["secretariat"].required


def test_a_suspended_membership_is_not_renewed(organiser, make_organisation):
    from members import services
    from members.errors import MembershipError

    company = make_organisation(name="暂停会籍公司", status=Membership.Status.SUSPENDED)
    with pytest.raises(MembershipError):
        services.renew_membership(membership=company.membership, by=organiser)
    company.membership.refresh_from_db()
    assert company.membership.status == Membership.Status.SUSPENDED


def test_the_site_history_is_not_a_scoped_organisers(scoped_client, client, demo_accounts):
    for url in ("/admin/reports/site-history/", "/admin/reports/workflow/"):
        assert scoped_client.get(url).status_code == 404, url
    assert "/admin/reports/site-history/" not in scoped_client.get("/admin/").content.decode()

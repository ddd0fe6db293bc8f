import pytest
from django.urls import reverse

from members import services
from members.models import MemberProfile, Membership, MembershipApplication, Organisation

pytestmark = pytest.mark.django_db


def application_data(tea, yueyang, **overrides):
    return {
        "organisation_name": "岳阳新墙河渔具有限公司",
        "organisation_name_en": "Xinqianghe Fishing Gear Co., Ltd.",
        "industry": tea.pk,
        "city": "岳阳县",
        "secretariat": yueyang.pk,
        "founded_year": "2015",
        "staff_band": "10-49",
        "trade_band": "10m-100m",
        "main_products": "路亚竿、鱼线",
        "website": "https://xqh.example.com",
        "company_phone": "0730-7654321",
        "applicant_name": "彭磊",
        "applicant_title": "总经理",
        "applicant_phone": "13900001111",
        "applicant_wechat": "penglei",
        "message": "",
        "consent": "on",
        **overrides,
    }


def test_apply_approve_then_the_member_edits_the_company(
    client, make_user, tea, yueyang, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = make_user(email="peng@example.com")
    client.force_login(applicant)
    response = client.post(reverse("members:apply"), application_data(tea, yueyang))
    assert response.status_code == 302
    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.status == "applied"
    assert application.consented_at is not None
    assert "等待审核" in client.get(reverse("members:apply")).content.decode()

    client.force_login(organiser)
    review = reverse("members_admin:review_application", args=[application.pk])
    assert client.get(review).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"approve": "1", "approve-tier": "council"})
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == "approved" and application.decided_by == organiser
    organisation = Organisation.objects.get(name="岳阳新墙河渔具有限公司")
    assert organisation.membership.status == Membership.Status.ACTIVE
    assert organisation.membership.tier == "council"
    profile = MemberProfile.objects.get(user=applicant)
    assert profile.organisation == organisation and profile.role == "owner"
    assert mailoutbox[-1].to == ["peng@example.com"]
    assert "岳阳新墙河渔具有限公司" in mailoutbox[-1].subject

    client.force_login(applicant)
    page = client.get(reverse("my:edit_organisation"))
    assert page.status_code == 200
    assert "岳阳新墙河渔具有限公司" in client.get(reverse("dashboard")).content.decode()
    form = page.context["form"]
    data = {**form.initial, "main_products": "路亚竿、鱼线、浮漂", "logo": ""}
    data["export_markets"] = [m.pk for m in form.initial.get("export_markets", [])]
    data["platforms"] = []
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(reverse("my:edit_organisation"), data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.main_products == "路亚竿、鱼线、浮漂"


def test_apply_then_reject_with_a_reason(
    client, make_user, tea, yueyang, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = make_user(email="reject@example.com", language="en")
    client.force_login(applicant)
    client.post("/en/members/apply/", application_data(tea, yueyang))
    application = MembershipApplication.objects.get(applicant=applicant)
    assert application.language == "en"

    client.force_login(organiser)
    review = reverse("members_admin:review_application", args=[application.pk])
    response = client.post(review, {"reject": "1", "reject-reason": ""})
    assert response.status_code == 200  # a reason is required
    application.refresh_from_db()
    assert application.status == "applied"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"reject": "1", "reject-reason": "请补充营业执照信息。"})
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.rejection_reason == "请补充营业执照信息。"
    mail = mailoutbox[-1]
    assert mail.to == ["reject@example.com"]
    assert "请补充营业执照信息。" in mail.body
    assert "About your membership application" in mail.subject  # the applicant's language
    assert not Organisation.objects.filter(name="岳阳新墙河渔具有限公司").exists()


def test_a_second_application_while_one_is_pending_is_refused(client, make_user, tea, yueyang):
    applicant = make_user(email="twice@example.com")
    services.submit_application(
        applicant=applicant,
        organisation_name="第一家公司",
        industry=tea,
        city="岳阳县",
        secretariat=yueyang,
        applicant_name="甲",
        applicant_phone="1",
    )
    with pytest.raises(services.MembershipError) as error:
        services.submit_application(
            applicant=applicant,
            organisation_name="第二家公司",
            industry=tea,
            city="岳阳县",
            secretariat=yueyang,
            applicant_name="甲",
            applicant_phone="1",
        )
    assert "待审核的申请" in str(error.value.message)
    client.force_login(applicant)
    html = client.get(reverse("members:apply")).content.decode()
    assert "您的申请正在等待审核" in html
    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1


def test_application_form_errors_keep_what_was_typed(client, make_user, tea, yueyang):
    client.force_login(make_user(email="typo@example.com"))
    data = application_data(tea, yueyang, consent="", applicant_phone="")
    response = client.post(reverse("members:apply"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "岳阳新墙河渔具有限公司" in html
    assert "请先同意隐私条款" in html
    assert not MembershipApplication.objects.filter(applicant__email="typo@example.com").exists()


def test_a_decided_application_cannot_be_decided_again(make_user, tea, yueyang, organiser):
    applicant = make_user(email="once@example.com")
    application = services.submit_application(
        applicant=applicant,
        organisation_name="只批一次有限公司",
        industry=tea,
        city="岳阳县",
        secretariat=yueyang,
        applicant_name="乙",
        applicant_phone="1",
    )
    services.approve_application(application=application, by=organiser)
    with pytest.raises(services.MembershipError):
        services.reject_application(application=application, by=organiser, reason="晚了")


def test_approval_links_the_existing_company_the_organiser_chooses(
    make_user, make_organisation, make_member, tea, yueyang, organiser
):
    existing = make_organisation(name="已有公司有限公司", tier="president")
    make_member(existing, "boss@example.com")
    term_end = existing.membership.term_end
    applicant = make_user(email="newcomer@example.com")
    application = services.submit_application(
        applicant=applicant,
        organisation_name="已有公司有限公司",
        industry=tea,
        city="岳阳县",
        secretariat=yueyang,
        applicant_name="丙",
        applicant_phone="1",
    )
    # Not silently: a company of the same name is only joined when the organiser picks it.
    with pytest.raises(services.MembershipError, match="已存在"):
        services.approve_application(application=application, by=organiser)
    assert not MemberProfile.objects.filter(user=applicant, organisation=existing).exists()

    services.approve_application(application=application, by=organiser, organisation=existing)
    profile = MemberProfile.objects.get(user=applicant)
    assert profile.organisation == existing
    assert profile.role == "editor"  # the company already has an owner
    existing.membership.refresh_from_db()
    assert existing.membership.tier == "president"  # its own term and tier stay
    assert existing.membership.term_end == term_end
    assert Organisation.objects.filter(name="已有公司有限公司").count() == 1


def test_approved_applicants_contacts_start_hidden(make_user, tea, yueyang, organiser, client):
    applicant = make_user(email="quiet@example.com")
    application = services.submit_application(
        applicant=applicant,
        organisation_name="低调公司有限公司",
        industry=tea,
        city="岳阳县",
        secretariat=yueyang,
        company_phone="0730-3333333",
        applicant_name="丁",
        applicant_phone="13911112222",
    )
    services.approve_application(application=application, by=organiser)
    organisation = Organisation.objects.get(name="低调公司有限公司")
    other = make_user(email="curious@example.com")
    from members.models import MemberProfile as Profile

    Profile.objects.create(user=other, organisation=Organisation.objects.listed().first())
    client.force_login(other)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "0730-3333333" not in html and "13911112222" not in html
    assert "quiet@example.com" not in html


def test_an_application_entered_in_the_admin_keeps_one_pending_per_person(
    client, make_user, tea, yueyang, organiser
):
    applicant = make_user(email="paper@example.com")
    services.submit_application(
        applicant=applicant,
        organisation_name="纸质申请有限公司",
        industry=tea,
        city="岳阳县",
        secretariat=yueyang,
        applicant_name="戊",
        applicant_phone="1",
    )
    client.force_login(organiser)
    response = client.post(
        "/admin/members/applications/new/",
        {
            "applicant": applicant.pk,
            "organisation_name": "纸质申请二有限公司",
            "industry": tea.pk,
            "city": "岳阳县",
            "secretariat": yueyang.pk,
            "applicant_name": "戊",
            "applicant_phone": "1",
            "consented_at": "2026-11-01 10:00",
        },
    )
    assert response.status_code == 200
    assert "已有一份待审核的申请" in response.content.decode()
    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1


def test_applying_needs_an_account(client):
    response = client.get(reverse("members:apply"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_members_cannot_review_applications(client, make_organisation, make_member):
    member = make_member(make_organisation(), "plain@example.com")
    client.force_login(member)
    response = client.get(reverse("members_admin:review_application", args=[1]))
    assert response.status_code == 404


def test_organisers_see_applications_and_companies_in_the_admin(client, organiser):
    client.force_login(organiser)
    for url in (
        "/admin/members/applications/",
        "/admin/members/organisations/",
        "/admin/members/memberships/",
        "/admin/members/people/",
        "/admin/members/industries/",
        "/admin/members/import/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.get("/admin/members/organisations/", {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )

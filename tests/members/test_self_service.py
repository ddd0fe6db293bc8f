import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.models import Invitation, MemberProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(make_organisation):
    return make_organisation(name="自助服务有限公司", phone="0730-5555555")


def edit_company(client, **changes):
    form = client.get(reverse("my:edit_organisation")).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "logo"}
    data["export_markets"] = [m.pk for m in form.initial.get("export_markets") or []]
    data["platforms"] = [p.pk for p in form.initial.get("platforms") or []]
    data.update(changes)
    return client.post(reverse("my:edit_organisation"), data)


def test_edits_are_kept_in_a_history_organisers_can_read(client, company, make_member, organiser):
    owner = make_member(company, "history@example.com", name="历史记录")
    client.force_login(owner)
    response = edit_company(client, phone="0730-6666666", phone_visibility="hidden")
    assert response.status_code == 302
    entry = ModelLogEntry.objects.filter(action="members.profile_edited").latest("timestamp")
    assert entry.user == owner
    assert entry.data["电话"] == ["0730-5555555", "0730-6666666"]

    client.force_login(organiser)
    history = client.get(reverse("members_organisations:history", args=[company.pk]))
    html = history.content.decode()
    assert history.status_code == 200
    assert "0730-5555555 → 0730-6666666" in html
    assert "历史记录" in html


def test_editing_keeps_input_and_explains_errors(client, company, make_member):
    client.force_login(make_member(company, "typo@example.com"))
    response = edit_company(client, website="不是网址", main_products="新产品")
    assert response.status_code == 200
    html = response.content.decode()
    assert "新产品" in html
    assert response.context["form"].errors["website"]
    company.refresh_from_db()
    assert company.main_products != "新产品"


def test_own_profile_edit_and_privacy(client, company, make_member):
    person = make_member(company, "me@example.com", name="旧名字")
    client.force_login(person)
    form = client.get(reverse("my:edit_profile")).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "photo"}
    data.update(name="新名字", phone="13700000000", phone_visibility="public")
    assert client.post(reverse("my:edit_profile"), data).status_code == 302
    person.refresh_from_db()
    assert person.name == "新名字"
    client.logout()
    assert "13700000000" in client.get(company.get_absolute_url()).content.decode()


def test_owner_invites_a_colleague_who_accepts(
    client, company, make_member, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    owner = make_member(company, "boss@example.com")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("my:colleagues"), {"email": "Helper@Example.com", "role": "editor"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=company)
    assert invitation.email == "helper@example.com"
    link = re.search(r"https?://\S+(/members/invitations/\S+/)", mailoutbox[-1].body).group(1)

    stranger = make_user(email="stranger@example.com")
    client.force_login(stranger)
    client.post(link)
    assert not MemberProfile.objects.filter(user=stranger, organisation=company).exists()

    helper = make_user(email="helper@example.com")
    client.force_login(helper)
    assert client.get(link).status_code == 200
    client.post(link)
    profile = MemberProfile.objects.get(user=helper)
    assert profile.organisation == company and profile.role == "editor"
    assert client.get(reverse("my:edit_organisation")).status_code == 200


def test_owner_removes_a_colleague_but_not_themselves(client, company, make_member):
    owner = make_member(company, "owner2@example.com")
    colleague = make_member(company, "leaving@example.com", role="staff")
    client.force_login(owner)
    client.post(reverse("my:remove_colleague", args=[colleague.member_profile.pk]))
    colleague.member_profile.refresh_from_db()
    assert colleague.member_profile.organisation is None
    client.post(reverse("my:remove_colleague", args=[owner.member_profile.pk]))
    owner.member_profile.refresh_from_db()
    assert owner.member_profile.organisation == company


def test_colleagues_page_is_for_owners_only(client, company, make_member, make_organisation):
    editor = make_member(company, "editor@example.com", role="editor")
    client.force_login(editor)
    assert client.get(reverse("my:colleagues")).status_code == 404
    other_owner = make_member(make_organisation(name="他人公司有限公司"), "x@example.com")
    client.force_login(other_owner)
    victim = make_member(company, "victim@example.com", role="staff")
    response = client.post(reverse("my:remove_colleague", args=[victim.member_profile.pk]))
    assert response.status_code == 404
    victim.member_profile.refresh_from_db()
    assert victim.member_profile.organisation == company


def test_dashboard_shows_membership_tier_term_and_status(client, company, make_member):
    client.force_login(make_member(company, "dash@example.com"))
    html = client.get(reverse("dashboard")).content.decode()
    assert "自助服务有限公司" in html
    assert company.membership.term_end.strftime("%Y-%m-%d") in html
    assert "有效" in html
    assert reverse("my:edit_organisation") in html

"""Deleting an account reaches the admin history and the request itself; the personal data
download includes the history about the person."""

import json

import pytest
from wagtail.models import ModelLogEntry

from cms import privacy
from members import services
from members.forms import ProfileForm
from members.models import MemberProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user, make_organisation):
    organisation = make_organisation(name="历史测试有限公司")
    user = make_user(email="history.person@example.com", name="欧阳历史")
    MemberProfile.objects.create(user=user, organisation=organisation, role="owner")
    return user


def edit_profile(user, **changes):
    profile = user.member_profile
    data = {
        name: getattr(profile, name) or "" for name in ProfileForm._meta.fields if name != "photo"
    }
    data.update(changes)
    form = ProfileForm(data, instance=profile)
    assert form.is_valid(), form.errors
    services.update_profile(form=form, by=user)


def test_history_about_the_person_is_in_their_download(client, person):
    edit_profile(person, wechat="lishi_wechat_88", bio="在岳阳做了十年钓具出口")
    client.force_login(person)
    data = json.loads(client.get("/my/data.json").content)
    details = json.dumps(data["history"], ensure_ascii=False)
    assert "lishi_wechat_88" in details
    assert "在岳阳做了十年钓具出口" in details


def test_deletion_erases_the_person_from_the_history_and_the_request(person, organiser):
    edit_profile(person, wechat="lishi_wechat_88", bio="在岳阳做了十年钓具出口")
    request = privacy.request_deletion(user=person, reason="我叫欧阳历史，不再需要账户")
    privacy.confirm_deletion(request=request, by=organiser)

    everything = json.dumps(
        [[entry.label, entry.data] for entry in ModelLogEntry.objects.all()], ensure_ascii=False
    )
    for text in ("lishi_wechat_88", "在岳阳做了十年钓具出口", "欧阳历史", "history.person@"):
        assert text not in everything
    request.refresh_from_db()
    assert "history.person" not in request.email and request.reason == ""
    # What was done stays: the edit is still in the company's history.
    assert ModelLogEntry.objects.filter(action="members.person_edited").exists()


def test_the_company_history_shows_labels_not_codes(client, person, organiser):
    from django.urls import reverse

    from members.forms import OrganisationForm

    organisation = person.member_profile.organisation
    before = organisation.phone_visibility
    data = {
        name: getattr(organisation, name) or ""
        for name in OrganisationForm._meta.fields
        if name not in ("logo", "export_markets", "platforms", "industry", "secretariat")
    }
    data.update(
        industry=organisation.industry_id or "",
        secretariat=organisation.secretariat_id or "",
        main_products='钓竿、"浮漂"',
        phone_visibility="hidden" if organisation.phone_visibility != "hidden" else "members",
    )
    form = OrganisationForm(data, instance=organisation)
    assert form.is_valid(), form.errors
    services.update_organisation(form=form, by=person)
    client.force_login(organiser)
    html = client.get(
        reverse("members_organisations:history", args=[organisation.pk])
    ).content.decode()
    labels = {"public": "所有人", "members": "仅会员", "hidden": "隐藏"}
    after = form.cleaned_data["phone_visibility"]
    assert f"{labels[before]} → {labels[after]}" in html
    assert f"{before} → {after}" not in html
    assert "&amp;quot;" not in html and "&amp;#x27;" not in html


def test_the_history_download_and_erasure_match_whole_values_only(
    client, person, make_user, make_organisation, organiser
):
    other_company = make_organisation(name="旁人公司有限公司")
    other = make_user(email="other.person@example.com", name="欧阳历史华")
    MemberProfile.objects.create(user=other, organisation=other_company, role="owner", title="经理")
    person.member_profile.title = "经理"
    person.member_profile.save()
    edit_profile(other, wechat="other_wechat_99", title="销售经理")
    client.force_login(person)
    data = json.loads(client.get("/my/data.json").content)
    assert "other_wechat_99" not in json.dumps(data, ensure_ascii=False)

    edit_profile(person, phone="13800000001")
    edit_profile(person, phone="13900000002")
    request = privacy.request_deletion(user=person)
    privacy.confirm_deletion(request=request, by=organiser)
    everything = json.dumps(
        [[entry.label, entry.data] for entry in ModelLogEntry.objects.all()], ensure_ascii=False
    )
    assert "13800000001" not in everything and "13900000002" not in everything
    assert "欧阳历史华" in everything and "other_wechat_99" in everything

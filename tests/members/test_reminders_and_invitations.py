"""Lapse and renewal mail reach the company; invitations are limited, quote the inviter and
survive signing up."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services
from members.errors import MembershipError
from members.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def ending(organisation, days):
    membership = organisation.membership
    membership.term_end = timezone.localdate() + datetime.timedelta(days=days)
    membership.save()
    return membership


@pytest.fixture
def only(db):
    """Leaves other companies' memberships out of the daily run."""

    def keep(organisation):
        Membership.objects.exclude(organisation=organisation).update(
            status=Membership.Status.SUSPENDED
        )

    return keep


def test_a_company_without_people_is_reminded_at_its_own_address(
    make_organisation, only, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="无人公司有限公司", email="office@wuren.example")
    only(organisation)
    membership = ending(organisation, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_renewal_reminders() == 1
    assert [mail.to for mail in mailoutbox] == [["office@wuren.example"]]
    membership.refresh_from_db()
    assert membership.reminder_sent_for == membership.term_end


def test_a_company_nobody_can_be_told_about_is_not_counted_as_reminded(
    make_organisation, only, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="无址公司有限公司", email="")
    only(organisation)
    membership = ending(organisation, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_renewal_reminders() == 0
    assert mailoutbox == []
    membership.refresh_from_db()
    assert membership.reminder_sent_for is None


def test_lapsing_tells_the_owner_and_the_company(
    make_organisation, make_member, only, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="失效公司有限公司", email="office@shixiao.example")
    only(organisation)
    make_member(organisation, "owner@shixiao.example", name="林业")
    make_member(organisation, "staff@shixiao.example", role="staff")
    ending(organisation, -1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_memberships() == 1
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "office@shixiao.example",
        "owner@shixiao.example",
    ]
    owner_mail = next(mail for mail in mailoutbox if mail.to == ["owner@shixiao.example"])
    assert "失效公司有限公司" in owner_mail.subject
    assert "林业" in owner_mail.body


@pytest.fixture
def owner(make_organisation, make_member):
    organisation = make_organisation(name="邀请公司有限公司")
    return make_member(organisation, "boss@yaoqing.example", name="王老板"), organisation


def test_invitations_are_limited_per_address_and_per_sender(owner):
    user, organisation = owner
    for _attempt in range(services.INVITATIONS_PER_ADDRESS[0]):
        services.invite_colleague(organisation=organisation, by=user, email="a@example.com")
    with pytest.raises(MembershipError, match="多次"):
        services.invite_colleague(organisation=organisation, by=user, email="a@example.com")
    sent = services.INVITATIONS_PER_ADDRESS[0]
    for number in range(services.INVITATIONS_PER_SENDER[0] - sent):
        services.invite_colleague(organisation=organisation, by=user, email=f"p{number}@x.cn")
    with pytest.raises(MembershipError, match="小时"):
        services.invite_colleague(organisation=organisation, by=user, email="last@example.com")


def test_the_invitation_quotes_what_the_inviter_typed(
    owner, mailoutbox, django_capture_on_commit_callbacks
):
    user, organisation = owner
    user.name = "点击 http://evil.example 领奖"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(organisation=organisation, by=user, email="new@example.com")
    body = mailoutbox[-1].body
    assert "“点击 http://evil.example 领奖”" in body
    assert "请忽略本邮件" in body


def test_an_invitation_survives_logging_in(client, owner, make_user):
    user, organisation = owner
    invitation = services.invite_colleague(
        organisation=organisation, by=user, email="colleague@example.com"
    )
    colleague = make_user(email="colleague@example.com", password="Correct-Horse-42")
    accept = reverse("members:accept_invitation", kwargs={"token": invitation.token})
    response = client.get(accept)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # Signing up and verifying in between loses the `next` address: the session keeps it.
    response = client.post(
        reverse("account_login"), {"login": colleague.email, "password": "Correct-Horse-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == accept


def test_my_page_offers_a_pending_invitation(client, owner, make_user):
    user, organisation = owner
    services.invite_colleague(organisation=organisation, by=user, email="later@example.com")
    colleague = make_user(email="later@example.com")
    client.force_login(colleague)
    html = client.get(reverse("dashboard")).content.decode()
    assert "邀请公司有限公司" in html
    invitation = Invitation.objects.get(email="later@example.com")
    assert reverse("members:accept_invitation", kwargs={"token": invitation.token}) in html
    client.post(reverse("members:accept_invitation", kwargs={"token": invitation.token}))
    colleague.member_profile.refresh_from_db()
    assert colleague.member_profile.organisation == organisation


def test_subjects_are_plain_text(
    make_organisation, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="A&B贸易有限公司")
    user = make_member(organisation, "ab@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(organisation=organisation, by=user, email="c@example.com")
    assert "A&B贸易有限公司" in mailoutbox[-1].subject

import datetime

import pytest
from django.utils import timezone

from members.models import (
    Industry,
    MemberProfile,
    Membership,
    Organisation,
    SecretariatPage,
    Tier,
    Visibility,
)


@pytest.fixture
def tea(db):
    return Industry.objects.get(slug="tea")


@pytest.fixture
def yueyang(db):
    return SecretariatPage.objects.get(slug="yueyang")


@pytest.fixture
def make_organisation(db, tea, yueyang):
    """A member company with an active membership (or the given status)."""

    def make(name="测试茶业有限公司", status=Membership.Status.ACTIVE, tier=Tier.MEMBER, **fields):
        fields = {
            "industry": tea,
            "city": "君山区",
            "secretariat": yueyang,
            "main_products": "黄茶、黑茶",
            **fields,
        }
        organisation = Organisation.objects.create(name=name, **fields)
        today = timezone.localdate()
        Membership.objects.create(
            organisation=organisation,
            status=status,
            tier=tier,
            term_start=today - datetime.timedelta(days=30),
            term_end=today + datetime.timedelta(days=300),
        )
        return organisation

    return make


@pytest.fixture
def make_member(make_user):
    """A signed-up person who belongs to `organisation` with `role`."""

    def make(organisation, email, role=MemberProfile.Role.OWNER, **fields):
        user = make_user(email=email, name=fields.pop("name", "测试用户"))
        MemberProfile.objects.create(
            user=user,
            organisation=organisation,
            role=role,
            email=email,
            email_visibility=Visibility.MEMBERS,
            **fields,
        )
        return user

    return make

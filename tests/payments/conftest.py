import datetime
import itertools

import pytest

from members.models import (
    Industry,
    MemberProfile,
    Membership,
    Organisation,
    SecretariatPage,
    Tier,
)
from payments.models import Payment

numbers = itertools.count(1)


def company_in(slug, name):
    """A member company with an active term, looked after by the secretariat with this slug
    (for the scoped organisers' tests)."""
    organisation = Organisation.objects.create(
        name=name,
        city="岳阳楼区",
        industry=Industry.objects.first(),
        secretariat=SecretariatPage.objects.get(slug=slug),
    )
    Membership.objects.create(
        organisation=organisation,
        tier=Tier.MEMBER,
        status=Membership.Status.ACTIVE,
        term_start=datetime.date(2040, 1, 1),
        term_end=datetime.date(2099, 12, 31),
    )
    return organisation


@pytest.fixture
def company(db, make_user):
    """A member company with an active term and its owner (a signed-up account)."""
    number = next(numbers)
    organisation = Organisation.objects.create(
        name=f"付款测试企业{number}",
        city="岳阳楼区",
        industry=Industry.objects.first(),
        email=f"finance{number}@example.com",
    )
    Membership.objects.create(
        organisation=organisation,
        tier=Tier.COUNCIL,
        status=Membership.Status.ACTIVE,
        term_start=datetime.date(2040, 1, 1),
        term_end=datetime.date(2099, 12, 31),
    )
    owner = make_user(email=f"owner{number}@example.com", name=f"王总{number}")
    MemberProfile.objects.create(
        user=owner, organisation=organisation, role=MemberProfile.Role.OWNER
    )
    organisation.owner = owner
    return organisation


@pytest.fixture
def make_payment(db):
    """A payment due from `organisation` (or `user`); amount as text."""
    from payments import services

    def make(*, amount="2000.00", due_date=datetime.date(2045, 6, 30), **kwargs):
        kwargs.setdefault("purpose", Payment.Purpose.OTHER)
        kwargs.setdefault("description", "测试费用")
        kwargs.setdefault("description_en", "Test fee")
        owner = kwargs.get("organisation") or kwargs.get("user")
        kwargs.setdefault("payer_name", getattr(owner, "name", "") or "付款人")
        return services.create_payment(amount=amount, due_date=due_date, **kwargs)

    return make

"""The membership application's rate limit counts accepted applications only: a person fixing
a form many times is never locked out, while many accepted ones from one address are."""

import pytest
from django.urls import reverse

from members.models import MembershipApplication
from members.views import APPLY_RATE
from tests.members.test_applications import application_data

pytestmark = pytest.mark.django_db

LIMIT = int(APPLY_RATE.split("/")[0])


def test_invalid_submissions_do_not_use_up_the_limit(client, make_user, tea, yueyang):
    client.force_login(make_user(email="fixing@example.com"))
    for _ in range(LIMIT * 3):
        response = client.post(
            reverse("members:apply"), application_data(tea, yueyang, applicant_phone="")
        )
        assert response.status_code == 200
        assert "提交的申请过多" not in response.content.decode()
    response = client.post(reverse("members:apply"), application_data(tea, yueyang))
    assert response.status_code == 302
    assert MembershipApplication.objects.filter(applicant__email="fixing@example.com").exists()


def test_accepted_applications_from_one_address_are_limited(client, make_user, tea, yueyang):
    for number in range(LIMIT):
        client.force_login(make_user(email=f"applicant{number}@example.com"))
        response = client.post(reverse("members:apply"), application_data(tea, yueyang))
        assert response.status_code == 302
    client.force_login(make_user(email="one-too-many@example.com"))
    data = application_data(tea, yueyang, organisation_name="岳阳第六家公司")
    response = client.post(reverse("members:apply"), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "岳阳第六家公司" in html  # what was typed is kept
    assert not MembershipApplication.objects.filter(
        applicant__email="one-too-many@example.com"
    ).exists()
    assert "提交的申请过多" in html
    accepted = MembershipApplication.objects.filter(applicant__email__startswith="applicant")
    assert accepted.count() == LIMIT

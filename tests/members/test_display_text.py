"""Company and applicant names refuse the invisible characters that reorder or hide text (they
would print on certificates and in the directory)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_application_with_a_bidi_override_in_a_name_is_refused(client, make_user):
    client.force_login(make_user(email="bidi@example.com"))
    response = client.post(
        reverse("members:apply"),
        {"organisation_name": "岳阳\u202e司公限有", "applicant_name": "张\u200b三"},
    )
    assert response.status_code in (200, 400)
    form = response.context["form"]
    assert "organisation_name" in form.errors and "applicant_name" in form.errors
    assert 'value="岳阳' in response.content.decode()  # what was typed stays

import json

import pytest
from django.urls import reverse

from cms.models import DeletionRequest
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee(django_user_model):
    return django_user_model.objects.get(email="trainee@example.com")


def test_a_person_downloads_everything_held_about_them(client, trainee):
    client.force_login(trainee)
    assert client.get("/my/data/").status_code == 200
    response = client.get("/my/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "trainee@example.com"
    assert {"members", "events", "training"} <= set(data)
    assert data["training"]["certificates"][0]["holder_name"] == "陈思雨"
    assert data["training"]["enrolments"][0]["sessions_attended"] == 8


def test_deletion_is_requested_then_confirmed_by_an_organiser(
    client, trainee, organiser, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from events import services as events
    from tests.events.conftest import create_event

    event = create_event()
    registration = events.register(event=event, user=trainee, answers={})
    registration.answers = {"饮食": "素食"}
    registration.save()
    certificate = Certificate.objects.get(enrolment__user=trainee)

    client.force_login(trainee)
    response = client.post("/my/data/delete/", {"confirm": "on", "reason": "不再需要"})
    assert response.status_code == 302
    again = client.post("/my/data/delete/", {"confirm": "on"})
    assert again.status_code == 302
    deletion = DeletionRequest.objects.get(user=trainee)
    assert deletion.status == "pending"

    # A member cannot confirm it; an organiser can.
    url = reverse("cms_admin:confirm_deletion", args=[deletion.pk])
    client.force_login(make_user(email="nosy@example.com"))
    assert client.post(url).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    trainee.refresh_from_db()
    assert not trainee.is_active and not trainee.has_usable_password()
    assert trainee.email.endswith("@deleted.invalid") and trainee.name == "已注销用户"
    registration.refresh_from_db()
    assert registration.answers == {} and registration.status == "confirmed"
    assert mailoutbox[-1].to == ["trainee@example.com"]

    # The certificate is still verifiable, with the name it bears.
    certificate.refresh_from_db()
    page = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "陈思雨" in page and "证书有效" in page

    # And the account can no longer sign in.
    client.logout()
    client.post(
        "/accounts/login/", {"login": "trainee@example.com", "password": "demo-trainee-2026"}
    )
    assert "_auth_user_id" not in client.session


def test_deletion_needs_the_confirmation_box(client, trainee):
    client.force_login(trainee)
    response = client.post("/my/data/delete/", {"reason": "x"})
    assert response.status_code == 400
    assert not DeletionRequest.objects.filter(user=trainee).exists()

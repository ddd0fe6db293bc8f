"""An organiser scoped to a secretariat runs only that secretariat's events."""

import pytest
from django.urls import reverse

from events.models import BoothApplication, Registration
from members.models import SecretariatPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped_client(client, demo_accounts):
    email, password = demo_accounts["secretariat"]
    client.login(email=email, password=password)
    return client


@pytest.fixture
def two_events(make_event, people):
    shenzhen = SecretariatPage.objects.get(slug="shenzhen")
    yueyang = SecretariatPage.objects.get(slug="yueyang")
    ours = make_event(title="深圳秘书处的活动", secretariat=shenzhen)
    theirs = make_event(title="岳阳秘书处的活动", secretariat=yueyang)
    everyone = make_event(title="全协会的活动")
    for event in (ours, theirs, everyone):
        [person] = people(1)
        Registration.objects.create(event=event, user=person, status="confirmed")
    return ours, theirs, everyone


def test_the_events_list_holds_only_the_secretariats_events(scoped_client, two_events):
    html = scoped_client.get(reverse("events_list:index")).content.decode()
    assert "深圳秘书处的活动" in html
    assert "岳阳秘书处的活动" not in html and "全协会的活动" not in html


def test_other_events_screens_answer_404(scoped_client, two_events):
    ours, theirs, everyone = two_events
    for event in (theirs, everyone):
        registration = event.registrations.get()
        for url in (
            reverse("events_admin:event", args=[event.pk]),
            reverse("events:check_in", args=[event.pk]),
            reverse("events_registrations:inspect", args=[registration.pk]),
            reverse("events_admin:cancel_registration", args=[event.pk, registration.pk]),
            f"/admin/pages/{event.pk}/edit/",
            f"/admin/pages/{event.pk}/delete/",
        ):
            assert scoped_client.get(url).status_code == 404, url
        response = scoped_client.post(
            reverse("events_admin:cancel_registration", args=[event.pk, registration.pk]),
            {"confirm": "1"},
        )
        assert response.status_code == 404
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CONFIRMED
    assert scoped_client.get(reverse("events_admin:event", args=[ours.pk])).status_code == 200
    assert scoped_client.get(f"/admin/pages/{ours.pk}/edit/").status_code == 200


def test_registrations_and_their_export_hold_only_the_secretariats(scoped_client, two_events):
    ours, theirs, _everyone = two_events
    response = scoped_client.get(reverse("events_registrations:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ours.title in body
    assert theirs.title not in body


def test_booth_applications_of_other_fairs_are_not_theirs(scoped_client, organiser):
    application = BoothApplication.objects.select_related("event").first()
    assert application is not None and application.event.secretariat_id is None
    review = reverse("events_admin:review_booth_application", args=[application.pk])
    assert scoped_client.get(review).status_code == 404
    html = scoped_client.get("/admin/").content.decode()
    assert review not in html


def test_the_explorer_leaves_out_other_secretariats_events(scoped_client, two_events):
    ours, theirs, _everyone = two_events
    html = scoped_client.get(f"/admin/pages/{ours.get_parent().pk}/").content.decode()
    assert "深圳秘书处的活动" in html
    assert "岳阳秘书处的活动" not in html


def test_the_whole_view_sees_every_event(client, demo_accounts, two_events):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    html = client.get(reverse("events_list:index")).content.decode()
    assert "深圳秘书处的活动" in html and "岳阳秘书处的活动" in html and "全协会的活动" in html

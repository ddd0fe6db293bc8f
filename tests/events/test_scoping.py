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
        ):
            assert scoped_client.get(url).status_code == 404, url
        # Wagtail's own page screens refuse as Wagtail does: back to the admin home.
        for url in (f"/admin/pages/{event.pk}/edit/", f"/admin/pages/{event.pk}/delete/"):
            response = scoped_client.get(url)
            assert response.status_code in (302, 404), url
            assert response.status_code == 404 or response["Location"] == "/admin/", url
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


def test_wagtail_refuses_every_page_action_on_other_secretariats_events(
    scoped_client, two_events, demo_accounts
):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    ours, theirs, everyone = two_events
    email, _password = demo_accounts["secretariat"]
    user = get_user_model().objects.get(email=email)
    for event in (theirs, everyone):
        tester = event.permissions_for_user(user)
        assert not any(
            [tester.can_edit(), tester.can_delete(), tester.can_unpublish(), tester.can_lock()]
        )
        # Wagtail's bulk actions ask the same tester.
        scoped_client.post(f"/admin/bulk/wagtailcore/page/delete/?id={event.pk}", {})
        scoped_client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={event.pk}", {})
        assert Page.objects.get(pk=event.pk).live
    assert ours.permissions_for_user(user).can_edit()


def test_a_scoped_organisers_event_belongs_to_their_secretariat(scoped_client, two_events):
    ours, _theirs, _everyone = two_events
    response = scoped_client.get(f"/admin/pages/{ours.pk}/edit/")
    form = response.context["form"]
    assert set(form.fields["secretariat"].queryset.values_list("slug", flat=True)) == {"shenzhen"}
    assert form.fields["secretariat"].required


def test_the_association_structure_is_not_a_scoped_organisers_to_change(
    scoped_client, demo_accounts
):
    from django.contrib.auth import get_user_model

    from members.models import CommitteePage

    email, _password = demo_accounts["secretariat"]
    user = get_user_model().objects.get(email=email)
    shenzhen = SecretariatPage.objects.get(slug="shenzhen")
    for page in (shenzhen, shenzhen.get_parent().specific, CommitteePage.objects.first()):
        tester = page.permissions_for_user(user)
        assert not tester.can_edit() and not tester.can_delete(), page
    scoped_client.post(f"/admin/pages/{shenzhen.pk}/delete/")
    assert SecretariatPage.objects.filter(pk=shenzhen.pk).exists()

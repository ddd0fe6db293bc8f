import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Audience, Registration
from events.services import RegistrationError

pytestmark = pytest.mark.django_db


def test_confirmed_while_seats_remain_then_waitlisted_in_order(make_event, people):
    event = make_event(capacity=2)
    a, b, c, d = people(4)
    assert services.register(event=event, user=a).status == "confirmed"
    assert services.register(event=event, user=b).status == "confirmed"
    third = services.register(event=event, user=c)
    fourth = services.register(event=event, user=d)
    assert (third.status, fourth.status) == ("waitlisted", "waitlisted")
    assert (third.waitlist_position, fourth.waitlist_position) == (1, 2)


def test_cancelling_a_confirmed_seat_promotes_the_first_waitlisted_and_mails_them(
    make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    a, b, c = people(3)
    first = services.register(event=event, user=a)
    second = services.register(event=event, user=b)
    services.register(event=event, user=c)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(registration=first, by=a)
    assert promoted == second
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert Registration.objects.get(user=c).waitlist_position == 1
    assert mailoutbox[-1].to == [b.email]
    assert "座位" in mailoutbox[-1].subject
    assert mailoutbox[-1].attachments[0][0] == "event.ics"


def test_cancelling_a_waitlisted_place_promotes_nobody(make_event, people):
    event = make_event(capacity=1)
    a, b, c = people(3)
    services.register(event=event, user=a)
    waiting = services.register(event=event, user=b)
    services.register(event=event, user=c)
    assert services.cancel_registration(registration=waiting, by=b) is None
    assert Registration.objects.get(user=c).status == "waitlisted"


def test_members_only_events_refuse_non_members(make_event, people, make_user):
    from members.models import MemberProfile, Organisation

    event = make_event(audience=Audience.MEMBERS)
    (outsider,) = people(1)
    with pytest.raises(RegistrationError, match="会员"):
        services.register(event=event, user=outsider)
    member = make_user(email="real-member@example.com")
    MemberProfile.objects.create(user=member, organisation=Organisation.objects.listed().first())
    assert services.register(event=event, user=member).status == "confirmed"


def test_registration_window(make_event, people):
    (person,) = people(1)
    later = make_event(registration_opens=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(RegistrationError, match="尚未开始"):
        services.register(event=later, user=person)
    closed = make_event(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(RegistrationError, match="已截止"):
        services.register(event=closed, user=person)


def test_one_registration_per_person_and_event(make_event, people):
    event = make_event()
    (person,) = people(1)
    first = services.register(event=event, user=person)
    with pytest.raises(RegistrationError, match="已报名"):
        services.register(event=event, user=person)
    services.cancel_registration(registration=first, by=person)
    assert services.register(event=event, user=person).status == "confirmed"  # may come back


def test_required_and_choice_questions(make_event, people):
    event = make_event(
        questions=[
            {"label": "单位名称", "required": True},
            {"label": "饮食需求", "choices": "无|素食|清真"},
        ]
    )
    company, diet = event.questions.all()
    (person,) = people(1)
    with pytest.raises(RegistrationError, match="单位名称"):
        services.register(event=event, user=person, answers={str(diet.pk): "素食"})
    with pytest.raises(RegistrationError, match="饮食需求"):
        services.register(
            event=event, user=person, answers={str(company.pk): "甲公司", str(diet.pk): "火锅"}
        )
    registration = services.register(
        event=event, user=person, answers={str(company.pk): "甲公司", str(diet.pk): "素食"}
    )
    assert registration.answers == {"单位名称": "甲公司", "饮食需求": "素食"}


def test_registering_through_the_page(client, make_event, people):
    event = make_event(capacity=1, questions=[{"label": "单位名称", "required": True}])
    question = event.questions.get()
    a, b = people(2)
    html = client.get(event.url).content.decode()
    assert "登录后报名" in html
    client.force_login(a)
    response = client.post(reverse("events:register", args=[event.pk]), {f"q{question.pk}": ""})
    assert response.status_code == 200  # the page again, with the error
    assert "单位名称" in response.content.decode()
    response = client.post(
        reverse("events:register", args=[event.pk]), {f"q{question.pk}": "甲公司"}
    )
    registration = Registration.objects.get(user=a)
    assert response.url == registration.get_absolute_url()
    ticket = client.get(response.url).content.decode()
    assert "<svg" in ticket and registration.ticket_code in ticket

    client.force_login(b)
    client.post(reverse("events:register", args=[event.pk]), {f"q{question.pk}": "乙公司"})
    html = client.get(event.url).content.decode()
    assert "候补第 1 位" in html


def test_another_person_cannot_see_or_cancel_a_ticket(client, make_event, people):
    event = make_event()
    owner, other = people(2)
    registration = services.register(event=event, user=owner)
    client.force_login(other)
    assert client.get(registration.get_absolute_url()).status_code == 404
    assert client.post(reverse("events:cancel", args=[registration.ticket_code])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    client.logout()
    response = client.get(registration.get_absolute_url())
    assert response.status_code == 302 and "login" in response.url


def test_ticket_codes_are_long_and_random(make_event, people):
    event = make_event(capacity=None)
    codes = {services.register(event=event, user=person).ticket_code for person in people(5)}
    assert len(codes) == 5
    assert all(len(code) >= 24 for code in codes)  # 18 random bytes, base64


def test_dashboard_lists_my_registrations(client, make_event, people):
    event = make_event()
    (person,) = people(1)
    registration = services.register(event=event, user=person)
    client.force_login(person)
    html = client.get(reverse("dashboard")).content.decode()
    assert event.title in html and registration.get_absolute_url() in html


def test_added_seats_go_to_the_waitlist_first(make_event, people, organiser):
    event = make_event(capacity=1)
    a, b, c = people(3)
    services.register(event=event, user=a)
    waiting = services.register(event=event, user=b)
    event.capacity = 2
    event.save_revision().publish()
    # As the admin's publish does: the hook gives the new seat to the waitlist.
    from events.wagtail_hooks import give_added_seats_to_the_waitlist

    give_added_seats_to_the_waitlist(type("Request", (), {"user": organiser})(), event)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert services.register(event=event, user=c).status == "waitlisted"


def test_a_newcomer_never_overtakes_the_waitlist(make_event, people):
    event = make_event(capacity=1)
    a, b, c = people(3)
    services.register(event=event, user=a)
    waiting = services.register(event=event, user=b)
    Registration.objects.filter(event=event, user=a).update(status="cancelled")  # seat freed
    late = services.register(event=event, user=c)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and late.status == "waitlisted"


def test_registration_closes_when_the_event_starts(make_event, people):
    from events.models import EventPage

    (person,) = people(1)
    event = make_event()
    # The event has begun (a late closing time set before the rule existed stays ignored).
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5),
        registration_closes=timezone.now() + datetime.timedelta(days=30),
    )
    event.refresh_from_db()
    with pytest.raises(RegistrationError):
        services.register(event=event, user=person)


def test_registrations_are_read_only_in_the_admin(client, make_event, people, organiser):
    event = make_event()
    (person,) = people(1)
    registration = services.register(event=event, user=person)
    client.force_login(organiser)
    assert client.get(reverse("events_registrations:index")).status_code == 200
    response = client.post(
        reverse("events_registrations:edit", args=[registration.pk]), {"status": "cancelled"}
    )
    assert response.status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_event_page_refuses_a_window_past_the_start(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.registration_closes = event.start + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_closes" in error.value.message_dict

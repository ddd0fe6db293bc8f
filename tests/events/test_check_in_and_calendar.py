import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.services import RegistrationError

pytestmark = pytest.mark.django_db


def test_check_in_by_code_twice_and_wrong_code(make_event, people, organiser):
    event = make_event()
    (person,) = people(1)
    registration = services.register(event=event, user=person)
    found, first = services.check_in(event=event, code=registration.ticket_code, by=organiser)
    assert found == registration and first
    found, first = services.check_in(event=event, code=registration.ticket_code, by=organiser)
    assert not first
    with pytest.raises(RegistrationError, match="没有"):
        services.check_in(event=event, code="not-a-code", by=organiser)
    other = make_event()
    with pytest.raises(RegistrationError):
        services.check_in(event=other, code=registration.ticket_code, by=organiser)


def test_waitlisted_tickets_do_not_check_in(make_event, people, organiser):
    event = make_event(capacity=1)
    a, b = people(2)
    services.register(event=event, user=a)
    waiting = services.register(event=event, user=b)
    with pytest.raises(RegistrationError):
        services.check_in(event=event, code=waiting.ticket_code, by=organiser)


def test_check_in_page_for_organisers_only(client, make_event, people, organiser):
    event = make_event()
    (person,) = people(1)
    registration = services.register(event=event, user=person)
    url = reverse("events:check_in", args=[event.pk])
    client.force_login(person)
    assert client.get(url).status_code == 404
    client.force_login(organiser)
    response = client.post(url, {"code": registration.ticket_code})
    assert "已签到" in response.content.decode() or "签到成功" in response.content.decode()
    again = client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "已经签到" in again
    counts = client.get(reverse("events:check_in_counts", args=[event.pk])).json()
    assert counts == {"confirmed": 1, "checked_in": 1}
    found = client.get(url, {"q": person.email[:6]}).content.decode()
    assert person.email in found


def test_ics_parses_and_has_the_right_times(client, make_event):
    event = make_event()
    response = client.get(reverse("events:event_ics", args=[event.pk]))
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    start = entry.decoded("dtstart")
    assert start == event.start.replace(microsecond=0)
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert entry.decoded("dtend") - start == datetime.timedelta(hours=2)
    assert str(entry["summary"]) == event.title
    assert calendar.walk("VTIMEZONE")


def test_feed_lists_public_upcoming_events_only(client, make_event):
    upcoming = make_event(title="公开的未来活动")
    members_only = make_event(title="会员专场", audience="members")
    past = make_event(title="已经结束的活动")
    past.start = past.start - datetime.timedelta(days=60)
    past.end = past.start + datetime.timedelta(hours=2)
    past.save_revision().publish()
    calendar = Calendar.from_ical(client.get(reverse("events:feed")).content)
    titles = {str(entry["summary"]) for entry in calendar.walk("VEVENT")}
    assert upcoming.title in titles
    assert past.title not in titles
    assert members_only.title not in titles  # the public feed carries public events


def test_reminders_are_sent_once_the_day_before(
    make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    (person,) = people(1)
    services.register(event=event, user=person)
    day_before = event.start - datetime.timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_event_reminders(now=day_before) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_event_reminders(now=day_before) == 0
    assert len([m for m in mailoutbox if event.title in m.subject]) == 1


def test_exports_contain_the_answers(client, make_event, people, organiser):
    event = make_event(questions=[{"label": "饮食需求", "choices": "无|素食"}])
    question = event.questions.get()
    (person,) = people(1)
    services.register(event=event, user=person, answers={str(question.pk): "素食"})
    client.force_login(organiser)
    response = client.get(
        reverse("events_registrations:index"), {"export": "csv", "event": event.pk}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "饮食需求: 素食" in text and person.email in text
    response = client.get(
        reverse("events_registrations:index"), {"export": "xlsx", "event": event.pk}
    )
    assert response.status_code == 200


def test_event_index_lists_upcoming_events_with_covers(
    client, make_event, django_assert_max_num_queries
):
    event = make_event(title="湖畔读书会")
    client.get("/events/")
    with django_assert_max_num_queries(20):
        response = client.get("/events/")
    assert response.status_code == 200
    assert "湖畔读书会" in response.content.decode()
    # The month as the portal counts it (Asia/Shanghai): in UTC the start can still be in the
    # month before (its last eight hours).
    month = timezone.localtime(event.start).strftime("%Y-%m")
    kind = client.get("/events/", {"kind": event.kind, "month": month})
    assert kind.status_code == 200 and "湖畔读书会" in kind.content.decode()
    english = client.get("/en/events/")
    assert english.status_code == 200

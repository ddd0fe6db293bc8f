"""The organisers' events console in the Wagtail admin: the events listing under 活动, each
event's organiser page and its actions, booth decisions on the record, and the exports."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import booths, services
from events.models import Booth, BoothApplication, EventKind, EventPage, Registration
from members.models import MemberProfile, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def text_of(response):
    """The text of the page's messages and main content, entities decoded, whitespace
    collapsed."""
    html = response.content.decode()
    html = html[html.index('<div class="messages"') : html.index("</main>")]
    html = re.sub(r"<script.*?</script>|<template.*?</template>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(TAG.sub(" ", html)))


def full_event(make_event, people, *, capacity=2, **fields):
    """An event with two confirmed (one checked in) and one waitlisted registration, and a
    choice and a free question."""
    event = make_event(
        capacity=capacity,
        questions=[
            {"label": "饮食需求", "label_en": "Diet", "choices": "无|素食"},
            {"label": "公司", "label_en": "Company"},
        ],
        **fields,
    )
    diet, company = event.questions.order_by("sort_order", "pk")
    a, b, c = people(3)
    first = services.register(
        event=event, user=a, answers={str(diet.pk): "素食", str(company.pk): "君山茶业"}
    )
    second = services.register(event=event, user=b, answers={str(diet.pk): "无"})
    waiting = services.register(event=event, user=c)
    services.check_in(event=event, code=first.ticket_code, by=a)
    return event, (first, second, waiting)


# The listing under 活动


def test_the_events_listing_shows_kind_start_seats_waitlist_and_check_ins(
    signed_in, make_event, people
):
    event, _registrations = full_event(make_event, people, title="湖畔茶话会")
    response = signed_in.get(reverse("events_list:index"), {"kind": EventKind.MEETUP})
    assert response.status_code == 200
    html = response.content.decode()
    [row] = [row for row in re.findall(r"<tr.*?</tr>", html, re.S) if "湖畔茶话会" in row]
    cells = [
        unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).split()
        for cell in re.findall(r"<td.*?</td>", row, re.S)
    ]
    text = " ".join(" ".join(cell) for cell in cells)
    assert "交流会" in text  # the kind's label, not "meetup"
    assert f"{timezone.localtime(event.start):%Y-%m-%d %H:%M}" in text
    assert "2 / 2" in text  # seats taken / total
    assert ["1"] in cells  # one waitlisted, one checked in
    # The title opens the organiser page; editing the page stays in the row's menu.
    assert f'href="{reverse("events_admin:event", args=[event.pk])}"' in row
    assert reverse("wagtailadmin_pages:edit", args=[event.pk]) in row


def test_the_events_listing_counts_in_one_query_whatever_the_number_of_events(
    signed_in, make_event, people, django_assert_max_num_queries
):
    full_event(make_event, people)
    url = reverse("events_list:index")
    signed_in.get(url)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url)
    for _ in range(3):
        full_event(make_event, people)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(url)
    assert response.status_code == 200


def test_upcoming_and_past_filters(signed_in, make_event):
    upcoming = make_event(title="未来的活动")
    past = make_event(title="过去的活动")
    EventPage.objects.filter(pk=past.pk).update(
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    url = reverse("events_list:index")
    soon = signed_in.get(url, {"when": "upcoming"}).content.decode()
    assert upcoming.title in soon and past.title not in soon
    gone = signed_in.get(url, {"when": "past"}).content.decode()
    assert past.title in gone and upcoming.title not in gone
    fairs = signed_in.get(url, {"kind": EventKind.TRADE_FAIR}).content.decode()
    assert upcoming.title not in fairs


def test_new_event_asks_the_kind_first_then_opens_the_editor_with_it(signed_in):
    listing = signed_in.get(reverse("events_list:index")).content.decode()
    new = reverse("events_admin:new_event")
    assert f'href="{new}"' in listing
    form = signed_in.get(new)
    assert form.status_code == 200 and 'value="trade-fair"' in form.content.decode()
    assert signed_in.get(new, {"kind": "no-such-kind"}).status_code == 200
    response = signed_in.get(new, {"kind": EventKind.TRADE_FAIR})
    assert response.status_code == 302
    assert "/pages/add/events/eventpage/" in response.url
    editor = signed_in.get(response.url)
    assert editor.status_code == 200
    assert re.search(r'<option value="trade-fair"\s+selected', editor.content.decode())


def test_members_do_not_get_the_console(client, make_event, people):
    event, (first, _second, _waiting) = full_event(make_event, people)
    client.force_login(first.user)
    assert client.get(reverse("events_admin:event", args=[event.pk])).status_code in (302, 404)
    client.post(
        reverse("events_admin:cancel_registration", args=[event.pk, first.pk]), {"confirm": "1"}
    )
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED


# The organiser page


def test_the_organiser_page_counts_and_summarises_the_answers(signed_in, make_event, people):
    event, (first, second, waiting) = full_event(make_event, people)
    services.cancel_registration(registration=waiting, by=waiting.user)
    # 23:30 on 2 May in Shanghai, 15:30 in UTC: the day is counted as the association's.
    registered = datetime.datetime(2026, 5, 2, 15, 30, tzinfo=datetime.UTC)
    event.registrations.update(created_at=registered)
    response = signed_in.get(reverse("events_admin:event", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    counts = dict(re.findall(r'data-count="([\w-]+)">([^<]*)<', html))
    assert counts == {
        "seats": "2 / 2",
        "free": "0",
        "waitlisted": "0",
        "checked-in": "1 / 2",
        "cancelled": "1",
    }
    diet, company = event.questions.order_by("sort_order", "pk")
    diet_table = re.search(rf'data-question="{diet.pk}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", diet_table)
    assert rows == [("无", "1"), ("素食", "1"), ("未回答", "0")]
    assert "1 人已回答，1 人未回答" in text_of(response)
    day = "2026-05-02"
    by_day = re.search(r"data-registrations-by-day.*?</table>", html, re.S).group(0)
    # The chart's table: the day, the total so far, registrations made, of these cancelled.
    assert re.search(rf'<th scope="row">{day}</th><td>3</td><td>3</td><td>1</td>', by_day)
    text = text_of(response)
    assert "饮食需求：素食" in text and "公司：君山茶业" in text
    assert "{" not in text and "None" not in text  # no Python dict, no None
    export = reverse("events_registrations:index")
    assert f"{export}?event={event.pk}&amp;export=csv" in html


def test_add_a_person_by_the_e_mail_of_their_account(
    signed_in, make_event, people, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    event, _registrations = full_event(make_event, people)
    newcomer = make_user(email="Newcomer@example.com")
    url = reverse("events_admin:add_person", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"email": "newcomer@example.com"}, follow=True)
    registration = Registration.objects.get(event=event, user=newcomer)
    assert registration.status == Registration.Status.WAITLISTED  # the seats are taken
    assert f"名额已满：{newcomer.email}已进入候补名单" in text_of(response)
    assert mailoutbox[-1].to == [newcomer.email]
    entry = ModelLogEntry.objects.filter(action="events.registered_by_organiser").latest("pk")
    assert entry.object_id == str(registration.pk)
    assert entry.user_id == response.wsgi_request.user.pk

    again = signed_in.post(url, {"email": "newcomer@example.com"}, follow=True)
    assert f"{newcomer.email}已报名此活动" in text_of(again)
    unknown = signed_in.post(url, {"email": "nobody@example.com"}, follow=True)
    assert "没有使用邮箱 nobody@example.com 的账户" in text_of(unknown)
    bad = signed_in.post(url, {"email": "not an address"}, follow=True)
    assert "请填写此人账户的电子邮箱" in text_of(bad)
    assert Registration.objects.filter(event=event).count() == 4


def test_cancel_for_someone_asks_first_and_gives_the_seat_to_the_waitlist(
    signed_in, organiser, make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    event, (first, _second, waiting) = full_event(make_event, people)
    url = reverse("events_admin:cancel_registration", args=[event.pk, first.pk])
    confirmation = signed_in.get(url)
    assert confirmation.status_code == 200
    assert first.user.email in text_of(confirmation) and "候补名单中的第一位" in text_of(
        confirmation
    )
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED  # asking changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url, {"confirm": "1"}, follow=True)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    text = text_of(response)
    assert f"已取消{first.user.email}的报名" in text
    assert f"{waiting.user.email}已由候补转为正式报名" in text
    assert mailoutbox[-1].to == [waiting.user.email]
    entry = ModelLogEntry.objects.filter(action="events.cancelled").latest("pk")
    assert entry.user_id == organiser.pk and entry.data == {"by_organiser": True}

    twice = signed_in.post(url, {"confirm": "1"}, follow=True)
    assert "该报名已被取消" in text_of(twice)


def test_move_up_from_the_waitlist_and_resend_a_ticket(
    signed_in, make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    event, (first, _second, waiting) = full_event(make_event, people)
    promote = reverse("events_admin:promote_registration", args=[event.pk, waiting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(promote, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED  # the organiser made room
    assert f"{waiting.user.email}已由候补转为正式报名" in text_of(response)
    assert "目前确认参加的有 3 人，名额为 2 个" in text_of(response)
    assert mailoutbox[-1].to == [waiting.user.email]
    again = signed_in.post(promote, follow=True)
    assert "不在候补名单中（当前状态：已确认）" in text_of(again)

    resend = reverse("events_admin:resend_ticket", args=[event.pk, first.pk])
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(resend, follow=True)
    assert len(mailoutbox) == sent + 1 and mailoutbox[-1].to == [first.user.email]
    assert f"已向 {first.user.email} 重新发送电子票" in text_of(response)
    assert ModelLogEntry.objects.filter(
        action="events.ticket_resent", object_id=str(first.pk)
    ).exists()
    services.cancel_registration(registration=first, by=first.user)
    refused = signed_in.post(resend, follow=True)
    assert "此报名已取消，没有电子票" in text_of(refused)


def test_stale_and_foreign_ids_are_404_never_500(signed_in, make_event, people):
    event, (first, _second, _waiting) = full_event(make_event, people)
    other = make_event()
    assert signed_in.get(reverse("events_admin:event", args=[999999999])).status_code == 404
    assert signed_in.get(f"/admin/events/{2**70}/").status_code == 404
    for name in ("cancel_registration", "promote_registration", "resend_ticket"):
        url = reverse(f"events_admin:{name}", args=[other.pk, first.pk])
        assert signed_in.post(url).status_code == 404
        url = reverse(f"events_admin:{name}", args=[event.pk, 999999999])
        assert signed_in.post(url).status_code == 404
    assert (
        signed_in.get(
            reverse("events_admin:promote_registration", args=[event.pk, first.pk])
        ).status_code
        == 405
    )


# Registrations: listing, record and export


def test_a_registration_record_reads_in_words(signed_in, make_event, people):
    _event, (first, _second, _waiting) = full_event(make_event, people)
    response = signed_in.get(reverse("events_registrations:inspect", args=[first.pk]))
    assert response.status_code == 200
    text = text_of(response)
    assert "饮食需求: 素食" in text
    assert "{" not in text and "None" not in text and "Reminded at" not in text
    assert "提醒发送时间" in text


def csv_table(response):
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_exported_for_one_event_each_question_is_a_column(signed_in, make_event, people):
    event, (first, second, waiting) = full_event(make_event, people)
    url = reverse("events_registrations:index")
    headings, *rows = csv_table(signed_in.get(url, {"export": "csv", "event": event.pk}))
    assert headings[-3:] == ["饮食需求", "公司", "回答"]
    by_email = {row[headings.index("邮箱")]: dict(zip(headings, row, strict=True)) for row in rows}
    assert by_email[first.user.email]["饮食需求"] == "素食"
    assert by_email[first.user.email]["公司"] == "君山茶业"
    assert by_email[second.user.email]["公司"] == ""
    assert by_email[waiting.user.email]["状态"] == "候补中"
    registered = by_email[first.user.email]["报名时间"]
    assert registered == f"{timezone.localtime(first.created_at):%Y-%m-%d %H:%M}"

    from openpyxl import load_workbook

    response = signed_in.get(url, {"export": "xlsx", "event": event.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert headings[-3:] == ["饮食需求", "公司", "回答"]
    [row] = [row for row in rows if row[headings.index("邮箱")] == first.user.email]
    assert row[-3:-1] == ["素食", "君山茶业"]

    # Across events the answers stay one readable column.
    headings, *rows = csv_table(signed_in.get(url, {"export": "csv"}))
    assert "回答" in headings and "饮食需求" not in headings
    [row] = [row for row in rows if row[headings.index("邮箱")] == first.user.email]
    assert row[headings.index("回答")] == "饮食需求: 素食; 公司: 君山茶业"


# Booth applications


@pytest.fixture
def fair(make_event):
    event = make_event(capacity=700, kind=EventKind.TRADE_FAIR, title="控制台测试展会")
    for number in range(12, 15):
        Booth.objects.create(event=event, number=f"B{number}", zone="茶叶区", column=number, row=1)
    return event


def application_of(fair, make_user, email, *, created_at=None):
    user = make_user(email=email)
    taken = BoothApplication.objects.filter(event=fair).values_list("organisation", flat=True)
    organisation = Organisation.objects.listed().exclude(pk__in=taken).order_by("pk").first()
    MemberProfile.objects.create(user=user, organisation=organisation, role="owner")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    if created_at:
        BoothApplication.objects.filter(pk=application.pk).update(created_at=created_at)
    return application


def test_a_booth_already_taken_is_refused_in_words(signed_in, organiser, fair, make_user):
    first = application_of(fair, make_user, "first-exhibitor@example.com")
    second = application_of(fair, make_user, "second-exhibitor@example.com")
    b13 = Booth.objects.get(event=fair, number="B13")
    booths.assign_booths(application=first, booths=[b13], by=organiser)
    review = reverse("events_admin:review_booth_application", args=[second.pk])
    # The form was shown while B13 was free; another organiser gave it away meanwhile.
    response = signed_in.post(review, {"assign": "1", "assign-booths": [b13.pk]})
    assert response.status_code == 200
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == [f"B13 已分配给{first.organisation.name}。"]  # words, not an id
    assert messages[0] in text_of(response)
    second.refresh_from_db()
    assert second.status == BoothApplication.Status.APPLIED


def test_a_rejection_keeps_its_reason_who_and_when_on_the_record(
    signed_in, organiser, fair, make_user
):
    application = application_of(fair, make_user, "rejected-exhibitor@example.com")
    review = reverse("events_admin:review_booth_application", args=[application.pk])
    signed_in.post(review, {"reject": "1", "reject-reason": "展品与本届展会主题不符"})
    application.refresh_from_db()
    assert application.status == BoothApplication.Status.REJECTED
    assert application.decided_by == organiser and application.decided_at
    text = text_of(signed_in.get(review))
    assert "拒绝理由：展品与本届展会主题不符" in text
    when = f"{timezone.localtime(application.decided_at):%Y-%m-%d %H:%M}"
    assert f"审核人：{organiser}，时间：{when}" in text
    record = text_of(
        signed_in.get(reverse("events_booth_applications:inspect", args=[application.pk]))
    )
    assert "展品与本届展会主题不符" in record and str(organiser) in record and "None" not in record


def test_booth_applications_open_on_what_waits_and_queue_on_the_admin_home(
    signed_in, organiser, fair, make_user
):
    long_ago = datetime.datetime(2001, 1, 1, 9, tzinfo=datetime.UTC)
    older = application_of(fair, make_user, "older@example.com", created_at=long_ago)
    newer = application_of(fair, make_user, "newer@example.com")
    decided = application_of(fair, make_user, "decided@example.com")
    booths.reject_booth_application(application=decided, by=organiser, reason="名额已满")
    listing = signed_in.get(reverse("events_booth_applications:index")).content.decode()
    review_older = reverse("events_admin:review_booth_application", args=[older.pk])
    review_newer = reverse("events_admin:review_booth_application", args=[newer.pk])
    assert review_older in listing and review_newer in listing
    assert listing.index(review_older) < listing.index(review_newer)  # oldest first
    assert decided.organisation.name not in listing
    everything = signed_in.get(reverse("events_booth_applications:index"), {"status": ""})
    assert decided.organisation.name in everything.content.decode()

    home = signed_in.get("/admin/").content.decode()
    sections = re.findall(r'<section class="work-queue__queue".*?</section>', home, re.S)
    [section] = [section for section in sections if "展位申请" in section]
    waiting = BoothApplication.objects.filter(status=BoothApplication.Status.APPLIED).count()
    assert re.search(rf'work-queue__count[^"]*">{waiting}<', section)
    assert review_older in section
    assert section.index(review_older) < section.index(review_newer)


# Who may open the console's screens (the rules of tests/security/test_views.py)


def console_urls(event, registration, application):
    """(url, changes state by POST only) for each of the console's screens."""
    on = [event.pk, registration.pk]
    return [
        (reverse("events_list:index"), False),
        (reverse("events_list:index_results"), False),
        (reverse("events_admin:new_event"), False),
        (reverse("events_admin:event", args=[event.pk]), False),
        (reverse("events_admin:cancel_registration", args=on), False),
        (reverse("events_registrations:inspect", args=[registration.pk]), False),
        (reverse("events_booth_applications:inspect", args=[application.pk]), False),
        (reverse("events_admin:add_person", args=[event.pk]), True),
        (reverse("events_admin:promote_registration", args=on), True),
        (reverse("events_admin:resend_ticket", args=on), True),
    ]


def test_the_console_is_not_found_by_members_and_asks_visitors_to_log_in(
    client, make_event, people, fair, make_user
):
    event, (first, _second, _waiting) = full_event(make_event, people)
    application = application_of(fair, make_user, "console-rules@example.com")
    for url, post_only in console_urls(event, first, application):
        response = client.post(url) if post_only else client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    client.force_login(first.user)
    for url, post_only in console_urls(event, first, application):
        response = client.post(url) if post_only else client.get(url)
        assert response.status_code == 404, url


def test_the_console_s_actions_refuse_get_and_need_the_csrf_token(
    organiser, make_event, people, fair, make_user
):
    from django.test import Client

    event, (first, _second, _waiting) = full_event(make_event, people)
    application = application_of(fair, make_user, "console-csrf@example.com")
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    for url, post_only in console_urls(event, first, application):
        response = client.get(url)
        assert response.status_code == (405 if post_only else 200), url
        if post_only or "cancel" in url:
            assert client.post(url, {"confirm": "1"}).status_code == 403, url
    first.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED


def test_the_page_explorer_shows_events_kind_and_start_and_links_the_organiser_page(
    signed_in, make_event
):
    from events.models import EventIndexPage

    event = make_event(title="分页里的活动", kind=EventKind.FACTORY_VISIT)
    index = EventIndexPage.objects.get()
    response = signed_in.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    [row] = [row for row in re.findall(r"<tr.*?</tr>", html, re.S) if "分页里的活动" in row]
    assert str(event.get_kind_display()) in row
    assert f"{timezone.localtime(event.start):%Y-%m-%d %H:%M}" in row
    assert reverse("events_admin:event", args=[event.pk]) in row
    editor = signed_in.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert reverse("events_admin:event", args=[event.pk]) in editor.content.decode()


def test_the_events_listing_opens_on_what_is_to_come_soonest_first(signed_in, make_event):
    later = make_event(title="下个月的活动")
    EventPage.objects.filter(pk=later.pk).update(
        start=later.start + datetime.timedelta(days=20),
        end=later.end + datetime.timedelta(days=20),
    )
    sooner = make_event(title="两周后的活动")
    past = make_event(title="上个月的活动")
    EventPage.objects.filter(pk=past.pk).update(
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    html = signed_in.get(reverse("events_list:index")).content.decode()
    assert past.title not in html
    assert html.index(sooner.title) < html.index(later.title)
    everything = signed_in.get(reverse("events_list:index"), {"when": ""}).content.decode()
    assert past.title in everything


@pytest.mark.parametrize(
    "params",
    [
        {"q": "朝旭"},
        {"q": "朝旭", "when": "past", "kind": EventKind.READING_CLUB},
        {"ordering": "seats_taken"},
        {"ordering": "-waitlisted", "when": ""},
        {"ordering": "-checked_in"},
        {"ordering": "kind"},
    ],
)
def test_the_events_listing_searches_filters_and_sorts(signed_in, make_event, people, params):
    full_event(make_event, people)
    for name in ("events_list:index", "events_list:index_results"):
        assert signed_in.get(reverse(name), params).status_code == 200


def test_the_organiser_page_costs_the_same_queries_whatever_the_number_of_people(
    signed_in, make_event, people, django_assert_max_num_queries
):
    event, _registrations = full_event(make_event, people, capacity=20)
    url = reverse("events_admin:event", args=[event.pk])
    signed_in.get(url)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url)
    for person in people(6):
        services.register(event=event, user=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert signed_in.get(url).status_code == 200


def test_a_fair_s_organiser_page_counts_its_booths_and_links_what_waits(
    signed_in, organiser, fair, make_user
):
    first = application_of(fair, make_user, "fair-page-first@example.com")
    application_of(fair, make_user, "fair-page-second@example.com")
    booths.assign_booths(
        application=first, booths=[Booth.objects.get(event=fair, number="B12")], by=organiser
    )
    response = signed_in.get(reverse("events_admin:event", args=[fair.pk]))
    text = text_of(response)
    assert "共 3 个展位，已分配 1 个，空闲 2 个。" in text
    assert "1 份展位申请待审核" in text
    listing = f"{reverse('events_booth_applications:index')}?event={fair.pk}"
    assert f'href="{listing}"' in response.content.decode()

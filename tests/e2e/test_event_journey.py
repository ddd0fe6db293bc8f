import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Registration
from tests.e2e.conftest import PHONE, open_visitor
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Baling-Road-88!"
TITLE = "湖畔沙龙：海外仓实务"


def make_person(email, name):
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_schedule_register_waitlist_cancel_promote_check_in(
    browser, demo_site, axe, visitor, demo_accounts
):
    first = make_person("first@example.com", "先到")
    second = make_person("second@example.com", "后到")
    index = EventIndexPage.objects.get()
    starts = timezone.localtime() + datetime.timedelta(days=10)

    # An organiser schedules a meetup with one seat in the Wagtail admin.
    organiser = visitor
    page = organiser.page
    email, password = demo_accounts["organiser"]
    log_in(organiser, email, password)
    organiser.goto(f"/admin/pages/add/events/eventpage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_kind").select_option("meetup")
    for field, value in (("start", starts), ("end", starts + datetime.timedelta(hours=2))):
        page.locator(f"#id_{field}").fill(value.strftime("%Y-%m-%d %H:%M"))
        page.keyboard.press("Escape")  # close the date picker, which would cover the buttons
    page.locator("#id_venue").click()
    page.locator("#id_venue").fill("协会会议室")
    page.locator("#id_capacity").fill("1")
    page.locator(".xdsoft_datetimepicker").evaluate_all(
        "pickers => pickers.forEach((picker) => { picker.style.display = 'none'; })"
    )
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.get_by_role("button", name="发布").click()
    organiser.check()
    event = EventPage.objects.get(title=TITLE)
    assert event.live and event.capacity == 1

    # Two members register: the first gets the seat, the second the waitlist.
    with (
        open_visitor(browser, demo_site.url, axe, PHONE) as member_one,
        open_visitor(browser, demo_site.url, axe, PHONE) as member_two,
    ):
        log_in(member_one, first.email, PASSWORD)
        member_one.goto(event.url)
        member_one.follow(member_one.page.get_by_role("button", name="报名"))
        assert member_one.page.locator(".ticket__qr svg").is_visible()

        log_in(member_two, second.email, PASSWORD)
        member_two.goto(event.url)
        member_two.follow(member_two.page.get_by_role("button", name="加入候补"))
        assert member_two.page.get_by_text("候补第 1 位").first.is_visible()

        # The first cancels from the ticket; the second is promoted at once.
        member_one.follow(member_one.page.get_by_role("button", name="取消我的报名"))
        ticket = Registration.objects.get(user=second, event=event)
        assert ticket.status == "confirmed"
        member_two.goto(ticket.get_absolute_url())
        assert member_two.page.locator(".ticket__qr svg").is_visible()

    # The organiser checks the second member in by code at the door.
    with open_visitor(browser, demo_site.url, axe, PHONE) as door:
        log_in(door, email, password)
        door.goto(f"/events/{event.pk}/check-in/")
        door.page.get_by_label("票码").fill(ticket.ticket_code)
        door.follow(door.page.get_by_role("button", name="签到", exact=True))
        assert door.page.get_by_text("签到成功：后到").is_visible()
        assert door.page.locator("[data-checked-in]").inner_text() == "1"
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None

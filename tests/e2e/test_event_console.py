"""An organiser runs an event from the admin's 活动 menu: the listing, the event's organiser
page, adding a person, cancelling for someone (after confirming), moving someone up from the
waitlist, and starting a new event by its kind."""

import datetime
import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from events import services
from events.models import EventIndexPage, EventKind, EventPage, Registration
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "控制台测试：出口退税讲座"


def make_person(email, name):
    user = get_user_model().objects.create_user(email=email, password="Baling-Road-88!", name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def screenshot(page, name):
    """CONSOLE_SCREENSHOTS=/some/folder keeps a picture of each screen, to look at."""
    if folder := os.environ.get("CONSOLE_SCREENSHOTS"):
        page.screenshot(path=os.path.join(folder, f"{name}.png"))


def test_an_organiser_runs_an_event_from_its_organiser_page(visitor, demo_accounts):
    index = EventIndexPage.objects.get()
    start = timezone.now() + datetime.timedelta(days=9)
    event = EventPage(
        title=TITLE,
        slug="console-e2e",
        kind=EventKind.MEETUP,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="协会会议室",
        capacity=1,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    seated = make_person("seated@example.com", "先报名")
    waiting = make_person("waiting@example.com", "后报名")
    services.register(event=event, user=seated)
    services.register(event=event, user=waiting)
    make_person("walk-in@example.com", "现场来宾")

    page = visitor.page
    email, password = demo_accounts["organiser"]
    log_in(visitor, email, password)
    visitor.goto("/admin/events/list/?when=upcoming")
    screenshot(page, "listing")
    row = page.locator("tr", has_text=TITLE)
    assert "交流会" in row.inner_text() and "1 / 1" in row.inner_text()
    visitor.follow(row.get_by_role("link", name=TITLE))
    assert page.url.endswith(f"/admin/events/{event.pk}/")
    screenshot(page, "organiser-page")
    page.locator("#chart-registrations").scroll_into_view_if_needed()
    screenshot(page, "organiser-page-chart")

    # A walk-in is added by the e-mail of their account: the seat is taken, so they wait.
    page.get_by_label("对方账户的电子邮箱").fill("walk-in@example.com")
    visitor.follow(page.get_by_role("button", name="添加"))
    assert page.get_by_text("已进入候补名单").first.is_visible()

    # Cancelling for the seated person asks first, then gives the seat to the waitlist.
    confirmed = page.locator("[data-people='confirmed'] tr", has_text="seated@example.com")
    visitor.follow(confirmed.get_by_role("link", name="代为取消"))
    assert page.get_by_text("候补名单中的第一位").is_visible()
    visitor.follow(page.get_by_role("button", name="确定取消报名"))
    assert page.get_by_text("已取消先报名的报名").is_visible()
    assert Registration.objects.get(user=waiting, event=event).status == "confirmed"

    # The walk-in is moved up ahead of the (full) seats.
    walk_in = page.locator("[data-people='waitlisted'] tr", has_text="walk-in@example.com")
    visitor.follow(walk_in.get_by_role("button", name="转为正式报名"))
    assert Registration.objects.get(user__email="walk-in@example.com").status == "confirmed"
    assert page.locator("[data-count='seats']").inner_text() == "2 / 1"

    # A new event asks its kind first, then opens the editor with it chosen.
    visitor.goto("/admin/events/list/")
    visitor.follow(page.get_by_role("link", name="新建活动"))
    page.get_by_label("展会").check()
    visitor.follow(page.get_by_role("button", name="继续"))
    assert page.locator("#id_kind").input_value() == "trade-fair"

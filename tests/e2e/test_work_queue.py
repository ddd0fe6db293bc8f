"""The admin home as the organisers' work queue, in the browser: the organiser with the whole
view and the Shenzhen secretariat's organiser each see what waits for them, and one click
opens the review screen."""

import pytest

from members.models import MembershipApplication
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def queue(page, label):
    return page.locator(".work-queue__queue", has_text=label)


def test_the_whole_view_organiser_opens_the_oldest_application_from_the_home(
    visitor, demo_accounts
):
    page = visitor.page
    email, password = demo_accounts["organiser"]
    log_in(visitor, email, password)
    visitor.goto("/admin/")
    applications = queue(page, "入会申请")
    waiting = MembershipApplication.objects.filter(status="applied").order_by("created_at")
    assert applications.locator(".work-queue__count").inner_text() == str(waiting.count())
    for label in ("展位申请", "培训报名", "注销账户申请"):
        assert queue(page, label).count() == 1, label
    oldest = waiting.first()
    visitor.follow(applications.get_by_role("link", name=oldest.organisation_name))
    assert f"/admin/members/applications/{oldest.pk}/review/" in page.url
    assert oldest.organisation_name in page.inner_text("main")


def test_the_shenzhen_organiser_sees_only_shenzhen(visitor, demo_accounts):
    page = visitor.page
    email, password = demo_accounts["secretariat"]
    log_in(visitor, email, password)
    visitor.goto("/admin/")
    applications = queue(page, "入会申请")
    shenzhen = MembershipApplication.objects.filter(status="applied", secretariat__slug="shenzhen")
    assert applications.locator(".work-queue__count").inner_text() == str(shenzhen.count())
    assert shenzhen.exists()
    others = MembershipApplication.objects.filter(status="applied").exclude(
        secretariat__slug="shenzhen"
    )
    text = applications.inner_text()
    for application in others:
        assert application.organisation_name not in text
    assert queue(page, "注销账户申请").count() == 0
    assert page.get_by_role("link", name="导入会员企业").count() == 0

    visitor.goto("/admin/events/list/")
    listing = page.inner_text("main")
    assert "深圳会员交流会" in listing
    assert "第三届岳阳市跨境电商产业发展大会" not in listing

    visitor.goto("/admin/members/organisations/")
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    assert "岳阳秘书处" not in page.inner_text("tbody")

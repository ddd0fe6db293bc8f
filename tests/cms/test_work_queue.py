"""The admin home is the organisers' work queue; the listings behind it open on what waits."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import DeletionRequest
from members.models import Industry, MembershipApplication

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2001, 1, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture
def signed_in(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    return client


def apply(make_user, name, *, status=MembershipApplication.Status.APPLIED, at=LONG_AGO):
    number = MembershipApplication.objects.count() + 1
    user = make_user(email=f"applicant-{number}-{abs(hash(name))}@example.com")
    application = MembershipApplication.objects.create(
        applicant=user,
        status=status,
        organisation_name=name,
        industry=Industry.objects.first(),
        city="岳阳县",
        applicant_name="申请人",
        applicant_phone="13900001111",
        consented_at=timezone.now(),
    )
    MembershipApplication.objects.filter(pk=application.pk).update(created_at=at)
    return application


def queue_section(html, label):
    """The HTML of one queue's section on the admin home."""
    sections = re.findall(r'<section class="work-queue__queue".*?</section>', html, re.S)
    matching = [section for section in sections if label in section]
    assert matching, f"no queue {label!r} on the page"
    return matching[0]


def test_the_admin_home_lists_what_waits_oldest_first_with_links_to_review(signed_in, make_user):
    older = apply(make_user, "最早申请的渔具公司", at=LONG_AGO)
    newer = apply(make_user, "稍后申请的茶业公司", at=LONG_AGO + datetime.timedelta(days=1))
    apply(make_user, "已批准的公司", status=MembershipApplication.Status.APPROVED)
    waiting = MembershipApplication.objects.filter(status="applied").count()

    html = signed_in.get("/admin/").content.decode()

    section = queue_section(html, "入会申请")
    assert f'work-queue__count--waiting">{waiting}<' in section
    review_older = reverse("members_admin:review_application", args=[older.pk])
    review_newer = reverse("members_admin:review_application", args=[newer.pk])
    assert section.index(review_older) < section.index(review_newer)
    assert "已批准的公司" not in section
    assert reverse("members_applications:index") in section
    # Every queue the organisers decide is there, each with its count.
    for label in ("入会申请", "培训报名", "注销账户"):
        assert re.search(r"work-queue__count[^>]*>\d+<", queue_section(html, label))
    # The queue is the first panel, before Wagtail's own (recent edits, moderation).
    first_panel = re.search(r'<section[^>]*class="[^"]*w-panel[^"]*"[^>]*>', html).group(0)
    assert "work-queue" in first_panel


def test_the_queue_costs_the_same_queries_whatever_waits(
    signed_in, make_user, django_assert_max_num_queries
):
    apply(make_user, "一家公司")
    signed_in.get("/admin/")  # warm the caches a first request fills
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        signed_in.get("/admin/")
    for index in range(12):
        apply(make_user, f"又一家公司{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get("/admin/")


def test_an_empty_queue_says_so(signed_in):
    DeletionRequest.objects.filter(status=DeletionRequest.Status.PENDING).delete()
    html = signed_in.get("/admin/").content.decode()
    section = queue_section(html, "注销账户")
    assert '"work-queue__count">0<' in section
    assert "暂无待办" in section


def test_a_pending_deletion_links_to_its_confirmation(signed_in, make_user):
    person = make_user(email="leaving@example.com")
    deletion = DeletionRequest.objects.create(user=person, email=person.email)
    section = queue_section(signed_in.get("/admin/").content.decode(), "注销账户")
    assert reverse("cms_admin:confirm_deletion", args=[deletion.pk]) in section
    assert "leaving@example.com" in section


def test_applications_listing_opens_on_what_waits_and_all_is_one_filter_away(signed_in, make_user):
    # Recent, so that they are on the first page of every listing (the demo has dozens).
    apply(make_user, "等待审核的公司", at=timezone.now())
    apply(
        make_user, "已经拒绝的公司", status=MembershipApplication.Status.REJECTED, at=timezone.now()
    )
    url = reverse("members_applications:index")

    pending = signed_in.get(url).content.decode()
    assert "等待审核的公司" in pending
    assert "已经拒绝的公司" not in pending

    everything = signed_in.get(url, {"status": ""}).content.decode()
    assert "等待审核的公司" in everything and "已经拒绝的公司" in everything

    rejected = signed_in.get(url, {"status": "rejected"}).content.decode()
    assert "已经拒绝的公司" in rejected and "等待审核的公司" not in rejected


def test_removing_the_pending_tag_shows_everything(signed_in, make_user):
    apply(
        make_user, "已经拒绝的公司", status=MembershipApplication.Status.REJECTED, at=timezone.now()
    )
    url = reverse("members_applications:index")
    html = signed_in.get(url).content.decode()
    removed = re.search(r'data-w-swap-src-value="([^"]*_w_filter_fragment=1[^"]*)"', html)
    assert removed, "the pending filter shows as a removable tag"
    removed_url = removed.group(1).replace("&amp;", "&")
    assert "status=" in removed_url
    assert "已经拒绝的公司" in signed_in.get(removed_url).content.decode()


def test_the_row_title_opens_the_review_screen(signed_in, make_user):
    application = apply(make_user, "标题即入口的公司")
    html = signed_in.get(reverse("members_applications:index")).content.decode()
    review = reverse("members_admin:review_application", args=[application.pk])
    edit = reverse("members_applications:edit", args=[application.pk])
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*标题即入口的公司(?:(?!</tr>).)*</tr>", html, re.S)
    assert row
    title_link = re.search(r'<a href="([^"]+)"[^>]*>\s*标题即入口的公司', row.group(0))
    assert title_link and title_link.group(1) == review
    assert edit in row.group(0)  # editing the raw record stays, in the row's menu


def test_members_do_not_get_the_admin_home(client, make_user):
    person = make_user(email="just-a-member@example.com")
    client.force_login(person)
    assert client.get("/admin/").status_code == 404

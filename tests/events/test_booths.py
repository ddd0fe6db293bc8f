import pytest
from django.urls import reverse

from events import booths
from events.errors import BoothError
from events.models import Booth, BoothApplication, EventKind
from members.models import MemberProfile, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(make_event):
    event = make_event(capacity=700, kind=EventKind.TRADE_FAIR, title="测试展会")
    for number in range(1, 5):
        Booth.objects.create(
            event=event, number=f"T{number:02d}", zone="茶叶区", column=number, row=1
        )
    return event


@pytest.fixture
def exhibitor(make_user):
    """An owner at an active member company."""

    def make(email):
        user = make_user(email=email)
        organisation = Organisation.objects.listed().exclude(people__isnull=False).first() or (
            Organisation.objects.listed().order_by("-pk").first()
        )
        MemberProfile.objects.create(user=user, organisation=organisation, role="owner")
        return user, organisation

    return make


def test_apply_approve_assign_and_show_on_the_plan(
    client, fair, exhibitor, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    user, organisation = exhibitor("booth-owner@example.com")
    client.force_login(user)
    response = client.post(
        reverse("events:apply_for_booths", args=[fair.pk]),
        {"booths_wanted": 2, "preferred_zone": "茶叶区", "products": "黄茶礼盒", "staff_count": 3},
    )
    assert response.status_code == 302
    application = BoothApplication.objects.get(event=fair, organisation=organisation)

    client.force_login(organiser)
    review = reverse("events_admin:review_booth_application", args=[application.pk])
    assert client.get(review).status_code == 200
    t1, t2 = Booth.objects.filter(number__in=["T01", "T02"]).order_by("number")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"assign": "1", "assign-booths": [t1.pk, t2.pk]})
    application.refresh_from_db()
    assert application.status == "approved"
    assert set(application.booths.values_list("number", flat=True)) == {"T01", "T02"}
    assert "T01" in mailoutbox[-1].body

    html = client.get(fair.url).content.decode()
    assert "<svg" in html and "booth--held" in html
    assert organisation.get_absolute_url() in html  # the exhibitor list links the directory
    assert "黄茶礼盒" in html


def test_a_booth_cannot_be_held_by_two_exhibitors(fair, exhibitor, organiser):
    (first_user, _), (second_user, _) = exhibitor("a@example.com"), exhibitor("b@example.com")
    booth = Booth.objects.get(number="T01")
    first = booths.apply_for_booths(event=fair, user=first_user, booths_wanted=1, products="茶")
    second = BoothApplication.objects.create(
        event=fair,
        organisation=Organisation.objects.listed().exclude(pk=first.organisation_id).first(),
        applicant=second_user,
        products="茶",
    )
    booths.assign_booths(application=first, booths=[booth], by=organiser)
    with pytest.raises(BoothError, match="T01"):
        booths.assign_booths(application=second, booths=[booth], by=organiser)
    booth.refresh_from_db()
    assert booth.holder == first
    second.refresh_from_db()
    assert second.status == "applied"


def test_the_database_refuses_a_held_booth_without_a_holder(fair):
    from django.db import IntegrityError, transaction

    booth = Booth.objects.get(number="T03")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.filter(pk=booth.pk).update(status="held")


def test_move_and_reject(fair, exhibitor, organiser):
    user, _organisation = exhibitor("mover@example.com")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    t1, t3 = Booth.objects.get(number="T01"), Booth.objects.get(number="T03")
    booths.assign_booths(application=application, booths=[t1], by=organiser)
    t1.refresh_from_db()
    booths.move_exhibitor(source=t1, target=t3, by=organiser)
    t1.refresh_from_db(), t3.refresh_from_db()
    assert (t1.status, t1.holder, t3.status, t3.holder) == ("free", None, "held", application)
    booths.reject_booth_application(application=application, by=organiser, reason="展位已满")
    t3.refresh_from_db()
    assert t3.status == "free"
    # A second click (or a stale tab) rejects nothing again and mails nobody again.
    from django.core import mail

    sent = len(mail.outbox)
    with pytest.raises(BoothError):
        booths.reject_booth_application(application=application, by=organiser, reason="再次拒绝")
    application.refresh_from_db()
    assert application.rejection_reason == "展位已满"
    assert len(mail.outbox) == sent


def test_only_owners_and_editors_of_member_companies_apply(client, fair, make_user):
    outsider = make_user(email="outsider@example.com")
    with pytest.raises(BoothError):
        booths.apply_for_booths(event=fair, user=outsider, booths_wanted=1, products="茶")
    client.force_login(outsider)
    response = client.post(
        reverse("events:apply_for_booths", args=[fair.pk]),
        {"booths_wanted": 1, "products": "茶", "staff_count": 2},
    )
    assert response.status_code == 200
    assert not BoothApplication.objects.filter(applicant=outsider).exists()


def test_one_live_application_per_company(fair, exhibitor):
    user, _organisation = exhibitor("twice@example.com")
    booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    with pytest.raises(BoothError):
        booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")


def test_dashboard_lists_the_company_s_booth_applications(client, fair, exhibitor, organiser):
    user, _organisation = exhibitor("dash-booth@example.com")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    booths.assign_booths(
        application=application, booths=[Booth.objects.get(number="T02")], by=organiser
    )
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert "测试展会" in html and "T02" in html


def test_deleting_an_application_frees_its_booths(fair, exhibitor, organiser):
    user, _organisation = exhibitor("leaver@example.com")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    booth = Booth.objects.get(number="T04")
    booths.assign_booths(application=application, booths=[booth], by=organiser)
    application.delete()
    booth.refresh_from_db()
    assert (booth.status, booth.holder) == ("free", None)


def test_reassigning_releases_unticked_booths(fair, exhibitor, organiser):
    user, _organisation = exhibitor("switch@example.com")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    t1, t2 = Booth.objects.get(number="T01"), Booth.objects.get(number="T02")
    booths.assign_booths(application=application, booths=[t1], by=organiser)
    booths.assign_booths(application=application, booths=[t2], by=organiser)
    t1.refresh_from_db()
    assert t1.status == "free" and t1.holder is None


def test_bad_move_input_is_a_message_not_an_error(client, fair, exhibitor, organiser):
    user, _organisation = exhibitor("bad-move@example.com")
    application = booths.apply_for_booths(event=fair, user=user, booths_wanted=1, products="茶")
    client.force_login(organiser)
    response = client.post(
        reverse("events_admin:review_booth_application", args=[application.pk]),
        {"move": "1", "source": "abc", "target": "x"},
    )
    assert response.status_code == 200

"""Event fees: what a seat costs (member, non-member, early bird), the seat held until its
payment's deadline and then given to the waitlist, paying to get the ticket, cancelling, and
taking the money at the door. Dates are fixed (an event in 2045, registered for with `now=`),
never today."""

import datetime
import itertools
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events import services
from events.errors import UnpaidError
from events.models import Audience, EventIndexPage, EventKind, EventPage, Registration
from payments import services as payments
from payments.models import Method, Payment

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2045, 12, 10, 9, 30, tzinfo=TZ)
EARLY = datetime.datetime(2045, 11, 20, 10, 0, tzinfo=TZ)  # by the early-bird date
LATE = datetime.datetime(2045, 12, 5, 10, 0, tzinfo=TZ)  # after it
HOURS = datetime.timedelta(hours=48)  # PaymentSettings.event_hold_hours by default
BOOKED = datetime.date(2025, 6, 1)  # money received: a past day, whatever today is
numbers = itertools.count(1)


def priced_event(capacity=10, start=START, **fields):
    number = next(numbers)
    fields.setdefault("member_price", Decimal("200.00"))
    fields.setdefault("non_member_price", Decimal("300.00"))
    fields.setdefault("early_bird_price", Decimal("150.00"))
    fields.setdefault("early_bird_until", datetime.date(2045, 12, 1))
    event = EventPage(
        title=f"收费活动 {number}",
        title_en=f"Priced event {number}",
        slug=f"priced-event-{number}",
        kind=EventKind.CONFERENCE,
        start=start,
        end=start + datetime.timedelta(hours=3),
        venue="协会会议室",
        capacity=capacity,
        audience=fields.pop("audience", Audience.PUBLIC),
        **fields,
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    return event


@pytest.fixture
def person(make_user):
    def make(name="访客"):
        number = next(numbers)
        return make_user(email=f"fee-guest{number}@example.com", name=f"{name}{number}")

    return make


def payment_of(registration):
    return Payment.objects.get(registration=registration)


def test_member_non_member_and_early_bird_prices(company, person):
    event = priced_event()
    member_early = services.register(event=event, user=company.owner, now=EARLY)
    payment = payment_of(member_early)
    assert payment.amount == Decimal("150.00") and isinstance(payment.amount, Decimal)
    assert payment.purpose == Payment.Purpose.EVENT and payment.state == Payment.State.DUE
    assert payment.user == company.owner and payment.organisation is None
    assert payment.payer_name == company.owner.get_full_name()
    assert payment.hold_until == EARLY + HOURS
    assert payment.due_date == (EARLY + HOURS).date()
    assert "早鸟" in payment.description and "early-bird" in payment.description_en

    guest = services.register(event=event, user=person(), now=LATE)
    assert payment_of(guest).amount == Decimal("300.00")
    assert "非会员" in payment_of(guest).description

    # The early-bird price only ever lowers a price: a member pays 200, never a dearer 250.
    assert event.price_for(member=True, day=LATE.date()) == Decimal("200.00")
    event.early_bird_price = Decimal("250.00")
    assert event.price_for(member=True, day=EARLY.date()) == Decimal("200.00")
    assert event.price_for(member=False, day=EARLY.date()) == Decimal("250.00")
    # The last early-bird day still counts.
    assert event.price_for(member=False, day=datetime.date(2045, 12, 1)) == Decimal("250.00")


def test_members_free_non_members_pay(company, person):
    event = priced_event(member_price=None, early_bird_price=None, early_bird_until=None)
    services.register(event=event, user=company.owner, now=LATE)
    guest = services.register(event=event, user=person(), now=LATE)
    assert not Payment.objects.filter(registration__user=company.owner).exists()
    assert payment_of(guest).amount == Decimal("300.00")


def test_the_hold_never_runs_past_the_start(person):
    event = priced_event()
    late = START - datetime.timedelta(hours=5)
    payment = payment_of(services.register(event=event, user=person(), now=late))
    assert payment.hold_until == START


def test_unpaid_seat_goes_to_the_waitlist_whose_first_person_then_owes(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    event = priced_event(capacity=1)
    first, second, third = person(), person(), person()
    with django_capture_on_commit_callbacks(execute=True):
        held = services.register(event=event, user=first, now=LATE)
        waiting = services.register(event=event, user=second, now=LATE)
        services.register(event=event, user=third, now=LATE)
    assert held.status == Registration.Status.CONFIRMED
    assert waiting.status == Registration.Status.WAITLISTED
    assert not Payment.objects.filter(registration=waiting).exists()  # owes nothing yet
    assert "¥300.00" in mailoutbox[0].body
    assert payment_of(held).reference in mailoutbox[0].body

    # Before the deadline nothing moves.
    assert payments.apply_deadlines(now=LATE + HOURS - datetime.timedelta(minutes=1)) == 0

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert payments.apply_deadlines(now=LATE + HOURS + datetime.timedelta(hours=1)) == 1
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == Registration.Status.CANCELLED
    assert payment_of(held).state == Payment.State.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    promoted = payment_of(waiting)
    assert promoted.state == Payment.State.DUE and promoted.amount == Decimal("300.00")
    # A fresh hold, from when the deadline run gave the seat (and told the person).
    assert promoted.hold_until == LATE + HOURS + datetime.timedelta(hours=1) + HOURS
    assert {message.to[0] for message in mailoutbox} == {first.email, second.email}
    # Run again: nothing more until the new hold is over.
    assert payments.apply_deadlines(now=LATE + HOURS + datetime.timedelta(hours=2)) == 0
    assert Registration.objects.get(event=event, user=third).status == "waitlisted"


def test_paying_before_the_deadline_keeps_the_seat_and_shows_the_ticket(client, person, organiser):
    event = priced_event(capacity=1)
    guest = person()
    registration = services.register(event=event, user=guest, now=LATE)
    payment = payment_of(registration)
    client.force_login(guest)

    ticket = client.get(registration.get_absolute_url()).content.decode()
    assert f'data-awaiting-payment="{payment.reference}"' in ticket
    assert reverse("payments:detail", args=[payment.reference]) in ticket
    assert 'class="ticket__qr"' not in ticket
    assert f"<code>{registration.ticket_code}</code>" not in ticket

    payments.record_payment(
        payment=payment,
        amount="300.00",
        method=Method.BANK_TRANSFER,
        booked_on=BOOKED,
        by=organiser,
    )
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payments.apply_deadlines(now=LATE + 3 * HOURS) == 0
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    ticket = client.get(registration.get_absolute_url()).content.decode()
    assert 'class="ticket__qr"' in ticket and "data-awaiting-payment" not in ticket
    assert f"<code>{registration.ticket_code}</code>" in ticket
    found, first = services.check_in(event=event, code=registration.ticket_code, by=organiser)
    assert first


def test_a_part_payment_keeps_the_seat(person, organiser):
    event = priced_event(capacity=1)
    registration = services.register(event=event, user=person(), now=LATE)
    payments.record_payment(
        payment=payment_of(registration),
        amount="100",
        method=Method.BANK_TRANSFER,
        booked_on=BOOKED,
        by=organiser,
    )
    assert payments.apply_deadlines(now=LATE + 3 * HOURS) == 0
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_free_event_unchanged(client, person, make_user):
    event = priced_event(member_price=None, non_member_price=None, capacity=1)
    guest, other = person(), person()
    registration = services.register(event=event, user=guest, now=LATE)
    services.register(event=event, user=other, now=LATE)
    assert not Payment.objects.filter(registration__event=event).exists()
    client.force_login(guest)
    ticket = client.get(registration.get_absolute_url()).content.decode()
    assert 'class="ticket__qr"' in ticket and "data-awaiting-payment" not in ticket
    assert services.cancel_registration(registration=registration, by=guest).user == other
    assert not Payment.objects.filter(registration__event=event).exists()


def test_cancelling_cancels_the_open_payment_and_the_next_person_owes(client, person):
    event = priced_event(capacity=1)
    guest, waiting_person = person(), person()
    registration = services.register(event=event, user=guest, now=LATE)
    waiting = services.register(event=event, user=waiting_person, now=LATE)
    client.force_login(guest)
    response = client.post(reverse("events:cancel", args=[registration.ticket_code]))
    assert response.status_code == 302
    assert payment_of(registration).state == Payment.State.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert payment_of(waiting).state == Payment.State.DUE


def test_cancelling_a_paid_seat_leaves_the_money_for_a_refund(client, person, organiser):
    event = priced_event()
    guest = person()
    registration = services.register(event=event, user=guest, now=LATE)
    payments.record_payment(
        payment=payment_of(registration),
        amount="300",
        method=Method.CASH,
        booked_on=BOOKED,
        by=organiser,
    )
    client.force_login(guest)
    response = client.post(reverse("events:cancel", args=[registration.ticket_code]), follow=True)
    payment = payment_of(registration)
    assert payment.state == Payment.State.PAID and payment.kept == Decimal("300.00")
    assert "¥300.00" in response.content.decode()  # told the organisers refund it


def test_cancelling_a_part_paid_seat_owes_nothing_more(person, organiser):
    event = priced_event()
    guest = person()
    registration = services.register(event=event, user=guest, now=LATE)
    payments.record_payment(
        payment=payment_of(registration),
        amount="100",
        method=Method.CASH,
        booked_on=BOOKED,
        by=organiser,
    )
    services.cancel_registration(registration=registration, by=guest)
    payment = payment_of(registration)
    assert payment.state == Payment.State.PAID
    assert payment.amount == Decimal("100.00") and payment.kept == Decimal("100.00")
    assert services.money_kept(registration) == Decimal("100.00")


def test_organiser_cancelling_the_payment_gives_up_the_seat(person, organiser):
    event = priced_event(capacity=1)
    registration = services.register(event=event, user=person(), now=LATE)
    waiting = services.register(event=event, user=person(), now=LATE)
    payments.cancel_payment(payment=payment_of(registration), by=organiser, reason="不来了")
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert payment_of(waiting).is_open


def test_waived_seat_shows_its_ticket(client, person, organiser):
    event = priced_event()
    guest = person()
    registration = services.register(event=event, user=guest, now=LATE)
    payments.waive_payment(payment=payment_of(registration), by=organiser, reason="嘉宾")
    client.force_login(guest)
    assert 'class="ticket__qr"' in client.get(registration.get_absolute_url()).content.decode()


def test_organiser_adding_and_promoting_charge_the_seat(company, person, organiser):
    event = priced_event(capacity=1)
    added = services.add_registration(
        event=event, email=company.owner.email, by=organiser, now=LATE
    )
    payment = payment_of(added)
    assert payment.amount == Decimal("200.00") and payment.created_by == organiser
    waiting = services.register(event=event, user=person(), now=LATE)
    services.promote_registration(registration=waiting, by=organiser, now=LATE)
    assert payment_of(waiting).hold_until == LATE + HOURS


def test_no_release_once_the_event_has_begun(person):
    """A seat still unpaid when the event starts is the door's to collect: past events (2025)
    keep their unpaid registrations."""
    start = datetime.datetime(2025, 5, 10, 9, 30, tzinfo=TZ)
    event = priced_event(start=start, early_bird_price=None, early_bird_until=None)
    registration = services.register(
        event=event, user=person(), now=start - datetime.timedelta(days=3)
    )
    assert payments.apply_deadlines(now=start + datetime.timedelta(hours=1)) == 0
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert payment_of(registration).is_open


def test_check_in_of_an_unpaid_seat_warns_and_takes_the_money(client, person, organiser):
    event = priced_event()
    guest = person()
    registration = services.register(event=event, user=guest, now=LATE)
    payment = payment_of(registration)
    with pytest.raises(UnpaidError):
        services.check_in(event=event, code=registration.ticket_code, by=organiser)

    client.force_login(organiser)
    url = reverse("events:check_in", args=[event.pk])
    page = client.post(url, {"code": registration.ticket_code}).content.decode()
    assert f'data-unpaid="{payment.reference}"' in page
    assert 'value="300.00"' in page  # the amount due, prefilled
    assert reverse("payments_admin:payment", args=[payment.pk]) in page
    registration.refresh_from_db()
    assert registration.checked_in_at is None

    # A part payment is booked; the person waits for the rest.
    page = client.post(
        url,
        {"action": "collect", "code": registration.ticket_code, "amount": "100", "method": "cash"},
    ).content.decode()
    assert 'value="200.00"' in page
    registration.refresh_from_db()
    assert registration.checked_in_at is None

    client.post(
        url,
        {"action": "collect", "code": registration.ticket_code, "amount": "200", "method": "pos"},
    )
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.checked_in_at is not None
    assert payment.state == Payment.State.PAID
    assert sorted(payment.entries.values_list("method", flat=True)) == ["cash", "pos"]
    assert all(entry.receipt_number for entry in payment.entries.all())


def test_check_in_without_payment_when_the_organiser_lets_them_in(client, person, organiser):
    event = priced_event()
    registration = services.register(event=event, user=person(), now=LATE)
    client.force_login(organiser)
    client.post(
        reverse("events:check_in", args=[event.pk]),
        {"action": "let-in", "code": registration.ticket_code},
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert payment_of(registration).is_open  # still owed


def test_check_in_search_marks_unpaid_seats(client, person, organiser):
    event = priced_event()
    guest = person("搜索")
    services.register(event=event, user=guest, now=LATE)
    client.force_login(organiser)
    page = client.get(reverse("events:check_in", args=[event.pk]), {"q": guest.name})
    assert "status--lapsed" in page.content.decode()


def test_event_page_shows_the_prices(client):
    event = priced_event()
    html = client.get(event.url).content.decode()
    assert "¥200.00" in html and "¥300.00" in html
    # The early-bird price shows until its day is past (2045: still to come).
    assert "¥150.00" in html


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"member_price": Decimal("-1")}, "member_price"),
        ({"early_bird_until": datetime.date(2045, 12, 10)}, "early_bird_until"),
        ({"early_bird_until": None}, "early_bird_until"),
        ({"early_bird_price": None}, "early_bird_price"),
        ({"member_price": Decimal("400.00")}, "member_price"),
    ],
)
def test_the_editor_refuses_impossible_prices(fields, field):
    event = priced_event()
    for name, value in fields.items():
        setattr(event, name, value)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert field in error.value.message_dict


def test_the_page_editor_has_the_price_fields(client, organiser):
    event = priced_event()
    client.force_login(organiser)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    for name in ("member_price", "non_member_price", "early_bird_price", "early_bird_until"):
        assert f'name="{name}"' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_concurrency
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="needs PostgreSQL for real row locks: run `make test-postgres` (CI does)",
)
def test_priced_seats_under_concurrency(django_user_model):
    """60 people register for 20 priced seats at once, then the deadlines run while half the
    seated cancel: never more than 20 seats, each seat with one payment due, and no deadlock
    between the payment, event and registration locks."""
    import io

    from django.core.management import call_command

    from tests.events.test_concurrency import run_in_threads

    if not EventIndexPage.objects.exists():
        call_command("load_demo", stdout=io.StringIO())
    event = priced_event(capacity=20, early_bird_price=None, early_bird_until=None)
    users = [
        django_user_model.objects.create_user(email=f"rush-fee{number}@example.com")
        for number in range(60)
    ]
    errors = run_in_threads(60, lambda i: services.register(event=event, user=users[i], now=LATE))
    assert errors == []
    seated = list(Registration.objects.filter(event=event, status="confirmed"))
    assert len(seated) == 20
    assert Payment.objects.filter(registration__event=event).count() == 20

    def churn(index):
        if index < 10:
            services.cancel_registration(registration=seated[index], by=seated[index].user)
        else:
            payments.apply_deadlines(now=LATE + HOURS + datetime.timedelta(hours=1))

    assert run_in_threads(20, churn) == []
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() <= 20
    for registration in confirmed:
        assert Payment.objects.open().filter(registration=registration).count() == 1


def test_a_held_seat_is_reminded_hours_before_its_hold_ends(
    person, django_capture_on_commit_callbacks
):
    """A 48-hour hold is not reminded a week ahead like dues: once, 12 hours before it ends."""
    from django.core import mail

    event = priced_event()
    guest = person()
    payment = payment_of(services.register(event=event, user=guest, now=LATE))
    payment.due_date = datetime.date(2099, 1, 1)  # only the hold can make a reminder here
    payment.save(update_fields=["due_date"])

    def reminded(hours):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            payments.send_payment_reminders(now=LATE + datetime.timedelta(hours=hours))
        return [m.to for m in mail.outbox if payment.reference in m.body]

    assert reminded(1) == []
    assert reminded(37) == [[guest.email]]
    assert reminded(40) == []
    payment.refresh_from_db()
    assert payment.reminded_before == (LATE + datetime.timedelta(hours=37)).date()


def test_the_deadline_run_keeps_its_own_clock(person):
    """apply_deadlines(now=…) decides by the `now` it is given, down to the event's start: an
    hour after the hold the seat is released; a run dated after the start releases nothing."""
    event = priced_event(capacity=1)
    seated = services.register(event=event, user=person(), now=LATE)
    waiting = services.register(event=event, user=person(), now=LATE)
    assert waiting.status == Registration.Status.WAITLISTED
    assert payments.apply_deadlines(now=START + datetime.timedelta(hours=1)) == 0
    seated.refresh_from_db()
    assert seated.status == Registration.Status.CONFIRMED
    assert payments.apply_deadlines(now=LATE + HOURS + datetime.timedelta(hours=1)) == 1
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED

"""Capacity under real concurrency: 50 threads, each with its own database connection,
making 200 registrations for one event at once. Needs PostgreSQL (row locks):
`make test-postgres`, which .ci/run calls, runs it. SQLite serialises writers anyway, so
there it would prove nothing."""

import contextlib
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from events import booths, services
from events.errors import BoothError
from events.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgresql_concurrency,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL for real row locks: run `make test-postgres` (CI does)",
    ),
]


@pytest.fixture(autouse=True)
def demo_content():
    """Transactional tests empty the database after themselves; load the demo again if a
    previous one did."""
    from events.models import EventIndexPage

    if not EventIndexPage.objects.exists():
        call_command("load_demo", stdout=io.StringIO())


THREADS = 50  # each holds a database connection; PostgreSQL allows 100 by default


def run_in_threads(count, work):
    """Runs work(0..count-1) on THREADS threads released together, each with its own
    database connection; returns the exceptions raised."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(offset):
        try:
            barrier.wait()
            for index in range(offset, count, THREADS):
                try:
                    work(index)
                except Exception as error:  # collected and reported by the test
                    errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(offset,)) for offset in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_200_simultaneous_registrations_for_50_seats(django_user_model):
    from tests.events.conftest import create_event

    event = create_event(capacity=50)
    users = [
        django_user_model.objects.create_user(email=f"rush{number}@example.com")
        for number in range(200)
    ]
    errors = run_in_threads(200, lambda index: services.register(event=event, user=users[index]))
    assert errors == []
    registrations = list(Registration.objects.filter(event=event).order_by("created_at", "pk"))
    statuses = [registration.status for registration in registrations]
    assert statuses.count("confirmed") == 50
    assert statuses.count("waitlisted") == 150
    # Whoever got in first holds a seat: the 50 confirmed are the 50 earliest.
    assert statuses[:50] == ["confirmed"] * 50
    waitlisted = [r for r in registrations if r.status == "waitlisted"]
    assert [r.waitlist_position for r in waitlisted[:3]] == [1, 2, 3]


def test_20_simultaneous_assignments_of_one_booth_leave_one_holder(django_user_model):
    from events.models import Booth, BoothApplication, EventKind
    from members.models import Organisation
    from tests.events.conftest import create_event

    fair = create_event(capacity=700, kind=EventKind.TRADE_FAIR)
    booth = Booth.objects.create(event=fair, number="X01", zone="测试区", column=1, row=1)
    organiser = django_user_model.objects.create_user(email="door@example.com", is_superuser=True)
    companies = list(Organisation.objects.all()[:20])
    applications = [
        BoothApplication.objects.create(
            event=fair, organisation=company, applicant=organiser, products="测试"
        )
        for company in companies
    ]

    def assign(index):
        with contextlib.suppress(BoothError):  # refused: the booth was taken
            booths.assign_booths(application=applications[index], booths=[booth], by=organiser)

    assert run_in_threads(20, assign) == []
    booth.refresh_from_db()
    assert booth.holder_id in {application.pk for application in applications}
    approved = BoothApplication.objects.filter(event=fair, status="approved")
    assert approved.count() == 1 and approved.get() == booth.holder

"""Capacity under real concurrency: 50 threads, each with its own database connection,
making 200 registrations for one event at once. Needs PostgreSQL (row locks):
`make test-postgres`, which .ci/run calls, runs it. SQLite serialises writers anyway, so
there it would prove nothing."""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL for real row locks: run `make test-postgres` (CI does)",
    ),
]


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

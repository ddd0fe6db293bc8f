"""Registrations per second for one event, many at once, on PostgreSQL.

    DATABASE_URL=postgres://alliance:alliance@127.0.0.1:5432/alliance \\
        .venv/bin/python bench/registration.py [--people 1000] [--seats 500] [--threads 32]

Builds a throw-away test database, publishes one event, then lets --threads threads (each
with its own connection, as several server processes would) register --people people through
the same service the web view calls. Prints the rate and the final counts, which must be
exactly --seats confirmed and the rest waitlisted. Target: ≥ 50 registrations per second.
"""

import argparse
import datetime
import io
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/registration.py measures row locking on PostgreSQL: set DATABASE_URL.")
        return
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        # Mail is queued, as with the database task backend in production, not sent inline:
        # what is measured is the registration itself.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            run(args)
    finally:
        connections.close_all()
        teardown_databases(old, verbosity=0)


def run(args):
    from django.contrib.auth import get_user_model

    from events import services
    from events.models import EventIndexPage, EventKind, EventPage, Registration

    call_command("load_demo", stdout=io.StringIO())
    start = timezone.now() + datetime.timedelta(days=30)
    event = EventPage(
        title="压力测试大会",
        slug="load-test-conference",
        kind=EventKind.CONFERENCE,
        start=start,
        end=start + datetime.timedelta(hours=8),
        venue="南湖宾馆",
        capacity=args.seats,
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()
    User = get_user_model()
    User.objects.bulk_create(
        User(email=f"load{number}@example.com", name=f"压测{number}")
        for number in range(args.people)
    )
    users = list(User.objects.filter(email__startswith="load").order_by("pk"))
    barrier = threading.Barrier(args.threads + 1)
    errors = []

    def worker(offset):
        try:
            barrier.wait()
            for index in range(offset, len(users), args.threads):
                try:
                    services.register(event=event, user=users[index])
                except Exception as error:
                    errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(offset,)) for offset in range(args.threads)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waitlisted = Registration.objects.filter(event=event, status="waitlisted").count()
    print(f"{args.people} registrations for {args.seats} seats from {args.threads} threads")
    print(f"  {args.people / elapsed:.0f} registrations per second ({elapsed:.2f} s)")
    print(f"  confirmed {confirmed}, waitlisted {waitlisted}, errors {len(errors)}")
    ok = confirmed == args.seats and waitlisted == args.people - args.seats and not errors
    print("  counts correct" if ok else "  COUNTS WRONG")


if __name__ == "__main__":
    main()

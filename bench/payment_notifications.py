"""Provider notifications per second, each booked exactly once, on PostgreSQL.

    DATABASE_URL=postgres://alliance:alliance@127.0.0.1:5432/alliance \\
        .venv/bin/python bench/payment_notifications.py [--payments 1000] [--threads 32]

Builds a throw-away test database with --payments payments due, each with an order opened
online, then lets --threads threads (each with its own connection, as several server
processes would) post every order's signed notification to the notification endpoint through
Django's full request path — each notification twice, the copies racing each other as a
provider's retries do. Prints the rate and checks that every payment is paid exactly once:
one ledger entry and one receipt number per payment, none twice. Target: ≥ 20 notifications
per second (a 700-seat conference's registrants all paying within one minute); receipt numbers
run without gaps through the year, so bookings take the year's number one at a time.
"""

import argparse
import datetime
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print(
            "bench/payment_notifications.py measures row locking on PostgreSQL: set DATABASE_URL."
        )
        return
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        # Mail and receipts are queued, as with the database task backend in production, not
        # done inline: what is measured is verifying and booking the notification.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
            PAYMENTS_PROVIDERS=["test"],
            PAYMENTS_ALLOW_TEST_MODE=True,
        ):
            run(args)
    finally:
        connections.close_all()
        teardown_databases(old, verbosity=0)


def run(args):
    from members.models import Industry, Organisation
    from payments import services
    from payments.models import LedgerEntry, Payment
    from payments.providers.testmode import signed_notification

    organisation = Organisation.objects.create(
        name="压测跨境电商有限公司",
        city="岳阳楼区",
        industry=Industry.objects.first() or Industry.objects.create(name="跨境电商"),
    )
    tokens = []
    for number in range(args.payments):
        payment = services.create_payment(
            purpose=Payment.Purpose.OTHER,
            amount=f"{1000 + number}.50",
            due_date=datetime.date(2045, 6, 30),
            payer_name=organisation.name,
            description=f"压测费用 {number}",
            organisation=organisation,
            notify=False,
        )
        order = services.open_order(payment=payment, provider="test")
        tokens.append(signed_notification(order, succeeded=True, transaction_id=f"BENCH{number}"))
    deliveries = tokens * 2
    random.Random(7).shuffle(deliveries)  # noqa: S311  (an arrival order, not a secret)
    barrier = threading.Barrier(args.threads + 1)
    answers, errors = [], []

    def worker(offset):
        client = Client()
        try:
            barrier.wait()
            for index in range(offset, len(deliveries), args.threads):
                try:
                    response = client.post(
                        "/payments/notify/test/", {"notification": deliveries[index]}
                    )
                    answers.append(response.status_code)
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
    entries = LedgerEntry.objects.filter(payment__organisation=organisation)
    paid = Payment.objects.filter(organisation=organisation, state=Payment.State.PAID).count()
    receipts = entries.values("receipt_number").distinct().count()
    print(
        f"{len(deliveries)} notifications ({args.payments} payments, each notified twice) "
        f"from {args.threads} threads"
    )
    print(f"  {len(deliveries) / elapsed:.0f} notifications per second ({elapsed:.2f} s)")
    print(
        f"  answered 200: {answers.count(200)}, other: {len(answers) - answers.count(200)}, "
        f"errors: {len(errors)}"
    )
    print(f"  payments paid {paid}, ledger entries {entries.count()}, receipt numbers {receipts}")
    ok = (
        paid == entries.count() == receipts == args.payments
        and answers.count(200) == len(deliveries)
        and not errors
    )
    print("  exactly once" if ok else "  NOT EXACTLY ONCE")


if __name__ == "__main__":
    main()

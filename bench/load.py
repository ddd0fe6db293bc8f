"""Load on the production-like run (`make serve-prod`), over loopback only.

    make bench-load            # starts nothing: run `make serve-prod` in another terminal first
    .venv/bin/python bench/load.py --clients 16 --seconds 20

Reads pages as anonymous visitors from `--clients` concurrent keep-alive connections for
`--seconds` each: the home page, the directory with filters, an event page. Then `--people`
signed-in people register at once for one event with `--seats` seats. Prints requests per
second and p50/p95 latency per page, and the registration counts (never more confirmed than
seats). Needs the serve-prod environment (database, Redis, secret key) to create the people,
their sessions and the event: `make bench-load` passes it.
"""

import argparse
import datetime
import http.client
import os
import secrets
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOST, PORT = "127.0.0.1", 8000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def read_pages(path, clients, seconds):
    """Each client requests `path` again and again on its own connection for `seconds`."""
    timings, errors = [], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            failed += response.status != 200
        connection.close()
        with lock:
            timings.extend(mine)
            errors.append(failed)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    elapsed = time.perf_counter() - started
    return len(timings) / elapsed, timings, sum(errors)


def prepare(people, seats):
    """People with sessions (as if signed in) and an event with `seats` seats, in the running
    site's database and cache."""
    import django

    django.setup()
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils import timezone

    from events.models import EventIndexPage, EventKind, EventPage

    User = get_user_model()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    run = secrets.token_hex(3)
    index = EventIndexPage.objects.get()
    start = timezone.now() + datetime.timedelta(days=20)
    event = EventPage(
        title=f"压测活动 {run}",
        slug=f"load-{run}",
        kind=EventKind.MEETUP,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="协会会议室",
        capacity=seats,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    cookies = []
    for number in range(people):
        user = User.objects.create_user(email=f"load-{run}-{number}@example.com", name="压测")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies.append(session.session_key)
    return event, cookies


def register_all(event, cookies, clients):
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and header
    timings, statuses = [], []
    lock = threading.Lock()

    def register(session_key):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        start = time.perf_counter()
        connection.request(
            "POST",
            f"/events/{event.pk}/register/",
            body=urlencode({}),
            headers={
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        with lock:
            timings.append(time.perf_counter() - start)
            statuses.append(response.status)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(register, cookies))
    return len(cookies) / (time.perf_counter() - started), timings, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--seats", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

    event, cookies = prepare(args.people, args.seats)
    print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per page, server {HOST}:{PORT}")
    print(f"{'page':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for label, path in [
        ("home page", "/"),
        ("directory, industry + market", "/members/?industry=tea&market=us"),
        ("directory, search", "/members/?q=%E8%8C%B6"),
        ("event page", event.url),
    ]:
        rate, timings, errors = read_pages(path, args.clients, args.seconds)
        print(
            f"{label:<34}{rate:>8.1f}{statistics.median(timings) * 1000:>9.0f}"
            f"{percentile(timings, 0.95) * 1000:>9.0f}{errors:>8}"
        )
    rate, timings, statuses = register_all(event, cookies, args.clients)
    from events.models import Registration

    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    waitlisted = Registration.objects.filter(event=event, status="waitlisted").count()
    print(
        f"{'registrations (POST)':<34}{rate:>8.1f}{statistics.median(timings) * 1000:>9.0f}"
        f"{percentile(timings, 0.95) * 1000:>9.0f}{sum(s != 302 for s in statuses):>8}"
    )
    print(
        f"{args.people} people registered for {args.seats} seats: {confirmed} confirmed, "
        f"{waitlisted} waitlisted" + (" — OVERBOOKED" if confirmed > args.seats else "")
    )


if __name__ == "__main__":
    main()

"""The organisers' dashboard and the annual report at 2,000 companies and 200 events.

    .venv/bin/python bench/dashboard.py [--requests 20]

Builds a throw-away test database (migrations, the demo content, then bulk companies up to
2,000 with memberships, a person each, applications approved and renewals and lapses in the
site history over the last year and a half, 200 events with about 50 registrations each and
half of them checked in, booths at 20 trade fairs, and 10 training cohorts with trainees and
attendance), warms each URL once, then times repeated requests through Django's test client
signed in as the demo organiser: server time in this process, no network. Prints the median,
minimum and maximum and the number of SQL queries; never fails. Targets: dashboard median
≤ 200 ms, annual report (last complete year) ≤ 3 s.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

COMPANIES = 2000
EVENTS = 200
FAIRS = 20
COHORTS = 10
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def build(today):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from events.models import (
        Booth,
        BoothApplication,
        EventIndexPage,
        EventKind,
        EventPage,
        Registration,
    )
    from members.models import (
        Industry,
        MemberProfile,
        Membership,
        MembershipApplication,
        Organisation,
        SecretariatPage,
        Tier,
    )
    from training.models import Attendance, CohortPage, Enrolment, ProgrammePage, Session

    User = get_user_model()
    industries = list(Industry.objects.all())
    secretariats = list(SecretariatPage.objects.all())
    tiers = [Tier.PRESIDENT] + [Tier.VICE_PRESIDENT] * 5 + [Tier.COUNCIL] * 30 + [Tier.MEMBER] * 64
    existing = Organisation.objects.count()
    count = COMPANIES - existing
    new = Organisation.objects.bulk_create(
        Organisation(
            name=f"看板基准企业{number:04d}",
            slug=f"dashboard-bench-{number}",
            industry=industries[number % len(industries)],
            secretariat=secretariats[number % len(secretariats)] if number % 7 else None,
            city="岳阳楼区",
            sort_key=f"kan ban {number:04d}",
        )
        for number in range(count)
    )
    statuses = [Membership.Status.ACTIVE] * 9 + [Membership.Status.LAPSED]
    start = datetime.date(today.year - 1, 1, 1)
    memberships = Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            status=statuses[index % len(statuses)],
            tier=tiers[index % len(tiers)],
            tier_rank=list(Tier.values).index(tiers[index % len(tiers)]),
            term_start=start,
            term_end=today + datetime.timedelta(days=index % 400 - 30),
        )
        for index, organisation in enumerate(new)
    )
    users = User.objects.bulk_create(
        User(email=f"dashboard-bench-{number}@example.com", name=f"基准用户{number}")
        for number in range(count)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(user=user, organisation=organisation)
        for user, organisation in zip(users, new, strict=True)
    )
    moments = [timezone.now() - datetime.timedelta(days=day, hours=day % 24) for day in range(540)]
    MembershipApplication.objects.bulk_create(
        MembershipApplication(
            applicant=users[index],
            status=MembershipApplication.Status.APPROVED,
            organisation_name=new[index].name,
            industry=new[index].industry,
            city="岳阳楼区",
            applicant_name="申请人",
            applicant_phone="13800000000",
            consented_at=moments[index % len(moments)],
            decided_at=moments[index % len(moments)],
            organisation=new[index],
        )
        for index in range(0, count, 3)
    )
    membership_type = ContentType.objects.get_for_model(Membership)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=membership_type,
            label="bench",
            action="members.renewed" if index % 4 else "members.lapsed",
            object_id=str(membership.pk),
            timestamp=moments[(index * 7) % len(moments)],
        )
        for index, membership in enumerate(memberships)
        if index % 2 == 0
    )

    index_page = EventIndexPage.objects.get()
    first = datetime.datetime.combine(
        datetime.date(today.year - 1, 1, 10), datetime.time(14), tzinfo=ZONE
    )
    span = (today + datetime.timedelta(days=60) - first.date()).days
    events = []
    for number in range(EVENTS):
        start_at = first + datetime.timedelta(days=span * number // EVENTS)
        fair = number % (EVENTS // FAIRS) == 0
        event = EventPage(
            title=f"看板基准活动{number:03d}",
            slug=f"dashboard-bench-event-{number}",
            kind=EventKind.TRADE_FAIR if fair else EventKind.MEETUP,
            start=start_at,
            end=start_at + datetime.timedelta(hours=3),
            venue="协会会议室",
            capacity=60,
        )
        index_page.add_child(instance=event)
        events.append(event)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=users[(number * 53 + k) % len(users)],
            status=Registration.Status.CONFIRMED if k < 45 else Registration.Status.WAITLISTED,
            checked_in_at=event.start
            if k % 2 and k < 45 and event.start < timezone.now()
            else None,
            created_at=event.start - datetime.timedelta(days=7),
        )
        for number, event in enumerate(events)
        for k in range(50)
    )
    applicant = users[0]
    for number, event in enumerate(e for e in events if e.kind == EventKind.TRADE_FAIR):
        holders = BoothApplication.objects.bulk_create(
            BoothApplication(
                event=event,
                organisation=new[(number * 30 + k) % len(new)],
                applicant=applicant,
                products="茶叶",
                status=BoothApplication.Status.APPROVED,
            )
            for k in range(20)
        )
        Booth.objects.bulk_create(
            Booth(
                event=event,
                number=f"A{k + 1:02d}",
                zone="A区",
                column=k % 10 + 1,
                row=k // 10 + 1,
                status=Booth.Status.HELD if k < 20 else Booth.Status.FREE,
                holder=holders[k] if k < 20 else None,
            )
            for k in range(30)
        )

    programme = ProgrammePage.objects.first()
    for number in range(COHORTS):
        starts = datetime.date(today.year - 1, 1, 15) + datetime.timedelta(days=number * 50)
        cohort = CohortPage(
            title=f"基准第{number + 1}期",
            slug=f"dashboard-bench-cohort-{number}",
            number=200 + number,
            starts=starts,
            ends=starts + datetime.timedelta(days=30),
        )
        programme.add_child(instance=cohort)
        sessions = Session.objects.bulk_create(
            Session(
                cohort=cohort,
                topic=f"第{k + 1}课",
                start=datetime.datetime.combine(
                    starts + datetime.timedelta(days=k * 3), datetime.time(14), tzinfo=ZONE
                ),
                end=datetime.datetime.combine(
                    starts + datetime.timedelta(days=k * 3), datetime.time(16), tzinfo=ZONE
                ),
                sort_order=k,
            )
            for k in range(8)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(
                cohort=cohort,
                user=users[(number * 40 + k) % len(users)],
                motivation="学习",
                status=Enrolment.Status.COMPLETED if k % 3 == 0 else Enrolment.Status.ACCEPTED,
            )
            for k in range(30)
        )
        Attendance.objects.bulk_create(
            Attendance(enrolment=enrolment, session=session, present=(e + s) % 5 != 0)
            for e, enrolment in enumerate(enrolments)
            for s, session in enumerate(sessions)
        )
    return Organisation.objects.count(), EventPage.objects.count(), Registration.objects.count()


def measure(client, url, requests):
    response = client.get(url)  # warm caches (the admin's menus, the site shell)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    status = response.status_code
    count = len(queries)  # read now: Django empties the log when the next request starts
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return status, count, timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.contrib.auth import get_user_model

        from cms.demo import content
        from cms.mfa import ensure_demo_totp

        call_command("load_demo", stdout=io.StringIO())
        today = timezone.localdate()
        started = time.perf_counter()
        companies, events, registrations = build(today)
        print(
            f"Built {companies} companies, {events} events, {registrations} registrations "
            f"in {time.perf_counter() - started:.0f} s"
        )
        email = next(email for email, _p, _n, role in content.ACCOUNTS if role == "organiser")
        organiser = get_user_model().objects.get(email=email)
        ensure_demo_totp(organiser, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        client = Client()
        client.force_login(organiser)
        urls = [
            ("dashboard", "/admin/insights/", args.requests),
            ("one chart as XLSX", "/admin/insights/charts/event-registrations.xlsx", args.requests),
            (
                f"annual report {today.year - 1}",
                f"/admin/insights/report.xlsx?year={today.year - 1}",
                max(5, args.requests // 4),
            ),
        ]
        print(
            f"{'request':<24} {'status':>6} {'median ms':>10} {'min':>8} {'max':>8} {'queries':>8}"
        )
        for label, url, requests in urls:
            status, queries, timings = measure(client, url, requests)
            print(
                f"{label:<24} {status:>6} {statistics.median(timings):>10.1f} "
                f"{min(timings):>8.1f} {max(timings):>8.1f} {queries:>8}"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()

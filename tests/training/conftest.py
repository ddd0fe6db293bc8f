import datetime
import itertools
import zoneinfo

import pytest
from django.utils import timezone

from training.models import Attendance, CohortPage, Enrolment, ProgrammePage, Session

numbers = itertools.count(1)
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def create_cohort(sessions=5, min_attendance=80, pass_required=True, starts=None, **fields):
    """A published cohort of the demo growth camp with `sessions` sessions."""
    programme = ProgrammePage.objects.get(slug="growth-camp")
    number = next(numbers)
    starts = starts or timezone.localdate() - datetime.timedelta(days=60)
    cohort = CohortPage(
        title=f"测试第{number}期",
        title_en=f"Test cohort {number}",
        slug=f"test-cohort-{number}",
        number=100 + number,
        starts=starts,
        ends=starts + datetime.timedelta(days=30),
        min_attendance=min_attendance,
        pass_required=pass_required,
        **fields,
    )
    programme.add_child(instance=cohort)
    cohort.save_revision().publish()
    for index in range(sessions):
        day = starts + datetime.timedelta(days=index * 3)
        Session.objects.create(
            cohort=cohort,
            topic=f"第{index + 1}课",
            start=datetime.datetime.combine(day, datetime.time(14), tzinfo=TZ),
            end=datetime.datetime.combine(day, datetime.time(16), tzinfo=TZ),
        )
    return cohort


@pytest.fixture
def make_cohort(db):
    return create_cohort


@pytest.fixture
def enrol(make_user):
    """enrol(cohort, name=…): an accepted trainee of the cohort."""

    def make(cohort, name=None, **fields):
        number = next(numbers)
        user = make_user(email=f"trainee-{number}@example.com", name=name or f"学员{number}号")
        return Enrolment.objects.create(
            cohort=cohort,
            user=user,
            motivation="想学习跨境电商",
            status=fields.pop("status", Enrolment.Status.ACCEPTED),
            **fields,
        )

    return make


@pytest.fixture
def complete(organiser):
    """complete(cohort, enrolments, attended=…, passed=…): records the grid as an organiser."""
    from training import services

    def record(cohort, enrolments, attended=None, passed=True, score="88"):
        sessions = list(cohort.sessions.all())
        count = len(sessions) if attended is None else attended
        present = {(e.pk, s.pk) for e in enrolments for s in sessions[:count]}
        # The grid saves every trainee's marks: keep the others' as they are.
        present |= set(
            Attendance.objects.filter(session__cohort=cohort, present=True)
            .exclude(enrolment__in=enrolments)
            .values_list("enrolment_id", "session_id")
        )
        results = {e.pk: (score, passed, "") for e in enrolments}
        services.record_grid(cohort=cohort, by=organiser, present=present, results=results)

    return record

"""Certificate numbers under real concurrency: two bulk issues of one cohort and single issues
from other workers at the same moment. Needs PostgreSQL (row locks): `make test-postgres`,
which .ci/run calls, runs it."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from training import certificates, services
from training.models import Certificate, IssueRun

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
    from training.models import ProgrammePage

    if not ProgrammePage.objects.exists():
        call_command("load_demo", stdout=io.StringIO())


def test_simultaneous_issues_number_without_gaps_or_duplicates(django_user_model):
    from tests.training.conftest import create_cohort

    organiser = django_user_model.objects.get(email="organiser@example.com")
    cohort = create_cohort(sessions=2)
    enrolments = []
    for number in range(12):
        user = django_user_model.objects.create_user(
            email=f"rush-trainee{number}@example.com", name=f"学员{number}"
        )
        enrolments.append(cohort.enrolments.create(user=user, motivation="…", status="accepted"))
    sessions = list(cohort.sessions.all())
    services.record_grid(
        cohort=cohort,
        by=organiser,
        present={(e.pk, s.pk) for e in enrolments for s in sessions},
        results={e.pk: ("90", True, "") for e in enrolments},
    )
    runs = [IssueRun.objects.create(cohort=cohort, requested_by=organiser) for _ in range(2)]
    barrier = threading.Barrier(4)
    errors = []

    def work(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    jobs = [
        lambda: certificates.run_bulk_issue(runs[0].pk),
        lambda: certificates.run_bulk_issue(runs[1].pk),
        lambda: certificates.issue_certificate(enrolment=enrolments[-1], by=organiser),
        lambda: certificates.issue_certificate(enrolment=enrolments[0], by=organiser),
    ]
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    issued = Certificate.objects.filter(cohort=cohort)
    assert issued.count() == 12
    assert issued.values("enrolment").distinct().count() == 12
    year = issued.first().year
    numbers = sorted(
        Certificate.objects.filter(programme=cohort.programme, year=year).values_list(
            "number", flat=True
        )
    )
    assert numbers == list(range(1, len(numbers) + 1))

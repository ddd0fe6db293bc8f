"""Certificates: render time per certificate (warm), PDF size, and the time to issue 200.

    .venv/bin/python bench/certificates.py [--count 200]

Builds a throw-away test database with the demo content (its certificate template has a
seal and two signature images), then:
  1. renders one certificate cold (first in this process: fonts configured, CSS parsed),
     then 30 warm, and prints the median and the PDF size;
  2. issues `count` certificates to a cohort of `count` trainees through the bulk-issue
     service (numbered under the programme's lock, rendered, stored, recorded) and prints
     the total time.
Targets: ≤ 0.15 s per certificate warm, ≤ 120 KB per PDF, 200 issued in ≤ 30 s.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)


def cohort_of(count):
    from django.contrib.auth import get_user_model

    from tests.training.conftest import create_cohort
    from training import services
    from training.models import Enrolment

    organiser = get_user_model().objects.get(email="organiser@example.com")
    cohort = create_cohort(sessions=8)
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"bench{n}@example.com", name=f"欧阳{'思齐明轩雨桐'[n % 6]}{n}")
        for n in range(count)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, user=user, motivation="…", status="accepted") for user in users
    )
    sessions = list(cohort.sessions.all())
    services.record_grid(
        cohort=cohort,
        by=organiser,
        present={(e.pk, s.pk) for e in enrolments for s in sessions},
        results={e.pk: ("88", True, "") for e in enrolments},
    )
    return cohort, organiser


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo", stdout=io.StringIO())
        from training import certificates, rendering
        from training.models import Certificate, CertificateTemplate, IssueRun

        template = CertificateTemplate.objects.get(name="成长营结业证书")
        facts = certificates.facts_of(Certificate.objects.filter(revoked_at__isnull=True).first())

        # Certificates rendered during load_demo warmed this process: time a fresh start
        # the only way possible, by resetting the cached font configuration and stylesheet.
        rendering.font_config.cache_clear()
        rendering.stylesheet.cache_clear()
        start = time.perf_counter()
        pdf = rendering.render_pdf(template=template, facts=facts)
        cold = time.perf_counter() - start
        timings = []
        for _ in range(30):
            start = time.perf_counter()
            pdf = rendering.render_pdf(template=template, facts=facts)
            timings.append(time.perf_counter() - start)
        print(f"render, cold (first in process): {cold:.3f} s")
        print(
            f"render, warm: median {statistics.median(timings):.3f} s "
            f"(min {min(timings):.3f}, max {max(timings):.3f}) over {len(timings)}"
        )
        print(f"PDF size: {len(pdf) / 1024:.1f} KB (seal, two signatures, QR, Chinese name)")

        cohort, organiser = cohort_of(args.count)
        run = IssueRun.objects.create(cohort=cohort, requested_by=organiser)
        start = time.perf_counter()
        certificates.run_bulk_issue(run.pk)
        total = time.perf_counter() - start
        run.refresh_from_db()
        sizes = [c.pdf.size for c in Certificate.objects.filter(cohort=cohort)]
        print(
            f"bulk issue: {run.issued} certificates issued (numbered, rendered, stored, "
            f"recorded) in {total:.1f} s, {total / max(run.issued, 1):.3f} s each; "
            f"PDF sizes {min(sizes) / 1024:.0f}–{max(sizes) / 1024:.0f} KB"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()

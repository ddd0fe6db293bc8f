"""The completion rule: who has earned a certificate, and if not, why. Reads only."""

import dataclasses

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from .models import Attendance, Certificate, Enrolment, Session


def trainees(cohort):
    """The cohort's accepted (and completed) enrolments, by name."""
    return (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.LIVE_STATUSES)
        .select_related("user")
        .order_by("user__name", "pk")
    )


@dataclasses.dataclass
class Result:
    """A trainee's standing against the cohort's completion rule."""

    enrolment: Enrolment
    attended: int
    sessions: int
    met: bool
    reasons: list
    certificate: Certificate | None = None

    @property
    def share(self):
        return 100 if not self.sessions else round(self.attended * 100 / self.sessions)


def evaluate(cohort, enrolment, attended, sessions):
    """Whether one enrolment meets the rule, and if not, why (in the reader's language).

    Attendance counts every session of the cohort; the share is compared in whole numbers
    (attended × 100 ≥ minimum × sessions) so 4 of 5 meets 80 % exactly. A cohort without
    sessions has nothing to attend. A passing result is needed only where the rule says so."""
    reasons = []
    if sessions and attended * 100 < cohort.min_attendance * sessions:
        reasons.append(
            _("attended %(attended)s of %(sessions)s sessions, %(minimum)s%% needed")
            % {"attended": attended, "sessions": sessions, "minimum": cohort.min_attendance}
        )
    if cohort.pass_required:
        if enrolment.passed is None:
            reasons.append(_("no assessment result yet"))
        elif not enrolment.passed:
            reasons.append(_("did not pass the assessment"))
    return Result(enrolment, attended, sessions, not reasons, reasons)


def cohort_progress(cohort):
    """Every trainee of the cohort against its completion rule, in three queries."""
    sessions = cohort.sessions.count()
    enrolments = list(trainees(cohort))
    present = dict.fromkeys((e.pk for e in enrolments), 0)
    for enrolment_id in Attendance.objects.filter(
        enrolment__in=enrolments, present=True, session__cohort=cohort
    ).values_list("enrolment_id", flat=True):
        present[enrolment_id] += 1
    certificates = {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)}
    results = []
    for enrolment in enrolments:
        result = evaluate(cohort, enrolment, present[enrolment.pk], sessions)
        result.certificate = certificates.get(enrolment.pk)
        results.append(result)
    return results


def progress_of(enrolment):
    """One enrolment against its cohort's rule."""
    return progress_for([enrolment])[enrolment.pk]


def progress_for(enrolments):
    """Several enrolments (with their cohorts loaded) against their cohorts' rules, in two
    queries: {enrolment id: Result}."""
    cohort_ids = {enrolment.cohort_id for enrolment in enrolments}
    sessions = dict(
        Session.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id")
        .annotate(count=Count("pk"))
        .values_list("cohort_id", "count")
    )
    attended = dict(
        Attendance.objects.filter(
            enrolment__in=enrolments, present=True, session__cohort_id=F("enrolment__cohort_id")
        )
        .values("enrolment_id")
        .annotate(count=Count("pk"))
        .values_list("enrolment_id", "count")
    )
    return {
        enrolment.pk: evaluate(
            enrolment.cohort,
            enrolment,
            attended.get(enrolment.pk, 0),
            sessions.get(enrolment.cohort_id, 0),
        )
        for enrolment in enrolments
    }


def due_enrolments(cohort):
    """Enrolments of the cohort that meet the rule and have no certificate yet."""
    return [
        result.enrolment
        for result in cohort_progress(cohort)
        if result.met and result.certificate is None
    ]

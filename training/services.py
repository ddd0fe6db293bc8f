"""Training operations that change state: applications and the decisions on them,
withdrawals, the attendance grid and results, and the start of a bulk certificate issue. Each
runs in one transaction, locks what it counts, logs who did it in Wagtail's log and sends its
messages after commit. Issuing and revoking certificates is in certificates.py; the completion
rule, which only reads, in completion.py."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.locking import lock_row

from . import emails, tasks
from .certificates import template_for
from .completion import due_enrolments, trainees
from .errors import AttendanceError, CertificateError, EnrolmentError
from .models import Attendance, CohortPage, Enrolment, IssueRun

# -- enrolment -------------------------------------------------------------------------------


def apply(*, cohort, user, motivation, today=None):
    """A signed-in person applies to a cohort that takes applications. One live enrolment per
    person and cohort (a withdrawn one may be followed by a new application)."""
    motivation = (motivation or "").strip()
    if not motivation:
        raise EnrolmentError(_("Please tell us briefly why you want to join."))
    if not cohort.accepting_applications(today):
        raise EnrolmentError(_("This cohort is not taking applications."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cohort=cohort, user=user, motivation=motivation[:1000]
            )
            log(enrolment, "training.applied", user=user)
    except IntegrityError:
        raise EnrolmentError(_("You have already applied to this cohort.")) from None
    emails.enrolment(enrolment, "applied")
    return enrolment


def _fee_description(cohort, language):
    with translation.override(language):
        title = cohort.title if language.startswith("zh") else (cohort.title_en or cohort.title)
        return str(_("Training fee: %(cohort)s") % {"cohort": title})


def charge_fee(enrolment, *, by=None, today=None):
    """The payment due for an accepted trainee at a cohort with a fee (None when it is free
    or already charged): due in PaymentSettings.fee_days, not after the cohort's first day.
    The payer is e-mailed how to pay."""
    from payments.models import Payment
    from payments.services import create_payment, payment_settings

    cohort = enrolment.cohort
    if not cohort.fee:
        return None
    if (
        Payment.objects.filter(enrolment=enrolment)
        .exclude(state__in=[Payment.State.CANCELLED, Payment.State.REFUNDED])
        .exists()
    ):
        return None
    today = today or timezone.localdate()
    due = max(
        today, min(today + datetime.timedelta(days=payment_settings().fee_days), cohort.starts)
    )
    user = enrolment.user
    return create_payment(
        purpose=Payment.Purpose.TRAINING,
        amount=cohort.fee,
        due_date=due,
        payer_name=user.get_full_name() or user.email,
        description=_fee_description(cohort, "zh-hans"),
        description_en=_fee_description(cohort, "en"),
        user=user,
        by=by,
        enrolment=enrolment,
    )


DECISIONS = {
    "accept": Enrolment.Status.ACCEPTED,
    "waitlist": Enrolment.Status.WAITLISTED,
    "reject": Enrolment.Status.REJECTED,
}


def decide_enrolment(*, enrolment, decision, by, note="", today=None):
    """Accepts, waitlists or rejects an application (a waitlisted one can later be accepted).
    Accepting checks the cohort's places under a lock on the cohort, and at a cohort with a
    fee creates the trainee's payment due (charge_fee); the trainee is e-mailed."""
    status = DECISIONS.get(decision)
    if status is None:
        raise EnrolmentError(_("Choose accept, waitlist or reject."))
    with transaction.atomic():
        lock_row(CohortPage, enrolment.cohort_id)
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("cohort", "user")
            .get(pk=enrolment.pk)
        )
        if enrolment.status not in (Enrolment.Status.APPLIED, Enrolment.Status.WAITLISTED):
            raise EnrolmentError(
                _("This application has already been decided: %(status)s.")
                % {"status": enrolment.get_status_display()}
            )
        if status == Enrolment.Status.REJECTED and not note.strip():
            raise EnrolmentError(_("Give the applicant a reason."))
        capacity = enrolment.cohort.capacity
        if status == Enrolment.Status.ACCEPTED and capacity is not None:
            taken = Enrolment.objects.filter(
                cohort_id=enrolment.cohort_id, status__in=Enrolment.LIVE_STATUSES
            ).count()
            if taken >= capacity:
                raise EnrolmentError(
                    _("All %(capacity)s places are taken: waitlist the applicant instead.")
                    % {"capacity": capacity}
                )
        enrolment.status = status
        enrolment.decided_at = timezone.now()
        enrolment.decided_by = by
        enrolment.decision_note = note.strip()
        enrolment.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        log(enrolment, f"training.{status}", user=by, data={"note": enrolment.decision_note})
        if status == Enrolment.Status.ACCEPTED:
            charge_fee(enrolment, by=by, today=today)
    emails.enrolment(enrolment, status)
    return enrolment


def withdraw(*, enrolment, by, today=None):
    """The trainee withdraws, until the cohort starts. An open fee with nothing received is
    cancelled; one partly paid is reduced to what was received, for organisers to refund
    (events.services.close_payment). The payment rows are locked first, as payments.services
    locks them before anything they pay for."""
    from events.services import close_payment
    from payments.models import Payment

    with transaction.atomic():
        open_fees = list(Payment.objects.open().filter(enrolment_id=enrolment.pk).order_by("pk"))
        for payment in open_fees:
            lock_row(Payment, payment.pk)
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("cohort")
            .get(pk=enrolment.pk)
        )
        if not enrolment.can_withdraw(today):
            raise EnrolmentError(_("You can no longer withdraw from this cohort."))
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = timezone.now()
        enrolment.save(update_fields=["status", "withdrawn_at"])
        log(enrolment, "training.withdrawn", user=by)
        for payment in open_fees:
            close_payment(payment, by=by, reason=str(_("Withdrew from the cohort")))
    return enrolment


# -- attendance and results ------------------------------------------------------------------


def parse_score(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        score = Decimal(value)
    except ArithmeticError:
        raise AttendanceError(_("Scores are numbers from 0 to 100, e.g. 86.5.")) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise AttendanceError(_("Scores are numbers from 0 to 100, e.g. 86.5."))
    return score.quantize(Decimal("0.1"))


def grid_differs(*, cohort, present, results, enrolment_ids=None, session_ids=None):
    """Whether the grid as posted says anything the stored marks and results do not (only
    the trainees and sessions the form showed). Reads only."""
    enrolments = {
        e.pk: e for e in trainees(cohort) if enrolment_ids is None or e.pk in enrolment_ids
    }
    sessions = [
        pk
        for pk in cohort.sessions.values_list("pk", flat=True)
        if session_ids is None or pk in session_ids
    ]
    stored = set(
        Attendance.objects.filter(
            enrolment_id__in=enrolments, session_id__in=sessions, present=True
        ).values_list("enrolment_id", "session_id")
    )
    shown = {(e, s) for (e, s) in present if e in enrolments and s in sessions}
    if shown != stored:
        return True
    for enrolment_id, (score, passed, comment) in results.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            continue
        try:
            score = parse_score(score)
        except AttendanceError:
            return True
        if (score, passed, (comment or "").strip()[:300]) != (
            enrolment.score,
            enrolment.passed,
            enrolment.result_comment,
        ):
            return True
    return False


def record_grid(*, cohort, by, present, results, enrolment_ids=None, session_ids=None):
    """Saves the attendance grid and the results in one transaction.

    `present`: the set of (enrolment id, session id) pairs ticked; every other pair of the
    cohort is recorded absent. `results`: {enrolment id: (score text, passed True/False/None,
    comment)}. Raises AttendanceError, saving nothing, if a score is not a number 0–100."""
    enrolments = {
        e.pk: e for e in trainees(cohort) if enrolment_ids is None or e.pk in enrolment_ids
    }
    session_ids = [
        pk
        for pk in cohort.sessions.values_list("pk", flat=True)
        if session_ids is None or pk in session_ids
    ]
    parsed = {}
    for enrolment_id, (score, passed, comment) in results.items():
        if enrolment_id in enrolments:
            try:
                parsed[enrolment_id] = (parse_score(score), passed, (comment or "").strip()[:300])
            except AttendanceError as error:
                name = enrolments[enrolment_id].user.name
                raise AttendanceError(f"{name}: {error.message}") from None
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (a.enrolment_id, a.session_id): a
            for a in Attendance.objects.select_for_update().filter(
                enrolment_id__in=enrolments, session_id__in=session_ids
            )
        }
        changed_marks, new_marks = [], []
        for enrolment_id in enrolments:
            for session_id in session_ids:
                mark = (enrolment_id, session_id) in present
                record = existing.get((enrolment_id, session_id))
                if record is None:
                    new_marks.append(
                        Attendance(
                            enrolment_id=enrolment_id,
                            session_id=session_id,
                            present=mark,
                            marked_at=now,
                            marked_by=by,
                        )
                    )
                elif record.present != mark:
                    record.present, record.marked_at, record.marked_by = mark, now, by
                    changed_marks.append(record)
        Attendance.objects.bulk_create(new_marks)
        Attendance.objects.bulk_update(changed_marks, ["present", "marked_at", "marked_by"])
        changed_results = []
        for enrolment_id, (score, passed, comment) in parsed.items():
            enrolment = enrolments[enrolment_id]
            if (enrolment.score, enrolment.passed, enrolment.result_comment) != (
                score,
                passed,
                comment,
            ):
                enrolment.score, enrolment.passed, enrolment.result_comment = (
                    score,
                    passed,
                    comment,
                )
                changed_results.append(enrolment)
        Enrolment.objects.bulk_update(changed_results, ["score", "passed", "result_comment"])
        log(
            cohort,
            "training.attendance",
            user=by,
            data={
                "marks_changed": len(changed_marks) + sum(m.present for m in new_marks),
                "results_changed": [e.user.name for e in changed_results],
            },
        )
    return len(changed_marks) + len(new_marks), len(changed_results)


# -- bulk certificate issue ------------------------------------------------------------------


STALE_AFTER = datetime.timedelta(minutes=10)


def start_bulk_issue(*, cohort, by):
    """Queues the issue of every due certificate of the cohort as a background task and
    returns the run whose progress the admin shows. Refuses while a run is still going."""
    with transaction.atomic():
        lock_row(CohortPage, cohort.pk)
        going = IssueRun.objects.filter(
            cohort=cohort, status__in=[IssueRun.Status.QUEUED, IssueRun.Status.RUNNING]
        )
        # A run that has made no progress for a while died with its worker: give it up.
        going.filter(updated_at__lt=timezone.now() - STALE_AFTER).update(
            status=IssueRun.Status.FAILED,
            error=str(_("Stopped: no progress for 10 minutes.")),
            finished_at=timezone.now(),
        )
        if going.exists():
            raise CertificateError(_("Certificates for this cohort are being issued already."))
        template_for(cohort.programme)
        run = IssueRun.objects.create(
            cohort=cohort, requested_by=by, total=len(due_enrolments(cohort))
        )
        log(cohort, "training.bulk_issue", user=by, data={"due": run.total})
    transaction.on_commit(lambda: tasks.issue_due_certificates.enqueue(run.pk))
    return run

"""Training operations: enrolment decisions, attendance and results, the completion rule, and
issuing, re-rendering and revoking certificates. Each runs in one transaction, locks what it
counts, logs who did it in Wagtail's log and sends mail after commit."""

import contextlib
import dataclasses
import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from members.services import site_url

from . import rendering, tasks
from .models import (
    Attendance,
    Certificate,
    CertificateTemplate,
    CohortPage,
    Enrolment,
    IssueRun,
    ProgrammePage,
    Session,
)

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A training operation refused, with a message for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Organisers' permission: decide enrolments, mark attendance, issue and revoke certificates.
MANAGE_TRAINING = "training.change_enrolment"


def manages_training(user):
    return user.is_authenticated and user.has_perm(MANAGE_TRAINING)


# -- enrolment -------------------------------------------------------------------------------


def apply(*, cohort, user, motivation, today=None):
    """A signed-in person applies to a cohort that takes applications. One live enrolment per
    person and cohort (a withdrawn one may be followed by a new application)."""
    motivation = (motivation or "").strip()
    if not motivation:
        raise CertificateError(_("Please tell us briefly why you want to join."))
    if not cohort.accepting_applications(today):
        raise CertificateError(_("This cohort is not taking applications."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cohort=cohort, user=user, motivation=motivation[:1000]
            )
            log(enrolment, "training.applied", user=user)
    except IntegrityError:
        raise CertificateError(_("You have already applied to this cohort.")) from None
    transaction.on_commit(lambda: tasks.send_enrolment_mail.enqueue(enrolment.pk, "applied"))
    return enrolment


DECISIONS = {
    "accept": Enrolment.Status.ACCEPTED,
    "waitlist": Enrolment.Status.WAITLISTED,
    "reject": Enrolment.Status.REJECTED,
}


def decide_enrolment(*, enrolment, decision, by, note=""):
    """Accepts, waitlists or rejects an application (a waitlisted one can later be accepted).
    Accepting checks the cohort's places under a lock on the cohort; the trainee is e-mailed."""
    status = DECISIONS.get(decision)
    if status is None:
        raise CertificateError(_("Choose accept, waitlist or reject."))
    with transaction.atomic():
        CohortPage.objects.select_for_update(of=("self",)).filter(
            pk=enrolment.cohort_id
        ).values_list("pk").get()
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("cohort", "user")
            .get(pk=enrolment.pk)
        )
        if enrolment.status not in (Enrolment.Status.APPLIED, Enrolment.Status.WAITLISTED):
            raise CertificateError(
                _("This application has already been decided: %(status)s.")
                % {"status": enrolment.get_status_display()}
            )
        if status == Enrolment.Status.REJECTED and not note.strip():
            raise CertificateError(_("Give the applicant a reason."))
        capacity = enrolment.cohort.capacity
        if status == Enrolment.Status.ACCEPTED and capacity is not None:
            taken = Enrolment.objects.filter(
                cohort_id=enrolment.cohort_id, status__in=Enrolment.LIVE_STATUSES
            ).count()
            if taken >= capacity:
                raise CertificateError(
                    _("All %(capacity)s places are taken: waitlist the applicant instead.")
                    % {"capacity": capacity}
                )
        enrolment.status = status
        enrolment.decided_at = timezone.now()
        enrolment.decided_by = by
        enrolment.decision_note = note.strip()
        enrolment.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        log(enrolment, f"training.{status}", user=by, data={"note": enrolment.decision_note})
    transaction.on_commit(lambda: tasks.send_enrolment_mail.enqueue(enrolment.pk, status))
    return enrolment


def withdraw(*, enrolment, by, today=None):
    """The trainee withdraws, until the cohort starts."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("cohort")
            .get(pk=enrolment.pk)
        )
        if not enrolment.can_withdraw(today):
            raise CertificateError(_("You can no longer withdraw from this cohort."))
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = timezone.now()
        enrolment.save(update_fields=["status", "withdrawn_at"])
        log(enrolment, "training.withdrawn", user=by)
    return enrolment


# -- attendance, results and the completion rule ---------------------------------------------


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


def parse_score(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        score = Decimal(value)
    except ArithmeticError:
        raise CertificateError(_("Scores are numbers from 0 to 100, e.g. 86.5.")) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise CertificateError(_("Scores are numbers from 0 to 100, e.g. 86.5."))
    return score.quantize(Decimal("0.1"))


def record_grid(*, cohort, by, present, results, enrolment_ids=None, session_ids=None):
    """Saves the attendance grid and the results in one transaction.

    `present`: the set of (enrolment id, session id) pairs ticked; every other pair of the
    cohort is recorded absent. `results`: {enrolment id: (score text, passed True/False/None,
    comment)}. Raises CertificateError, saving nothing, if a score is not a number 0–100."""
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
            except CertificateError as error:
                name = enrolments[enrolment_id].user.name
                raise CertificateError(f"{name}: {error.message}") from None
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


# -- certificates ----------------------------------------------------------------------------


def template_for(programme):
    template = programme.certificate_template or CertificateTemplate.objects.order_by("pk").first()
    if template is None:
        raise CertificateError(_("Create a certificate template first (Training → Templates)."))
    return template


def verify_url(certificate):
    """The verification page in the default language (Chinese), whoever issues."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url(reverse("training:verify", args=[certificate.code]))


def facts_of(certificate):
    return {
        "holder_name": certificate.holder_name,
        "serial": certificate.serial,
        "verify_url": verify_url(certificate),
        "programme": certificate.programme_title,
        "programme_en": certificate.programme_title_en,
        "cohort": certificate.cohort_title,
        "cohort_en": certificate.cohort_title_en,
        "starts": certificate.cohort_starts,
        "ends": certificate.cohort_ends,
        "issued": timezone.localdate(certificate.issued_at),
    }


def render(certificate, template):
    """Renders and stores the certificate's PDF (replacing any earlier file)."""
    pdf = rendering.render_pdf(template=template, facts=facts_of(certificate))
    old_name = certificate.pdf.name
    certificate.pdf.save(
        f"{certificate.serial}-{certificate.download_key[:12]}.pdf", ContentFile(pdf), save=False
    )
    certificate.rendered_at = timezone.now()
    certificate.template = template
    certificate.template_version = template.updated_at
    if old_name and old_name != certificate.pdf.name:
        transaction.on_commit(lambda: certificate.pdf.storage.delete(old_name))
    return pdf


@contextlib.contextmanager
def removing_new_file_on_error(certificate):
    """The PDF is written to storage before the transaction commits: if it then rolls back,
    the new file is deleted, so no personal data stays behind without a record."""
    before = certificate.pdf.name
    try:
        yield
    except BaseException:
        if certificate.pdf.name and certificate.pdf.name != before:
            certificate.pdf.storage.delete(certificate.pdf.name)
        raise


def lock_programme(programme_id):
    ProgrammePage.objects.select_for_update(of=("self",)).filter(pk=programme_id).values_list(
        "pk"
    ).get()


def issue_certificate(*, enrolment, by, now=None, mail=True):
    """Issues the certificate an enrolment has earned, or returns the one it already has.

    Locks the programme's row while it numbers the certificate, so serial numbers are unique
    and run without gaps per programme and year across any number of workers; renders and
    stores the PDF inside the same transaction (a failure leaves no certificate and no
    number used); marks the enrolment completed; e-mails the trainee after commit.
    Raises CertificateError when the completion rule is not met."""
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("cohort", "user")
            .get(pk=enrolment.pk)
        )
        existing = Certificate.objects.filter(enrolment=enrolment).first()
        if existing:
            return existing, False
        if enrolment.status not in Enrolment.LIVE_STATUSES:
            raise CertificateError(_("Only accepted trainees can be given a certificate."))
        result = progress_of(enrolment)
        if not result.met:
            raise CertificateError(
                _("%(name)s has not met the completion rule: %(reasons)s.")
                % {"name": enrolment.user.name, "reasons": "; ".join(map(str, result.reasons))}
            )
        if not enrolment.user.name.strip():
            raise CertificateError(
                _("%(email)s has no name in their account: add it before issuing.")
                % {"email": enrolment.user.email}
            )
        cohort = enrolment.cohort
        programme = cohort.programme
        template = template_for(programme)
        lock_programme(programme.pk)
        year = timezone.localtime(now).year
        number = (
            Certificate.objects.filter(programme=programme, year=year).aggregate(Max("number"))[
                "number__max"
            ]
            or 0
        ) + 1
        certificate = Certificate(
            enrolment=enrolment,
            programme=programme,
            cohort=cohort,
            year=year,
            number=number,
            serial=f"{programme.serial_prefix}-{year}-{number:04d}",
            holder_name=enrolment.user.name.strip(),
            programme_title=programme.title,
            programme_title_en=programme.title_en,
            cohort_title=cohort.title,
            cohort_title_en=cohort.title_en,
            cohort_starts=cohort.starts,
            cohort_ends=cohort.ends,
            issued_at=now,
            issued_by=by,
        )
        with removing_new_file_on_error(certificate):
            render(certificate, template)
            certificate.save()
            enrolment.status = Enrolment.Status.COMPLETED
            enrolment.save(update_fields=["status"])
            log(certificate, "training.issued", user=by, data={"serial": certificate.serial})
        if mail:
            transaction.on_commit(lambda: tasks.send_certificate_mail.enqueue(certificate.pk))
    return certificate, True


def due_enrolments(cohort):
    """Enrolments of the cohort that meet the rule and have no certificate yet."""
    return [
        result.enrolment
        for result in cohort_progress(cohort)
        if result.met and result.certificate is None
    ]


STALE_AFTER = datetime.timedelta(minutes=10)


def start_bulk_issue(*, cohort, by):
    """Queues the issue of every due certificate of the cohort as a background task and
    returns the run whose progress the admin shows. Refuses while a run is still going."""
    with transaction.atomic():
        CohortPage.objects.select_for_update(of=("self",)).filter(pk=cohort.pk).values_list(
            "pk"
        ).get()
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


def run_bulk_issue(run_id):
    """The task's body: issues each due certificate in its own transaction, counting progress
    on the run. A crash leaves every certificate already issued whole and the rest for the
    next run; running it again never issues a second certificate for anyone."""
    run = IssueRun.objects.select_related("cohort", "requested_by").get(pk=run_id)
    # Claimed by one conditional update: a task delivered twice runs once.
    claimed = IssueRun.objects.filter(pk=run.pk, status=IssueRun.Status.QUEUED).update(
        status=IssueRun.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return run
    due = due_enrolments(run.cohort)
    IssueRun.objects.filter(pk=run.pk).update(total=len(due))
    issued = 0
    try:
        for enrolment in due:
            try:
                _certificate, created = issue_certificate(enrolment=enrolment, by=run.requested_by)
            except CertificateError as error:  # the record changed since the run was queued
                logger.info("Skipped %s: %s", enrolment, error.message)
                continue
            issued += created
            IssueRun.objects.filter(pk=run.pk).update(issued=issued, updated_at=timezone.now())
    except Exception as error:
        IssueRun.objects.filter(pk=run.pk).update(
            status=IssueRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    IssueRun.objects.filter(pk=run.pk).update(
        status=IssueRun.Status.DONE, issued=issued, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def revoke_certificate(*, certificate, by, reason):
    """Revokes a certificate with a reason the verification page shows; it stays verifiable."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
        if certificate.is_revoked:
            raise CertificateError(_("This certificate has already been revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revocation_reason = reason[:300]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        log(
            certificate, "training.revoked", user=by, data={"reason": certificate.revocation_reason}
        )
    return certificate


def rerender_certificate(*, certificate, by):
    """Renders the stored PDF again with the programme's current template (after an
    organiser changed it); number, code and dates stay as issued."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
        with removing_new_file_on_error(certificate):
            render(certificate, template_for(certificate.programme))
            certificate.save(update_fields=["pdf", "rendered_at", "template", "template_version"])
        log(certificate, "training.rerendered", user=by)
    return certificate


def is_outdated(certificate, template):
    """Whether the programme's template (another one, or changed since) differs from the one
    the stored PDF was rendered with."""
    return (
        certificate.template_id != template.pk
        or certificate.template_version is None
        or certificate.template_version < template.updated_at
    )


def find_certificate(*, serial, name):
    """The certificate with this number whose holder's name matches (spaces ignored)."""
    serial = (serial or "").strip().upper()
    name = "".join((name or "").split())
    if not serial or not name:
        return None
    certificate = Certificate.objects.filter(serial=serial).first()
    if certificate and "".join(certificate.holder_name.split()).casefold() == name.casefold():
        return certificate
    return None


# -- mail ------------------------------------------------------------------------------------


def send_enrolment_mail(enrolment, event):
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    user = enrolment.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "event": event,
            "dashboard_url": site_url(reverse("dashboard")),
            "cohort_url": site_url(enrolment.cohort.url or "/"),
        }
        subject = render_to_string("training/email/enrolment_subject.txt", context).strip()
        body = render_to_string("training/email/enrolment_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_certificate_mail(certificate):
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    user = certificate.enrolment.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "dashboard_url": site_url(reverse("dashboard")),
            "verify_url": site_url(reverse("training:verify", args=[certificate.code])),
        }
        subject = render_to_string("training/email/certificate_subject.txt", context).strip()
        body = render_to_string("training/email/certificate_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def sessions_calendar_entries(now=None):
    """Upcoming sessions of published cohorts, for the public events feed."""
    from .models import Session

    now = now or timezone.now()
    cohorts = CohortPage.objects.live().public().values_list("pk", flat=True)
    entries = []
    for session in Session.objects.filter(cohort_id__in=cohorts, end__gte=now).select_related(
        "cohort"
    ):
        entries.append(
            {
                "uid": f"training-session-{session.pk}@alliance-portal",
                "summary": f"{session.cohort.display_title} · {session.display_topic}",
                "start": session.start,
                "end": session.end,
                "location": session.display_place or session.cohort.display_place,
                "description": session.display_teacher,
                "url": session.cohort.url or "/",
            }
        )
    return entries

"""Certificates: issued one at a time or in bulk by the worker, rendered once and stored,
re-rendered after a template change, revoked with a reason, found by number and name.

Numbers are unique and run without gaps per programme and year: the programme's row is locked
while a certificate is numbered, in any number of processes."""

import contextlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cms.links import site_url
from cms.locking import lock_row

from . import emails, rendering
from .completion import due_enrolments, progress_of
from .errors import CertificateError
from .models import Certificate, CertificateTemplate, Enrolment, IssueRun, ProgrammePage

logger = logging.getLogger(__name__)


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
        lock_row(ProgrammePage, programme.pk)
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
            emails.certificate(certificate)
    return certificate, True


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

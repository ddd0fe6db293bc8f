"""The mail server is down: the action completes, and the task worker sends the mail later."""

import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events import services as events
from members import services as members
from training import certificates as training

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def worker_queue(settings, monkeypatch):
    """Production's set-up: tasks wait in the database for the worker; SMTP is down."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}.MailServerDown"
    # The worker runs here inside the test's transaction: it must not close the connection it
    # shares with the test, as a worker process of its own rightly does between tasks.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def work():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return work


def deliver_retries(settings, work):
    """The mail server is back and the retry's time has come."""
    settings.EMAIL_BACKEND = LOCMEM
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    work()


def test_registration_completes_and_its_mail_is_retried(
    settings, worker_queue, make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    (person,) = people(1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = events.register(event=event, user=person)
    assert registration.status == "confirmed"
    worker_queue()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert mailoutbox == []
    deliver_retries(settings, worker_queue)
    assert [message.to for message in mailoutbox] == [[person.email]]
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_approval_completes_and_its_mail_is_retried(
    settings, worker_queue, organiser, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from members.models import Industry, MembershipApplication, SecretariatPage

    applicant = make_user(email="applicant@example.com", name="申请人")
    application = members.submit_application(
        applicant=applicant,
        organisation_name="岳阳测试电商有限公司",
        industry=Industry.objects.first(),
        city="岳阳楼区",
        secretariat=SecretariatPage.objects.first(),
        applicant_name="申请人",
        applicant_phone="13800000000",
    )
    worker_queue()  # the organisers' notice, if any, fails too
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        members.approve_application(application=application, by=organiser)
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    worker_queue()
    assert mailoutbox == []
    deliver_retries(settings, worker_queue)
    assert [applicant.email] in [message.to for message in mailoutbox]


def test_certificate_issue_completes_and_its_mail_is_retried(
    settings,
    worker_queue,
    make_cohort,
    enrol,
    complete,
    organiser,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    cohort = make_cohort()
    enrolment = enrol(cohort)
    complete(cohort, [enrolment])
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = training.issue_certificate(enrolment=enrolment, by=organiser)
    assert certificate.pdf
    worker_queue()
    assert mailoutbox == []
    deliver_retries(settings, worker_queue)
    assert [message.to for message in mailoutbox] == [[enrolment.user.email]]


def test_after_the_last_retry_the_task_fails_for_good(settings, worker_queue):
    from cms.messaging import RETRY_DELAYS, deliver_message

    deliver_message.enqueue(
        "email",
        "someone@example.com",
        {"subject": "主题", "body": "正文"},
        attempt=len(RETRY_DELAYS) + 1,
    )
    worker_queue()
    assert DBTaskResult.objects.get().status == "FAILED"

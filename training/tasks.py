"""Background work of the training app (django-tasks): the bulk certificate issue, run at
once by the immediate backend in development and tests, by a worker in production. (Its mail
goes through cms.messaging's own task.)"""

from django_tasks import task

from . import certificates


@task()
def issue_due_certificates(run_id):
    certificates.run_bulk_issue(run_id)


# Task names of earlier releases, kept so that mail a worker still holds is sent after an
# upgrade (new code sends through cms.messaging, training/emails.py). Remove in the release
# after next.


@task()
def send_enrolment_mail(enrolment_id, event, attempt=1):
    from . import emails
    from .models import Enrolment

    emails.enrolment(Enrolment.objects.select_related("cohort", "user").get(pk=enrolment_id), event)


@task()
def send_certificate_mail(certificate_id, attempt=1):
    from . import emails
    from .models import Certificate

    emails.certificate(Certificate.objects.select_related("enrolment__user").get(pk=certificate_id))

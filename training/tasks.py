"""Background work of the training app (django-tasks): the bulk certificate issue and mail,
run at once by the immediate backend in development and tests, by a worker in production."""

from django_tasks import task

from cms.tasks import mail_task


@task()
def issue_due_certificates(run_id):
    from . import services

    services.run_bulk_issue(run_id)


@mail_task
def send_enrolment_mail(enrolment_id, event):
    from . import services
    from .models import Enrolment

    enrolment = Enrolment.objects.select_related("cohort", "user").get(pk=enrolment_id)
    services.send_enrolment_mail(enrolment, event)


@mail_task
def send_certificate_mail(certificate_id):
    from . import services
    from .models import Certificate

    certificate = Certificate.objects.select_related("enrolment__user").get(pk=certificate_id)
    services.send_certificate_mail(certificate)

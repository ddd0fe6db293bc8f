"""Background work of the events app, through django-tasks (the framework Wagtail uses): run
at once by the immediate backend in development and tests, by a worker in production, so a
registration never waits for the mail server."""

from cms.tasks import mail_task


@mail_task
def send_registration_mail(registration_id, promoted=False):
    from . import services
    from .models import Registration

    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    services.send_registration_mail(registration, promoted=promoted)


@mail_task
def send_booth_mail(application_id):
    from . import services
    from .models import BoothApplication

    application = BoothApplication.objects.select_related("event", "organisation", "applicant")
    services.send_booth_mail(application.get(pk=application_id))

"""Task names of earlier releases, kept so that mail a worker still holds is sent after an
upgrade (new code sends through cms.messaging, events/emails.py). Remove in the release after
next."""

from django_tasks import task

from . import emails
from .models import BoothApplication, Registration


@task()
def send_registration_mail(registration_id, promoted=False, attempt=1):
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    emails.registration(registration, promoted=promoted)


@task()
def send_booth_mail(application_id, attempt=1):
    emails.booths(BoothApplication.objects.select_related("event").get(pk=application_id))

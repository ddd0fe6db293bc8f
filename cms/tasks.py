"""Task names of earlier releases, kept so that messages a worker still holds (queued, or
waiting to be retried after a mail server outage) are delivered after an upgrade. New code
sends through cms.messaging. Remove in the release after next."""

from django_tasks import task

from .messaging import deliver_message


@task()
def send_plain_mail(subject, body, to, attempt=1):
    for address in to:
        deliver_message.call("email", address, {"subject": subject, "body": body}, attempt=attempt)

"""Mail through the task worker, retried while the mail server is down.

A registration, an approval or a certificate issue commits first and queues its mail; the
worker sends it. If the SMTP server refuses or cannot be reached, the task queues itself again
after a growing delay (1 min, 5 min, 15 min, 1 h, 3 h) on backends that can defer work (the
database queue in production), so the person's action never fails for the mail's sake. The
immediate backend of development and tests cannot defer: there a failed mail is logged."""

import datetime
import functools
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600]  # seconds before attempts 2, 3, …
MAIL_ERRORS = (smtplib.SMTPException, socket.error, OSError)


def mail_task(function):
    """Makes `function(*args, **kwargs)` a task that sends mail and retries it later when the
    mail server fails. The task takes one more keyword, `attempt`."""

    @functools.wraps(function)
    def run(*args, attempt=1, **kwargs):
        try:
            function(*args, **kwargs)
        except MAIL_ERRORS as error:
            retried = retry_later(queued, attempt, args, kwargs)
            logger.warning(
                "Mail task %s failed (attempt %s): %s; %s",
                function.__qualname__,
                attempt,
                error,
                "queued again" if retried else "giving up",
            )
            if not retried:
                raise

    queued = task()(run)
    return queued


def retry_later(queued, attempt, args, kwargs):
    if attempt > len(RETRY_DELAYS) or not queued.get_backend().supports_defer:
        return False
    run_after = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
    queued.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


@mail_task
def send_plain_mail(subject, body, to):
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)

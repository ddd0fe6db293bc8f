"""One path for every message the portal sends.

A service calls `send_message(to=…, template="<app>/<name>", context=…)` inside its
transaction. Once the transaction commits, the message is rendered in each recipient's own
language for every channel the recipient can be reached by, and queued through the task
worker; the worker delivers it and, when the provider is down (the SMTP server refuses or
cannot be reached), queues it again after a growing delay (1 min, 5 min, 15 min, 1 h, 3 h) on
backends that can defer work (the database queue in production). The person's action never
fails for the mail's sake. The immediate backend of development and tests cannot defer: there a
failed delivery is logged and raised.

A channel renders templates of its own beside the app: e-mail renders
`<app>/email/<name>_subject.txt` and `<app>/email/<name>_body.txt`. Further channels (SMS,
notices) register with `register_channel` and render their own templates
(`<app>/sms/<name>.txt`, …); a message goes through a channel only when the recipient has an
address on it and the app wrote a template for it.
"""

import dataclasses
import datetime
import html
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600]  # seconds before attempts 2, 3, …


@dataclasses.dataclass(frozen=True)
class Recipient:
    """Someone a message goes to, with the addresses they can be reached at and their
    language."""

    email: str = ""
    phone: str = ""
    language: str = ""
    name: str = ""

    @classmethod
    def of(cls, person, **overrides):
        """A user account (or anything with email/language/name) as a recipient."""
        values = {
            "email": getattr(person, "email", "") or "",
            "phone": str(getattr(person, "phone", "") or ""),
            "language": getattr(person, "language", "") or "",
            "name": getattr(person, "name", "")
            or (person.get_full_name() if hasattr(person, "get_full_name") else "")
            or "",
        }
        values.update(overrides)
        return cls(**values)

    @property
    def display_language(self):
        return self.language or settings.LANGUAGE_CODE


class Channel:
    """A way of reaching people. Subclasses name themselves, say which recipient address they
    use, render a message from their templates and deliver a rendered one."""

    name = ""
    # Errors of a provider that is down for now: the delivery is tried again later.
    transient_errors = ()

    def address(self, recipient):
        raise NotImplementedError

    def render(self, template, context):
        """The message as a JSON-able dict, or None when the app has no template for this
        channel."""
        raise NotImplementedError

    def deliver(self, address, payload):
        raise NotImplementedError


class EmailChannel(Channel):
    name = "email"
    transient_errors = (smtplib.SMTPException, socket.error, OSError)

    def address(self, recipient):
        return recipient.email

    def template_names(self, template):
        app, name = template.split("/", 1)
        return f"{app}/email/{name}_subject.txt", f"{app}/email/{name}_body.txt"

    def render(self, template, context):
        subject_name, body_name = self.template_names(template)
        try:
            get_template(body_name)
        except TemplateDoesNotExist:
            return None
        return {
            # A subject is plain text: what the template escaped for HTML is put back.
            "subject": html.unescape(" ".join(render_to_string(subject_name, context).split())),
            "body": render_to_string(body_name, context),
        }

    def deliver(self, address, payload):
        message = EmailMultiAlternatives(
            payload["subject"], payload["body"], settings.DEFAULT_FROM_EMAIL, [address]
        )
        if payload.get("html"):
            message.attach_alternative(payload["html"], "text/html")
        for filename, content, mimetype in payload.get("attachments", ()):
            message.attach(filename, content, mimetype)
        message.send()


CHANNELS = {}


def register_channel(channel):
    CHANNELS[channel.name] = channel
    return channel


register_channel(EmailChannel())


def send_message(*, to, template, context=None, attachments=None, channels=None):
    """Sends the message `template` (`"<app>/<name>"`) to each recipient (a Recipient, a user
    account, or a list of them) after the surrounding transaction commits.

    `context` is a dict, or a function of the recipient returning one (for what depends on the
    reader, such as links in their language); it is rendered with the recipient's language
    active. `attachments`: a function of the recipient returning [(filename, text, mimetype)],
    called for e-mail only. `channels`: the channel names to try (all registered ones by
    default). Returns nothing: a message is never part of the operation's result, and a
    rolled-back operation sends nothing."""
    recipients = [
        item if isinstance(item, Recipient) else Recipient.of(item)
        for item in (to if isinstance(to, list | tuple) else [to])
    ]
    names = list(channels or CHANNELS)

    def queue():
        for recipient in recipients:
            for name in names:
                channel = CHANNELS[name]
                address = channel.address(recipient)
                if not address:
                    continue
                with translation.override(recipient.display_language):
                    values = context(recipient) if callable(context) else dict(context or {})
                    values.setdefault("recipient", recipient)
                    payload = channel.render(template, values)
                    if payload is None:
                        continue
                    if name == EmailChannel.name and attachments:
                        payload["attachments"] = [list(item) for item in attachments(recipient)]
                deliver_message.enqueue(name, address, payload, template=template)

    # Robust: a message that fails to render is logged and leaves the operation (already
    # committed) and the other after-commit work alone.
    transaction.on_commit(queue, robust=True)


def send_rendered(*, channel, address, payload, template=""):
    """Queues a message rendered elsewhere (allauth's account mails, rendered by its adapter)
    through the same worker and retries. At once: allauth's flows send their mail (codes,
    links) after saving what it refers to, outside any transaction of ours."""
    deliver_message.enqueue(channel, address, payload, template=template)


@task()
def deliver_message(channel_name, address, payload, template="", attempt=1):
    """The worker's part: one message through one channel, queued again while the provider
    is down."""
    channel = CHANNELS[channel_name]
    try:
        channel.deliver(address, payload)
    except channel.transient_errors as error:
        retried = _retry_later(channel_name, address, payload, template, attempt)
        logger.warning(
            "Message %s by %s failed (attempt %s): %s; %s",
            template or "?",
            channel_name,
            attempt,
            error,
            "queued again" if retried else "giving up",
        )
        if not retried:
            raise


def _retry_later(channel_name, address, payload, template, attempt):
    if attempt > len(RETRY_DELAYS) or not deliver_message.get_backend().supports_defer:
        return False
    run_after = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
    deliver_message.using(run_after=run_after).enqueue(
        channel_name, address, payload, template=template, attempt=attempt + 1
    )
    return True

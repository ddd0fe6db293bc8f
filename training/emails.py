"""The messages training operations send, through the portal's one message path
(cms.messaging): queued after the operation commits, in the trainee's language. Templates:
training/email/<name>_subject.txt and _body.txt."""

from django.urls import reverse

from cms.links import site_url, url_in
from cms.messaging import Recipient, send_message


def enrolment(enrolment, event):
    """`event`: what happened to the application (applied, accepted, waitlisted, rejected)."""
    send_message(
        to=Recipient.of(enrolment.user),
        template="training/enrolment",
        context=lambda recipient: {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "event": event,
            "dashboard_url": url_in(recipient.language, "dashboard"),
            "cohort_url": site_url(enrolment.cohort.url or "/", recipient.language),
        },
    )


def certificate(certificate):
    send_message(
        to=Recipient.of(certificate.enrolment.user),
        template="training/certificate",
        context=lambda recipient: {
            "certificate": certificate,
            "dashboard_url": url_in(recipient.language, "dashboard"),
            "verify_url": site_url(
                reverse("training:verify", args=[certificate.code]), recipient.language
            ),
        },
    )

"""The messages membership operations send, through the portal's one message path
(cms.messaging): each is queued after the operation commits and written in the reader's
language. Templates: members/email/<name>_subject.txt and _body.txt."""

from django.contrib.auth import get_user_model
from django.utils import translation

from cms.links import url_in
from cms.messaging import Recipient, send_message


def application_approved(application, organisation):
    send_message(
        to=Recipient.of(application.applicant, language=application.language),
        template="members/application_approved",
        context=lambda recipient: {
            "application": application,
            "organisation": organisation,
            "dashboard_url": url_in(recipient.language, "dashboard"),
        },
    )


def application_rejected(application):
    send_message(
        to=Recipient.of(application.applicant, language=application.language),
        template="members/application_rejected",
        context={"application": application},
    )


def invitation(invitation, inviter):
    """To the invited address, in the language of its account if it has one."""
    account = get_user_model().objects.filter(email__iexact=invitation.email).first()
    language = getattr(account, "language", "") or translation.get_language()
    send_message(
        to=Recipient(email=invitation.email, language=language),
        template="members/invitation",
        context=lambda recipient: {
            "invitation": invitation,
            "inviter": inviter,
            "accept_url": url_in(
                recipient.language, "members:accept_invitation", token=invitation.token
            ),
        },
    )


def renewal_reminder(membership, recipient):
    """To one of the company's people, or to the company's own address."""
    send_message(
        to=recipient, template="members/renewal_reminder", context={"membership": membership}
    )


def membership_lapsed(membership, recipient):
    send_message(
        to=recipient, template="members/membership_lapsed", context={"membership": membership}
    )

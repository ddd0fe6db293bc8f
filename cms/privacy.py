"""Personal data rights: a person downloads everything the portal holds about them, and asks
for their account to be deleted, which an organiser confirms.

Each app says what it holds about a person through the Wagtail hook `register_personal_data`:
a function returning an object with `key`, `export(user)` (JSON-able) and `anonymise(user)`.
Deletion anonymises rather than deletes rows other records count on (registrations,
enrolments): the person is gone from them, the event's numbers stay right. Certificates stay
verifiable with the holder's name as the certificate shows it."""

import dataclasses
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from .models import DeletionRequest

ANONYMOUS_NAME = "已注销用户"


class PrivacyError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass
class PersonalData:
    key: str
    export: Callable
    anonymise: Callable


def sections():
    return [fn() for fn in hooks.get_hooks("register_personal_data")]


def export_personal_data(user):
    """Everything held about the person, as one JSON-able dict."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "privacy_consent": {
                "accepted_at": (
                    user.privacy_consented_at.isoformat() if user.privacy_consented_at else None
                ),
                "policy_version": user.privacy_consent_version,
            },
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
            "deletion_requests": [
                {"requested_at": r.requested_at.isoformat(), "status": r.status}
                for r in user.deletion_requests.all()
            ],
        },
    }
    for section in sections():
        data[section.key] = section.export(user)
    return data


def request_deletion(*, user, reason=""):
    """Records the request (one pending at a time); organisers see it in the admin."""
    try:
        with transaction.atomic():
            request = DeletionRequest.objects.create(user=user, email=user.email, reason=reason)
            log(request, "portal.deletion_requested", user=user)
    except IntegrityError:
        raise PrivacyError(_("Your request is already waiting for confirmation.")) from None
    return request


def confirm_deletion(*, request, by):
    """Anonymises the account and everything the apps hold about the person, in one
    transaction. The account is deactivated, which also ends its sessions everywhere (Django
    refuses inactive users on every request)."""
    with transaction.atomic():
        request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DeletionRequest.Status.PENDING or request.user is None:
            raise PrivacyError(_("This request has already been dealt with."))
        user = request.user
        for section in sections():
            section.anonymise(user)
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.name = ANONYMOUS_NAME
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        request.status = DeletionRequest.Status.DONE
        request.decided_at = timezone.now()
        request.decided_by = by
        request.save()
        log(request, "portal.deletion_confirmed", user=by)
    return request

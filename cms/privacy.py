"""Personal data rights: a person downloads everything the portal holds about them, and asks
for their account to be deleted, which an organiser confirms.

Each app says what it holds about a person through the Wagtail hook `register_personal_data`:
a function returning an object with `key`, `export(user)` (JSON-able) and `anonymise(user)`.
Deletion anonymises rather than deletes rows other records count on (registrations,
enrolments): the person is gone from them, the event's numbers stay right. Certificates stay
verifiable with the holder's name as the certificate shows it."""

import dataclasses
import json
import re
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from . import emails
from .errors import PrivacyError
from .models import DeletionRequest

ANONYMOUS_NAME = "已注销用户"


@dataclasses.dataclass
class PersonalData:
    key: str
    export: Callable
    anonymise: Callable
    # The texts that identify the person in this app's records (their phone, WeChat ID,
    # biography…), which the admin history may have copied: erased from it too.
    identifiers: Callable = lambda user: []
    # What of a history entry the person made is their own data: "details" (the old and new
    # values of their profile, removed whole), "record" (the entry is about their own record:
    # its label goes too) or None.
    personal_history: Callable = lambda entry: None


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
    data["history"] = [
        {
            "at": entry.timestamp.isoformat(),
            "action": entry.action,
            "message": str(entry.message),
            "record": entry.label,
            "done_by_you": entry.user_id == user.pk,
            "details": entry.data,
        }
        for entry in history_about(user)
    ]
    return data


def identifiers_of(user):
    """The texts that identify the person: account name and addresses, and what the apps
    hold (phone, WeChat ID…). Matched whole, never inside other words."""
    texts = {user.email, user.name}
    texts.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    for section in sections():
        texts.update(section.identifiers(user))
    return {text.strip().casefold() for text in texts if text and len(text.strip()) >= 2}


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, str):
        yield value


def _mentions(leaf, texts):
    """A whole value, or an e-mail address inside it (addresses are unique: "x@y · pending"
    names its person; a name inside another name does not)."""
    folded = leaf.strip().casefold()
    return folded in texts or any("@" in text and text in folded for text in texts)


def _names_the_person(entry, texts):
    leaves = [entry.label, *_leaves(entry.data)]
    return any(_mentions(leaf, texts) for leaf in leaves if leaf)


def _erased(value, texts):
    if isinstance(value, str):
        if value.strip().casefold() in texts:
            return ANONYMOUS_NAME
        for address in (text for text in texts if "@" in text):
            value = re.sub(re.escape(address), ANONYMOUS_NAME, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {key: _erased(item, texts) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_erased(item, texts) for item in value]
    return value


def history_about(user, texts=None):
    """The admin history's entries done by the person, or naming them (a detail or the
    record's label that is exactly their e-mail, name, phone…). The database narrows the
    entries to those whose text contains one of these before any is read."""
    texts = identifiers_of(user) if texts is None else texts
    entries = []
    for model in (ModelLogEntry, PageLogEntry):
        rows = model.objects.annotate(text=Cast("data", TextField()))
        mention = Q()
        for text in texts:
            # JSON stores non-ASCII text escaped or not depending on the database: look for
            # both spellings; the exact match below decides.
            mention |= Q(text__icontains=text) | Q(label__iexact=text)
            escaped = json.dumps(text)[1:-1]
            if escaped != text:
                mention |= Q(text__icontains=escaped)
        candidates = rows.filter(Q(user_id=user.pk) | mention) if texts else rows.filter(user=user)
        for entry in candidates.iterator(chunk_size=500):
            if entry.user_id == user.pk or _names_the_person(entry, texts):
                entries.append(entry)
    return sorted(entries, key=lambda entry: entry.timestamp)


def forget_delivered_messages(texts):
    """Finished message tasks keep what they sent (address, text) in the task results of the
    database queue: those to the person go too."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return
    addresses = [text for text in texts if "@" in text]
    if not addresses:
        return
    mention = Q()
    for address in addresses:
        mention |= Q(text__icontains=address)
    DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(mention).exclude(
        status__in=["READY", "RUNNING"]
    ).delete()


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
    transaction, and e-mails the person after it commits. The account is deactivated, which
    also ends its sessions everywhere (Django refuses inactive users on every request)."""
    with transaction.atomic():
        request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DeletionRequest.Status.PENDING or request.user is None:
            raise PrivacyError(_("This request has already been dealt with."))
        user = request.user
        # The person is told at the address the account had, which is about to go.
        emails.account_deleted(email=user.email, language=user.language)
        texts = identifiers_of(user)
        for entry in history_about(user, texts):
            # The history keeps what was done, not who the person was: the details of what
            # they did themselves (old and new values of their own profile) go whole.
            own = {section.personal_history(entry) for section in sections()}
            if entry.user_id == user.pk and own & {"details", "record"}:
                entry.data = {}
            else:
                entry.data = _erased(entry.data, texts)
            entry.label = ANONYMOUS_NAME if "record" in own else _erased(entry.label, texts)
            entry.save(update_fields=["data", "label"])
        forget_delivered_messages(texts)
        for section in sections():
            section.anonymise(user)
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.name = ANONYMOUS_NAME
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # The request itself keeps no trace of who asked: only that a deletion was done.
        request.email = user.email
        request.reason = ""
        request.status = DeletionRequest.Status.DONE
        request.decided_at = timezone.now()
        request.decided_by = by
        request.save()
        log(request, "portal.deletion_confirmed", user=by)
    return request

"""Two-factor sign-in (allauth.mfa) for the people who can see everyone's data.

Organisers and administrators can open the Wagtail admin and export members' personal data:
their accounts must have an authenticator app (TOTP, with recovery codes) before they can use
the site signed in (cms.sessions.AdminTwoFactorMiddleware), and their sessions end when idle
(cms.sessions.AdminIdleTimeoutMiddleware). Members may set one up; nobody forces them.

The check is whether the account *has* an authenticator, not how the session was opened: a
session opened without the code (Django's `login()`, a test client's `force_login`) is treated
the same as one that went through allauth's log-in stages.
"""

import base64
import binascii
import datetime
import time

from allauth.mfa import app_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction
from django.db.models import Q

from .permissions import ORGANISERS

ADMIN_PERMISSION = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}


def is_privileged(user):
    """Whether the account can reach the organisers' screens: a superuser, a member of the
    Organisers group, or anyone given access to the Wagtail admin. One query, remembered on
    the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_cms_privileged", None)
    if cached is None:
        from django.contrib.auth import get_user_model

        cached = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .filter(
                Q(groups__name=ORGANISERS)
                | Q(**{f"groups__permissions__{k}": v for k, v in ADMIN_PERMISSION.items()})
                | Q(**{f"user_permissions__{k}": v for k, v in ADMIN_PERMISSION.items()})
            )
            .exists()
        )
        user._cms_privileged = cached
    return cached


def requires_two_factor(user):
    return is_privileged(user)


def has_authenticator(user):
    """Whether the account has an authenticator app set up (recovery codes alone do not
    count: allauth only makes them alongside one)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def authenticators_older_than(user, timestamp):
    """Whether the account has an authenticator made before the Unix time `timestamp`."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    return Authenticator.objects.filter(user_id=user.pk, created_at__lt=moment).exists()


def totp_code(secret, *, at=None, steps=0):
    """The code an authenticator app shows for `secret` now (or at the Unix time `at`),
    `steps` periods later or earlier. For the demo and the tests: the site itself only checks
    codes, through allauth."""
    moment = time.time() if at is None else at
    counter = int(moment) // app_settings.TOTP_PERIOD + steps
    return format_hotp_value(hotp_value(secret, counter))


def otpauth_url(user, secret):
    """The otpauth:// address an authenticator app reads (the QR code on the set-up page)."""
    return get_adapter().build_totp_url(user, secret)


@transaction.atomic
def ensure_demo_totp(user, secret):
    """Gives a demo account an authenticator app with a known `secret` (base32, as the apps
    take it) and a set of recovery codes, so the demo organiser and administrator can sign in
    from a fresh `make run`: they type the code that an app set up with the printed secret or
    address shows (`oathtool --totp -b SECRET` shows it too). Can run any number of times: an
    authenticator with another secret is replaced, the recovery codes are kept. Returns the
    otpauth:// address.

    For demo accounts only: a real person's secret is made by allauth on the set-up page and
    never leaves their phone and the database."""
    secret = secret.strip().replace(" ", "").upper()
    try:
        base64.b32decode(secret, casefold=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"not a base32 TOTP secret: {secret!r}") from error
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if current is None or get_adapter().decrypt(current.data["secret"]) != secret:
        if current is not None:
            current.delete()
        TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return otpauth_url(user, secret)


def unused_recovery_codes(user):
    """The account's recovery codes not used yet (empty without any)."""
    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    return RecoveryCodes(authenticator).get_unused_codes() if authenticator else []

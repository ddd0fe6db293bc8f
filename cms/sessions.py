"""Middleware guarding organisers' and administrators' sessions (see cms.mfa for who they are):
they end after ADMIN_IDLE_TIMEOUT_SECONDS without a request, and until the account has an
authenticator app the session reaches nothing but the account pages where it is set up.
Members' sessions are left as they are. Both sit after AuthenticationMiddleware and
MessageMiddleware."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .mfa import has_authenticator, is_privileged, requires_two_factor

LAST_ACTIVITY_KEY = "cms:last-activity"
# The stored time moves on at most once a minute, not with every request: each move writes the
# session, and a page's parallel requests (the admin's icon sprite, say) would all write it.
ACTIVITY_RESOLUTION_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="cms.sessions.start_activity_clock")
def start_activity_clock(sender, request, user, **kwargs):
    """An organiser's or administrator's log-in starts the idle clock afresh, whatever the
    session held before."""
    if request is not None and hasattr(request, "session") and is_privileged(user):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


class AdminIdleTimeoutMiddleware:
    """Signs an organiser or administrator out when their last request is more than
    ADMIN_IDLE_TIMEOUT_SECONDS ago (a shared office computer left signed in to the admin),
    and sends them to the log-in page with a message saying why; they come back to the page
    they asked for. Each request restarts the clock (to the minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and is_privileged(user):
            timeout = settings.ADMIN_IDLE_TIMEOUT_SECONDS
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int | float) and now - last > timeout:
                logout(request)
                minutes = max(1, timeout // 60)
                messages.info(
                    request,
                    ngettext(
                        "You were signed out after %(minutes)d minute without activity, to "
                        "protect the members' data. Please log in again.",
                        "You were signed out after %(minutes)d minutes without activity, to "
                        "protect the members' data. Please log in again.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            if not isinstance(last, int | float) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def is_account_page(view_func):
    """The pages a person without an authenticator still needs: allauth's (log in and out,
    re-enter the password, set up the authenticator, confirm an address), the language
    switch, static files and the health check."""
    module = getattr(view_func, "__module__", "") or ""
    name = getattr(view_func, "__name__", "")
    return (
        module.startswith("allauth.")
        or module in {"django.views.i18n", "django.contrib.staticfiles.views"}
        or (module == "cms.views" and name in {"healthz", "serve_media"})
    )


class AdminTwoFactorMiddleware:
    """Sends an organiser or administrator whose account has no authenticator app to set one
    up (allauth's TOTP activation page), with a message saying why, from every page but the
    account pages: the admin and the organisers' screens stay out of reach until it is done.
    Looks at the account, not at how the session was opened (cms.mfa)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not user.is_authenticated
            or is_account_page(view_func)
            or not requires_two_factor(user)
            or has_authenticator(user)
        ):
            return None
        messages.warning(
            request,
            _(
                "Your account can see the data of every member, so it must be protected by "
                "two-factor authentication. Please set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")

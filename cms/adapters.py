import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .i18n import english_active
from .messaging import send_rendered
from .mfa import authenticators_older_than, requires_two_factor
from .models import SiteSettings

RETURN_SESSION_KEY = "cms:return-after-login"


def remember_return(request, path):
    """Sends the person back to `path` after they log in, even through signing up and
    verifying their address in between (where the `next` parameter is lost)."""
    request.session[RETURN_SESSION_KEY] = path


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Writes account e-mails in the recipient's language when we know it (else the page's),
        signed with the association's name."""
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            site_settings = self.site_settings()
            context.setdefault("association_name", self.association_name(site_settings))
            context.setdefault("site_url", settings.WAGTAILADMIN_BASE_URL)
            # What allauth's own send_mail gives every template, then ours.
            request = self.request
            site = get_current_site(request) if request is not None else None
            full = {"request": request, "email": email, "current_site": site}
            full.update(context)
            message = self.render_mail(template_prefix, email, full)
        # Through the portal's one message path: the worker sends it, retried while the mail
        # server is down.
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", ())
                if mimetype == "text/html"
            ),
            "",
        )
        payload = {"subject": message.subject, "body": message.body}
        if html:
            payload["html"] = html
        send_rendered(channel="email", address=email, payload=payload, template=template_prefix)

    def get_login_redirect_url(self, request):
        """Back to where an app asked the person to return after logging in or signing up
        (an invitation they opened first): `remember_return(request, path)`."""
        path = request.session.pop(RETURN_SESSION_KEY, None)
        if path and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
            return path
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app, **kwargs):
        """Setting up two-factor sign-in right after logging in with the password (as
        organisers are made to), and seeing the recovery codes that makes, does not ask for the
        password again. Any change to an authenticator that was there before this log-in
        still does."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = self.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        user = request.user
        if not user.is_authenticated:
            return required
        records = get_authentication_records(request, user)
        if not records or records[-1].get("method") != "password":
            return required
        logged_in_at = records[-1].get("at", 0)
        if time.time() - logged_in_at >= account_settings.REAUTHENTICATION_TIMEOUT:
            return required
        return authenticators_older_than(user, logged_in_at)

    def get_logout_redirect_url(self, request):
        """Back to the home page in the language the person was reading."""
        return "/en/" if english_active() else "/"

    def format_email_subject(self, subject):
        """The association's name before the subject: in 【】 as Chinese notices have it, in
        brackets in English."""
        site_settings = self.site_settings()
        if site_settings is None:
            return subject
        if english_active() and site_settings.name_en:
            return f"[{site_settings.name_en}] {subject}"
        name = site_settings.short_name or site_settings.name
        return f"【{name}】{subject}" if name else subject

    def site_settings(self):
        site = Site.find_for_request(self.request) if self.request else None
        site = site or Site.objects.filter(is_default_site=True).first()
        return SiteSettings.for_site(site) if site else None

    def association_name(self, site_settings):
        return site_settings.display_name if site_settings else str(settings.WAGTAIL_SITE_NAME)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Organisers and administrators must keep two-factor authentication on: their "
            "accounts can see everyone's data."
        ),
    }

    def get_totp_issuer(self):
        """The name the authenticator app lists the code under: MFA_TOTP_ISSUER, else the
        association's short name (the app's list is narrow), never the host name."""
        issuer = getattr(settings, "MFA_TOTP_ISSUER", "")
        if issuer:
            return issuer
        site = Site.objects.filter(is_default_site=True).first()
        site_settings = SiteSettings.for_site(site) if site else None
        if site_settings and (site_settings.short_name or site_settings.name):
            return site_settings.short_name or site_settings.name
        return str(settings.WAGTAIL_SITE_NAME)

    def can_delete_authenticator(self, authenticator):
        """Organisers and administrators cannot switch two-factor sign-in off."""
        return not requires_two_factor(authenticator.user)

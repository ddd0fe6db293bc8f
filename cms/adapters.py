from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Site

from .i18n import english_active
from .messaging import send_rendered
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
            message = self.render_mail(template_prefix, email, context)
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

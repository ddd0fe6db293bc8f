from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from .i18n import english_active
from .models import SiteSettings


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
            super().send_mail(template_prefix, email, context)

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

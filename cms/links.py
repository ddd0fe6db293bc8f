"""Absolute links for what leaves the site (mail, calendars, QR codes, exports)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

# Paths outside the language prefixes (cms/urls.py).
UNPREFIXED = (
    "/admin/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/media/",
    "/static/",
    "/payments/notify/",
)


def site_url(path, language=None):
    """The absolute address of `path` on the public site. With `language`, a path of the
    language-prefixed part of the site is given that language's prefix (Chinese unprefixed,
    English under /en/); without, the path is taken as it is."""
    if path.startswith(("http://", "https://")):
        return path  # a page of another site of the same installation
    if language and language != settings.LANGUAGE_CODE and path.startswith("/"):
        prefix = f"/{language}/"
        if path != prefix.rstrip("/") and not path.startswith((prefix, *UNPREFIXED)):
            path = prefix.rstrip("/") + path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def url_in(language, name, *args, **kwargs):
    """The absolute address of the view `name`, in `language` (the reader's)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return site_url(reverse(name, args=args or None, kwargs=kwargs or None))

"""Certificate PDFs: an HTML template rendered by WeasyPrint.

Fonts are configured once per process (WeasyPrint's FontConfiguration and the parsed
stylesheet are kept), which is what makes a warm certificate cost a few hundredths of a
second. The URL fetcher reads only the template's own uploaded images and the project's
static files; whatever an organiser types, nothing else on disk or on the network is read."""

import datetime
import io
import logging
import mimetypes
import re
from functools import lru_cache

import qrcode
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

MEDIA_SCHEME = "portal-media:"
QR_URL = "portal-qr:verification"
STATIC_SCHEME = "portal-static:"
STYLESHEET = "training/certificate.css"

# Image renditions: small enough to keep a certificate well under 120 KB.
RENDITIONS = {
    "signatory_1_signature": "max-480x180|format-png",
    "signatory_2_signature": "max-480x180|format-png",
    "seal": "max-420x420|format-png",
    "background": "max-1754x1240|format-jpeg|jpegquality-55",
}


class CertificateFetcher(URLFetcher):
    """Serves `portal-media:<name>` for the names it was given and `portal-static:<path>`
    from the static files; refuses every other URL (file:, http:, data: …)."""

    def __init__(self, media_names=(), qr=None):
        super().__init__(allowed_protocols=())
        self.media_names = set(media_names)
        self.qr = qr

    def fetch(self, url, headers=None):
        if url == QR_URL and self.qr:
            return URLFetcherResponse(url, self.qr, {"Content-Type": "image/png"})
        if url.startswith(MEDIA_SCHEME):
            name = url.removeprefix(MEDIA_SCHEME)
            if name in self.media_names:
                with default_storage.open(name) as file:
                    return self._response(url, name, file.read())
        elif url.startswith(STATIC_SCHEME):
            path = url.removeprefix(STATIC_SCHEME)
            try:
                # Both refuse (SuspiciousFileOperation) paths that climb out of the static
                # folders.
                found = finders.find(path)
                if found:
                    with open(found, "rb") as file:
                        return self._response(url, path, file.read())
                if staticfiles_storage.exists(path):
                    with staticfiles_storage.open(path) as file:
                        return self._response(url, path, file.read())
            except SuspiciousFileOperation:
                pass
        logger.warning("Certificate renderer refused to fetch %s", url[:200])
        raise ValueError(f"Not fetched for a certificate: {url[:200]}")

    @staticmethod
    def _response(url, name, body):
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


@lru_cache(maxsize=1)
def font_config():
    return FontConfiguration()


@lru_cache(maxsize=1)
def stylesheet():
    return CSS(
        url=STATIC_SCHEME + STYLESHEET,
        url_fetcher=CertificateFetcher(),
        font_config=font_config(),
    )


def qr_png(url):
    """The QR code as a small black-and-white PNG, 8 pixels a module: WeasyPrint draws it far
    faster than the same code as an SVG path of hundreds of squares."""
    image = qrcode.make(url, box_size=8, border=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


PLACEHOLDER = re.compile(r"{(\w+)}")


def fill(text, values):
    """Puts the facts into the organiser's text. Not str.format: that would let `{name.x}`
    reach attributes; unknown placeholders are left as typed."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match[1], match[0])), text)


def long_date(day, language):
    if language == "en":
        return f"{day.day} {day:%B %Y}"
    return f"{day.year}年{day.month}月{day.day}日"


def render_html(*, template, facts):
    """The certificate's HTML and the media names the fetcher may serve for it."""
    images, media_names = {}, []
    for field, spec in RENDITIONS.items():
        image = getattr(template, f"{field}_id") and getattr(template, field)
        if image:
            name = image.get_rendition(spec).file.name
            images[field] = MEDIA_SCHEME + name
            media_names.append(name)
    texts = {}
    for language, suffix in (("zh-hans", ""), ("en", "_en")):
        with translation.override(language):
            values = {
                "name": facts["holder_name"],
                "programme": facts[f"programme{suffix}"] or facts["programme"],
                "cohort": facts[f"cohort{suffix}"] or facts["cohort"],
                "starts": long_date(facts["starts"], language[:2]),
                "ends": long_date(facts["ends"], language[:2]),
            }
            texts[f"body{suffix}"] = fill(getattr(template, f"body{suffix}"), values)
            texts[f"issued{suffix}"] = long_date(facts["issued"], language[:2])
    with translation.override("zh-hans"):
        html = render_to_string(
            "training/certificate.html",
            {
                "template": template,
                "facts": facts,
                "texts": texts,
                "images": images,
                "qr": QR_URL,
            },
        )
    return html, media_names


def render_pdf(*, template, facts):
    """Renders one certificate to PDF bytes. `facts`: holder_name, serial, verify_url,
    programme(_en), cohort(_en), starts, ends (dates) and issued (a date)."""
    html, media_names = render_html(template=template, facts=facts)
    fetcher = CertificateFetcher(media_names, qr=qr_png(facts["verify_url"]))
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet()], font_config=font_config())


def sample_facts(template, programme=None):
    """Made-up facts for previewing a template before issuing with it."""
    from django.conf import settings

    today = datetime.date.today()
    prefix = programme.serial_prefix if programme else "YY"
    return {
        "holder_name": "李明轩",
        "serial": f"{prefix}-{today.year}-0000",
        "verify_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + "/certificates/verify/SAMPLE-PREVIEW/",
        "programme": programme.title if programme else "岳阳跨境创二代成长营",
        "programme_en": (programme.title_en if programme else "")
        or "Cross-border Second-Generation Growth Camp",
        "cohort": "第一期",
        "cohort_en": "Cohort 1",
        "starts": today - datetime.timedelta(days=30),
        "ends": today - datetime.timedelta(days=2),
        "issued": today,
        "sample": True,
    }

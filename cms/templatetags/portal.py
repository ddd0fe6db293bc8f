from django import template
from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language, gettext

from ..caching import shell
from ..i18n import english_active, translated

register = template.Library()


def _menu_items(stream, request):
    items = []
    for block in stream:
        value = block.value
        page = value.get("page")
        if page is not None:
            if not page.live:
                continue
            url = page.get_url(request=request)
            label = translated(value.get("label") or page.title, value.get("label_en"))
        else:
            url = value.get("url") or ""
            if url.startswith("/"):
                url = translate_url(url, get_language())
            label = translated(value.get("label") or url, value.get("label_en"))
        if not url:
            continue
        items.append({"label": str(label), "url": url})
    return items


@register.simple_tag(takes_context=True)
def menu_items(context, site_settings, field_name):
    """Links of a menu in the site settings, labelled in the active language, the current one
    marked. The links are cached (see cms.caching); only the marking is done per request."""
    request = context.get("request")
    key = shell.key_for("menu", site_settings.pk, field_name, get_language())
    items = cache.get(key)
    if items is None:
        items = _menu_items(getattr(site_settings, field_name), request)
        cache.set(key, items, 60 * 60 * 24)
    current = request.path if request else ""
    return [{**item, "active": _is_current(item["url"], current)} for item in items]


def _is_current(url, current):
    if url.rstrip("/") in ("", "/en"):
        return current == url
    return current.startswith(url)


@register.simple_tag
def site_logo(site_settings, height=64):
    """The logo's rendition as {url, width, height}, cached, or None without a logo."""
    if not site_settings.logo_id:
        return None
    key = shell.key_for("logo", site_settings.logo_id, height)
    logo = cache.get(key)
    if logo is None:
        rendition = site_settings.logo.get_rendition(f"height-{height}")
        logo = {"url": rendition.url, "width": rendition.width, "height": rendition.height}
        cache.set(key, logo, 60 * 60 * 24)
    return logo


@register.simple_tag(takes_context=True)
def path_in_language(context, language_code):
    """The current page's address in another language, for the language switcher."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag
def colon():
    """The colon after a label: full-width in Chinese (the same msgid Django's forms use for
    their label suffix), followed by a space in English."""
    return ": " if english_active() else gettext(":")


@register.simple_tag
def list_separator():
    """Between the items of an inline list: 、 in Chinese, a comma in English."""
    return ", " if english_active() else "、"

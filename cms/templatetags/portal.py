from django import template
from django.urls import translate_url
from django.utils.translation import get_language

from ..i18n import translated

register = template.Library()


def _menu_items(stream, request):
    current = request.path if request else ""
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
        home = url.rstrip("/") in ("", "/en")
        active = current == url if home else current.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items


@register.simple_tag(takes_context=True)
def menu_items(context, stream):
    """Links of a menu StreamField, labelled in the active language, the current one marked."""
    return _menu_items(stream, context.get("request"))


@register.simple_tag(takes_context=True)
def path_in_language(context, language_code):
    """The current page's address in another language, for the language switcher."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)

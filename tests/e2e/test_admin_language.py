"""The admin speaks one language at a time: a walk through every screen an organiser reaches.

The organiser signs in, and the walk follows the admin's own links from /admin/ (the menu, each
listing's rows and buttons, the screens that empty a listing's default filter, each report),
one URL per pattern, plus the editor of one page of each type, and reads what each screen
holds: its text, shown now or once a menu, tab or message opens, placeholders, tooltips, labels
for screen readers, buttons and the options of its drop-downs. What people typed (record
titles, names, company names, file names: the strings the database holds) is taken out first;
what is left is the interface. Under zh-Hans it fails on any Latin word outside a short list of
names, formats, codes and units; under English on any Chinese character; in both on True,
False, None, Python values, a server error and a link to another site.
"""

import re
import time
import zoneinfo
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.e2e.conftest import DESKTOP, open_visitor
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Latin words a Chinese screen may show: names of products and formats, and units.
LATIN_ALLOWED = {
    "Wagtail",
    "WeChat",
    "ECharts",
    "Excel",
    "CSV",
    "XLSX",
    "PDF",
    "URL",
    "QR",
    "ID",
    "ICP",
    "JSON",
    "SVG",
    "PNG",
    "JPG",
    "JPEG",
    "GIF",
    "WEBP",
    "DOCX",
    "ODT",
    "PPTX",
    "TXT",
    "px",
    "KB",
    "MB",
    "GB",
    "cm",
    "mm",
    "m",
    "x",
    "English",
    "Ctrl",
    "Alt",
    "Shift",
    "Cmd",
    "Esc",
    "Enter",
    "Tab",
}
# Codes: booth B13, zone A-2, certificate number YY-2026-0001, ISO country codes (US), GMT,
# Wagtail's version (v8.0.1).
CODE = re.compile(r"[A-Z]{1,5}|[A-Z]{1,4}(?:[-_]?[A-Z]*\d[\w-]*)|v\d+(?:\.\d+)*")
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9'’_.-]*")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
# What English screens may still show in Chinese: the language's own name in the switcher,
# and the example of a Chinese site's ICP number in the site settings' help text.
CJK_ALLOWED = ["简体中文", "湘ICP备2025012345号-1"]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB_ADDRESS = re.compile(r"(?:https?://|/)[\w/.?=&%#:;~+-]*")
PYTHON_VALUE = re.compile(r"^(?:True|False|None)$|\{'|\['|<[a-z_.]+ object")

# Data of Wagtail's own that the admin shows as interface (its default workflow, the root
# collection) is checked like interface text, not set aside as what people typed.
INTERFACE_DATA = {
    "wagtailcore.workflow",
    "wagtailcore.task",
    "wagtailcore.groupapprovaltask",
    "wagtailcore.collection",
}
NOT_CONTENT = {
    "auth.permission",
    "contenttypes.contenttype",
    "sessions.session",
    "wagtailcore.revision",
    "wagtailcore.referenceindex",
    "wagtailsearch.indexentry",
}
# Of the history, only the title a record had then is typed; its action codes are not.
ONLY_FIELDS = {"wagtailcore.modellogentry": {"label"}, "wagtailcore.pagelogentry": {"label"}}

# Wagtail's own words that keep the language the site started in (Chinese, the default), which
# no catalogue can change: {(language, screen): texts}.
FROZEN_BY_WAGTAIL = {
    # wagtail/contrib/redirects/filters.py: RedirectsReportFilterSet labels its "Type" filter
    # and its choices with gettext, not gettext_lazy, when the module is imported.
    ("en", "/admin/redirects/"): {"类型", "全部", "永久", "临时的"},
}

# Screens that are not admin HTML, or that act on a GET; bulk actions open only with the rows
# chosen in a listing.
SKIPPED = re.compile(
    r"^/admin/(?:logout|login|jsi18n|sprite|api|failwhale|test404|bulk)/"
    r"|/(?:preview|view_draft|download|export)(?:/|$)"
    r"|/revisions/\d+/view/"
    r"|\.(?:pdf|csv|xlsx|ics|json|png|jpg|svg|zip)$"
)
MAX_SCREENS = 220
# A link the organiser may not follow (a page type that cannot go there, a screen of another
# group) answers 403 or 404, which chromium logs as a console error.
REFUSED = re.compile(r"status of 40[34]")

READ_SCREEN = """() => {
    // Everything the page holds, shown now or when a menu opens, a message appears or a tab
    // is chosen, but not code, nor what people typed into the editor (rich text, and the
    // summaries of StreamField blocks in their headers).
    const skip = 'script, style, noscript, template, code, pre, kbd, samp, textarea, '
        + '[contenteditable="true"], .Draftail-Editor, .c-sf-block__title, '
        // an iframe's fallback text; a count the page fills in, hidden while there is none;
        // the date picker's apply button, which Wagtail leaves off
        + 'iframe, [data-side-panel-toggle-counter], .xdsoft_save_selected';
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
        if (text && el && !el.closest(skip)) texts.push(text);
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
        if (el.closest(skip)) continue;
        for (const name of ['placeholder', 'title', 'aria-label']) {
            const value = (el.getAttribute(name) || '').trim();
            if (value) texts.push(value);
        }
    }
    for (const el of document.body.querySelectorAll('input[type=submit], input[type=button]')) {
        if (el.value.trim()) texts.push(el.value.trim());
    }
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.href);
    return {texts, links};
}"""


def typed_strings(*, interface_data):
    """Everything people typed that the database holds: the text and file names of every
    row, apart from choices (their labels are interface, their stored codes must never be
    shown) and, when `interface_data`, Wagtail's own records shown as interface. Time zone
    names (the account's time zone options) count as typed: they are codes."""
    strings = set(zoneinfo.available_timezones()) | set(CJK_ALLOWED)
    codes = set()
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_CONTENT or (interface_data and label in INTERFACE_DATA):
            continue
        fields = []
        for field in model._meta.concrete_fields:
            if field.choices:
                codes.update(str(value) for value, _label in field.flatchoices)
            elif isinstance(field, models.CharField | models.TextField | models.FileField) and (
                label not in ONLY_FIELDS or field.name in ONLY_FIELDS[label]
            ):
                fields.append(field.attname)
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                value = str(value or "").strip()
                if len(value) >= 2 and len(value) < 2000:
                    strings.add(value)
                    strings.add(value.rsplit("/", 1)[-1])
                    strings.update(line.strip() for line in value.splitlines() if line.strip())
    return strings - codes


class Remover:
    """Takes what people typed out of a screen's text."""

    def __init__(self, strings):
        ordered = sorted((s for s in strings if len(s) >= 2), key=len, reverse=True)
        # Whole words only: a name "Lisa" must not cut "English" into "Eng" and "h".
        alternatives = "|".join(map(re.escape, ordered))
        self.pattern = (
            re.compile(f"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])") if ordered else None
        )

    def __call__(self, text):
        if self.pattern is not None:
            text = self.pattern.sub(" ", text)
        return WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text))


def latin_words(text):
    return [
        word
        for word in LATIN_WORD.findall(text)
        if word.strip(".-_'’") not in LATIN_ALLOWED and not CODE.fullmatch(word)
    ]


def chinese_text(text):
    for allowed in CJK_ALLOWED:
        text = text.replace(allowed, " ")
    return CJK.findall(text)


def pattern_of(path):
    """One screen per URL pattern. The forms that add a page of each type are the editors of
    `first_pages`, so one of them, and one "choose where" screen, stand for all types."""
    path = re.sub(r"^/admin/pages/(add|create)/[^/]+/[^/]+(?=/|$)", r"/admin/pages/\1/TYPE", path)
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def first_pages():
    """The editor and the explorer of one page of each type (their forms and listings differ
    though their URLs share a pattern)."""
    paths = {}
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        name = type(page)._meta.label_lower
        paths.setdefault(f"edit:{name}", f"/admin/pages/{page.pk}/edit/")
        if page.numchild:
            paths.setdefault(f"explore:{name}", f"/admin/pages/{page.pk}/")
    return paths


def walk_admin(page, base_url, *, check, typed):
    """Visits every admin screen reachable from /admin/ by a link, one per URL pattern, and
    returns {screen: [offending text]} as `check` finds it, and the screens seen."""
    origin = urlsplit(base_url).netloc
    queue = [("/admin/", "/admin/")] + [(key, path) for key, path in first_pages().items()]
    seen = {key for key, _path in queue}
    offences, visited, outside = {}, [], set()
    remove = Remover(typed)
    while queue and len(visited) < MAX_SCREENS:
        _key, path = queue.pop(0)
        response = page.goto(base_url.rstrip("/") + path)
        if response.status >= 500:
            offences[path] = [f"HTTP {response.status}"]
            continue
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_load_state("load")
        visited.append(path)
        screen = page.evaluate(READ_SCREEN)
        found = []
        for text in dict.fromkeys(screen["texts"]):
            if PYTHON_VALUE.search(text) or check(remove(text)):
                found.append(text)
        if found:
            offences[path] = found
        for href in screen["links"]:
            parts = urlsplit(urljoin(page.url, href))
            if parts.scheme not in ("http", "https"):
                continue
            if parts.netloc != origin:
                outside.add(f"{path} → {parts.geturl()}")
                continue
            target = parts.path
            if not target.startswith("/admin/") or SKIPPED.search(target):
                continue
            key = pattern_of(target)
            # A link that empties a filter ("全部", a removed filter's tag) shows the rows a
            # listing hides by default (those that wait first), and their links.
            query = parse_qs(parts.query, keep_blank_values=True)
            if query and not any(value for values in query.values() for value in values):
                target += "?" + parts.query
                key += "?" + ",".join(sorted(query))
            if key not in seen:
                seen.add(key)
                queue.append((key, target))
    return offences, visited, outside


def report(language, offences, outside):
    """One line per offending text, with the first screen showing it and how many do."""
    screens = {}
    for path, texts in offences.items():
        for text in texts:
            if text not in FROZEN_BY_WAGTAIL.get((language, path), ()):
                screens.setdefault(text, []).append(path)
    lines = [
        f"{language}: {text!r} on {paths[0]}" + (f" and {len(paths) - 1} more" if paths[1:] else "")
        for text, paths in screens.items()
    ]
    links = {}
    for link in outside:
        path, target = link.split(" → ")
        links.setdefault(target, path)
    lines += [
        f"{language}: link to another site {target} on {path}" for target, path in links.items()
    ]
    return lines


def test_every_admin_screen_an_organiser_reaches_speaks_one_language(
    browser, demo_site, axe, demo_accounts
):
    email, password = demo_accounts["organiser"]
    organiser = get_user_model().objects.get(email=email)
    problems = []
    started = time.monotonic()

    # Chinese: the admin's language when the organiser has not chosen one.
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as visitor:
        log_in(visitor, email, password)
        offences, visited, outside = walk_admin(
            visitor.page,
            demo_site.url,
            check=lambda text: latin_words(text),
            typed=typed_strings(interface_data=True),
        )
        problems += report("zh-hans", offences, outside)
        problems += [f"zh-hans: {p}" for p in visitor.problems if not REFUSED.search(p)]
        visitor.problems.clear()  # reported with the rest, below
    assert len(visited) > 20, visited

    # English, chosen in the organiser's account.
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as visitor:
        log_in(visitor, email, password)
        offences, visited_en, outside = walk_admin(
            visitor.page,
            demo_site.url,
            check=lambda text: chinese_text(text),
            typed=typed_strings(interface_data=False),
        )
        problems += report("en", offences, outside)
        problems += [f"en: {p}" for p in visitor.problems if not REFUSED.search(p)]
        visitor.problems.clear()  # reported with the rest, below
    assert len(visited_en) > 20, visited_en

    assert not problems, (
        f"{len(visited)} + {len(visited_en)} screens in {time.monotonic() - started:.0f} s\n"
        + "\n".join(problems)
    )

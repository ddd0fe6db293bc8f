"""The site search: pages (news, events, training, committees, …) from Wagtail's full-text
index, and the sections apps add for their own records (the members app: member companies, by
the directory's own rules).

A page type says what its results are called (`search_kind`) and the line shown under them
(`search_summary()`); an app adds a section with the Wagtail hook `register_search_section`, a
function of (query, request) returning a SearchSection or None."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.query import PlainText

from .i18n import cjk_terms

MAX_QUERY_LENGTH = 100  # characters of the query kept (and shown back)
MAX_TERMS = 12  # index terms searched for: a Chinese sentence gives one per character pair

# Letters and digits in any script; everything else (quotes, brackets, * ^ : - + …, which the
# SQLite FTS5 and PostgreSQL tsquery parsers read as syntax) only separates words, as it does
# when the pages are indexed.
WORD = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    kind_label: str
    title: str
    url: str
    line: str = ""


@dataclass
class SearchSection:
    """Results of one kind shown above the pages, on the first page only: a few, and a link to
    all of them where they are listed."""

    title: str
    hits: list
    count: int
    more_url: str = ""
    more_label: str = ""


def sections(query, request):
    return [
        section
        for make in hooks.get_hooks("register_search_section")
        if (section := make(query, request))
    ]


def clean_query(raw):
    """The query as typed, without control characters (NUL, …; PostgreSQL refuses them in
    any string) or runs of white space, and of bounded length. Empty when nothing is left."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw[:1000])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def index_terms(query):
    """The query as terms of the full-text index: words of letters and digits, Chinese cut into
    the character pairs the pages are indexed with (cms.i18n.cjk_terms). Never anything the
    search backend could parse as an operator or a quote. Full-width letters and digits, as a
    Chinese keyboard types them, are read as the ASCII ones (NFKC)."""
    words = " ".join(WORD.findall(unicodedata.normalize("NFKC", query)))
    return cjk_terms(words, for_query=True).split()[:MAX_TERMS]


def search_pages(query):
    """Live pages open to everyone (members-only events included, as the events index lists
    them), most relevant first, each of its own page type; lazy, for a paginator."""
    terms = index_terms(query)
    if not terms:
        return Page.objects.none()
    return (
        Page.objects.live().public().specific().search(PlainText(" ".join(terms), operator="and"))
    )


def page_hit(page, request):
    return Hit(
        kind_label=getattr(page, "search_kind", "") or pgettext("search result", "Page"),
        title=getattr(page, "display_title", "") or page.title,
        url=page.get_url(request) or "",
        line=page.search_summary() if hasattr(page, "search_summary") else "",
    )

"""Bilingual content: Chinese fields are the source, English fields sit beside them."""

import re

from django.utils.translation import get_language, gettext_noop


def english_active():
    return (get_language() or "").startswith("en")


class TranslatedField:
    """Reads the English field when English is active and it is filled, the Chinese otherwise.

    An untranslated page still shows its Chinese text rather than nothing.
    """

    def __init__(self, zh_field, en_field):
        self.zh_field = zh_field
        self.en_field = en_field

    def __get__(self, instance, owner):
        if instance is None:
            return self
        if english_active():
            value = getattr(instance, self.en_field)
            if value:
                return value
        return getattr(instance, self.zh_field)


def translated(value_zh, value_en):
    return value_en if english_active() and value_en else value_zh


CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def cjk_terms(text, *, for_query=False):
    """Splits runs of Chinese characters into overlapping two-character terms.

    Full-text indexes (SQLite FTS5, PostgreSQL tsvector) cut words at spaces and punctuation,
    so a Chinese sentence would be one long token and "电商" would never match inside
    "跨境电商协会". Indexing every character and character pair, and querying pairs (or the single
    character of a one-character query), finds a Chinese word anywhere in the text.
    """

    def expand(match):
        run = match.group(0)
        pairs = [run[i : i + 2] for i in range(len(run) - 1)]
        if for_query:
            return " " + " ".join(pairs or [run]) + " "
        return " " + " ".join(list(run) + pairs) + " "

    return " ".join(CJK_RUN.sub(expand, text or "").split())


# Django's forms put the label suffix (：) after a label unless it already ends in one of
# these; the zh-Hans catalogue adds the full-width marks, so "…将被删除。" gets no "：" after it.
gettext_noop(":?.!")

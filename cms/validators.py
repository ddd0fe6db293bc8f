"""Validators for text that the site shows to other people (names of people and companies).

Invisible characters can disguise such text: a right-to-left override (U+202E) shows what
follows it backwards, a zero-width space (U+200B) makes two names that look the same differ,
an Arabic letter mark reorders what follows. None of them belongs in a name, so the
validators refuse every Unicode format character (category Cf: U+200B–U+200F, U+202A–U+202E,
U+2060–U+2069, U+FEFF, U+061C, U+00AD, …), control character (Cc) and line or paragraph
separator. Chinese names need none of these: the separator of transcribed Uyghur, Mongolian or
foreign names is the middle dot U+00B7 "·" (or "•", "・" as people type it), punctuation that
stays allowed.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

REFUSED_CATEGORIES = {"Cf", "Cc", "Zl", "Zp"}
# Line breaks and tabs in text that may span lines (a description, an address).
MULTILINE_ALLOWED = {"\n", "\r", "\t"}


def invisible_characters(text, *, multiline=False):
    """The refused characters in `text`, in order of first appearance, each once."""
    found = []
    for char in text or "":
        if multiline and char in MULTILINE_ALLOWED:
            continue
        if unicodedata.category(char) in REFUSED_CATEGORIES and char not in found:
            found.append(char)
    return found


@deconstructible
class DisplayTextValidator:
    """Refuses invisible formatting and control characters; `multiline` lets line breaks and
    tabs through. The message names the characters by code point, since they cannot be seen."""

    message = _(
        "This contains invisible characters (%(characters)s) that can disguise text. "
        "Please remove them (retyping the text removes them)."
    )
    code = "invisible_characters"

    def __init__(self, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        found = invisible_characters(str(value), multiline=self.multiline)
        if found:
            characters = ", ".join(f"U+{ord(char):04X}" for char in found)
            raise ValidationError(self.message, code=self.code, params={"characters": characters})

    def __eq__(self, other):
        return isinstance(other, DisplayTextValidator) and self.multiline == other.multiline


validate_display_text = DisplayTextValidator()
validate_display_multiline_text = DisplayTextValidator(multiline=True)

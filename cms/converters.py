"""Path converters. `<id:pk>` is `<int:pk>` limited to the ids the database can hold, so a
number too big for it is a page that does not exist (404) rather than a database error (500).
Registered by CmsConfig.ready(), before any URLconf (the Wagtail admin's hooks included) is
loaded."""

from django.urls import register_converter
from django.urls.converters import get_converters

from .parsing import MAX_ID, MAX_ID_DIGITS


class BoundedIntConverter:
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= MAX_ID:
            # A ValueError means "no match": the resolver tries the next pattern, then 404s.
            raise ValueError(f"{value} is not a record id")
        return number

    def to_url(self, value):
        return str(value)


class TokenConverter:
    """`<token:code>`: the random URL-safe codes of tickets, invitations and certificates
    (secrets.token_urlsafe). Anything else, a NUL or a 10 KB string included, is a page that
    does not exist before it reaches the database (PostgreSQL refuses NUL in a query)."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


def register():
    converters = get_converters()
    if "id" not in converters:  # Django warns about registering a name twice
        register_converter(BoundedIntConverter, "id")
    if "token" not in converters:
        register_converter(TokenConverter, "token")

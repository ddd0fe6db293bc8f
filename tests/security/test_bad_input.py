"""No input a visitor can type or forge gets a server error. Every URL pattern of the project
(the Wagtail admin's and allauth's included) is requested with bad values in each path
argument, in the query string and in the posted form, by an organiser, a member and an
anonymous visitor; not one answer may be 500 or above.

A value the URL's converter refuses is a page that does not exist (404); one it accepts must
be refused by the view (404, 400, or the form again), never reach the database unchecked.
"""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from cms.parsing import MAX_ID, parse_id, parse_ids

from .test_views import CASES, FORM, ORGANISER, POST_ONLY, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("cms", "members", "events", "training", "insights", "payments")

# Each as it travels in a URL or a form body (percent-encoded where it has to be).
BAD_VALUES = {
    "huge": "99999999999999999999",
    "bigint-plus-one": str(2**63),
    "negative": "-1",
    "zero": "0",
    "nul": "%00",
    "quote": "%27",
    "long": "9" * 10240,
    "not-utf8": "%ff",
    "unicode-digit": "%C2%B2",  # "²": str.isdigit() says yes, int() says no
}
FILL = "1"  # the other arguments of a URL while one gets the bad value
ARG = object()
# Names a view may read from the query string, besides those its page's forms name.
QUERY_KEYS = ("q", "page", "p", "per_page", "ordering", "sort", "order", "next", "status")
# The Wagtail media listings' usage-count filters fail with any search, bad input or not (see
# test_wagtail_media_listings_search_with_a_usage_count_filter): left out of the walk.
UPSTREAM_BROKEN_KEYS = {"usage_count_min", "usage_count_max"}
# Signing out would leave the rest of the walk anonymous.
SKIPPED = {"account_logout", "wagtailadmin_logout", "wagtailadmin_error_test"}


def route_segments(route):
    segments = []
    for index, part in enumerate(re.split(r"<(?:[^>:]+:)?[^>]+>", route)):
        if index:
            segments.append(ARG)
        if part:
            segments.append(part)
    return segments


def regex_segments(regex):
    """The literal parts and the capturing groups of a simple URL regex, in order."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    segments, literal, depth, index = [], "", 0, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and depth == 0:
            literal += regex[index + 1]
            index += 2
            continue
        if char == "(":
            if depth == 0:
                if literal:
                    segments.append(literal)
                literal = ""
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                segments.append(ARG)
        elif depth == 0:
            literal += char
        index += 1
    if literal:
        segments.append(literal)
    return segments


def pattern_segments(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return [pattern.language_prefix] if pattern.language_prefix else []
    if isinstance(pattern, RoutePattern):
        return route_segments(str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return regex_segments(pattern._regex)
    raise AssertionError(f"unknown pattern type {pattern!r}")


def walk(patterns, segments=(), namespace=""):
    for pattern in patterns:
        here = [*segments, *pattern_segments(pattern.pattern)]
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            inner = f"{namespace}:{inner}".strip(":") if inner else namespace
            yield from walk(pattern.url_patterns, here, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            module = getattr(pattern.callback, "__module__", "") or ""
            yield Route(name, here, module.split(".")[0] in PROJECT_APPS)


class Route:
    def __init__(self, name, segments, ours):
        self.name, self.segments, self.ours = name, segments, ours
        self.arguments = sum(1 for segment in segments if segment is ARG)
        self.admin = "".join(s for s in segments if s is not ARG).startswith("admin/")

    def path(self, values):
        values = iter(values)
        return "/" + "".join(next(values) if s is ARG else s for s in self.segments)

    def with_bad_argument(self):
        """(path, label) with each argument in turn given each bad value."""
        for position in range(self.arguments):
            for label, value in BAD_VALUES.items():
                values = [value if i == position else FILL for i in range(self.arguments)]
                yield self.path(values), f"argument {position} {label}"

    def __repr__(self):
        return f"<Route {self.name} {self.path([FILL] * self.arguments)}>"


def routes():
    found = {}
    for route in walk(get_resolver().url_patterns):
        if route.name not in SKIPPED:
            found.setdefault(route.path(["{}"] * route.arguments), route)
    return list(found.values())


def form_body(fields):
    return "&".join(f"{quote(name, safe='')}={value}" for name, value in fields)


class Probe:
    """Sends requests and keeps those answered with a server error."""

    def __init__(self, client, who, accounts):
        self.client, self.who, self.accounts = client, who, accounts
        self.client.raise_request_exception = False
        self.failures, self.count = [], 0

    def login(self):
        if self.who != "anonymous":
            self.client.force_login(getattr(self.accounts, self.who))

    def send(self, method, path, body=None, label=""):
        self.count += 1
        if method == "get":
            response = self.client.get(path)
        else:
            response = self.client.post(
                path, body or "", content_type="application/x-www-form-urlencoded"
            )
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {path[:120]} ({label}): {response.status_code}")
        if self.who != "anonymous" and "_auth_user_id" not in self.client.session:
            self.login()  # a view that signs out (or rotates the session) must not end the walk
        return response


def page_text(response):
    return "" if response.streaming else response.content.decode(errors="replace")


def form_names(html, method):
    """The field names and the submit button names of the page's forms that use `method`."""
    fields, buttons = set(), set()
    for attributes, body in re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        declared = re.search(r'method="(\w+)"', attributes)
        if (declared.group(1).lower() if declared else "get") != method:
            continue
        fields |= set(re.findall(r'<(?:input|select|textarea)[^>]*?\sname="([^"]+)"', body))
        buttons |= set(re.findall(r'<button[^>]*?\sname="([^"]+)"', body))
        buttons |= set(re.findall(r'<input[^>]*type="submit"[^>]*?\sname="([^"]+)"', body))
    fields -= buttons | {"csrfmiddlewaretoken"}
    return sorted(fields), sorted(buttons)


def with_forged_ids(names):
    """The names again with the ids inside them (`p-12-3`, `score-12`) made too big."""
    forged = {re.sub(r"\d+", BAD_VALUES["huge"], name) for name in names if re.search(r"\d", name)}
    return sorted(set(names) | forged)


WHO = ["organiser", "member", "anonymous"]


# The values the Wagtail admin's own listings get.
WAGTAIL_VALUES = ("huge", "negative", "nul", "not-utf8", "long")
# What each field alone gets, on top of every field at once with every value.
ONE_FIELD_VALUES = ("huge", "bigint-plus-one", "unicode-digit", "nul", "not-utf8")


@pytest.mark.parametrize("who", WHO)
def test_bad_path_arguments_are_never_a_server_error(client, world, who):  # noqa: F811
    probe = Probe(client, who, world)
    probe.login()
    for route in routes():
        if route.admin and who != "organiser":
            continue  # the admin is a 404 or the login page for them, whatever the path
        for path, label in route.with_bad_argument():
            probe.send("get", path, label=label)
            if route.ours:  # the other apps' views read no posted ids of ours
                probe.send("post", path, form_body([("id", BAD_VALUES["huge"])]), label=label)
    assert probe.count > 200  # the walk reached the patterns
    assert not probe.failures, "\n".join(probe.failures)


@pytest.mark.parametrize("who", WHO)
def test_bad_query_strings_are_never_a_server_error(client, world, who):  # noqa: F811
    """Every page without path arguments and every project page, with the usual query keys
    and those its search and filter forms name all set to each bad value, then (for the
    project's pages) each of its forms' keys alone."""
    probe = Probe(client, who, world)
    probe.login()
    pages = [route.path([]) for route in routes() if not route.arguments]
    project_pages = [case.url(world) for case in CASES.values()]
    pages += project_pages
    for path in pages:
        admin = path.startswith("/admin/")
        if admin and who != "organiser":
            continue
        base = path.partition("?")[0]
        fields, _buttons = form_names(page_text(probe.send("get", path)), "get")
        fields = [field for field in fields if field not in UPSTREAM_BROKEN_KEYS]
        # The Wagtail admin's own listings (a hundred and more) get the likeliest breakers.
        values = WAGTAIL_VALUES if admin and path not in project_pages else BAD_VALUES
        for label in values:
            value = BAD_VALUES[label]
            every = "&".join(f"{quote(key, safe='')}={value}" for key in {*QUERY_KEYS, *fields})
            probe.send("get", f"{base}?{every}", label=f"every key {label}")
        if admin:
            continue
        for key in fields:
            for label in ONE_FIELD_VALUES:
                query = f"{quote(key, safe='')}={BAD_VALUES[label]}"
                probe.send("get", f"{base}?{query}", label=f"{key} {label}")
    assert not probe.failures, "\n".join(probe.failures)


@pytest.mark.parametrize("who", WHO)
def test_bad_form_posts_are_never_a_server_error(client, world, who):  # noqa: F811
    """Each form of the project's pages posted back with every field (and the ids inside field
    names) set to each bad value, once per submit button since a view takes one branch; then
    each field alone, by the person the form is for."""
    probe = Probe(client, who, world)
    probe.login()
    for name, case in CASES.items():
        if case.method not in (FORM, POST_ONLY):
            continue
        path = case.url(world)
        # The form as the person it is for sees it names the fields; others may get a 404.
        owner = world.organiser if case.rule == ORGANISER else getattr(world, case.owner)
        viewer = Client()
        viewer.force_login(owner)
        fields, buttons = form_names(page_text(viewer.get(path)), "post")
        fields = with_forged_ids([*fields, "id", "pk", "enrolments", "sessions"])
        for button in [*buttons, None]:
            pressed = [(button, "1")] if button else []
            for label, value in BAD_VALUES.items():
                cache.clear()  # rate limits would answer 429 before the form is read
                body = form_body([*((field, value) for field in fields), *pressed])
                probe.send("post", path, body, label=f"{name} {button} every field {label}")
            if getattr(world, who, None) != owner:
                continue
            # Field names with ids in them (the grid's `p-12-3`) are covered by the posts above.
            for field in (field for field in fields if not re.search(r"\d", field)):
                for label in ONE_FIELD_VALUES:
                    cache.clear()
                    body = form_body([(field, BAD_VALUES[label]), *pressed])
                    probe.send("post", path, body, label=f"{name} {button} {field} {label}")
    assert not probe.failures, "\n".join(probe.failures)


def test_the_walk_covers_every_project_pattern():
    found = routes()
    assert set(CASES) <= {route.name for route in found if route.ours}
    assert len(found) > 300  # and the Wagtail admin's, allauth's


def test_the_id_converter_takes_only_ids_the_database_can_hold():
    assert resolve(f"/events/{MAX_ID}/check-in/").kwargs == {"pk": MAX_ID}
    for refused in (MAX_ID + 1, 0, "0" * 25 + "1", "-1"):
        # Not the check-in screen: the site's page tree, which has no such page (404).
        assert resolve(f"/events/{refused}/check-in/").view_name != "events:check_in"
    assert reverse("events:check_in", args=[42]) == "/events/42/check-in/"


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("42", 42),
        (" 42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (BAD_VALUES["huge"], None),
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("4_2", None),  # int() would take it
        ("²", None),  # isdigit() would take it
        ("٣", None),  # so would int(): an Arabic-Indic three
        ("1\x00", None),
        ("9" * 10240, None),
        ("", None),
        (None, None),
    ],
)
def test_posted_ids_are_parsed_within_range(value, parsed):
    assert parse_id(value) == parsed


def test_id_lists_keep_only_ids():
    assert parse_ids(f"3,{BAD_VALUES['huge']},x,²,5") == {3, 5}
    assert parse_ids(None) == set()


def test_filters_with_ids_the_database_cannot_hold_match_nothing(world):  # noqa: F811
    from events.models import Booth
    from members.models import Organisation, SecretariatPage

    huge = int(BAD_VALUES["huge"])
    booth = Booth.objects.first()
    assert not Booth.objects.filter(pk__in=[huge, -huge]).exists()
    assert list(Booth.objects.filter(pk__in=[huge, booth.pk])) == [booth]
    assert Booth.objects.exclude(pk__in=[huge]).count() == Booth.objects.count()
    # Through a relation: a page's pk is its page_ptr, a company's industry a foreign key.
    assert not SecretariatPage.objects.filter(pk=huge).exists()
    assert not SecretariatPage.objects.filter(pk__in=[huge]).exists()
    assert not Organisation.objects.filter(industry=huge).exists()
    assert not Organisation.objects.filter(export_markets__in=[huge]).exists()
    assert Organisation.objects.exclude(industry=huge).count() == Organisation.objects.count()


def test_a_number_too_big_for_the_database_is_not_found(client, world):  # noqa: F811
    client.force_login(world.organiser)
    huge = BAD_VALUES["huge"]
    assert client.get(f"/events/{huge}/check-in/").status_code == 404
    assert client.get(f"/events/{2**63}.ics").status_code == 404
    assert client.get(f"/events/{world.event.pk}.ics").status_code == 200
    assert client.get(f"/admin/training/cohorts/{huge}/").status_code == 404
    # The Wagtail admin's and other apps' URLs (cms.middleware.UrlIdRangeMiddleware).
    assert client.get(f"/admin/pages/{huge}/edit/").status_code == 404
    assert client.get("/admin/pages/2/revisions/0/revert/").status_code == 404
    assert client.get(f"/documents/{BAD_VALUES['long']}/report.pdf").status_code == 404
    assert client.get("/admin/documents/chooser/chosen/abc/").status_code == 404
    assert client.get(f"/media/{'x' * 300}.png").status_code == 404


def test_posted_ids_too_big_for_the_database_are_refused(client, world):  # noqa: F811
    client.force_login(world.organiser)
    huge = BAD_VALUES["huge"]
    review = f"/admin/events/booth-applications/{world.booth_application.pk}/review/"
    moved = client.post(review, {"move": "1", "source": huge, "target": huge})
    assert moved.status_code == 200  # the screen again, with the message
    assigned = client.post(review, {"assign": "1", "assign-booths": [huge]})
    assert assigned.status_code == 200
    assert assigned.context["assign_form"].errors["booths"]  # not one of the choices
    cohort = f"/admin/training/cohorts/{world.cohort.pk}/"
    assert client.post(cohort, {"issue": huge}).status_code == 404
    grid = client.post(
        cohort,
        {"save": "1", "enrolments": f"{huge},²", "sessions": huge, f"p-{huge}-{huge}": "on"},
    )
    assert grid.status_code == 302  # saved: nothing it showed was changed


@pytest.mark.xfail(
    strict=True,
    reason="Wagtail 8.0: searching the image or document listing while filtering by usage "
    "count fails in the database search backend (modelsearch cannot filter on the annotation)",
)
def test_wagtail_media_listings_search_with_a_usage_count_filter(client, organiser):
    client.force_login(organiser)
    client.raise_request_exception = False
    assert client.get("/admin/documents/", {"q": "a", "usage_count_min": "1"}).status_code < 500

"""The site's own middleware: response headers (the Wagtail admin's Content-Security-Policy,
Permissions-Policy), 404 for the admin to people who may not use it and for ids in URLs that
cannot exist, and the site's page for a 405."""

import functools

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from .parsing import MAX_ID, MAX_ID_DIGITS, parse_id

# Browser features no page of the site uses are switched off for every page (and anything a
# page embeds), so a script slipped into member-written text could not ask for them either.
DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)


def permissions_policy(allowed=()):
    return ", ".join(
        f"{feature}=(self)" if feature in allowed else f"{feature}=()"
        for feature in DENIED_FEATURES
    )


DEFAULT_POLICY = permissions_policy()


def allow_features(*features):
    """A view decorator for the few pages that need a browser feature for themselves (the
    check-in page scans tickets with the camera): the page's own Permissions-Policy allows
    them there, and nowhere else."""
    policy = permissions_policy(allowed=set(features))

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.headers["Permissions-Policy"] = policy
            return response

        return wrapped

    return decorate


class PermissionsPolicyMiddleware:
    """Sets Permissions-Policy on every response. First in MIDDLEWARE, so even responses that
    other middleware answers on its own (redirects, cached pages, static files) carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", DEFAULT_POLICY)
        return response


class AdminAccessMiddleware:
    """A signed-in person without admin access gets 404 anywhere under /admin/, as on the
    organisers' other screens. Wagtail would send them to the login page, which sends a
    signed-in person straight back: a redirect loop. Anonymous visitors still go to log in.
    Sits after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith("/admin/")
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            raise Http404
        if request.path.startswith(WHOLE_VIEW_REPORTS) and user.is_authenticated:
            from .permissions import has_whole_view

            if not has_whole_view(user):
                raise Http404
        return self.get_response(request)


# Wagtail's reports of everything that happened (the site history names every application,
# company and person; the workflow reports every page): not for an organiser who runs only a
# part of the association (cms.permissions.has_whole_view).
WHOLE_VIEW_REPORTS = (
    "/admin/reports/site-history/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
)
WHOLE_VIEW_REPORT_MENU_ITEMS = {"site-history", "workflows", "workflow-tasks"}


# Views that take their id as text (`<str:pk>`) and look it up as an integer, answering 500 for
# anything else (Wagtail 8.0's document and image choosers).
TEXT_ID_VIEWS = {"wagtaildocs_chooser:chosen", "wagtailimages_chooser:chosen"}


def without_nul(query):
    cleaned = query.copy()
    for key, values in list(cleaned.lists()):
        cleaned.setlist(key, [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


class UrlIdRangeMiddleware:
    """A number in a URL that no record id can be (0, or more digits than a bigint holds) is a
    page that does not exist. The project's own URLs refuse those in their `<id:…>` converter;
    this does the same for the `<int:…>` and `\\d+` arguments of the Wagtail admin and other
    apps, which would otherwise answer 500 (Wagtail's revision views take 0 for "none", int()
    refuses more than 4300 digits), and for the TEXT_ID_VIEWS refuses anything but an id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No search, filter or typed code holds a NUL, and PostgreSQL refuses it in any query:
        # the views see the query string (and posted forms) without it.
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = without_nul(request.GET)
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and b"%00" in request.body
        ):
            request.POST = without_nul(request.POST)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        text_id = request.resolver_match.view_name in TEXT_ID_VIEWS
        if text_id and parse_id(view_kwargs.get("pk")) is None:
            raise Http404
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, bool):
                continue
            if isinstance(value, str) and "\x00" in value:
                # No name, code or label holds a NUL, and PostgreSQL refuses it in any query
                # (the Wagtail admin's `<app_label>/<model_name>` arguments, …).
                raise Http404
            if isinstance(value, int) and not 1 <= value <= MAX_ID:
                raise Http404
            if isinstance(value, str) and len(value) > MAX_ID_DIGITS and value.isdecimal():
                raise Http404
        return None


class AdminScriptPolicyMiddleware:
    """The Wagtail admin's page editor still runs a few inline scripts, so under /admin/ (where
    only signed-in organisers go) the policy also allows inline script. The public site, which
    shows what members write, keeps the strict policy. Sits inside CSPMiddleware so its change
    is in place before that middleware writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response


@requires_csrf_token
def method_not_allowed_page(request, allowed):
    response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response


class MethodNotAllowedPageMiddleware:
    """A 405 from require_POST, require_http_methods or a class-based view comes with an empty
    body, which the browser shows as a blank page: it gets the site's 405 page instead (with
    the same Allow header). Last in MIDDLEWARE, so the page passes through the others (CSP,
    cookies) like any response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            return method_not_allowed_page(request, response.get("Allow", ""))
        return response

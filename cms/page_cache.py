"""Whole pages for anonymous visitors, from the shared cache.

Most requests come from people who are not signed in and read the same pages (home, news, the
directory, events). Their pages are kept for PAGE_CACHE_SECONDS under a generation number that
any change to what pages show bumps (a page published, the site settings, an image, a member
company, an event's registrations, a certificate…), so nobody reads a page older than the last
change. Nothing is cached for a request that carries a session or messages cookie, for the
private areas (/my/, /accounts/, /admin/, tickets, certificates, exports), or for a response
that sets a cookie (a CSRF token, a language): those are someone's own.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import get_language_from_path
from wagtail.signals import page_published, page_unpublished, post_page_move

from .shell_cache import Generation

GENERATION_KEY = "cms:pages:generation"
PRIVATE_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/certificates/",
    "/events/tickets/",
    "/members/export",
    "/members/apply/",
    "/members/invitations/",
    "/healthz",
    "/i18n/",
    "/documents/",
    "/media/",
    "/static/",
)
# Models whose rows no public page shows: saving them leaves the cached pages alone.
QUIET_MODELS = {
    "sessions.session",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailsearch.indexentry",
    "modelsearch.indexentry",
    "django_tasks_db.dbtaskresult",
    "training.issuerun",
    "wagtailimages.rendition",
    "training.attendance",
    "account.emailaddress",
    "account.emailconfirmation",
    "cms.deletionrequest",
}


page_generation = Generation(GENERATION_KEY)
generation = page_generation.current
bump = page_generation.bump


page_published.connect(bump, dispatch_uid="cms-pages-published")
page_unpublished.connect(bump, dispatch_uid="cms-pages-unpublished")
post_page_move.connect(bump, dispatch_uid="cms-pages-moved")


@receiver(post_save, dispatch_uid="cms-pages-saved")
@receiver(post_delete, dispatch_uid="cms-pages-deleted")
def _rows_changed(sender, **kwargs):
    if settings.PAGE_CACHE_SECONDS and sender._meta.label_lower not in QUIET_MODELS:
        bump()


def cacheable_request(request):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path_info
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return not path.startswith(PRIVATE_PREFIXES)


def cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Place it right after SecurityMiddleware (and WhiteNoise): it must see the cookies that
    the middleware inside it sets, and store the headers (CSP, Vary…) they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = f"cms:page:{generation()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            headers = [(name, value) for name, value in response.items()]
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

"""Whole pages for anonymous visitors, from the shared cache.

Most requests come from people who are not signed in and read the same pages (home, news, the
directory, events). Their pages are kept for PAGE_CACHE_SECONDS under a generation number that
any change to what pages show bumps (a page published, the site settings, an image, a member
company, an event's registrations, a certificate…), so nobody reads a page older than the last
change (cms.caching). Nothing is cached for a request that carries a session or messages
cookie, for the private areas (/my/, /accounts/, /admin/ and the paths apps declare private:
tickets, certificates, exports), or for a response that sets a cookie (a CSRF token, a
language): those are someone's own.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language_from_path

from . import caching


def cacheable_request(request):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path_info
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return not path.startswith(caching.private_paths())


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
        key = caching.pages.key_for(request.get_full_path())
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

"""The visitor's address for rate limits, the same way allauth finds it: behind N trusted
reverse proxies (TRUSTED_PROXY_COUNT) the Nth address from the right of X-Forwarded-For, the
one the outermost trusted proxy saw; otherwise the connection's own address. Addresses further
left are whatever the client claimed and are never trusted."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) < count:
            raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is more than X-Forwarded-For holds.")
        return hops[-count]
    return request.META.get("REMOTE_ADDR", "")

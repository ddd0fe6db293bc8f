"""Production: every secret and host from the environment; refuses to start without them.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL (the shared cache:
sessions and rate limits must be seen by every worker). Also EMAIL_* for SMTP, SITE_URL.
"""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Django's own rule (`check --deploy`, security.W009), enforced at start rather than warned of.
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set to a random value in production: at least "
        f"{SECRET_KEY_MIN_LENGTH} characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} or more of them "
        f"different, not starting with '{SECRET_KEY_INSECURE_PREFIX}'. Make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production.")

if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Sessions, rate-limit counts and cached pages must be shared by every worker: a per-process
# cache would let each worker count log-in attempts on its own.
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must point at the shared Redis in production (sessions, rate limits and the "
        "page cache live there), e.g. redis://127.0.0.1:6379/0."
    )
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

# Background work (mail, bulk certificate issues) waits in the database for the task worker
# (`manage.py db_worker`), which any machine sharing the database may run.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading puts the domain in the browsers' built-in HTTPS-only lists, which takes months to
# undo: only when asked for (SECURE_HSTS_PRELOAD=1), and `check --deploy` is told it is off on
# purpose.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
# SECURE_COOKIES=0 only for `make serve-prod`, which speaks plain HTTP on loopback.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", True
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SESSION_COOKIE_SECURE else "http"
# Uploads are the proxy's or the object storage's to serve; SERVE_MEDIA=1 lets the
# application serve the local media folder itself (`make serve-prod`, small sites).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
X_FRAME_OPTIONS = "DENY"

# Static files served by the application itself (collectstatic at deploy), compressed and
# with hashed names so browsers may cache them for ever.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")

# Online payment: nothing is offered until a provider is configured; the test-mode provider
# (no money moves) only where an operator says so on purpose, e.g. a staging site.
PAYMENTS_PROVIDERS = env_list("PAYMENTS_PROVIDERS", "")
PAYMENTS_ALLOW_TEST_MODE = env_bool("PAYMENTS_ALLOW_TEST_MODE", False)
if "test" in PAYMENTS_PROVIDERS and not PAYMENTS_ALLOW_TEST_MODE:
    raise ImproperlyConfigured(
        "PAYMENTS_PROVIDERS names the test-mode provider, which takes no money: remove it, or "
        "set PAYMENTS_ALLOW_TEST_MODE=1 on a site that is not taking real payments."
    )

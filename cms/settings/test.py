"""The pytest suite: fast password hashing, mail kept in memory, tasks run immediately."""

from .base import *

SECRET_KEY = "test-only-not-secret-vH3kQ9pLw2ZrT6yN"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "media" / "test"
PRIVATE_MEDIA_ROOT = BASE_DIR / "private" / "test"
STORAGES = {
    **STORAGES,
    "certificates": {**STORAGES["certificates"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
SERVE_MEDIA = True

"""The cache generations: numbers in the shared cache that are part of cache keys. Bumping
one retires every key made with the old number at once, in all processes.

- `shell`: what every page's header and footer show (menus, logo); bumped when a page is
  published, moved or deleted, or the site settings or an image are saved.
- `pages`: whole pages for anonymous visitors (cms.page_cache); bumped by any change a public
  page could show: a page published, or any row saved or deleted except those of the models
  that apps declare quiet.
- apps make their own with `Generation("<app>:<what>")` (the directory's filter choices).

Apps declare, on their AppConfig, `quiet_models` (model labels whose rows no public page
shows) and `private_paths` (URL prefixes, without the language prefix, whose pages are someone's
own and never cached): cms names no other app's URLs or models.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move


class Generation:
    def __init__(self, key):
        self.key = f"generation:{key}"

    def current(self):
        return cache.get_or_set(self.key, 1, None)

    def bump(self, **kwargs):
        """Usable as a signal receiver."""
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, None)

    def key_for(self, *parts):
        """A cache key that changes whenever the generation is bumped."""
        return ":".join([self.key, str(self.current()), *map(str, parts)])


shell = Generation("cms:shell")
pages = Generation("cms:pages")

# The site shell's own quiet models and private paths; the apps add theirs.
QUIET_MODELS = {
    "sessions.session",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailsearch.indexentry",
    "modelsearch.indexentry",
    "django_tasks_db.dbtaskresult",
    "wagtailimages.rendition",
    "account.emailaddress",
    "account.emailconfirmation",
    "mfa.authenticator",
}
PRIVATE_PATHS = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/healthz",
    "/i18n/",
    "/documents/",
    "/media/",
    "/static/",
)


def _declared(attribute):
    return [item for config in apps.get_app_configs() for item in getattr(config, attribute, ())]


_quiet = None
_private = None


def quiet_models():
    global _quiet
    if _quiet is None:
        _quiet = frozenset(QUIET_MODELS | set(_declared("quiet_models")))
    return _quiet


def private_paths():
    global _private
    if _private is None:
        _private = tuple(PRIVATE_PATHS) + tuple(_declared("private_paths"))
    return _private


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(shell.bump, dispatch_uid=f"cms-shell-{signal}")
    signal.connect(pages.bump, dispatch_uid=f"cms-pages-{signal}")


@receiver(post_save, dispatch_uid="cms-caching-saved")
@receiver(post_delete, dispatch_uid="cms-caching-deleted")
def _rows_changed(sender, **kwargs):
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from .models import SiteSettings

    if issubclass(sender, SiteSettings | Page | get_image_model()):
        shell.bump()
    if settings.PAGE_CACHE_SECONDS and sender._meta.label_lower not in quiet_models():
        pages.bump()

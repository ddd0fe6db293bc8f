"""A cache for what every page's header and footer show (menus, logo), so the site shell does
not cost queries on each request. Anything that could change them bumps a generation number,
which is part of every key: publishing, moving or deleting a page, saving the site settings or
an image."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "cms:shell:generation"


class Generation:
    """A number in the shared cache that is part of cache keys: bumping it retires every key
    made with the old number at once, in all processes."""

    def __init__(self, key):
        self.key = key

    def current(self):
        return cache.get_or_set(self.key, 1, None)

    def bump(self, **kwargs):
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, None)


shell_generation = Generation(GENERATION_KEY)
generation = shell_generation.current
bump = shell_generation.bump


def shell_key(*parts):
    return ":".join(["cms:shell", str(generation()), *map(str, parts)])


page_published.connect(bump, dispatch_uid="cms-shell-published")
page_unpublished.connect(bump, dispatch_uid="cms-shell-unpublished")
post_page_move.connect(bump, dispatch_uid="cms-shell-moved")


@receiver(post_save)
@receiver(post_delete)
def _models_changed(sender, **kwargs):
    from wagtail.models import Page

    from .models import SiteSettings

    if issubclass(sender, SiteSettings | Page | get_image_model()):
        bump()

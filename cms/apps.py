from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    # This module holds other AppConfig classes too (UsersAppConfig, the Wagtail one it
    # imports): without this Django would use a plain AppConfig and never call ready().
    default = True
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"
    quiet_models = ("cms.deletionrequest",)

    def ready(self):
        # caching connects its signal receivers, lookups registers its ORM lookups.
        from . import caching, converters, lookups  # noqa: F401

        converters.register()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the portal's own user fields (name, language)."""

    user_viewset = "cms.admin_views.UserViewSet"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, shell_cache  # noqa: F401  (connect their signal receivers)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the portal's own user fields (name, language)."""

    user_viewset = "cms.admin_views.UserViewSet"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"
    # For cms.caching: pages that are someone's own, never kept in the anonymous page cache.
    private_paths = ("/members/export", "/members/apply/", "/members/invitations/")
    # Import runs show on no public page (the companies they write do).
    quiet_models = ("members.importrun",)

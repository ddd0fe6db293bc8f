from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"
    # For cms.caching: a person's payments, receipts and fapiao are their own.
    private_paths = ("/my/payments/",)

    def ready(self):
        import importlib

        from . import deletions, effects

        for name in effects.MODULES:
            importlib.import_module(name)
        deletions.connect()

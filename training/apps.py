from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")
    # For cms.caching: certificate look-ups and downloads are never kept in the page cache;
    # bulk-issue runs and attendance marks show on no public page.
    private_paths = ("/certificates/",)
    quiet_models = ("training.issuerun", "training.attendance")

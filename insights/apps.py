from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The organisers' numbers: the dashboard of charts and the annual report pack. No models
    of its own: it reads the members, events and training apps."""

    name = "insights"
    verbose_name = _("Numbers")

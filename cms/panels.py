"""Panels of the signed-in person's page (/my/).

An app subclasses DashboardPanel in its own panels.py and registers the class with the Wagtail
hook `register_dashboard_panel` (`hooks.register("register_dashboard_panel", MyPanel)`). The
dashboard makes one per request, asks for its context (where its queries run) and shows it
unless the context is None (nothing to show this person), in `order`."""

from django.template.loader import render_to_string


class DashboardPanel:
    order = 100
    template_name = None

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def get_context(self):
        """The template's context, or None when the panel has nothing for this person."""
        return {}

    def render(self):
        context = self.get_context()
        if context is None:
            return ""
        return render_to_string(self.template_name, context, request=self.request)


def dashboard_panels(request):
    """The rendered panels for this request, in their order, empty ones left out."""
    from wagtail import hooks

    panels = sorted(
        (panel_class(request) for panel_class in hooks.get_hooks("register_dashboard_panel")),
        key=lambda panel: panel.order,
    )
    return [html for panel in panels if (html := panel.render())]

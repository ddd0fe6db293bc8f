"""The events panel on /my/: the person's registrations and their company's booth
applications."""

from cms.panels import DashboardPanel
from members.services import profile_of

from .models import BoothApplication, Registration


class RegistrationsPanel(DashboardPanel):
    order = 20
    template_name = "events/dashboard_panel.html"

    def get_context(self):
        registrations = list(
            Registration.objects.filter(user=self.user)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event")
            .order_by("-event__start")[:20]
        )
        profile = profile_of(self.user)
        booth_applications = (
            list(
                BoothApplication.objects.filter(organisation_id=profile.organisation_id)
                .select_related("event")
                .prefetch_related("booths")
                .order_by("-created_at")
            )
            if profile and profile.organisation_id
            else []
        )
        if not registrations and not booth_applications:
            return None
        return {"registrations": registrations, "booth_applications": booth_applications}

"""The membership panel on /my/: the person's company, tier, term and status, or their
pending application."""

from cms.panels import DashboardPanel

from . import services
from .models import MembershipApplication


class MembershipPanel(DashboardPanel):
    order = 10
    template_name = "members/dashboard_panel.html"

    def get_context(self):
        profile = services.profile_of(self.user)
        organisation = profile.organisation if profile else None
        return {
            "invitations": [] if organisation else services.pending_invitations(self.user),
            "profile": profile,
            "organisation": organisation,
            "membership": getattr(organisation, "membership", None) if organisation else None,
            "application": self.user.membership_applications.filter(
                status=MembershipApplication.Status.APPLIED
            ).first(),
        }

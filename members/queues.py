"""What waits for the membership secretariat on the admin home (cms.queues)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.queues import WorkQueue

from . import scoping
from .models import MembershipApplication


class MembershipApplicationQueue(WorkQueue):
    order = 100
    label = _("Membership applications")
    icon = "form"
    permission = "members.change_membershipapplication"

    def pending(self):
        return scoping.restrict_applications(
            MembershipApplication.objects.filter(status=MembershipApplication.Status.APPLIED)
            .select_related("secretariat")
            .order_by("created_at", "pk"),
            self.user,
        )

    def listing_url(self):
        return reverse("members_applications:index")

    def item_url(self, item):
        return reverse("members_admin:review_application", args=[item.pk])

    def item_label(self, item):
        return item.organisation_name

    def item_detail(self, item):
        parts = [item.applicant_name, item.secretariat.title if item.secretariat else ""]
        return " · ".join(part for part in parts if part)

    def item_since(self, item):
        return item.created_at

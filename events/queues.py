"""What waits for the events team on the admin home (cms.queues)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.queues import WorkQueue
from members.scoping import restrict_to_secretariats

from .models import BoothApplication


class BoothApplicationQueue(WorkQueue):
    order = 200
    label = _("Booth applications")
    icon = "table"
    permission = "events.change_boothapplication"

    def pending(self):
        return restrict_to_secretariats(
            BoothApplication.objects.filter(status=BoothApplication.Status.APPLIED)
            .select_related("organisation", "event")
            .order_by("created_at", "pk"),
            self.user,
            "event__secretariat",
        )

    def listing_url(self):
        return reverse("events_booth_applications:index")

    def item_url(self, item):
        return reverse("events_admin:review_booth_application", args=[item.pk])

    def item_label(self, item):
        return item.organisation.name

    def item_detail(self, item):
        return item.event.title

    def item_since(self, item):
        return item.created_at

"""What waits for the training camp's organisers on the admin home (cms.queues)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.queues import WorkQueue

from . import permissions
from .models import Enrolment


class EnrolmentQueue(WorkQueue):
    order = 300
    label = _("Cohort applications")
    icon = "group"

    def is_shown(self):
        return permissions.manages_training(self.user)

    def pending(self):
        return (
            Enrolment.objects.filter(status=Enrolment.Status.APPLIED)
            .select_related("user", "cohort")
            .order_by("applied_at", "pk")
        )

    def listing_url(self):
        return reverse("training_enrolments:index")

    def item_url(self, item):
        return reverse("training_admin:review_enrolment", args=[item.pk])

    def item_label(self, item):
        return item.user.get_full_name() or item.user.email

    def item_detail(self, item):
        return item.cohort.title

    def item_since(self, item):
        return item.applied_at

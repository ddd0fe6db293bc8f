"""What waits for the treasurer on the admin home (cms.queues): payments past their due date."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.queues import WorkQueue

from .admin_views import restrict_payments
from .money import yuan


class OverduePaymentQueue(WorkQueue):
    order = 150
    label = _("Overdue payments")
    icon = "warning"
    permission = "payments.change_payment"

    def pending(self):
        from .models import Payment

        return restrict_payments(
            Payment.objects.overdue().select_related("organisation").order_by("due_date", "pk"),
            self.user,
        )

    def listing_url(self):
        return f"{reverse('payments_payments:index')}?overdue=yes"

    def item_url(self, item):
        return reverse("payments_admin:payment", args=[item.pk])

    def item_label(self, item):
        return item.payer_name

    def item_detail(self, item):
        return f"{item.description} · {yuan(item.outstanding)}"

    def item_since(self, item):
        return item.due_date

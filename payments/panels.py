from cms.panels import DashboardPanel

from .models import Payment


class PaymentsPanel(DashboardPanel):
    """On /my/: what the person (or their company) still owes, with a link to pay."""

    order = 15
    template_name = "payments/dashboard_panel.html"

    def get_context(self):
        payments = Payment.objects.of_person(self.user)
        if not payments.exists():
            return None
        return {"open_payments": list(payments.open().order_by("due_date", "pk")[:5])}

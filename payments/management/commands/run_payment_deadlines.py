from django.core.management.base import BaseCommand

from payments.services import apply_deadlines, send_payment_reminders


class Command(BaseCommand):
    help = (
        "Hourly: gives event seats unpaid past their hold to the waitlist, lapses terms whose "
        "dues are unpaid past the grace period, and sends payment reminders (before the due "
        "date and after it, once each). Run it from cron or a scheduler every hour."
    )

    def handle(self, *args, **options):
        acted = apply_deadlines()
        reminded = send_payment_reminders()
        self.stdout.write(
            f"{acted} overdue payment(s) acted on, {reminded} payment reminder(s) sent."
        )

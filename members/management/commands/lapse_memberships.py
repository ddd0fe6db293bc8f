from django.core.management.base import BaseCommand

from members.services import lapse_memberships, send_renewal_reminders


class Command(BaseCommand):
    help = (
        "Daily: marks memberships whose term has ended as lapsed and e-mails the companies whose "
        "term ends within 30 days (once per term). Run it from cron or a scheduler every day."
    )

    def handle(self, *args, **options):
        lapsed = lapse_memberships()
        reminded = send_renewal_reminders()
        self.stdout.write(f"{lapsed} membership(s) lapsed, {reminded} renewal reminder(s) sent.")

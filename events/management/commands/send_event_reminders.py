from django.core.management.base import BaseCommand

from events.services import send_event_reminders


class Command(BaseCommand):
    help = "E-mails everyone confirmed for an event starting within a day, once. Run hourly."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_event_reminders()} reminder(s) sent.")

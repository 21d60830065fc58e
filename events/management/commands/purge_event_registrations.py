"""Delete the personal data of registrations for events that ended more than
EVENTS_RETENTION_MONTHS ago (counts kept), or list them with --dry-run. The daily beat task
`events.tasks.purge_event_registrations` does the same."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events import retention


class Command(BaseCommand):
    help = (
        "Delete registrations (names, addresses, needs) of events that ended more than "
        "EVENTS_RETENTION_MONTHS months ago; each event keeps how many registered and attended."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        purged = retention.purge_personal_data(dry_run=dry_run)
        months = settings.EVENTS_RETENTION_MONTHS
        if not purged:
            self.stdout.write(f"No event that ended more than {months} months ago has registrations left.")
            return
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"The registrations of {len(purged)} event(s) {verb} deleted:")
        for item in purged:
            kept = f"kept {item.registered} registered, {item.attended} attended"
            self.stdout.write(f"  {item.event}: {item.rows} row(s); {kept}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

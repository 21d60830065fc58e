"""Anonymise closed startup cases whose retention period is over, or list them with --dry-run.

The daily beat task `counselling.tasks.anonymise_closed_cases` does the same; this command lets
an operator see what is due before it happens, or run it at once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from counselling import services


class Command(BaseCommand):
    help = (
        "Anonymise cases closed more than COUNSELLING_RETENTION_MONTHS months ago: personal data "
        "blanked, attachments deleted, private link revoked. Statistics are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list the cases that would be anonymised; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        references = services.anonymise_closed_cases(dry_run=dry_run)
        months = settings.COUNSELLING_RETENTION_MONTHS
        if not references:
            self.stdout.write(f"No cases closed more than {months} months ago are left to anonymise.")
            return
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{len(references)} case(s) closed more than {months} months ago {verb} anonymised:"
        )
        for reference in references:
            self.stdout.write(f"  {reference}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS("Done."))

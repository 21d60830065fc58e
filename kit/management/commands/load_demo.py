"""`manage.py load_demo [app ...]`: every app's demo data, or only the named apps', in the order
of INSTALLED_APPS (the portal's municipalities before the enterprises that live in them, those
before the cases that name them). Each app declares its loader as `DEMO_LOADER` in its
`contributions.py`; the run is one transaction, so a failure half way saves nothing.

The Quick start runs this on every start, so it is idempotent: a second run changes nothing
and its report says so.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kit import contributions
from kit.demo import DEBUG_PASSWORD, demo_password


class Command(BaseCommand):
    help = "Load the demo data of every app (or of the apps named). Idempotent: safe to run on every start."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", metavar="app", help="Only these apps' demo data, e.g. portal.")
        parser.add_argument(
            "--password",
            help=f'Password of the demo log-ins. Required when DEBUG is off; "{DEBUG_PASSWORD}" otherwise.',
        )

    def handle(self, *args, apps=(), password=None, **options):
        loaders = contributions.demo_loaders()
        unknown = set(apps) - {label for label, _loader in loaders}
        if unknown:
            raise CommandError(
                f"No demo data for {', '.join(sorted(unknown))}; the apps with demo data are "
                f"{', '.join(label for label, _loader in loaders)}."
            )
        chosen = [loader for label, loader in loaders if not apps or label in apps]
        if any(loader.makes_log_ins for loader in chosen):
            password = demo_password(password, stdout=self.stdout)
        chosen = [loader(password=password) for loader in chosen]
        with transaction.atomic():
            for loader in chosen:
                loader.load()
        for loader in chosen:
            self.stdout.write(self.style.SUCCESS(loader.title))
            self.stdout.write("\n".join(loader.report_lines()))

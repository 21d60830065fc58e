"""Load the demo data: four municipalities from the seed documents with their opening and phone
hours, extra closed days, example contact persons, guides and demo log-ins.

The Quick start runs this on every start, so it is idempotent: rows are found by their natural
keys and saved only when they differ from the data, so a second run changes nothing. Edits made
in the admin to the demo rows themselves are reset to the demo data on the next run.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.demo.guides import GUIDES
from portal.demo.municipalities import ADMIN_USER, CLOSED_DAYS, MUNICIPALITIES
from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours, User
from portal.roles import CONTACT_PERSON

DEBUG_PASSWORD = "demo"
MUNICIPALITY_FIELDS = (
    "name",
    "slug",
    "case_prefix",
    "address",
    "phone",
    "email",
    "website",
    "intro",
    "intro_en",
    "response_days",
)
GUIDE_FIELDS = ("topic", "title", "summary", "body", "title_en", "summary_en", "body_en")
OUTCOMES = CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Command(BaseCommand):
    help = (
        "Load the demo municipalities, hours, contact persons, guides and log-ins. Idempotent: safe to "
        "run on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=f'Password of the demo log-ins. Required when DEBUG is off; "{DEBUG_PASSWORD}" otherwise.',
        )

    def handle(self, *args, password=None, **options):
        password = self.demo_password(password)
        self.counts = Counter()
        today = timezone.localdate()
        with transaction.atomic():
            contact_group = Group.objects.filter(name=CONTACT_PERSON).first()
            if contact_group is None:
                raise CommandError(f'The group "{CONTACT_PERSON}" is missing; run "manage.py migrate" first.')
            municipalities = {}
            for data in MUNICIPALITIES:
                municipality = self.load_municipality(data, today, password, contact_group)
                municipalities[municipality.code] = municipality
            for data in GUIDES:
                self.load_guide(data, municipalities)
            admin = {field: value for field, value in ADMIN_USER.items() if field != "username"}
            self.load_user(
                ADMIN_USER["username"],
                password,
                {
                    **admin,
                    "municipality": None,
                    "is_staff": True,
                    "is_superuser": True,
                    "is_active": True,
                },
            )
        self.report()

    def demo_password(self, password):
        if password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "--password is required when DEBUG is off: the demo log-ins include a superuser, "
                    "so they must not get the development password."
                )
            self.stdout.write(f'The demo log-ins use the password "{DEBUG_PASSWORD}".')
            return DEBUG_PASSWORD
        if not settings.DEBUG:
            try:
                password_validation.validate_password(password)
            except ValidationError as error:
                raise CommandError("--password is too weak: " + " ".join(error.messages)) from None
        return password

    # --- Loading -------------------------------------------------------------------------------

    def load_municipality(self, data, today, password, contact_group):
        municipality = self.upsert(
            Municipality, {"code": data["code"]}, {field: data[field] for field in MUNICIPALITY_FIELDS}
        )
        self.load_hours(municipality, data["hours"])
        for year in (today.year, today.year + 1):
            for month, day, reason in CLOSED_DAYS:
                self.upsert(
                    ClosedDay,
                    {"municipality": municipality, "date": datetime.date(year, month, day)},
                    {"reason": reason},
                )
        for position, contact in enumerate(data["contacts"]):
            self.load_contact_person(municipality, position, contact, password, contact_group)
        return municipality

    def load_hours(self, municipality, hours):
        """Replace the municipality's hours when they differ from the demo hours as a whole."""
        wanted = sorted(
            (kind, weekday, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
            for kind, ranges in hours.items()
            for weekdays, opens, closes in ranges
            for weekday in weekdays
        )
        existing = sorted(municipality.opening_hours.values_list("kind", "weekday", "opens", "closes"))
        if existing == wanted:
            self.counts[OpeningHours, UNCHANGED] += len(wanted)
            return
        municipality.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=municipality, kind=kind, weekday=weekday, opens=opens, closes=closes)
            for kind, weekday, opens, closes in wanted
        )
        self.counts[OpeningHours, CREATED] += len(wanted)

    def load_contact_person(self, municipality, position, contact, password, contact_group):
        values = {
            "title": contact["title"],
            "areas": contact["areas"],
            "email": contact["email"],
            "phone": municipality.phone,
            "is_public": contact.get("is_public", True),
            "is_example": True,
            "position": position,
        }
        if "user" in contact:
            first_name, last_name = contact["name"].split(" ", 1)
            values["user"] = self.load_user(
                contact["user"],
                password,
                {
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": contact["email"],
                    "municipality": municipality,
                    "is_staff": True,
                    "is_superuser": False,
                    "is_active": True,
                },
                groups=[contact_group],
            )
            # The user is linked to one contact person only (a one-to-one field).
            ContactPerson.objects.filter(user=values["user"]).exclude(
                municipality=municipality, name=contact["name"]
            ).update(user=None)
        self.upsert(ContactPerson, {"municipality": municipality, "name": contact["name"]}, values)

    def load_guide(self, data, municipalities):
        values = {field: data[field] for field in GUIDE_FIELDS}
        values["municipality"] = municipalities[data["municipality"]] if data["municipality"] else None
        values["is_published"] = True
        self.upsert(Guide, {"slug": data["slug"]}, values)

    def load_user(self, username, password, values, groups=()):
        user, outcome = self.upsert(User, {"username": username}, values, count=False)
        # Checking costs one hash, as setting does, but leaves an unchanged password alone.
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            if outcome == UNCHANGED:
                outcome = UPDATED
        user.groups.add(*groups)
        self.counts[User, outcome] += 1
        return user

    def upsert(self, model, lookup, values, count=True):
        """Find the row by its natural key (`lookup`), create it if missing, and save it only when
        one of `values` differs. Returns the row, and with count=False also the outcome."""
        row = model.objects.filter(**lookup).order_by("pk").first()
        if row is None:
            row = model.objects.create(**lookup, **values)
            outcome = CREATED
        else:
            changed = {field: value for field, value in values.items() if getattr(row, field) != value}
            for field, value in changed.items():
                setattr(row, field, value)
            if changed:
                row.save()
            outcome = UPDATED if changed else UNCHANGED
        if not count:
            return row, outcome
        self.counts[model, outcome] += 1
        return row

    # --- Summary -------------------------------------------------------------------------------

    def report(self):
        lines = []
        for model, label in [
            (Municipality, "municipalities"),
            (OpeningHours, "opening and phone hours"),
            (ClosedDay, "closed days"),
            (ContactPerson, "contact persons"),
            (Guide, "guides"),
            (User, "demo log-ins"),
        ]:
            created, updated, unchanged = (self.counts[model, outcome] for outcome in OUTCOMES)
            total = created + updated + unchanged
            lines.append(f"  {total:3} {label} ({created} created, {updated} updated, {unchanged} unchanged)")
        self.stdout.write(self.style.SUCCESS("Demo data loaded:"))
        self.stdout.write("\n".join(lines))

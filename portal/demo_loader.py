"""Loads the portal's demo data (portal/demo/): four municipalities from the seed documents with
their opening and phone hours, extra closed days, example contact persons, guides and demo
log-ins. Edits made in the admin to the demo rows themselves are reset on the next run."""

import datetime

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils import timezone

from kit.demo import CREATED, UNCHANGED, DemoLoader
from portal.demo.guides import GUIDES
from portal.demo.municipalities import ADMIN_USER, CLOSED_DAYS, MUNICIPALITIES
from portal.models import (
    ClosedDay,
    ContactPerson,
    Guide,
    Municipality,
    OpeningHours,
    User,
    default_official_name,
)
from portal.roles import CONTACT_PERSON

MUNICIPALITY_FIELDS = ("name", "slug", "address", "phone", "email", "website", "intro", "intro_en")
GUIDE_FIELDS = ("topic", "title", "summary", "body", "title_en", "summary_en", "body_en")


class PortalDemo(DemoLoader):
    title = "Demo data loaded:"
    report_models = (
        (Municipality, "municipalities"),
        (OpeningHours, "opening and phone hours"),
        (ClosedDay, "closed days"),
        (ContactPerson, "contact persons"),
        (Guide, "guides"),
        (User, "demo log-ins"),
    )

    def load(self):
        today = timezone.localdate()
        contact_group = Group.objects.filter(name=CONTACT_PERSON).first()
        if contact_group is None:
            raise CommandError(f'The group "{CONTACT_PERSON}" is missing; run "manage.py migrate" first.')
        municipalities = {}
        for data in MUNICIPALITIES:
            municipality = self.load_municipality(data, today, contact_group)
            municipalities[municipality.code] = municipality
        for data in GUIDES:
            self.load_guide(data, municipalities)
        admin = {field: value for field, value in ADMIN_USER.items() if field != "username"}
        self.upsert_user(
            ADMIN_USER["username"],
            {**admin, "municipality": None, "is_staff": True, "is_superuser": True, "is_active": True},
        )

    def load_municipality(self, data, today, contact_group):
        values = {field: data[field] for field in MUNICIPALITY_FIELDS}
        values["official_name"] = default_official_name(data["name"])
        municipality, _outcome = self.upsert(Municipality, {"code": data["code"]}, values)
        self.load_hours(municipality, data["hours"])
        for year in (today.year, today.year + 1):
            for month, day, reason in CLOSED_DAYS:
                self.upsert(
                    ClosedDay,
                    {"municipality": municipality, "date": datetime.date(year, month, day)},
                    {"reason": reason},
                )
        for position, contact in enumerate(data["contacts"]):
            self.load_contact_person(municipality, position, contact, contact_group)
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
            self.count(OpeningHours, UNCHANGED, len(wanted))
            return
        municipality.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=municipality, kind=kind, weekday=weekday, opens=opens, closes=closes)
            for kind, weekday, opens, closes in wanted
        )
        self.count(OpeningHours, CREATED, len(wanted))

    def load_contact_person(self, municipality, position, contact, contact_group):
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
            values["user"] = self.upsert_user(
                contact["user"],
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

"""Loads events' demo data (events/demo.py): the seeds' theme days, the funding workshop (full,
with a waiting list), Slagelse's network meeting and Lejre's online information meeting, each with
a few registrations of made-up participants at example.dk. Needs the portal's demo data.

Every date is fixed, so a second run changes nothing."""

import datetime
import zoneinfo

from django.core.management.base import CommandError

from events.demo import EVENTS
from events.models import Event, Registration
from kit.demo import DemoLoader
from portal.models import Municipality

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Hassan", "Ida", "Jonas",
               "Karin", "Lars", "Mette", "Nadia"]  # fmt: skip
LAST_NAMES = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen"]


def moment(parts):
    return datetime.datetime(*parts, tzinfo=COPENHAGEN) if parts else None


class EventsDemo(DemoLoader):
    title = "Demo events loaded:"
    report_models = ((Event, "events"), (Registration, "registrations"))
    makes_log_ins = False

    def load(self):
        municipalities = {m.code: m for m in Municipality.objects.all()}
        wanted = {e["municipality"] for e in EVENTS} | {c for e in EVENTS for c in e["co_hosts"]}
        if wanted - set(municipalities):
            raise CommandError(
                'The demo municipalities are missing; run "manage.py load_demo" (or "manage.py load_demo '
                'portal") first.'
            )
        for data in EVENTS:
            self.load_event(data, municipalities)

    def load_event(self, data, municipalities):
        starts = moment(data["starts"])
        event, _outcome = self.upsert(
            Event,
            {"slug": data["slug"]},
            {
                "municipality": municipalities[data["municipality"]],
                "kind": data["kind"],
                "title": data["title"],
                "summary": data["summary"],
                "description": data["description"],
                "programme": data["programme"],
                "target_audience": data["target_audience"],
                "place_name": data["place_name"],
                "address": data["address"],
                "online_url": data.get("online_url", ""),
                "starts_at": starts,
                "ends_at": moment(data["ends"]),
                "registration_deadline": moment(data["deadline"]),
                "capacity": data["capacity"],
                "organiser": data["organiser"],
                "contact_name": data["contact_name"],
                "contact_email": data["contact_email"],
                "outcome": data.get("outcome", ""),
                "status": Event.Status.PUBLISHED,
                "published_at": starts - datetime.timedelta(days=60),
            },
        )
        event.co_hosts.set([municipalities[code] for code in data["co_hosts"]])
        capacity = data["capacity"]
        for n in range(data["registrations"]):
            first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
            full = capacity is not None and n >= capacity
            attended = None
            if "attended" in data:
                attended = n < data["attended"]
            self.upsert(
                Registration,
                {"event": event, "email": f"{first.lower()}.{last.lower()}.{n}@example.dk"},
                {
                    "name": f"{first} {last}",
                    "organisation": "Demo" if n % 3 else "",
                    "status": Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
                    "created_at": starts - datetime.timedelta(days=30 - n),
                    "attended": attended,
                    "needs": "Vegetarisk frokost" if n == 2 else "",
                },
            )

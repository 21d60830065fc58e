"""Loads partnerships' demo data (partnerships/demo.py): published agreements with their parties,
commitments and confirmed quarterly results, and Jammerbugt's follow-up group with its members,
four meetings and their actions. Needs the portal's and the registry's demo data.

Every date is fixed, so a second run changes nothing."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from enterprises.models import Enterprise
from kit.demo import DemoLoader
from partnerships.demo import AGREEMENTS
from partnerships.models import (
    Action,
    Agreement,
    Commitment,
    FollowUpGroup,
    Meeting,
    Member,
    Organisation,
    Party,
    Result,
)
from portal.models import Municipality

#: When the demo results count as confirmed (fixed, so that reloading changes nothing).
CONFIRMED_AT = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)


def day(parts):
    return datetime.date(*parts) if parts else None


class PartnershipsDemo(DemoLoader):
    title = "Demo partnerships loaded:"
    report_models = (
        (Agreement, "agreements"),
        (Organisation, "organisations"),
        (Party, "parties"),
        (Commitment, "commitments"),
        (Result, "results"),
        (FollowUpGroup, "follow-up groups"),
        (Member, "members"),
        (Meeting, "meetings"),
        (Action, "actions"),
    )
    makes_log_ins = False

    def load(self):
        municipalities = {m.code: m for m in Municipality.objects.all()}
        enterprises = {e.slug: e for e in Enterprise.objects.all()}
        wanted = {p["enterprise"] for a in AGREEMENTS for p in a["parties"] if "enterprise" in p}
        if {a["municipality"] for a in AGREEMENTS} - set(municipalities) or wanted - set(enterprises):
            raise CommandError(
                'The demo municipalities and enterprises are missing; run "manage.py load_demo" (or '
                '"manage.py load_demo portal enterprises") first.'
            )
        for data in AGREEMENTS:
            self.load_agreement(data, municipalities[data["municipality"]], enterprises)

    def load_agreement(self, data, municipality, enterprises):
        agreement, _outcome = self.upsert(
            Agreement,
            {"slug": data["slug"]},
            {
                "municipality": municipality,
                "kind": data["kind"],
                "title": data["title"],
                "purpose": data["purpose"],
                "tasks": data["tasks"],
                "start": day(data["start"]),
                "end": day(data.get("end")),
                "state": data["state"],
                "status": Agreement.Status.PUBLISHED,
                "is_example": True,
            },
        )
        for party in data["parties"]:
            if "enterprise" in party:
                lookup = {"agreement": agreement, "enterprise": enterprises[party["enterprise"]]}
            else:
                name, kind = party["organisation"]
                organisation, _outcome = self.upsert(
                    Organisation, {"municipality": municipality, "name": name}, {"kind": kind}
                )
                lookup = {"agreement": agreement, "organisation": organisation}
            self.upsert(Party, lookup, {"role": party.get("role", "")})
        for item in data["commitments"]:
            commitment, _outcome = self.upsert(
                Commitment,
                {"agreement": agreement, "position_kind": item["position_kind"], "target_group": None},
                {
                    "target": item["target"],
                    "enterprise": enterprises.get(item.get("enterprise")),
                    "deadweight_percent": item.get("deadweight_percent"),
                    "attribution_percent": item.get("attribution_percent"),
                },
            )
            for year, quarter, count in item["results"]:
                self.upsert(
                    Result,
                    {"commitment": commitment, "year": year, "quarter": quarter},
                    {"count": count, "confirmed_at": CONFIRMED_AT, "reported_at": CONFIRMED_AT},
                )
        if group := data.get("group"):
            self.load_group(group, agreement, municipality)

    def load_group(self, data, agreement, municipality):
        group, _outcome = self.upsert(
            FollowUpGroup,
            {"municipality": municipality, "name": data["name"]},
            {"agreement": agreement, "chair": data["chair"], "meetings_per_year": data["meetings_per_year"]},
        )
        for name, role, organisation in data["members"]:
            self.upsert(Member, {"group": group, "name": name}, {"role": role, "organisation": organisation})
        zone = timezone.get_default_timezone()
        for item in data["meetings"]:
            starts_at = datetime.datetime(*item["starts_at"], tzinfo=zone)
            meeting, _outcome = self.upsert(
                Meeting,
                {"group": group, "starts_at": starts_at},
                {
                    "ends_at": starts_at + datetime.timedelta(hours=2),
                    "place": item["place"],
                    "agenda": item["agenda"],
                    "minutes": item["minutes"],
                },
            )
            for text, responsible, due, done in item["actions"]:
                self.upsert(
                    Action,
                    {"meeting": meeting, "text": text},
                    {"responsible": responsible, "due": day(due), "done_at": day(done)},
                )

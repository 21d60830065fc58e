"""Loads procurement's demo data (procurement/demo.py): published notices with their lots, an award
whose social clause was followed up, and an enterprise's interest. Needs the portal's and the
registry's demo data. The notices are checked as the admin checks them before publishing, and
loaded as published without a change record, so no alert goes out and no mail is sent.

The dates are relative to the day of loading (Copenhagen time), so a second run on the same day
changes nothing, and a run on a later day moves the deadlines on: the open notices stay open."""

import datetime
from decimal import Decimal

from django.core.management.base import CommandError

from enterprises.models import Enterprise, ServiceCategory
from kit.demo import CREATED, UNCHANGED, UPDATED, DemoLoader
from portal.models import Municipality, User
from procurement import services
from procurement.demo import AWARDS, INTERESTS, NOTICES
from procurement.models import (
    COPENHAGEN,
    Award,
    ClauseFollowUp,
    CpvCode,
    Interest,
    Lot,
    Notice,
    copenhagen_today,
)

#: The fields given as days from today, and the field each sets.
MOMENTS = {
    "questions_in_days": "questions_deadline",
    "submission_in_days": "submission_deadline",
    "published_in_days": "published_at",
}
DAYS = {"contract_start_in_days": "contract_start", "contract_end_in_days": "contract_end"}
RELATIONS = ("categories", "cpv_codes")
#: The hour of day (Copenhagen) of a deadline or publication.
HOUR = datetime.time(12, 0)


class ProcurementDemo(DemoLoader):
    title = "Demo procurement notices loaded:"
    report_models = (
        (Notice, "notices"),
        (Lot, "lots"),
        (Award, "awards"),
        (ClauseFollowUp, "clause follow-ups"),
        (Interest, "interests"),
    )
    makes_log_ins = False

    def load(self):
        self.today = copenhagen_today()
        municipalities = {m.code: m for m in Municipality.objects.all()}
        enterprises = {e.slug: e for e in Enterprise.objects.all()}
        users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
        wanted_enterprises = {a["enterprise"] for a in AWARDS.values()} | {i["enterprise"] for i in INTERESTS}
        if {n["municipality"] for n in NOTICES} - set(municipalities) or wanted_enterprises - set(
            enterprises
        ):
            raise CommandError(
                'The demo municipalities and enterprises are missing; run "manage.py load_demo" (or '
                '"manage.py load_demo portal enterprises") first.'
            )
        self.vocabularies = {
            "categories": {term.slug: term for term in ServiceCategory.objects.all()},
            "cpv_codes": CpvCode.objects.in_bulk(
                {
                    code
                    for n in NOTICES
                    for code in [*n["cpv_codes"], *(c for lot in n.get("lots", ()) for c in lot["cpv_codes"])]
                }
            ),
        }
        notices = {}
        for data in NOTICES:
            notices[data["slug"]] = self.load_notice(data, municipalities)
        for slug, data in AWARDS.items():
            self.load_award(notices[slug], data, enterprises, users)
        for data in INTERESTS:
            user = users.get(data["user"])
            self.upsert(
                Interest,
                {
                    "notice": notices[data["notice"]],
                    "lot": None,
                    "enterprise": enterprises[data["enterprise"]],
                },
                {
                    "user": user,
                    "message": data["message"],
                    "share_profile": data["share_profile"],
                    "consent_at": self.moment(-1) if data["share_profile"] else None,
                    "created_at": self.moment(-1),
                },
            )

    def moment(self, days):
        return datetime.datetime.combine(self.today + datetime.timedelta(days=days), HOUR, tzinfo=COPENHAGEN)

    def day(self, days):
        return self.today + datetime.timedelta(days=days)

    def related(self, data, relation):
        try:
            return {self.vocabularies[relation][key] for key in data.get(relation, ())}
        except KeyError as error:
            raise CommandError(f"{data['title']}: {error} is missing; run 'manage.py migrate'.") from None

    def set_related(self, row, data):
        """Set the notice's or lot's categories and CPV codes; whether any changed."""
        changed = False
        for relation in RELATIONS:
            wanted = self.related(data, relation)
            if set(getattr(row, relation).all()) != wanted:
                getattr(row, relation).set(wanted)
                changed = True
        return changed

    def load_notice(self, data, municipalities):
        skip = {"slug", "municipality", "lots", *RELATIONS, *MOMENTS, *DAYS}
        values = {key: value for key, value in data.items() if key not in skip}
        values.setdefault("stage", Notice.Stage.TENDERING)
        if "estimated_value" in values:
            values["estimated_value"] = Decimal(values["estimated_value"])
        values["published_at"] = self.moment(data.get("published_in_days", -2))
        for key, field in MOMENTS.items():
            if key in data and key != "published_in_days":
                values[field] = self.moment(data[key])
        for key, field in DAYS.items():
            if key in data:
                values[field] = self.day(data[key])
        values.update(
            municipality=municipalities[data["municipality"]],
            status=Notice.Status.PUBLISHED,
            is_example=True,
        )
        lots = [
            Lot(
                number=lot["number"],
                title=lot["title"],
                estimated_value=Decimal(lot["estimated_value"]) if "estimated_value" in lot else None,
            )
            for lot in data.get("lots", ())
        ]
        candidate = Notice(slug=data["slug"], **values)
        errors = services.publishing_errors(candidate, lots=lots)
        if errors:
            raise CommandError(f"The demo notice {data['slug']} could not be published: {errors}")

        notice, outcome = self.upsert(Notice, {"slug": data["slug"]}, values, count=False)
        if self.set_related(notice, data) and outcome == UNCHANGED:
            outcome = UPDATED
        self.count(Notice, outcome)
        for lot in data.get("lots", ()):
            lot_values = {key: value for key, value in lot.items() if key not in {"number", *RELATIONS}}
            if "estimated_value" in lot_values:
                lot_values["estimated_value"] = Decimal(lot_values["estimated_value"])
            row, lot_outcome = self.upsert(
                Lot, {"notice": notice, "number": lot["number"]}, lot_values, count=False
            )
            if self.set_related(row, {**lot, "title": lot["title"]}) and lot_outcome == UNCHANGED:
                lot_outcome = UPDATED
            self.count(Lot, lot_outcome)
        return notice

    def load_award(self, notice, data, enterprises, users):
        enterprise = enterprises[data["enterprise"]]
        award, _outcome = self.upsert(
            Award,
            {"notice": notice, "lot": None},
            {
                "enterprise": enterprise,
                "winner_name": enterprise.name,
                "winner_cvr": enterprise.cvr,
                "value": Decimal(data["value"]),
                "awarded_on": self.day(data["awarded_in_days"]),
            },
        )
        for follow_up in data["follow_ups"]:
            confirmer = users.get(follow_up["confirmed_by"])
            period_end = self.day(follow_up["period_end_in_days"])
            values = {
                key: follow_up[key]
                for key in ("promised", "positions_promised", "positions_filled", "report")
            }
            values.update(
                reported_by=confirmer,
                reported_at=self.moment(follow_up["period_end_in_days"] + 1),
                confirmed_by=confirmer,
                confirmed_at=self.moment(follow_up["period_end_in_days"] + 1),
            )
            # Found by its award: a period moves with the day of loading, like the other dates.
            row = ClauseFollowUp.objects.filter(award=award, promised=follow_up["promised"]).first()
            if row is None:
                ClauseFollowUp.objects.create(award=award, period_end=period_end, **values)
                self.count(ClauseFollowUp, CREATED)
            else:
                self.upsert(ClauseFollowUp, {"pk": row.pk}, {"period_end": period_end, **values})

"""Loads mentoring's demo data (mentoring/demo.py): published mentor offers with their mentors'
demo log-ins, requests, and the matches of two of them with their timelines, check-in and
feedback. Needs the portal's and the registry's demo data.

Every date is fixed, so a second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from enterprises.models import Enterprise
from kit.demo import DemoLoader
from mentoring.demo import OFFERS, REQUESTS
from mentoring.models import (
    CheckIn,
    ExpertiseArea,
    Feedback,
    Match,
    MatchEvent,
    MentorOffer,
    MentorRequest,
    OfferSector,
)
from mentoring.services import ANSWER_DAYS, LAPSE_DAYS
from portal.hours import add_working_days
from portal.models import Municipality

User = get_user_model()


def moment(parts):
    return datetime.datetime(*parts, tzinfo=timezone.get_default_timezone()) if parts else None


def day(parts):
    return datetime.date(*parts) if parts else None


class MentoringDemo(DemoLoader):
    title = "Demo mentoring loaded:"
    report_models = (
        (User, "mentor log-ins"),
        (MentorOffer, "mentor offers"),
        (OfferSector, "offer sectors"),
        (MentorRequest, "mentor requests"),
        (Match, "matches"),
        (MatchEvent, "match events"),
        (CheckIn, "check-ins"),
        (Feedback, "feedback"),
    )

    def load(self):
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.enterprises = {e.slug: e for e in Enterprise.objects.all()}
        self.areas = {area.slug: area for area in ExpertiseArea.objects.all()}
        logins = {r["contact"] for r in REQUESTS} | {r["mentee_user"] for r in REQUESTS if "mentee_user" in r}
        self.users = {user.username: user for user in User.objects.filter(username__in=logins)}
        codes = {o["municipality"] for o in OFFERS} | {c for o in OFFERS for c in o["municipalities"]}
        if (
            codes - set(self.municipalities)
            or {r["enterprise"] for r in REQUESTS} - set(self.enterprises)
            or logins - set(self.users)
        ):
            raise CommandError(
                'The demo municipalities, enterprises and log-ins are missing; run "manage.py load_demo" '
                '(or "manage.py load_demo portal enterprises") first.'
            )
        offers = {data["slug"]: self.load_offer(data) for data in OFFERS}
        for data in REQUESTS:
            self.load_request(data, offers)

    def set_related(self, manager, wanted):
        """A many-to-many relation set to `wanted` only when it differs."""
        if set(manager.all()) != set(wanted):
            manager.set(wanted)

    def load_offer(self, data):
        first_name, last_name = data["mentor_name"].split(" ", 1)
        mentor = self.upsert_user(
            data["user"],
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": data["email"],
                "municipality": None,
                "is_staff": False,
                "is_superuser": False,
                "is_active": True,
            },
        )
        published = moment(data["published"])
        offer, _outcome = self.upsert(
            MentorOffer,
            {"slug": data["slug"]},
            {
                "mentor": mentor,
                "municipality": self.municipalities[data["municipality"]],
                "mentor_name": data["mentor_name"],
                "mentor_title": data["mentor_title"],
                "company": data["company"],
                "headline": data["headline"],
                "description": data["description"],
                "capacity": data["capacity"],
                **data["formats"],
                "duration_months": data["duration_months"],
                "paused": "paused_until" in data,
                "paused_until": day(data.get("paused_until")),
                "status": MentorOffer.Status.PUBLISHED,
                "submitted_at": published - datetime.timedelta(days=3),
                "reviewed_at": published,
                "published_at": published,
                "last_active_at": moment(data["last_active"]),
                "created_at": published - datetime.timedelta(days=3),
            },
        )
        self.set_related(offer.expertise, [self.areas[slug] for slug in data["expertise"]])
        self.set_related(offer.municipalities, [self.municipalities[code] for code in data["municipalities"]])
        for sector in data["sectors"]:
            self.upsert(OfferSector, {"offer": offer, "sector": sector}, {})
        return offer

    def load_request(self, data, offers):
        enterprise = self.enterprises[data["enterprise"]]
        created = moment(data["created"])
        contact = self.users[data["contact"]]
        mentor_request, _outcome = self.upsert(
            MentorRequest,
            {"municipality": self.municipalities[data["municipality"]], "enterprise": enterprise},
            {
                "status": data["status"],
                "mentee_user": self.users.get(data.get("mentee_user")),
                "mentee_name": data["mentee_name"],
                "mentee_email": data["mentee_email"],
                "sector": data["sector"],
                "goals": data["goals"],
                "description": data["description"],
                "contact_person": contact,
                "created_by": contact,
                "created_at": created,
            },
        )
        self.set_related(mentor_request.needs, [self.areas[slug] for slug in data["needs"]])
        if match := data.get("match"):
            self.load_match(match, mentor_request, offers[match["offer"]], contact)

    def load_match(self, data, mentor_request, offer, contact):
        sides = {"staff": contact, "mentor": offer.mentor, "mentee": mentor_request.mentee_user}
        proposed = moment(data["proposed"])
        match, _outcome = self.upsert(
            Match,
            {"request": mentor_request, "offer": offer},
            {
                "status": data["status"],
                "origin": data["origin"],
                "proposed_by": contact,
                "message": data["message"],
                "proposed_at": proposed,
                "answer_due": add_working_days(proposed.date(), ANSWER_DAYS),
                "lapses_on": add_working_days(proposed.date(), LAPSE_DAYS),
                "answered_at": moment(data["answered"]),
                "started_at": moment(data["started"]),
                "check_in_due": day(data["check_in_due"]),
                "ended_at": moment(data.get("ended")),
                "created_at": proposed,
            },
        )
        for kind, side, from_status, to_status, when, text in data["events"]:
            self.upsert(
                MatchEvent,
                {"match": match, "kind": kind, "created_at": moment(when), "to_status": to_status},
                {"side": side, "by": sides.get(side), "from_status": from_status, "text": text},
            )
        if "check_in_sent" in data:
            side, answer, answered = data["check_in_answer"]
            self.upsert(
                CheckIn,
                {"match": match, "due_on": day(data["check_in_due"])},
                {
                    "sent_at": moment(data["check_in_sent"]),
                    "answered_at": moment(answered),
                    "answered_side": side,
                    "answer": answer,
                },
            )
        for side, rating, comment, when in data.get("feedback", ()):
            self.upsert(
                Feedback,
                {"match": match, "side": side},
                {"rating": rating, "comment": comment, "created_at": moment(when)},
            )

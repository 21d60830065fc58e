"""Loads startup counselling's demo data (counselling/demo.py): the demo municipalities'
counselling settings and standard replies, and the demo cases with their timelines. Needs the portal's and the
registry's demo data. A case is found by its applicant's address and left alone when it exists.
No mail is sent: the demo cases are written as they are, not submitted through the form."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from counselling import services
from counselling.demo import CASES, REPLY_TEMPLATES, SETTINGS
from counselling.models import CLOSED, RESPONDING, Case, CaseEvent, CounsellingSettings, ReplyTemplate
from enterprises.models import Enterprise
from kit.demo import CREATED, UNCHANGED, DemoLoader
from portal.models import Municipality, User


class CounsellingDemo(DemoLoader):
    title = "Demo cases loaded:"
    report_models = (
        (CounsellingSettings, "counselling settings"),
        (ReplyTemplate, "standard replies"),
        (Case, "cases"),
    )
    makes_log_ins = False

    def load(self):
        now = timezone.now()
        municipalities = {m.code: m for m in Municipality.objects.prefetch_related("closed_days")}
        missing = ({data["municipality"] for data in CASES} | set(SETTINGS) | set(REPLY_TEMPLATES)) - set(
            municipalities
        )
        if missing:
            raise CommandError(
                'The demo municipalities are missing; run "manage.py load_demo" (or "manage.py '
                'load_demo portal enterprises") first.'
            )
        for code, values in SETTINGS.items():
            municipality = municipalities[code]
            municipality.counselling, _outcome = self.upsert(
                CounsellingSettings, {"municipality": municipality}, values
            )
        for code, replies in REPLY_TEMPLATES.items():
            for title, text in replies:
                self.upsert(
                    ReplyTemplate, {"municipality": municipalities[code], "title": title}, {"text": text}
                )
        users = {user.username: user for user in User.objects.filter(username__startswith="demo-")}
        existing = set(
            Case.objects.filter(applicant_email__in=[data["applicant_email"] for data in CASES]).values_list(
                "applicant_email", flat=True
            )
        )
        for data in sorted(CASES, key=lambda data: -data["days_ago"]):
            if data["applicant_email"] in existing:
                self.count(Case, UNCHANGED)
            else:
                self.load_case(data, municipalities[data["municipality"]], users, now)
                self.count(Case, CREATED)

    def load_case(self, data, municipality, users, now):
        received = now - datetime.timedelta(days=data["days_ago"], hours=2)
        assignee = users.get(data.get("assignee", ""))
        enterprise = Enterprise.objects.filter(slug=data.get("enterprise", "")).first()
        case = Case.objects.create(
            municipality=municipality,
            **services.numbering(municipality, received),
            created_at=received,
            consent_at=received,
            deadline=services.first_response_deadline(municipality, received),
            access_token=services.new_access_token(),
            language="da",
            assignee=assignee,
            confidential=data.get("confidential", False),
            enterprise=enterprise,
            **{
                field: data[field]
                for field in (
                    "kind",
                    "stage",
                    "applicant_name",
                    "applicant_email",
                    "organisation",
                    "description",
                    "needs",
                    "preferred_contact",
                )
            },
        )
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RECEIVED, created_at=received)
        if assignee:
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.ASSIGNED,
                author=assignee,
                assignee=assignee,
                created_at=received + datetime.timedelta(hours=3),
            )
        status, first_response, closed_at, unread = "new", None, None, None
        for index, (kind, text, extra) in enumerate(data["timeline"], start=1):
            # Spread the timeline over the case's life, a day or so apart, never in the future.
            at = min(
                received + datetime.timedelta(days=index, hours=1), now - datetime.timedelta(minutes=index)
            )
            author = None if kind == "message_in" else assignee  # the applicant wrote it
            CaseEvent.objects.create(case=case, kind=kind, text=text, author=author, created_at=at, **extra)
            # The applicant's last word, when nobody has written since, is unread.
            unread = at if kind == "message_in" else None
            if kind == "message_out" or extra.get("to_status") in RESPONDING:
                first_response = first_response or at
            if kind == "status":
                status = extra["to_status"]
                closed_at = at if status in CLOSED else None
        Case.objects.filter(pk=case.pk).update(
            status=status,
            first_response_at=first_response,
            closed_at=closed_at,
            unread_answer_at=unread,
            access_expires_at=closed_at + services.ACCESS_AFTER_CLOSING if closed_at else None,
        )

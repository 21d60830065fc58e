"""Everything that changes a case. Each function is one transaction: the change, its timeline
event and its outbox mail commit together or not at all."""

import calendar
import datetime
import hashlib
import secrets
import statistics
import uuid
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext

from counselling import emails
from counselling.emails import regarding
from counselling.models import (
    ACCESS_AFTER_CLOSING,
    CLOSED,
    OPEN,
    RESPONDING,
    TRANSITIONS,
    Case,
    CaseAccess,
    CaseAttachment,
    CaseCounter,
    CaseEvent,
    CounsellingSettings,
    Status,
)
from kit import ratelimits
from kit.calendar import new_calendar
from kit.staff import STAFF_ROLES, administrators_of, staff_of
from kit.transitions import (
    Conflict,
    TransitionNotAllowed,  # noqa: F401 - the admin catches it under this name
)
from outbox.models import Notification
from portal import hours
from portal.hours import COPENHAGEN
from portal.models import ContactPerson

Kind = CaseEvent.Kind
DATA_COPY_SALT = "counselling.data-copy"
DATA_COPY_MAX_AGE = datetime.timedelta(hours=1)


class CaseConflict(Exception):
    """Someone else changed the case first; the message says what it is now."""


class NeedsAssignee(Exception):
    """A confidential case must have an assignee: without one, no contact person could see it."""


# Intake ---------------------------------------------------------------------------------------


def first_response_deadline(municipality, received):
    """The municipality's response time in Danish working days after the day of receipt
    (Copenhagen time)."""
    closed = {day.date for day in municipality.closed_days.all()}
    days = CounsellingSettings.of(municipality).response_days
    return hours.add_working_days(received.astimezone(COPENHAGEN).date(), days, closed)


def numbering(municipality, received):
    """The year, number and reference of a case received at `received`: "LEJ-2026-0042".
    Call it inside the transaction that creates the case.

    One statement: the counter row of the municipality and year is created at 1 or incremented in
    place, and the new number returned. The row stays locked until the transaction commits, so two
    submissions never get the same number and a rolled-back one leaves no gap."""
    year = received.astimezone(COPENHAGEN).year
    table = connection.ops.quote_name(CaseCounter._meta.db_table)
    with connection.cursor() as cursor:
        # The table is the model's own name; the values are parameters.
        upsert = (
            f"INSERT INTO {table} (municipality_id, year, last_number) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (municipality_id, year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number"
        )
        cursor.execute(upsert, [municipality.pk, year])
        [number] = cursor.fetchone()
    return {
        "year": year,
        "number": number,
        "reference": f"{CounsellingSettings.of(municipality).reference_prefix}-{year}-{number:04d}",
    }


def submit_request(*, municipality, data, attachments=(), language=None, now=None):
    """Create a case from the intake form's cleaned `data` and checked (file, content type)
    `attachments`. Returns the case; its private link is `case.access_token`."""
    now = now or timezone.now()
    stored = []
    # The deadline reads the closed days, the receipt the phone hours and the closed days again.
    prefetch_related_objects([municipality], "opening_hours", "closed_days")
    try:
        with transaction.atomic():
            case = Case.objects.create(
                municipality=municipality,
                **numbering(municipality, now),
                kind=data["kind"],
                stage=data["stage"],
                applicant_name=data["applicant_name"],
                applicant_email=data["applicant_email"],
                applicant_phone=data.get("applicant_phone", ""),
                organisation=data.get("organisation", ""),
                cvr=data.get("cvr", ""),
                description=data["description"],
                needs=list(data.get("needs", [])),
                preferred_contact=data["preferred_contact"],
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
                consent_at=now,
                deadline=first_response_deadline(municipality, now),
                created_at=now,
                access_token=new_access_token(),
            )
            event = CaseEvent.objects.create(case=case, kind=Kind.RECEIVED, created_at=now)
            _store(case, event, attachments, stored, from_applicant=True)
            if ratelimits.RECEIPT.take(ratelimits.address_scope(case.applicant_email)):
                emails.receipt(case)
            emails.alerts(case, staff_of(municipality, roles=STAFF_ROLES))
    except BaseException:
        _discard(stored)
        raise
    return case


def new_access_token():
    return secrets.token_urlsafe(32)


def _store(case, event, attachments, stored, *, from_applicant, author=None):
    for file, content_type in attachments:
        attachment = CaseAttachment(
            case=case,
            event=event,
            key=uuid.uuid4().hex,
            name=file.name[:200],
            content_type=content_type,
            size=file.size,
            from_applicant=from_applicant,
        )
        attachment.file.save(attachment.key, file, save=False)
        stored.append(attachment.file.name)
        attachment.save()


def _discard(names):
    # The transaction rolled back: the rows are gone, so the files must go too.
    for name in names:
        CaseAttachment.file.field.storage.delete(name)


# Triage ---------------------------------------------------------------------------------------


@transaction.atomic
def assign(case, assignee, *, by, expected_assignee_id):
    """Give the case to `assignee` (None: nobody) if it is still assigned to
    `expected_assignee_id`, the assignee the person saw. Raises CaseConflict when someone else
    got there first, naming who has it now, and NeedsAssignee when a confidential case would be
    left to nobody."""
    if assignee is None and case.confidential:
        raise NeedsAssignee()
    conditions = {"pk": case.pk, "assignee_id": expected_assignee_id}
    if assignee is None:
        conditions["confidential"] = False  # it may have become confidential meanwhile
    won = Case.objects.filter(**conditions).update(assignee=assignee, updated_at=timezone.now())
    if not won:
        current = Case.objects.select_related("assignee").get(pk=case.pk)
        if current.assignee_id == expected_assignee_id:
            raise NeedsAssignee()
        raise CaseConflict(current.assignee)
    case.assignee = assignee
    event = CaseEvent.objects.create(case=case, kind=Kind.ASSIGNED, author=by, assignee=assignee)
    if assignee is not None and assignee != by:
        emails.assigned(event, by=by)
    return event


@transaction.atomic
def change_status(case, to_status, *, by, expected_status, text=""):
    """Move the case along the transition table, if it still has the status the person saw.
    Raises TransitionNotAllowed (the table or the edge's permission says no) or CaseConflict."""
    now = timezone.now()
    changes = {"updated_at": now}
    if to_status in CLOSED:
        changes.update(closed_at=now, access_expires_at=now + ACCESS_AFTER_CLOSING)
    else:
        changes.update(closed_at=None, access_expires_at=None)
    try:
        TRANSITIONS.advance(Case.objects, case.pk, from_=expected_status, to=to_status, by=by, **changes)
    except Conflict as conflict:
        raise CaseConflict(Status(conflict.current).label if conflict.current else None) from conflict
    changes["status"] = to_status
    for field, value in changes.items():
        setattr(case, field, value)
    if to_status in RESPONDING:
        _mark_responded(case, now)
    event = CaseEvent.objects.create(
        case=case, kind=Kind.STATUS, author=by, from_status=expected_status, to_status=to_status, text=text
    )
    if to_status in CLOSED:
        emails.closed(event)
    return event


def _mark_responded(case, now):
    if case.first_response_at is None:
        Case.objects.filter(pk=case.pk, first_response_at__isnull=True).update(first_response_at=now)
        case.first_response_at = now


@transaction.atomic
def add_note(case, *, by, text):
    return CaseEvent.objects.create(case=case, kind=Kind.NOTE, author=by, text=text)


def send_message(case, *, by, text, attachments=()):
    """A message to the applicant, with checked (file, content type) `attachments`: on the
    timeline, on their private page (the files to download there) and by email."""
    stored = []
    try:
        with transaction.atomic():
            event = CaseEvent.objects.create(case=case, kind=Kind.MESSAGE_OUT, author=by, text=text)
            _store(case, event, attachments, stored, from_applicant=False)
            _mark_responded(case, event.created_at)
            emails.message(event, by=by)
    except BaseException:
        _discard(stored)
        raise
    return event


def mark_answers_read(case, *, by):
    """A staff member opened the case page: the applicant's answers are read. An answer that
    arrived after the page read the case stays unread (the update names the time it saw)."""
    if case.unread_answer_at is None:
        return
    Case.objects.filter(pk=case.pk, unread_answer_at=case.unread_answer_at).update(unread_answer_at=None)
    case.unread_answer_at = None


@transaction.atomic
def refer(case, *, by, partner, text):
    return CaseEvent.objects.create(case=case, kind=Kind.REFERRAL, author=by, partner=partner, text=text)


@transaction.atomic
def link_enterprise(case, enterprise, *, by):
    Case.objects.filter(pk=case.pk).update(enterprise=enterprise, updated_at=timezone.now())
    case.enterprise = enterprise
    return CaseEvent.objects.create(
        case=case, kind=Kind.ENTERPRISE, author=by, text=enterprise.name if enterprise else ""
    )


@transaction.atomic
def set_confidential(case, confidential, *, by):
    """Hide the case (and its mail in the outbox) from all but its assignee and the municipality's
    administrators, or show it again. Raises NeedsAssignee when nobody has the case."""
    cases = Case.objects.filter(pk=case.pk)
    if confidential:
        cases = cases.filter(assignee__isnull=False)  # checked in the update: no race
    if not cases.update(confidential=confidential, updated_at=timezone.now()):
        raise NeedsAssignee()
    case.confidential = confidential
    Notification.objects.filter(regarding=regarding(case)).update(confidential=confidential)
    return CaseEvent.objects.create(
        case=case, kind=Kind.CONFIDENTIAL, author=by, text="confidential" if confidential else "open"
    )


@transaction.atomic
def renew_access_link(case, *, by):
    """Revoke the applicant's private link and mail them a new one."""
    if case.anonymised_at is not None:
        raise CaseConflict(None)
    case.access_token = new_access_token()
    # A closed case's new link lasts as long as a link does after closing, from now: renewing a
    # link that has run out must not send the applicant one that is dead already.
    case.access_expires_at = None if case.is_open else timezone.now() + ACCESS_AFTER_CLOSING
    Case.objects.filter(pk=case.pk).update(
        access_token=case.access_token, access_expires_at=case.access_expires_at
    )
    event = CaseEvent.objects.create(case=case, kind=Kind.ACCESS_LINK, author=by)
    emails.link(event)
    return event


# The applicant --------------------------------------------------------------------------------


def case_for_token(token):
    """The case behind a private link, or None when the token is forged, revoked or expired."""
    if not token or len(token) > 64:
        return None
    case = (
        Case.objects.select_related("municipality", "assignee", "assignee__contact_person")
        .filter(access_token=token, anonymised_at__isnull=True)
        .first()
    )
    if case is None or not case.access_is_valid():
        return None
    return case


def reply(case, *, text, attachments=()):
    """The applicant answers from their private page, with text and/or files. A case waiting for
    them goes back to in progress; the assignee (else the contact persons) hears of it."""
    stored = []
    try:
        with transaction.atomic():
            kind = Kind.MESSAGE_IN if text else Kind.ATTACHMENT
            event = CaseEvent.objects.create(case=case, kind=kind, text=text)
            _store(case, event, attachments, stored, from_applicant=True)
            Case.objects.filter(pk=case.pk).update(unread_answer_at=event.created_at)
            case.unread_answer_at = event.created_at
            if case.status == Status.WAITING:
                _back_in_progress(case)
            # An assignee who can no longer be told (left, no address) is as good as none.
            assignee = case.assignee if case.assignee_id else None
            reachable = assignee is not None and assignee.is_active and assignee.email
            if reachable:
                recipients = [assignee]
            elif case.confidential:  # only those who may see it
                recipients = list(administrators_of(case.municipality))
            else:
                recipients = list(staff_of(case.municipality, roles=STAFF_ROLES))
            for person in recipients:
                emails.reply(event, person)
    except BaseException:
        _discard(stored)
        raise
    return event


def _back_in_progress(case):
    """The applicant answered a case waiting for them: it is in progress again, unless staff
    moved it meanwhile (then their status stands)."""
    try:
        TRANSITIONS.advance(
            Case.objects, case.pk, from_=Status.WAITING, to=Status.IN_PROGRESS, updated_at=timezone.now()
        )
    except Conflict:
        return
    case.status = Status.IN_PROGRESS
    CaseEvent.objects.create(
        case=case, kind=Kind.STATUS, from_status=Status.WAITING, to_status=Status.IN_PROGRESS
    )


def applicant_events(case):
    return case.events.filter(kind__in=CaseEvent.APPLICANT_VISIBLE).select_related("author")


def applicant_attachments(case):
    """The files the applicant may download from their page: their own, and those staff sent
    with something the applicant sees (never a file on an internal note)."""
    return case.attachments.filter(
        Q(from_applicant=True) | Q(event__kind__in=CaseEvent.APPLICANT_VISIBLE)
    ).select_related("event")


def case_contacts(case):
    """Who the applicant can turn to: the assignee (with their contact person entry's title and
    phone, when they have one), else the municipality's public startup contact persons (all its
    public contact persons when none is marked for startup help). Reads the prefetched
    `municipality.contact_persons`."""
    if case.assignee_id and case.assignee.is_active:
        user = case.assignee
        entry = getattr(user, "contact_person", None)
        return [
            {
                "name": str(user),
                "title": entry.title if entry else "",
                "phone": (entry.phone if entry else "") or case.municipality.phone,
                "email": (entry.email if entry else "") or user.email or case.municipality.email,
                "assigned": True,
            }
        ]
    public = [person for person in case.municipality.contact_persons.all() if person.is_public]
    startup = [person for person in public if ContactPerson.Area.STARTUP in person.areas] or public
    return [
        {
            "name": person.name,
            "title": person.title,
            "phone": person.phone or case.municipality.phone,
            "email": person.email,
            "assigned": False,
        }
        for person in startup
    ]


def deadline_calendar(case, *, stamp):
    """The first-response deadline as an iCalendar file (bytes): one all-day event on the
    deadline, in the active language. It holds no private link: calendars are often shared."""
    municipality = case.municipality
    event = icalendar.Event()
    # A stable UID: downloading the file again updates the event instead of adding a second one.
    host = urlsplit(settings.SITE_URL).hostname or "indgangen"
    event.add("uid", f"{case.reference}-{municipality.code}-deadline@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", case.deadline)
    event.add("dtend", case.deadline + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
    event.add(
        "summary",
        gettext("Answer from %(municipality)s on your request %(reference)s")
        % {"municipality": municipality.full_name, "reference": case.reference},
    )
    description = [
        gettext(
            "A contact person at %(municipality)s answers your request %(reference)s no later than this day."
        )
        % {"municipality": municipality.full_name, "reference": case.reference}
    ]
    if municipality.phone:
        description.append(gettext("Phone: %(phone)s") % {"phone": municipality.phone})
    if municipality.email:
        description.append(gettext("Email: %(email)s") % {"email": municipality.email})
    event.add("description", "\n".join(description))
    calendar_file = new_calendar("Startup counselling", method="PUBLISH", language="EN")
    calendar_file.add_component(event)
    return calendar_file.to_ical()


@transaction.atomic
def send_link_on_request(*, reference, email, now=None):
    """Someone asked for the link to case `reference`, giving `email`. When a case has that
    reference and that applicant address (both compared without regard to case), the applicant
    is mailed their link; otherwise nothing happens, and the caller answers the same either way,
    so the form tells nobody whether a case or an address exists.

    A working link is sent as it is (asking must not revoke it: else anyone who knows the
    reference and the address could kill the applicant's link); one that has run out is
    replaced by a new one lasting as long as a link does after closing. At most
    LINK_MAIL_LIMIT_PER_HOUR mails go to one case an hour. Returns the events made."""
    now = now or timezone.now()
    cases = (
        Case.objects.select_for_update()
        .select_related("municipality")
        .filter(
            reference__iexact=reference,
            applicant_email__iexact=email,
            anonymised_at__isnull=True,
            access_token__isnull=False,
        )
    )
    events = []
    for case in cases:
        if not ratelimits.LINK_MAIL.take(case.pk):
            continue
        if not case.access_is_valid(now):
            case.access_token = new_access_token()
            case.access_expires_at = None if case.is_open else now + ACCESS_AFTER_CLOSING
            Case.objects.filter(pk=case.pk).update(
                access_token=case.access_token, access_expires_at=case.access_expires_at
            )
        event = CaseEvent.objects.create(case=case, kind=Kind.ACCESS_LINK, created_at=now)
        emails.link_requested(event)
        events.append(event)
    return events


def _token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def data_copy_token(case):
    # The copy link carries the case's id and a digest of its private token, not the token itself:
    # the copy link expires, and the private link must not leak through it. A new private link
    # revokes the copy link too.
    value = f"{case.pk}.{_token_digest(case.access_token)}"
    return signing.TimestampSigner(salt=DATA_COPY_SALT).sign(value)


def case_for_data_copy(signed):
    try:
        value = signing.TimestampSigner(salt=DATA_COPY_SALT).unsign(signed, max_age=DATA_COPY_MAX_AGE)
    except signing.BadSignature:
        return None
    pk, _dot, digest = value.partition(".")
    case = (
        Case.objects.select_related("municipality", "assignee")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if case is None or not case.access_is_valid():
        return None
    return case if constant_time_compare(_token_digest(case.access_token), digest) else None


def applicant_data(case):
    """A copy of everything the portal holds about the applicant in this case (GDPR art. 15),
    as JSON-ready data. Internal notes are the staff's working papers and are left out."""
    return {
        "reference": case.reference,
        "municipality": case.municipality.full_name,
        "received": case.created_at.isoformat(),
        "status": case.status,
        "applicant": {
            "name": case.applicant_name,
            "email": case.applicant_email,
            "phone": case.applicant_phone,
            "organisation": case.organisation,
            "cvr": case.cvr,
        },
        "kind": case.kind,
        "stage": case.stage,
        "description": case.description,
        "needs": case.needs,
        "preferred_contact": case.preferred_contact,
        "language": case.language,
        "consent_given": case.consent_at.isoformat(),
        "first_response_due": case.deadline.isoformat(),
        "attachments": [
            {"name": a.name, "type": a.content_type, "size": a.size, "added": a.created_at.isoformat()}
            for a in case.attachments.all()
        ],
        "timeline": [
            {
                "when": event.created_at.isoformat(),
                "what": event.kind,
                "text": event.text,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "partner": event.partner,
            }
            for event in applicant_events(case)
        ],
    }


# Personal data --------------------------------------------------------------------------------


def log_access(user, cases, action, detail=""):
    """Record that `user` saw or took out `cases` (a case or an iterable of them)."""
    if isinstance(cases, Case):
        cases = [cases]
    now = timezone.now()
    CaseAccess.objects.bulk_create(
        [
            CaseAccess(
                municipality_id=case.municipality_id,
                case=case,
                reference=case.reference,
                user=user,
                action=action,
                detail=detail[:300],
                at=now,
            )
            for case in cases
        ],
        batch_size=1000,
    )


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def anonymise_closed_cases(now=None, dry_run=False):
    """Anonymise cases closed more than COUNSELLING_RETENTION_MONTHS ago: personal data blanked,
    attachments deleted, private link revoked; kind, status and dates are kept for statistics.
    Returns the references concerned (with dry_run, those that would be)."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.COUNSELLING_RETENTION_MONTHS)
    due = Case.objects.filter(status__in=CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True)
    references = list(due.values_list("reference", flat=True))
    if dry_run or not references:
        return references
    for case in due.iterator(chunk_size=500):
        _anonymise(case, now)
    return references


@transaction.atomic
def _anonymise(case, now):
    files = list(case.attachments.values_list("file", flat=True))
    case.attachments.all().delete()
    Case.objects.filter(pk=case.pk).update(
        applicant_name="",
        applicant_email="anonymised@invalid",
        applicant_phone="",
        organisation="",
        cvr="",
        description="",
        access_token=None,
        access_expires_at=None,
        anonymised_at=now,
    )
    # The timeline keeps what happened and when, not what was said.
    CaseEvent.objects.filter(case=case).update(text="")
    # The log keeps who looked when; its details name files and searches.
    CaseAccess.objects.filter(case=case).update(detail="")
    CaseEvent.objects.create(case=case, kind=Kind.ANONYMISED, created_at=now)
    transaction.on_commit(lambda: _discard(files))


# The admin's overview -------------------------------------------------------------------------


def overview(user, now=None):
    """Open cases by status, overdue, new this week and the median days to a first response
    over the last 90 days, for the cases `user` may see. A fixed handful of queries."""
    now = now or timezone.now()
    cases = Case.objects.visible_to(user)
    by_status = dict(cases.filter(status__in=OPEN).values_list("status").annotate(n=Count("pk")).order_by())
    local = now.astimezone(COPENHAGEN)
    week_start = (local - datetime.timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    counts = cases.aggregate(
        overdue=Count("pk", filter=cases.overdue_condition(local.date())),
        new_this_week=Count("pk", filter=Q(created_at__gte=week_start)),
        unread=Count("pk", filter=cases.unread_condition()),
    )
    responses = cases.filter(
        first_response_at__isnull=False, created_at__gte=now - datetime.timedelta(days=90)
    ).values_list("created_at", "first_response_at")
    waits = [(answered - received).total_seconds() / 86400 for received, answered in responses]
    return {
        "by_status": [(status, by_status.get(status, 0)) for status in Status if status in OPEN],
        "open": sum(by_status.values()),
        "overdue": counts["overdue"],
        "new_this_week": counts["new_this_week"],
        "unread": counts["unread"],
        "median_days_to_response": statistics.median(waits) if waits else None,
    }

"""Reminders of the follow-up groups' meetings and of the agreements, and the expiry run.

Each selection is "due and not yet sent", never "exactly 14 days from today": a day the task did
not run must not lose a reminder, and a run that repeats sends nothing twice.

- Members hear 14 and 2 days before a meeting (`Meeting.reminded_14_at`, `reminded_2_at`). A
  meeting that is within 2 days when the first run sees it gets the 2-day reminder only.
- The responsible contact person hears 90 and 30 days before an agreement ends ("end-90",
  "end-30"), and when a quarter has passed with no result reported for an active agreement with
  commitments ("results-2026Q3"). Each is an `AgreementReminder` row, written in the transaction
  of its outbox row; its unique key makes a second run find it and send nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kit.transitions import Conflict
from partnerships import emails
from partnerships.models import (
    STATE_TRANSITIONS,
    Agreement,
    AgreementReminder,
    Commitment,
    Meeting,
    Result,
    State,
    quarter_bounds,
    quarter_of,
)
from portal.hours import COPENHAGEN

#: (days before, the meeting's field recording it), the nearest first: a meeting seen late gets
#: the nearer reminder, which also marks the farther as done.
MEETING_REMINDERS = ((2, "reminded_2_at"), (14, "reminded_14_at"))
#: Days before an agreement's end, the nearest first, for the same reason.
END_REMINDERS = (30, 90)


def copenhagen_today(now):
    return timezone.localtime(now, COPENHAGEN).date()


def due_meetings(days, field, now=None):
    """Meetings not cancelled, starting within `days` days from `now`, whose reminder is not sent."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        cancelled=False,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=days),
        **{f"{field}__isnull": True},
    )


def send_meeting_reminders(now=None):
    """Queue the meeting reminders that are due; returns how many mails were queued."""
    now = now or timezone.now()
    queued = 0
    for days, field in MEETING_REMINDERS:
        for meeting_id in due_meetings(days, field, now).values_list("pk", flat=True):
            queued += remind_meeting(meeting_id, days=days, field=field, now=now)
    return queued


def remind_meeting(meeting_id, *, days, field, now):
    """Mark the meeting reminded (a guarded update: a run at the same time finds it done) and
    queue a mail to each member with an address, in one transaction."""
    marks = {field: now}
    if days == 2:
        # Too late for the 14-day one, if it was not sent: it is not sent after this one.
        marks["reminded_14_at"] = Coalesce(F("reminded_14_at"), Value(now, output_field=DateTimeField()))
    with transaction.atomic():
        won = Meeting.objects.filter(pk=meeting_id, cancelled=False, **{f"{field}__isnull": True}).update(
            **marks
        )
        if not won:
            return 0
        meeting = Meeting.objects.select_related("group").get(pk=meeting_id)
        members = meeting.group.members.exclude(email="").order_by("pk")
        for member in members:
            emails.meeting_reminder(meeting, member=member, days=days)
        return len(members)


def _record(agreement, key, now):
    """The reminder row `key` of `agreement`, or None when it was already sent."""
    try:
        with transaction.atomic():
            return AgreementReminder.objects.create(agreement=agreement, key=key, sent_at=now)
    except IntegrityError:
        return None


def agreements_to_remind():
    return Agreement.objects.filter(
        state=State.ACTIVE, responsible__isnull=False, responsible__is_active=True
    ).exclude(responsible__email="")


def send_end_reminders(now=None):
    """Queue the reminders of agreements that end within 90 or 30 days; returns how many."""
    now = now or timezone.now()
    today = copenhagen_today(now)
    queued = 0
    for days in END_REMINDERS:
        key = f"end-{days}"
        due = (
            agreements_to_remind()
            .filter(end__gte=today, end__lte=today + datetime.timedelta(days=days))
            .exclude(reminders__key=key)
            .select_related("responsible")
        )
        for agreement in due:
            with transaction.atomic():
                reminder = _record(agreement, key, now)
                if reminder is None:
                    continue
                for farther in END_REMINDERS:
                    if farther > days:
                        _record(agreement, f"end-{farther}", now)  # too late for it: never sent after this
                emails.agreement_ending(reminder, days=days)
                queued += 1
    return queued


def last_quarter(today):
    """The (year, quarter) that ended last before `today`."""
    year, quarter = today.year, quarter_of(today) - 1
    return (year - 1, 4) if quarter == 0 else (year, quarter)


def send_results_reminders(now=None):
    """Queue a reminder for each active agreement with commitments that covered part of the last
    quarter and has no result reported for it (confirmed or not); returns how many."""
    now = now or timezone.now()
    year, quarter = last_quarter(copenhagen_today(now))
    first, last = quarter_bounds(year, quarter)
    key = f"results-{year}Q{quarter}"
    reported = Result.objects.filter(commitment__agreement=OuterRef("pk"), year=year, quarter=quarter)
    due = (
        agreements_to_remind()
        .filter(start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .filter(Exists(Commitment.objects.filter(agreement=OuterRef("pk"))))
        .exclude(Exists(reported))
        .exclude(reminders__key=key)
        .select_related("responsible")
    )
    queued = 0
    for agreement in due:
        with transaction.atomic():
            reminder = _record(agreement, key, now)
            if reminder is not None:
                emails.results_missing(reminder, year=year, quarter=quarter)
                queued += 1
    return queued


def expire_agreements(now=None):
    """Move the active agreements whose end date has passed to expired, each by a guarded update
    along STATE_TRANSITIONS; returns how many moved."""
    today = copenhagen_today(now or timezone.now())
    moved = 0
    for pk in Agreement.objects.due_to_expire(today).values_list("pk", flat=True):
        try:
            STATE_TRANSITIONS.advance(
                Agreement.objects.filter(end__lt=today),
                pk,
                field="state",
                from_=State.ACTIVE,
                to=State.EXPIRED,
                updated_at=timezone.now(),
            )
        except Conflict:
            continue  # changed (terminated, prolonged) since it was selected
        moved += 1
    return moved

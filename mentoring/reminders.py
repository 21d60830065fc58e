"""The match's clock: reminders to silent mentors, lapses, check-ins and stalled matches.

Every selection is "due and not yet done", never "the date is today": a day the task did not run
(or a weekend, or Christmas) must not lose a step, and a run that repeats does nothing twice.
Each step is a guarded update of its row, its event and its mail in one transaction, so two runs
at once do it once. Days are Copenhagen's; the deadlines themselves are Danish working days,
counted when the proposal was made (services.propose, portal.hours.add_working_days).

- Reminder: a proposal still waiting for the mentor after `answer_due` (five working days), not
  yet reminded in this round → `reminded_at`, a REMINDER event and one mail to the mentor. The
  mentee's answer to a question starts a new round (`reminded_at` empty again).
- Lapse: a proposal past `lapses_on` (ten working days) lapses (a guarded PROPOSED → LAPSED): the
  request is open again and the contact person and the mentee are told. A question back to the
  mentee (NEEDS_INFO) gives the mentee ten working days from the question (services.ask_question
  sets `lapses_on`); a mentee who never answers lets the proposal lapse the same way, and the
  mails say that it was the mentee who did not answer. The mentee gets no reminder of their own:
  the question mail names the date.
- Check-in: an active match whose `check_in_due` has come gets one `CheckIn` row per due date
  (unique) and a mail to both sides. A "going well" answer moves `check_in_due` a month on
  (services.CHECK_IN_AGAIN_MONTHS), so the next one comes then; "finished" completes the match.
- Stalled: a check-in of an active match nobody answered in 21 days → `stalled_at`, a STALLED
  event and a mail into the contact person's digest (work mail, not urgent), once.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kit.transitions import Conflict
from mentoring import emails
from mentoring.models import MATCH_TRANSITIONS, CheckIn, Match, MatchEvent, MentorRequest
from portal.hours import COPENHAGEN

M = Match.Status

#: Days a check-in may wait for an answer before the match counts as stalled.
STALLED_AFTER = datetime.timedelta(days=21)


def copenhagen_today(now):
    return timezone.localtime(now, COPENHAGEN).date()


# --- Proposals waiting for an answer -----------------------------------------------------------


def due_reminders(now=None):
    """Proposals whose answer is overdue, not reminded in this round and not yet lapsing."""
    today = copenhagen_today(now or timezone.now())
    return Match.objects.filter(
        status=M.PROPOSED, answer_due__lt=today, reminded_at__isnull=True, lapses_on__gte=today
    )


def send_reminders(now=None):
    """Remind every mentor whose answer is overdue; returns how many were reminded."""
    now = now or timezone.now()
    return sum(remind(pk, now=now) for pk in due_reminders(now).values_list("pk", flat=True))


def remind(match_id, *, now):
    with transaction.atomic():
        won = due_reminders(now).filter(pk=match_id).update(reminded_at=now, updated_at=now)
        if not won:  # answered, or reminded by another run, since the selection
            return 0
        match = Match.objects.select_related("offer__mentor", "request__municipality").get(pk=match_id)
        MatchEvent.objects.create(match=match, kind=MatchEvent.Kind.REMINDER, created_at=now)
        emails.reminder_to_mentor(match)
    return 1


def due_lapses(now=None):
    """Proposals and questions past their last day without an answer."""
    today = copenhagen_today(now or timezone.now())
    return Match.objects.filter(status__in=(M.PROPOSED, M.NEEDS_INFO), lapses_on__lt=today)


def lapse_proposals(now=None):
    """Let every proposal past its last day lapse; returns how many lapsed."""
    now = now or timezone.now()
    return sum(lapse(pk, now=now) for pk in due_lapses(now).values_list("pk", flat=True))


def lapse(match_id, *, now):
    with transaction.atomic():
        match = (
            due_lapses(now)
            .select_for_update(of=("self",))
            .select_related("offer__mentor", "request__municipality")
            .filter(pk=match_id)
            .first()
        )
        if match is None:  # answered, or lapsed by another run, since the selection
            return 0
        before = match.status
        try:
            MATCH_TRANSITIONS.advance(
                Match.objects, match.pk, from_=before, to=M.LAPSED, ended_at=now, updated_at=now
            )
        except Conflict:  # pragma: no cover - the row is locked
            return 0
        match.status, match.ended_at = M.LAPSED, now
        MatchEvent.objects.create(
            match=match, kind=MatchEvent.Kind.STATUS, from_status=before, to_status=M.LAPSED, created_at=now
        )
        MentorRequest.objects.filter(pk=match.request_id, status=MentorRequest.Status.MATCHED).update(
            status=MentorRequest.Status.OPEN, updated_at=now
        )
        emails.lapsed(match, waited_for="mentee" if before == M.NEEDS_INFO else "mentor")
    return 1


# --- Active matches ----------------------------------------------------------------------------


def due_check_ins(now=None):
    """Active matches whose check-in day has come and whose check-in for that day is not sent."""
    today = copenhagen_today(now or timezone.now())
    return Match.objects.filter(status=M.ACTIVE, check_in_due__lte=today).exclude(
        check_ins__due_on=F("check_in_due")
    )


def send_check_ins(now=None):
    """Ask both sides of every match that is due how it is going; returns how many were asked."""
    now = now or timezone.now()
    return sum(send_check_in(pk, now=now) for pk in due_check_ins(now).values_list("pk", flat=True))


def send_check_in(match_id, *, now):
    with transaction.atomic():
        match = (
            due_check_ins(now)
            .select_for_update(of=("self",))
            .select_related("offer__mentor", "request__municipality")
            .filter(pk=match_id)
            .first()
        )
        if match is None:
            return 0
        check_in, created = CheckIn.objects.get_or_create(
            match=match, due_on=match.check_in_due, defaults={"sent_at": now}
        )
        if not created:  # pragma: no cover - the match row is locked
            return 0
        MatchEvent.objects.create(match=match, kind=MatchEvent.Kind.CHECK_IN, created_at=now)
        emails.check_in(check_in)
    return 1


def due_stalled(now=None):
    """Check-ins of active matches nobody answered in 21 days, not yet reported."""
    now = now or timezone.now()
    return CheckIn.objects.filter(
        answered_at__isnull=True,
        stalled_at__isnull=True,
        sent_at__lte=now - STALLED_AFTER,
        match__status=M.ACTIVE,
    )


def report_stalled(now=None):
    """Tell the contact person of every stalled match (in their digest); returns how many."""
    now = now or timezone.now()
    return sum(report(pk, now=now) for pk in due_stalled(now).values_list("pk", flat=True))


def report(check_in_id, *, now):
    with transaction.atomic():
        won = due_stalled(now).filter(pk=check_in_id).update(stalled_at=now)
        if not won:
            return 0
        check_in = CheckIn.objects.select_related("match__offer__mentor", "match__request__municipality").get(
            pk=check_in_id
        )
        MatchEvent.objects.create(match=check_in.match, kind=MatchEvent.Kind.STALLED, created_at=now)
        emails.stalled(check_in)
    return 1

"""The match's life cycle: every step a guarded change, an event on the match's timeline and its
mail through the outbox, in one transaction.

Who may take a step is checked here, not in the views: the mentor answers a proposal, the mentee
answers the mentor's question, either side (or the contact person) starts, completes or cancels.
A refused step raises `Refused` with the reason in words, and changes nothing.

Places: accepted and active matches hold one of the offer's places. Accepting locks the offer's
row first, so two acceptances at once are counted one after the other and never exceed the
capacity (tests/mentoring/test_capacity_postgres.py). Locks are taken in one order (the offer,
then the match, each row on its own: `of=("self",)`), so two steps at once wait, never deadlock.

Deadlines (mentoring/reminders.py runs them): a proposal is the mentor's to answer within five
working days (`answer_due`, then one reminder) and lapses after ten (`lapses_on`). A question back
to the mentee gives the mentee ten working days from the question (`lapses_on`; no reminder to
the mentor meanwhile): a mentee who never answers lets the proposal lapse, and the contact person
finds another mentor. The mentee's answer gives the mentor five and ten working days again.
"""

import calendar

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.refusals import Refused
from kit.transitions import Conflict
from mentoring import emails
from mentoring.models import (
    HOLDING_STATUSES,
    MATCH_TRANSITIONS,
    CheckIn,
    Feedback,
    Match,
    MatchEvent,
    MentorOffer,
    MentorRequest,
    Side,
)
from portal.hours import add_working_days

M = Match.Status

#: Working days a mentor has to answer a proposal before a reminder, and before it lapses.
ANSWER_DAYS = 5
LAPSE_DAYS = 10
#: After a check-in answered "going well", the next one comes this many months later.
CHECK_IN_AGAIN_MONTHS = 1


# --- Who is who --------------------------------------------------------------------------------


def side_of(match, user):
    """The side `user` is on in `match`: MENTOR, MENTEE, STAFF (staff who may see the match), or
    None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    if match.offer.mentor_id == user.pk:
        return Side.MENTOR
    if match.request.mentee_user_id == user.pk:
        return Side.MENTEE
    if (
        user.is_staff
        and user.has_perm("mentoring.change_match")
        and Match.objects.visible_to(user).filter(pk=match.pk).exists()
    ):
        return Side.STAFF
    return None


def _require_side(match, side, allowed):
    if side not in allowed:
        raise Refused(_("This match is not yours to answer."))


def _deadlines(today):
    return add_working_days(today, ANSWER_DAYS), add_working_days(today, LAPSE_DAYS)


# --- Proposals ---------------------------------------------------------------------------------


def propose(mentor_request, *, offer, by=None, message="", origin=Match.Origin.STAFF, now=None):
    """Propose `offer`'s mentor for `mentor_request`: the mentor is asked to answer within five
    working days. Refused when the mentor is paused, unpublished or full, or already has a match
    going on with this mentee."""
    now = now or timezone.now()
    if origin == Match.Origin.STAFF and by is not None and not _keeps(by, mentor_request):
        raise Refused(_("Only the request's municipality's contact persons can propose a mentor for it."))
    with transaction.atomic():
        offer = MentorOffer.objects.select_for_update().get(pk=offer.pk)
        mentor_request = MentorRequest.objects.select_for_update().get(pk=mentor_request.pk)
        if mentor_request.status == MentorRequest.Status.CLOSED:
            raise Refused(_("The request is closed."))
        if mentor_request.status == MentorRequest.Status.MATCHED:
            raise Refused(_("The request already has a mentor."))
        if not offer.is_published:
            raise Refused(_("The mentor's offer is not published."))
        if not offer.is_available(timezone.localdate(now)):
            raise Refused(_("The mentor has paused their offer."))
        if offer.places_taken_now() >= offer.capacity:
            raise Refused(_("The mentor has no free place."))
        if _pair_has_open_match(offer, mentor_request):
            raise Refused(_("This mentor and mentee already have a match going on."))
        answer_due, lapses_on = _deadlines(timezone.localdate(now))
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    request=mentor_request,
                    offer=offer,
                    origin=origin,
                    proposed_by=by,
                    message=message,
                    proposed_at=now,
                    answer_due=answer_due,
                    lapses_on=lapses_on,
                )
        except IntegrityError:  # a second proposal of the same pair at the same moment
            raise Refused(_("This mentor and mentee already have a match going on.")) from None
        if origin == Match.Origin.STAFF and by is not None and mentor_request.contact_person_id is None:
            # The contact person who brokers the first match is the request's from then on: the
            # mentor's answer and a stalled match go to them, not to every colleague.
            MentorRequest.objects.filter(pk=mentor_request.pk).update(contact_person=by, updated_at=now)
            mentor_request.contact_person = by
        _event(
            match,
            MatchEvent.Kind.STATUS,
            side=_side_for_origin(origin),
            by=by,
            to_status=M.PROPOSED,
            text=message,
            now=now,
        )
        emails.proposal_to_mentor(match)
        if origin == Match.Origin.MENTEE:
            emails.mentee_asked_to_contact_person(match)
    return match


def _keeps(user, mentor_request):
    """Whether `user` is staff who may broker matches for `mentor_request`."""
    return (
        getattr(user, "is_staff", False)
        and user.has_perm("mentoring.add_match")
        and MentorRequest.objects.visible_to(user).filter(pk=mentor_request.pk).exists()
    )


def _side_for_origin(origin):
    return Side.MENTEE if origin == Match.Origin.MENTEE else Side.STAFF


def _pair_has_open_match(offer, mentor_request):
    """A match going on between this mentor and this mentee, in this request or another one of
    the same mentee (the same account, or the same address)."""
    return _open_matches_of_pair(offer, mentor_request).exists()


def _open_matches_of_pair(offer, mentor_request):
    same = Q(request=mentor_request) | Q(request__mentee_email__iexact=mentor_request.mentee_email)
    if mentor_request.mentee_user_id:
        same |= Q(request__mentee_user_id=mentor_request.mentee_user_id)
    return Match.objects.open().filter(same, offer=offer)


def ask_for_mentor(offer, *, user, enterprise=None, needs=(), goals, description="", sector="", now=None):
    """A representative asks for this mentor (`/mentorer/<slug>/`): a request of their own and a
    proposal to the mentor, asked for by the mentee; the contact person is told."""
    municipality = enterprise.home_municipality if enterprise is not None else offer.municipality
    with transaction.atomic():
        mentor_request = MentorRequest.objects.create(
            municipality=municipality,
            mentee_user=user,
            mentee_name=user.get_full_name() or user.username,
            mentee_email=user.email,
            language=user.language,
            enterprise=enterprise,
            wanted_offer=offer,
            sector=sector or (enterprise.sector if enterprise is not None else ""),
            goals=goals,
            description=description,
            contact_person=None,
            created_by=user,
        )
        mentor_request.needs.set(needs)
        match = propose(mentor_request, offer=offer, by=user, origin=Match.Origin.MENTEE, now=now)
    return mentor_request, match


# --- The mentor's answer -----------------------------------------------------------------------


def accept(match, *, by, now=None):
    """The mentor takes the mentee: the match holds one of the offer's places."""
    now = now or timezone.now()
    with transaction.atomic():
        # The offer first: every acceptance of this mentor waits here for the one before it.
        offer = MentorOffer.objects.select_for_update().get(pk=match.offer_id)
        match = _locked(match)
        _require_side(match, side_of(match, by), {Side.MENTOR})
        _check(match, M.ACCEPTED)
        taken = offer.matches.filter(status__in=HOLDING_STATUSES).count()
        if taken >= offer.capacity:
            raise Refused(
                _(
                    "You have no free place: you take %(capacity)s at a time, and every place is taken. "
                    "Finish a match or make room for more."
                )
                % {"capacity": offer.capacity}
            )
        held = _open_matches_of_pair(offer, match.request).filter(status__in=HOLDING_STATUSES)
        if held.exclude(pk=match.pk).exists():
            raise Refused(_("This mentor and mentee already have a match going on."))
        _move(match, M.ACCEPTED, side=Side.MENTOR, by=by, now=now, answered_at=now)
        MentorRequest.objects.filter(pk=match.request_id).update(
            status=MentorRequest.Status.MATCHED, updated_at=now
        )
        _touch(offer, now)
        emails.accepted_to_mentee(match)
        emails.accepted_to_contact_person(match)
    return match


def decline(match, *, by, reason, now=None):
    """The mentor says no, and why; the contact person can propose someone else."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why you decline, so that the contact person can find another mentor."))
    with transaction.atomic():
        match = _locked(match)
        _require_side(match, side_of(match, by), {Side.MENTOR})
        _check(match, M.DECLINED)
        _move(
            match,
            M.DECLINED,
            side=Side.MENTOR,
            by=by,
            now=now,
            text=reason,
            reason=reason,
            answered_at=now,
            ended_at=now,
        )
        _touch(match.offer, now)
        emails.declined_to_mentee(match)
        emails.declined_to_contact_person(match)
    return match


def ask_question(match, *, by, question, now=None):
    """The mentor needs to know more before answering: a question back to the mentee."""
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise Refused(_("Write the question for the mentee."))
    with transaction.atomic():
        match = _locked(match)
        _require_side(match, side_of(match, by), {Side.MENTOR})
        _check(match, M.NEEDS_INFO)
        _move(
            match,
            M.NEEDS_INFO,
            side=Side.MENTOR,
            by=by,
            now=now,
            kind=MatchEvent.Kind.QUESTION,
            text=question,
            answered_at=now,
            answer_due=None,
            lapses_on=add_working_days(timezone.localdate(now), LAPSE_DAYS),
        )
        _touch(match.offer, now)
        emails.question_to_mentee(match, question=question)
    return match


def answer_question(match, *, answer, by=None, token=None, now=None):
    """The mentee answers the mentor's question: the proposal is the mentor's to answer again,
    with five working days from now. `by` is the mentee's account, or `token` the request's
    private link for a mentee without one."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise Refused(_("Write your answer to the mentor."))
    with transaction.atomic():
        match = _locked(match)
        _require_mentee(match, by=by, token=token)
        if match.status != M.NEEDS_INFO:
            raise Refused(_("The mentor has no question waiting for your answer."))
        answer_due, lapses_on = _deadlines(timezone.localdate(now))
        _move(
            match,
            M.PROPOSED,
            side=Side.MENTEE,
            by=by,
            now=now,
            kind=MatchEvent.Kind.ANSWER,
            text=answer,
            answer_due=answer_due,
            lapses_on=lapses_on,
            reminded_at=None,
        )
        emails.answer_to_mentor(match, answer=answer)
    return match


def _require_mentee(match, *, by, token):
    if token is not None and token == match.request.access_token:
        return
    _require_side(match, side_of(match, by), {Side.MENTEE})


def mentee_side(match, *, by=None, token=None):
    """MENTEE when `by` or `token` is the mentee's, else the side of `by`."""
    if token is not None and token == match.request.access_token:
        return Side.MENTEE
    return side_of(match, by)


# --- Going on, and ending ----------------------------------------------------------------------


def start(match, *, by=None, token=None, now=None):
    """The first meeting was held: the match is active, and a check-in is due after the offer's
    typical duration."""
    now = now or timezone.now()
    with transaction.atomic():
        match = _locked(match)
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE, Side.STAFF})
        _check(match, M.ACTIVE)
        due = add_months(timezone.localdate(now), match.offer.duration_months)
        _move(match, M.ACTIVE, side=side, by=by, now=now, started_at=now, check_in_due=due)
        if side == Side.MENTOR:
            _touch(match.offer, now)
        emails.started(match, by_side=side)
    return match


def complete(match, *, by=None, token=None, now=None):
    """The match has done what it set out to do; both sides are asked for their feedback."""
    now = now or timezone.now()
    with transaction.atomic():
        match = _locked(match)
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE, Side.STAFF})
        _check(match, M.COMPLETED)
        _move(match, M.COMPLETED, side=side, by=by, now=now, ended_at=now)
        MentorRequest.objects.filter(pk=match.request_id).update(
            status=MentorRequest.Status.CLOSED, updated_at=now
        )
        if side == Side.MENTOR:
            _touch(match.offer, now)
        emails.completed(match)
    return match


def cancel(match, *, reason, by=None, token=None, now=None):
    """End a match before it is done, with the reason. The request opens again for another
    mentor unless the mentee cancelled it."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the match is cancelled."))
    with transaction.atomic():
        match = _locked(match)
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE, Side.STAFF})
        _check(match, M.CANCELLED)
        _move(match, M.CANCELLED, side=side, by=by, now=now, text=reason, reason=reason, ended_at=now)
        if side == Side.MENTOR:
            _touch(match.offer, now)
        request_status = MentorRequest.Status.CLOSED if side == Side.MENTEE else MentorRequest.Status.OPEN
        MentorRequest.objects.filter(pk=match.request_id).exclude(status=MentorRequest.Status.CLOSED).update(
            status=request_status, updated_at=now
        )
        emails.cancelled(match, by_side=side, reason=reason)
    return match


def report_problem(match, *, text, by=None, token=None, now=None):
    """Either side tells the contact person that something is wrong; nothing else changes."""
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise Refused(_("Describe the problem for the contact person."))
    with transaction.atomic():
        match = _locked(match)
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE})
        event = _event(match, MatchEvent.Kind.PROBLEM, side=side, by=by, text=text, now=now)
        emails.problem_to_contact_person(match, event=event)
    return event


def give_feedback(match, *, rating, comment, by=None, token=None, now=None):
    """One side's feedback on a completed match: a rating from 1 to 5 and a comment, once."""
    now = now or timezone.now()
    comment = (comment or "").strip()
    with transaction.atomic():
        match = _locked(match)
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE})
        if match.status != M.COMPLETED:
            raise Refused(_("Feedback is given when the match is completed."))
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if rating not in range(1, 6):
            raise Refused(_("Give a rating from 1 to 5."))
        if not comment:
            raise Refused(_("Write a comment with your rating."))
        if match.feedback.filter(side=side).exists():
            raise Refused(_("You have already given your feedback on this match."))
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    match=match, side=side, rating=rating, comment=comment, created_at=now
                )
        except IntegrityError:
            raise Refused(_("You have already given your feedback on this match.")) from None
        if side == Side.MENTOR:
            _touch(match.offer, now)
    return feedback


def answer_check_in(check_in, *, answer, by=None, token=None, now=None):
    """One side answers the check-in: going well (the next check-in comes CHECK_IN_AGAIN_MONTHS
    later), finished (the match is completed), or a problem (the contact person is told at once).
    The first answer counts for both sides; a later one is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        check_in = (
            CheckIn.objects.select_for_update(of=("self",))
            .select_related("match__offer", "match__request")
            .get(pk=check_in.pk)
        )
        match = check_in.match
        side = mentee_side(match, by=by, token=token)
        _require_side(match, side, {Side.MENTOR, Side.MENTEE})
        if answer not in CheckIn.Answer.values:
            raise Refused(_("Choose one of the answers."))
        if check_in.answered_at is not None:
            raise Refused(_("The check-in has already been answered."))
        if match.status != M.ACTIVE:
            raise Refused(_("The match is no longer active."))
        check_in.answered_at, check_in.answered_side, check_in.answer = now, side, answer
        check_in.save(update_fields=["answered_at", "answered_side", "answer"])
        event = _event(
            match,
            MatchEvent.Kind.CHECK_IN_ANSWER,
            side=side,
            by=by,
            text=str(CheckIn.Answer(answer).label),
            now=now,
        )
        if side == Side.MENTOR:
            _touch(match.offer, now)
        if answer == CheckIn.Answer.COMPLETED:
            complete(match, by=by, token=token, now=now)
        elif answer == CheckIn.Answer.PROBLEM:
            emails.problem_to_contact_person(match, event=event)
        else:
            Match.objects.filter(pk=match.pk, status=M.ACTIVE).update(
                check_in_due=add_months(timezone.localdate(now), CHECK_IN_AGAIN_MONTHS), updated_at=now
            )
    return check_in


# --- Helpers -----------------------------------------------------------------------------------


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 January + 1
    month is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _locked(match):
    return Match.objects.select_for_update(of=("self",)).select_related("offer", "request").get(pk=match.pk)


#: What a match is waiting for or has come to, and what a step would make of it, in words.
_STATE = {
    M.PROPOSED: _("waiting for the mentor's answer"),
    M.NEEDS_INFO: _("waiting for the mentee's answer to the mentor's question"),
    M.ACCEPTED: _("accepted"),
    M.DECLINED: _("declined"),
    M.LAPSED: _("lapsed"),
    M.ACTIVE: _("active"),
    M.COMPLETED: _("completed"),
    M.CANCELLED: _("cancelled"),
}
_STEP = {
    M.PROPOSED: _("proposed again"),
    M.NEEDS_INFO: _("sent back with a question"),
    M.ACCEPTED: _("accepted"),
    M.DECLINED: _("declined"),
    M.LAPSED: _("lapsed"),
    M.ACTIVE: _("started"),
    M.COMPLETED: _("completed"),
    M.CANCELLED: _("cancelled"),
}


def _check(match, to):
    if not MATCH_TRANSITIONS.allowed(match.status, to):
        raise Refused(
            _("The match is %(state)s, so it cannot be %(step)s now.")
            % {"state": _STATE[M(match.status)], "step": _STEP[M(to)]}
        )


def _move(match, to, *, side, by, now, kind=MatchEvent.Kind.STATUS, text="", **updates):
    """The guarded update from the status the locked row has, and the event that records it."""
    before = match.status
    try:
        MATCH_TRANSITIONS.advance(Match.objects, match.pk, from_=before, to=to, updated_at=now, **updates)
    except Conflict:  # pragma: no cover - the row is locked; kept for callers without the lock
        raise Refused(_("Someone changed the match at the same time. Look at it again.")) from None
    match.status = to
    for name, value in updates.items():
        setattr(match, name, value)
    _event(match, kind, side=side, by=by, from_status=before, to_status=to, text=text, now=now)
    return match


def _event(match, kind, *, side="", by=None, from_status="", to_status="", text="", now=None):
    return MatchEvent.objects.create(
        match=match,
        kind=kind,
        side=side or "",
        by=by if getattr(by, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        text=text,
        created_at=now or timezone.now(),
    )


def _touch(offer, now):
    """The mentor did something: their "last active" moves on."""
    MentorOffer.objects.filter(pk=offer.pk).update(last_active_at=now)


__all__ = [
    "Refused",
    "accept",
    "answer_check_in",
    "answer_question",
    "ask_for_mentor",
    "ask_question",
    "cancel",
    "complete",
    "decline",
    "give_feedback",
    "mentee_side",
    "propose",
    "report_problem",
    "side_of",
    "start",
]

"""The match's life cycle against the written tables: every (status, step) pair for every side,
and the mail each step queues (to whom, in which language)."""

import pytest

from mentoring import emails, services
from mentoring.models import CheckIn, Match, MatchEvent, MentorRequest
from mentoring.services import Refused
from outbox.models import Notification
from tests.mentoring.life_helpers import MONDAY, make_cast, snapshot

pytestmark = pytest.mark.django_db

M = Match.Status
REFUSED = "refused"
STATUSES = [M.PROPOSED, M.NEEDS_INFO, M.ACCEPTED, M.ACTIVE, M.DECLINED, M.LAPSED, M.COMPLETED, M.CANCELLED]
STEPS = ["accept", "decline", "ask_question", "answer_question", "start", "complete", "cancel"]

#: (status) → the status each step leads to, for a side who may take it; "refused" where the
#: table has no edge.
#            accept      decline     ask_question  answer_question start     complete     cancel
EXPECTED = {
    M.PROPOSED: (M.ACCEPTED, M.DECLINED, M.NEEDS_INFO, REFUSED, REFUSED, REFUSED, M.CANCELLED),
    M.NEEDS_INFO: (REFUSED, REFUSED, REFUSED, M.PROPOSED, REFUSED, REFUSED, M.CANCELLED),
    M.ACCEPTED: (REFUSED, REFUSED, REFUSED, REFUSED, M.ACTIVE, REFUSED, M.CANCELLED),
    M.ACTIVE: (REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, M.COMPLETED, M.CANCELLED),
    M.DECLINED: (REFUSED,) * 7,
    M.LAPSED: (REFUSED,) * 7,
    M.COMPLETED: (REFUSED,) * 7,
    M.CANCELLED: (REFUSED,) * 7,
}

#: Who may take each step: the mentor, the mentee with an account, the mentee by the request's
#: private link, the request's municipality's contact person. A stranger and another
#: municipality's contact person may take none.
ACTORS = ["mentor", "mentee", "token", "staff", "stranger", "other staff"]
MAY = {
    "accept": {"mentor"},
    "decline": {"mentor"},
    "ask_question": {"mentor"},
    "answer_question": {"mentee", "token"},
    "start": {"mentor", "mentee", "token", "staff"},
    "complete": {"mentor", "mentee", "token", "staff"},
    "cancel": {"mentor", "mentee", "token", "staff"},
}


TEXTS = {
    "decline": {"reason": "Ingen tid."},
    "ask_question": {"question": "Hvor mange er I?"},
    "answer_question": {"answer": "Fire."},
    "cancel": {"reason": "Vi stopper."},
}


def _take(step, match, by, token):
    """The step as a view calls it; the mentor's steps have no token."""
    call = getattr(services, step)
    text = TEXTS.get(step, {})
    if step in ("accept", "decline", "ask_question"):
        return call(match, by=by, **text)
    return call(match, by=by, token=token, **text)


CASES = [
    (status, step, actor)
    for status in STATUSES
    for step in STEPS
    for actor in ACTORS
    if not (actor == "token" and step in ("accept", "decline", "ask_question"))
]


@pytest.mark.parametrize(("status", "step", "actor"), CASES)
def test_every_step_from_every_status_by_every_side_is_as_the_table_says(
    lejre, lejre_staff, roskilde_staff, status, step, actor
):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=status)
    by, token = cast.actor(actor)
    allowed = actor in MAY[step]
    expected = EXPECTED[status][STEPS.index(step)] if allowed else REFUSED
    before = snapshot(cast.match)

    if expected == REFUSED:
        with pytest.raises(Refused) as refused:
            _take(step, cast.match, by, token)
        assert str(refused.value)
        if not allowed:
            assert str(refused.value) == "Du kan ikke svare på dette forløb, for det er ikke dit."
        assert snapshot(cast.match) == before
    else:
        _take(step, cast.match, by, token)
        cast.match.refresh_from_db()
        assert cast.match.status == expected
        event = cast.match.events.get()
        assert (event.from_status, event.to_status) == (status, expected)


def test_a_refused_step_says_in_words_what_the_match_waits_for(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.NEEDS_INFO)

    with pytest.raises(Refused) as refused:
        services.accept(cast.match, by=cast.mentor)

    assert str(refused.value) == (
        "Forløbet kan ikke blive accepteret nu. Status: venter på menteens svar på mentorens spørgsmål."
    )


# --- The mail of each step ---------------------------------------------------------------------


def _mail():
    return sorted(
        (row.template, row.recipient_email, row.language) for row in Notification.objects.order_by("pk")
    )


def test_a_proposal_asks_the_mentor_in_their_language_to_answer_by_five_working_days_on(
    lejre, lejre_staff, roskilde_staff, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.DECLINED)

    match = services.propose(cast.match.request, offer=cast.match.offer, by=lejre_staff, message="Prøv!")

    assert str(match.answer_due) == "2026-03-09" and str(match.lapses_on) == "2026-03-16"
    assert _mail() == [(emails.PROPOSAL, cast.mentor.email, "da")]
    row = Notification.objects.get()
    assert row.context["answer_due"] == "9. marts 2026"
    assert row.context["path"] == f"/konto/mentorer/forloeb/{match.pk}/"


def test_a_mentee_who_asks_for_a_mentor_also_tells_the_contact_persons(lejre, lejre_staff, representative):
    from tests.mentoring.factories import area, make_offer

    offer = make_offer(municipality=lejre)

    mentor_request, match = services.ask_for_mentor(
        offer, user=representative, needs=[area("koekken-og-produktion")], goals="Rutiner."
    )

    assert match.origin == Match.Origin.MENTEE and match.status == M.PROPOSED
    assert mentor_request.municipality == lejre and mentor_request.wanted_offer == offer
    assert _mail() == sorted(
        [(emails.PROPOSAL, offer.mentor.email, "da"), (emails.STAFF_UPDATE, lejre_staff.email, "da")]
    )


@pytest.mark.parametrize(
    ("step", "status", "expected"),
    [
        ("accept", M.PROPOSED, [(emails.ACCEPTED, "mentee"), (emails.STAFF_UPDATE, "staff")]),
        ("decline", M.PROPOSED, [(emails.DECLINED, "mentee"), (emails.STAFF_UPDATE, "staff")]),
        ("ask_question", M.PROPOSED, [(emails.QUESTION, "mentee")]),
        ("answer_question", M.NEEDS_INFO, [(emails.ANSWER, "mentor")]),
        ("start", M.ACCEPTED, [(emails.STARTED, "mentee")]),
        ("complete", M.ACTIVE, [(emails.COMPLETED, "mentor"), (emails.COMPLETED, "mentee"),
                                (emails.STAFF_UPDATE, "staff")]),
        ("cancel", M.ACTIVE, [(emails.CANCELLED, "mentee"), (emails.STAFF_UPDATE, "staff")]),
    ],
)  # fmt: skip
def test_each_step_queues_its_mail_to_the_other_sides_in_their_languages(
    lejre, lejre_staff, roskilde_staff, step, status, expected
):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=status)
    # The mentor takes the step, except answering the question, which the mentee does.
    by = cast.mentee if step == "answer_question" else cast.mentor
    addresses = {"mentor": (cast.mentor.email, "da"), "mentee": (cast.mentee.email, "en"),
                 "staff": (lejre_staff.email, "da")}  # fmt: skip

    _take(step, cast.match, by, None)

    assert _mail() == sorted((template, *addresses[who]) for template, who in expected)


def test_the_mentee_cancelling_closes_the_request_and_the_mentor_cancelling_opens_it_again(
    lejre, lejre_staff, roskilde_staff
):
    by_mentee = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)
    by_mentor = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)
    MentorRequest.objects.update(status=MentorRequest.Status.MATCHED)

    services.cancel(by_mentee.match, by=by_mentee.mentee, reason="Vi lukker.")
    services.cancel(by_mentor.match, by=by_mentor.mentor, reason="Jeg flytter.")

    by_mentee.match.request.refresh_from_db()
    by_mentor.match.request.refresh_from_db()
    assert by_mentee.match.request.status == MentorRequest.Status.CLOSED
    assert by_mentor.match.request.status == MentorRequest.Status.OPEN
    # Each side hears of the other's cancelling, not of their own.
    assert (emails.CANCELLED, by_mentee.mentor.email, "da") in _mail()
    assert (emails.CANCELLED, by_mentor.mentor.email, "da") not in _mail()


def test_either_side_can_report_a_problem_to_the_contact_person_and_nothing_else_changes(
    lejre, lejre_staff, roskilde_staff
):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE, mentee_account=False)

    event = services.report_problem(
        cast.match, token=cast.match.request.access_token, text="Han svarer ikke."
    )

    assert (event.kind, event.side, event.text) == (MatchEvent.Kind.PROBLEM, "mentee", "Han svarer ikke.")
    cast.match.refresh_from_db()
    assert cast.match.status == M.ACTIVE
    row = Notification.objects.get()
    assert (row.template, row.recipient_email, row.context["side"]) == (
        emails.PROBLEM,
        lejre_staff.email,
        "mentee",
    )
    with pytest.raises(Refused):
        services.report_problem(cast.match, by=cast.stranger, text="Hej")


def test_feedback_from_both_sides_on_a_completed_match_once_each(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.COMPLETED)

    services.give_feedback(cast.match, by=cast.mentor, rating=5, comment="Dygtig iværksætter.")
    services.give_feedback(cast.match, by=cast.mentee, rating="4", comment="Godt forløb.")

    assert sorted(cast.match.feedback.values_list("side", "rating")) == [("mentee", 4), ("mentor", 5)]
    for rating, comment, message in [
        (5, "Igen", "Du har allerede givet din tilbagemelding på forløbet."),
        (9, "Højt", "Giv en bedømmelse fra 1 til 5."),
        (3, "  ", "Skriv en kommentar til din bedømmelse."),
    ]:
        with pytest.raises(Refused, match=message):
            services.give_feedback(cast.match, by=cast.mentor, rating=rating, comment=comment)


@pytest.mark.parametrize(
    ("answer", "status", "templates"),
    [
        (CheckIn.Answer.GOING_WELL, M.ACTIVE, []),
        (CheckIn.Answer.COMPLETED, M.COMPLETED, [emails.COMPLETED, emails.COMPLETED, emails.STAFF_UPDATE]),
        (CheckIn.Answer.PROBLEM, M.ACTIVE, [emails.PROBLEM]),
    ],
)
def test_a_check_in_answer_goes_on_completes_or_tells_the_contact_person(
    lejre, lejre_staff, roskilde_staff, time_machine, answer, status, templates
):
    time_machine.move_to(MONDAY, tick=False)
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)
    check_in = CheckIn.objects.create(match=cast.match, due_on=MONDAY.date())

    services.answer_check_in(check_in, by=cast.mentee, answer=answer)

    cast.match.refresh_from_db()
    check_in.refresh_from_db()
    assert cast.match.status == status
    assert (check_in.answer, check_in.answered_side) == (answer, "mentee")
    assert sorted(Notification.objects.values_list("template", flat=True)) == sorted(templates)
    if answer == CheckIn.Answer.GOING_WELL:
        # The next check-in comes a month later.
        assert str(cast.match.check_in_due) == "2026-04-02"
    with pytest.raises(Refused, match="Opfølgningen er allerede besvaret."):
        services.answer_check_in(check_in, by=cast.mentor, answer=CheckIn.Answer.GOING_WELL)


def test_starting_sets_the_check_in_after_the_typical_duration(
    lejre, lejre_staff, roskilde_staff, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACCEPTED)

    services.start(cast.match, by=lejre_staff)

    cast.match.refresh_from_db()
    assert str(cast.match.check_in_due) == "2026-09-02"  # the offer's default of six months
    assert sorted(Notification.objects.values_list("template", "recipient_email")) == sorted(
        [(emails.STARTED, cast.mentor.email), (emails.STARTED, cast.mentee.email)]
    )


def test_the_contact_person_who_proposes_first_becomes_the_requests_contact_person(
    lejre, lejre_staff, lejre_admin
):
    from tests.mentoring.factories import make_offer, make_request

    offer = make_offer(municipality=lejre, capacity=2)
    second = make_offer(municipality=lejre, capacity=2)
    mentor_request = make_request(municipality=lejre)

    services.propose(mentor_request, offer=offer, by=lejre_staff)
    services.propose(mentor_request, offer=second, by=lejre_admin)

    mentor_request.refresh_from_db()
    assert mentor_request.contact_person == lejre_staff
    assert emails.contact_persons(mentor_request.matches.first()) == [lejre_staff]

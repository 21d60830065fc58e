"""The match's clock with time travel: the reminder after five working days, the lapse after ten,
a question the mentee never answers, the check-in after the typical duration and the stalled
match. Every run is "due and not yet done": a missed run catches up, a repeated one does nothing."""

import datetime

import pytest

from mentoring import emails, reminders, services, tasks
from mentoring.models import CheckIn, Match, MatchEvent, MentorRequest
from outbox.models import Notification
from tests.mentoring.life_helpers import make_cast

pytestmark = pytest.mark.django_db

M = Match.Status


def at(day, hour=7):
    """`day` at `hour` o'clock in Copenhagen (winter time in these tests: UTC+1, summer UTC+2)."""
    offset = 2 if datetime.date(2026, 3, 29) <= day < datetime.date(2026, 10, 25) else 1
    return datetime.datetime.combine(day, datetime.time(hour - offset), tzinfo=datetime.UTC)


def d(text):
    return datetime.date.fromisoformat(text)


def _propose(cast, time_machine, day):
    time_machine.move_to(at(d(day), 10), tick=False)
    Match.objects.filter(pk=cast.match.pk).update(status=M.DECLINED)
    return services.propose(cast.match.request, offer=cast.match.offer, by=cast.staff)


def _run(time_machine, day):
    time_machine.move_to(at(d(day)), tick=False)
    return tasks.send_match_reminders()


def _templates():
    return list(Notification.objects.order_by("pk").values_list("template", "recipient_email"))


@pytest.fixture
def cast(lejre, lejre_staff, roskilde_staff):
    return make_cast(lejre, lejre_staff, roskilde_staff, mentee_account=False)


def test_a_silent_mentor_is_reminded_once_the_day_after_five_working_days(cast, time_machine):
    match = _propose(cast, time_machine, "2026-03-02")  # a Monday
    Notification.objects.all().delete()

    assert (match.answer_due, match.lapses_on) == (d("2026-03-09"), d("2026-03-16"))
    assert _run(time_machine, "2026-03-09") == 0  # the mentor has the whole due day
    assert _run(time_machine, "2026-03-10") == 1
    assert _run(time_machine, "2026-03-10") == 0  # a second run the same day sends nothing

    match.refresh_from_db()
    assert match.reminded_at == at(d("2026-03-10")) and match.status == M.PROPOSED
    assert list(match.events.values_list("kind", flat=True)) == [
        MatchEvent.Kind.STATUS,
        MatchEvent.Kind.REMINDER,
    ]
    [row] = Notification.objects.all()
    assert (row.template, row.recipient_email, row.language) == (emails.REMINDER, cast.mentor.email, "da")
    assert row.context["lapses_on"] == "16. marts 2026"


def test_after_ten_working_days_the_proposal_lapses_and_the_contact_person_and_mentee_are_told(
    cast, time_machine
):
    match = _propose(cast, time_machine, "2026-03-02")
    _run(time_machine, "2026-03-10")
    Notification.objects.all().delete()

    assert _run(time_machine, "2026-03-16") == 0
    assert _run(time_machine, "2026-03-17") == 1
    assert _run(time_machine, "2026-03-18") == 0

    match.refresh_from_db()
    assert (match.status, match.ended_at) == (M.LAPSED, at(d("2026-03-17")))
    event = match.events.order_by("pk").last()
    assert (event.from_status, event.to_status) == (M.PROPOSED, M.LAPSED)
    assert MentorRequest.objects.get(pk=match.request_id).status == MentorRequest.Status.OPEN
    assert MentorRequest.objects.waiting().filter(pk=match.request_id).exists()
    assert sorted(_templates()) == sorted([(emails.LAPSED, cast.staff.email), (emails.LAPSED, "ida@insp.dk")])


def test_a_missed_run_catches_up_and_a_lapse_due_already_is_not_reminded_first(cast, time_machine):
    late = _propose(cast, time_machine, "2026-03-02")
    Notification.objects.all().delete()

    # Nothing ran for three weeks: one run lets it lapse, with no reminder on the way.
    assert _run(time_machine, "2026-03-23") == 1

    late.refresh_from_db()
    assert late.status == M.LAPSED and late.reminded_at is None
    assert {template for template, _address in _templates()} == {emails.LAPSED}


def test_a_missed_reminder_run_is_caught_up_by_the_next(cast, time_machine):
    match = _propose(cast, time_machine, "2026-03-02")

    assert _run(time_machine, "2026-03-12") == 1  # no run on the 10th and the 11th

    match.refresh_from_db()
    assert match.reminded_at is not None and match.status == M.PROPOSED


def test_easter_is_no_working_day_for_the_reminder(cast, time_machine):
    # Proposed on Maundy Thursday: Good Friday and Easter Monday do not count.
    match = _propose(cast, time_machine, "2026-04-02")

    assert (match.answer_due, match.lapses_on) == (d("2026-04-13"), d("2026-04-20"))
    assert _run(time_machine, "2026-04-10") == 0
    assert _run(time_machine, "2026-04-13") == 0
    assert _run(time_machine, "2026-04-14") == 1


def test_a_question_the_mentee_never_answers_lets_the_proposal_lapse_ten_working_days_later(
    cast, time_machine
):
    match = _propose(cast, time_machine, "2026-03-02")
    time_machine.move_to(at(d("2026-03-04"), 12), tick=False)
    services.ask_question(match, by=cast.mentor, question="Hvor mange er I i køkkenet?")
    match.refresh_from_db()
    assert (match.status, match.answer_due, match.lapses_on) == (M.NEEDS_INFO, None, d("2026-03-18"))
    Notification.objects.all().delete()

    assert _run(time_machine, "2026-03-10") == 0  # no reminder to the mentor: it is the mentee's turn
    assert _run(time_machine, "2026-03-18") == 0
    assert _run(time_machine, "2026-03-19") == 1

    match.refresh_from_db()
    assert match.status == M.LAPSED
    mentee_mail = Notification.objects.get(recipient_email="ida@insp.dk")
    assert mentee_mail.context["waited_for"] == "mentee"
    from outbox.delivery import build_message

    assert "Du har ikke svaret på spørgsmålet fra Mads Mumm" in build_message(mentee_mail).body


def test_the_mentees_answer_gives_the_mentor_a_new_round_with_its_own_reminder(cast, time_machine):
    match = _propose(cast, time_machine, "2026-03-02")
    _run(time_machine, "2026-03-10")
    services.ask_question(match, by=cast.mentor, question="Hvornår kan I?")
    time_machine.move_to(at(d("2026-03-11"), 12), tick=False)
    services.answer_question(match, token=match.request.access_token, answer="Tirsdage.")

    match.refresh_from_db()
    assert (match.status, match.reminded_at) == (M.PROPOSED, None)
    assert (match.answer_due, match.lapses_on) == (d("2026-03-18"), d("2026-03-25"))
    assert _run(time_machine, "2026-03-19") == 1
    assert Notification.objects.filter(template=emails.REMINDER).count() == 2


# --- Check-ins and stalled matches -------------------------------------------------------------


@pytest.fixture
def active(cast, time_machine):
    """A match started on Monday 2 March 2026 with a typical duration of one month."""
    cast.match.offer.__class__.objects.filter(pk=cast.match.offer_id).update(duration_months=1)
    cast.match.__class__.objects.filter(pk=cast.match.pk).update(status=M.ACCEPTED)
    time_machine.move_to(at(d("2026-03-02"), 10), tick=False)
    services.start(cast.match, by=cast.mentor)
    Notification.objects.all().delete()
    cast.match.refresh_from_db()
    return cast


def _check_ins(time_machine, day, hour=7):
    time_machine.move_to(at(d(day), hour), tick=False)
    return tasks.send_check_ins()


def test_both_sides_are_asked_once_after_the_typical_duration(active, time_machine):
    assert active.match.check_in_due == d("2026-04-02")
    assert _check_ins(time_machine, "2026-04-01") == 0
    assert _check_ins(time_machine, "2026-04-02") == 1
    assert _check_ins(time_machine, "2026-04-02") == 0

    [check_in] = CheckIn.objects.all()
    assert (check_in.due_on, check_in.answered_at) == (d("2026-04-02"), None)
    assert sorted(_templates()) == sorted(
        [(emails.CHECK_IN, active.mentor.email), (emails.CHECK_IN, "ida@insp.dk")]
    )
    assert active.match.events.filter(kind=MatchEvent.Kind.CHECK_IN).count() == 1


def test_a_missed_check_in_run_is_caught_up(active, time_machine):
    assert _check_ins(time_machine, "2026-04-09") == 1
    assert CheckIn.objects.get().due_on == d("2026-04-02")


def test_going_well_brings_the_next_check_in_a_month_later(active, time_machine):
    _check_ins(time_machine, "2026-04-02")
    time_machine.move_to(at(d("2026-04-03"), 12), tick=False)
    services.answer_check_in(
        CheckIn.objects.get(), token=active.match.request.access_token, answer="going_well"
    )

    assert _check_ins(time_machine, "2026-05-02") == 0
    assert _check_ins(time_machine, "2026-05-03") == 1
    assert sorted(CheckIn.objects.values_list("due_on", flat=True)) == [d("2026-04-02"), d("2026-05-03")]
    # An answered check-in never stalls.
    assert _check_ins(time_machine, "2026-06-30") == 1  # only the May one, unanswered, now stalls
    assert CheckIn.objects.get(due_on=d("2026-04-02")).stalled_at is None


def test_a_check_in_nobody_answers_in_21_days_goes_to_the_contact_persons_digest_once(active, time_machine):
    active.staff.email_frequency = "daily"
    active.staff.save(update_fields=["email_frequency"])
    _check_ins(time_machine, "2026-04-02")
    Notification.objects.all().delete()

    assert _check_ins(time_machine, "2026-04-23", hour=6) == 0  # 21 days after 07:00 is 07:00
    assert _check_ins(time_machine, "2026-04-23", hour=8) == 1
    assert _check_ins(time_machine, "2026-04-24") == 0

    check_in = CheckIn.objects.get()
    assert check_in.stalled_at == at(d("2026-04-23"), 8)
    assert active.match.events.filter(kind=MatchEvent.Kind.STALLED).count() == 1
    [row] = Notification.objects.all()
    assert (row.template, row.recipient_user, row.transactional) == (emails.STALLED, active.staff, False)
    assert row.status == Notification.Status.HELD  # in the contact person's daily digest
    assert row.context["sent"] == "2. april 2026"


def test_a_match_that_ended_is_neither_checked_in_nor_stalled(active, time_machine):
    _check_ins(time_machine, "2026-04-02")
    services.cancel(active.match, by=active.staff, reason="Mentoren er flyttet.")

    assert _check_ins(time_machine, "2026-05-30") == 0
    assert CheckIn.objects.get().stalled_at is None


def test_the_beat_runs_both_tasks_and_a_run_with_nothing_due_does_nothing():
    from portal.celery import app

    entries = {name: entry["task"] for name, entry in app.conf.beat_schedule.items()}
    assert entries["send-mentoring-match-reminders"] == "mentoring.tasks.send_match_reminders"
    assert entries["send-mentoring-check-ins"] == "mentoring.tasks.send_check_ins"
    assert reminders.send_reminders() == reminders.lapse_proposals() == 0

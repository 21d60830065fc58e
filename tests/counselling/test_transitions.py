"""The transition table, pair by pair: `services.change_status` allows exactly the written table
below, asks the reopening permission where it says so, and a refused or stale change leaves the
case as it was."""

import datetime

import pytest
import time_machine

from counselling import services
from counselling.models import ACCESS_AFTER_CLOSING, CLOSED, TRANSITIONS, Case, CaseEvent, Status
from outbox.models import Notification
from tests.counselling.factories import make_case

UTC = datetime.UTC

#: The expected table, written out: a row per status the case is in, a column per status it is
#: moved to. "x" is allowed, "R" is allowed with the reopening permission only, "." is refused.
EXPECTED = """
               new  triage  in_progress  waiting  resolved  referred  withdrawn  rejected
new             .     x         .           .        .         .          x          x
triage          .     .         x           .        .         x          x          x
in_progress     .     .         .           x        x         x          x          x
waiting         .     .         x           .        x         x          x          x
resolved        .     .         R           .        .         .          .          .
referred        .     .         R           .        .         .          .          .
withdrawn       .     .         R           .        .         .          .          .
rejected        .     .         R           .        .         .          .          .
"""


def expected_table():
    header, *rows = (line.split() for line in EXPECTED.strip().splitlines())
    return {(row[0], to): mark for row in rows for to, mark in zip(header, row[1:], strict=True)}


EXPECTED_TABLE = expected_table()
PAIRS = sorted(EXPECTED_TABLE)


def status_events(case):
    return CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATUS)


def test_the_written_table_covers_every_pair_of_statuses():
    assert len(EXPECTED_TABLE) == 64
    assert {a for a, _b in EXPECTED_TABLE} == set(Status.values)


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_the_table_says_what_the_written_table_says(from_status, to_status):
    mark = EXPECTED_TABLE[from_status, to_status]
    assert TRANSITIONS.allowed(from_status, to_status) == (mark != ".")
    assert TRANSITIONS.permission(from_status, to_status) == (
        "counselling.reopen_case" if mark == "R" else None
    )


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_pair_for_a_contact_person_and_an_administrator(
    lejre, lejre_staff, lejre_admin, from_status, to_status
):
    """The contact person may not reopen; the administrator may. Each makes the change if the
    written table lets them, else is refused and nothing changes."""
    mark = EXPECTED_TABLE[from_status, to_status]
    for person, may in [(lejre_staff, mark == "x"), (lejre_admin, mark in ("x", "R"))]:
        case = make_case(lejre, status=from_status)
        mails_before = Notification.objects.count()
        if may:
            event = services.change_status(case, to_status, by=person, expected_status=from_status)
            case.refresh_from_db()
            assert case.status == to_status
            assert (event.kind, event.from_status, event.to_status, event.author) == (
                CaseEvent.Kind.STATUS,
                from_status,
                to_status,
                person,
            )
            assert list(status_events(case)) == [event]
        else:
            with pytest.raises(services.TransitionNotAllowed):
                services.change_status(case, to_status, by=person, expected_status=from_status)
            case.refresh_from_db()
            assert case.status == from_status
            assert not status_events(case).exists()
            assert Notification.objects.count() == mails_before


@pytest.mark.parametrize("closed", sorted(CLOSED))
def test_reopening_needs_the_permission(lejre, lejre_staff, lejre_admin, closed):
    case = make_case(lejre, status=closed, closed_at=datetime.datetime(2026, 1, 5, tzinfo=UTC))
    assert not lejre_staff.has_perm("counselling.reopen_case")
    with pytest.raises(services.TransitionNotAllowed):
        services.change_status(case, Status.IN_PROGRESS, by=lejre_staff, expected_status=closed)
    case.refresh_from_db()
    assert case.status == closed
    assert case.closed_at is not None
    assert not status_events(case).exists()

    services.change_status(case, Status.IN_PROGRESS, by=lejre_admin, expected_status=closed)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_next_statuses_follow_the_table_and_the_permission(lejre, lejre_staff, lejre_admin):
    case = make_case(lejre, status=Status.RESOLVED)
    assert case.next_statuses(lejre_staff) == []
    assert case.next_statuses(lejre_admin) == [Status.IN_PROGRESS]
    case = make_case(lejre, status=Status.NEW)
    assert case.next_statuses(lejre_staff) == [Status.TRIAGE, Status.WITHDRAWN, Status.REJECTED]
    case = make_case(lejre, status=Status.WAITING)
    assert case.next_statuses() == [
        Status.IN_PROGRESS, Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED,
    ]  # fmt: skip
    # Labels come along: the status select shows them.
    assert [status.label for status in case.next_statuses()][0] == "I gang"


def test_a_contact_person_closes_and_moves_along_the_table(lejre, lejre_staff):
    case = make_case(lejre)
    for from_status, to_status in [
        (Status.NEW, Status.TRIAGE),
        (Status.TRIAGE, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.WAITING),
        (Status.WAITING, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
    ]:
        services.change_status(case, to_status, by=lejre_staff, expected_status=from_status)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert [(e.from_status, e.to_status) for e in status_events(case)][-1] == (
        Status.IN_PROGRESS,
        Status.RESOLVED,
    )


# --- Stale views --------------------------------------------------------------------------------


def test_a_stale_expected_status_is_a_conflict(lejre, lejre_staff, lejre_admin):
    case = make_case(lejre)
    stale = Case.objects.get(pk=case.pk)
    services.change_status(case, Status.TRIAGE, by=lejre_admin, expected_status=Status.NEW)
    events = status_events(case).count()
    mails = Notification.objects.count()

    # The contact person still sees "new" and rejects it: allowed from "new", but it is not new.
    with pytest.raises(services.CaseConflict) as conflict:
        services.change_status(stale, Status.REJECTED, by=lejre_staff, expected_status=Status.NEW)
    assert str(conflict.value) == str(Status.TRIAGE.label)

    case.refresh_from_db()
    assert case.status == Status.TRIAGE
    assert case.closed_at is None
    assert case.first_response_at is None
    assert status_events(case).count() == events
    assert Notification.objects.count() == mails


def test_an_expected_status_ahead_of_the_case_is_a_conflict(lejre, lejre_staff):
    case = make_case(lejre)
    with pytest.raises(services.CaseConflict):
        services.change_status(case, Status.IN_PROGRESS, by=lejre_staff, expected_status=Status.TRIAGE)
    case.refresh_from_db()
    assert case.status == Status.NEW
    assert case.first_response_at is None
    assert not status_events(case).exists()


# --- Closing and reopening ---------------------------------------------------------------------


def test_closing_sets_the_dates_and_tells_the_applicant(lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS, language="en")
    moment = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        event = services.change_status(
            case, Status.RESOLVED, by=lejre_staff, expected_status=Status.IN_PROGRESS, text="Good luck!"
        )
    case.refresh_from_db()
    assert case.closed_at == moment
    assert case.access_expires_at == moment + ACCESS_AFTER_CLOSING
    assert event.text == "Good luck!"

    mail = Notification.objects.get(template="case_closed")
    assert mail.recipient_email == case.applicant_email
    assert mail.language == "en"
    assert mail.transactional
    assert mail.context["reference"] == case.reference
    assert mail.context["status"] == Status.RESOLVED
    assert mail.context["text"] == "Good luck!"


def test_moving_between_open_statuses_mails_nobody(lejre, lejre_staff):
    case = make_case(lejre)
    mails = Notification.objects.count()
    services.change_status(case, Status.TRIAGE, by=lejre_staff, expected_status=Status.NEW)
    services.change_status(case, Status.IN_PROGRESS, by=lejre_staff, expected_status=Status.TRIAGE)
    services.change_status(case, Status.WAITING, by=lejre_staff, expected_status=Status.IN_PROGRESS)
    assert Notification.objects.count() == mails


def test_reopening_clears_the_closing_dates(lejre, lejre_admin):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    services.change_status(case, Status.REFERRED, by=lejre_admin, expected_status=Status.IN_PROGRESS)
    case.refresh_from_db()
    assert case.closed_at is not None
    assert case.access_expires_at is not None

    services.change_status(case, Status.IN_PROGRESS, by=lejre_admin, expected_status=Status.REFERRED)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.closed_at is None
    assert case.access_expires_at is None
    assert case.access_is_valid()
    # One closing mail, none for reopening.
    assert Notification.objects.filter(template="case_closed").count() == 1


# --- The first response ------------------------------------------------------------------------


def test_triage_is_not_a_response_but_in_progress_is(lejre, lejre_staff):
    case = make_case(lejre)
    services.change_status(case, Status.TRIAGE, by=lejre_staff, expected_status=Status.NEW)
    case.refresh_from_db()
    assert case.first_response_at is None

    first = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    with time_machine.travel(first, tick=False):
        services.change_status(case, Status.IN_PROGRESS, by=lejre_staff, expected_status=Status.TRIAGE)
    with time_machine.travel(first + datetime.timedelta(days=2), tick=False):
        services.change_status(case, Status.WAITING, by=lejre_staff, expected_status=Status.IN_PROGRESS)
        services.change_status(case, Status.RESOLVED, by=lejre_staff, expected_status=Status.WAITING)
    case.refresh_from_db()
    assert case.first_response_at == first


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (Status.TRIAGE, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.WAITING),
        (Status.NEW, Status.WITHDRAWN),
        (Status.NEW, Status.REJECTED),
        (Status.TRIAGE, Status.REFERRED),
    ],
)
def test_a_responding_status_sets_the_first_response(lejre, lejre_staff, from_status, to_status):
    case = make_case(lejre, status=from_status)
    moment = datetime.datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        services.change_status(case, to_status, by=lejre_staff, expected_status=from_status)
    case.refresh_from_db()
    assert case.first_response_at == moment


def test_a_message_to_the_applicant_is_a_response_once(lejre, lejre_staff):
    case = make_case(lejre)
    services.add_note(case, by=lejre_staff, text="Ring til jobcentret først")
    case.refresh_from_db()
    assert case.first_response_at is None

    first = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    with time_machine.travel(first, tick=False):
        services.send_message(case, by=lejre_staff, text="Tak for din henvendelse")
    with time_machine.travel(first + datetime.timedelta(hours=3), tick=False):
        services.send_message(case, by=lejre_staff, text="En ting mere")
        services.change_status(case, Status.TRIAGE, by=lejre_staff, expected_status=Status.NEW)
        services.change_status(case, Status.IN_PROGRESS, by=lejre_staff, expected_status=Status.TRIAGE)
    case.refresh_from_db()
    assert case.first_response_at == first


def test_a_stale_case_object_does_not_move_the_first_response(lejre, lejre_staff):
    case = make_case(lejre, status=Status.TRIAGE)
    stale = Case.objects.get(pk=case.pk)
    first = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    with time_machine.travel(first, tick=False):
        services.send_message(case, by=lejre_staff, text="Hej")
    with time_machine.travel(first + datetime.timedelta(days=1), tick=False):
        # `stale` was loaded before the message: its first_response_at is None in memory.
        services.change_status(stale, Status.IN_PROGRESS, by=lejre_staff, expected_status=Status.TRIAGE)
    case.refresh_from_db()
    assert case.first_response_at == first

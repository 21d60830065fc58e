"""First-response deadlines in Danish working days: weekends, public holidays (Easter, Christmas,
New Year), the abolished Great Prayer Day, a municipality's own closed days and response time,
and the day of receipt taken in Copenhagen time.

Dates in 2026: Easter runs from Maundy Thursday 2 April to Easter Monday 6 April; 24 December
is a Thursday, 25 December a Friday, 1 January 2027 a Friday.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from counselling import services
from portal.hours import add_working_days, danish_holidays, is_working_day
from tests.conftest import make_closed_day, make_municipality
from tests.counselling.factories import make_case, with_settings

UTC = datetime.UTC
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
d = datetime.date


def at(year, month, day, hour=12, minute=0):
    """A moment in Copenhagen time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


# --- What the holiday calendar says ------------------------------------------------------------


def test_the_holidays_the_deadlines_rely_on():
    h2026 = danish_holidays(2026)
    for day in [d(2026, 1, 1), d(2026, 4, 2), d(2026, 4, 3), d(2026, 4, 6), d(2026, 5, 14), d(2026, 5, 25)]:
        assert day in h2026, day
    assert d(2026, 12, 25) in h2026
    assert d(2026, 12, 26) in h2026
    # Christmas Eve, New Year's Eve and Constitution Day (Grundlovsdag) are not public holidays
    # in the calendar; a municipality that closes on them records a closed day.
    assert d(2026, 12, 24) not in h2026
    assert d(2026, 12, 31) not in h2026
    assert d(2026, 6, 5) not in h2026
    # Great Prayer Day (Store bededag) was abolished from 2024.
    assert d(2023, 5, 5) in danish_holidays(2023)
    assert d(2024, 4, 26) not in danish_holidays(2024)
    assert d(2026, 5, 1) not in h2026


# --- add_working_days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        # Easter 2026.
        pytest.param(d(2026, 4, 1), 5, d(2026, 4, 13), id="wednesday-before-easter"),
        pytest.param(d(2026, 4, 1), 1, d(2026, 4, 7), id="wednesday-before-easter-one-day"),
        pytest.param(d(2026, 4, 2), 5, d(2026, 4, 13), id="maundy-thursday"),
        pytest.param(d(2026, 4, 3), 5, d(2026, 4, 13), id="good-friday"),
        pytest.param(d(2026, 4, 6), 5, d(2026, 4, 13), id="easter-monday"),
        pytest.param(d(2026, 3, 31), 5, d(2026, 4, 10), id="tuesday-before-easter"),
        pytest.param(d(2026, 3, 27), 5, d(2026, 4, 8), id="friday-week-before-easter"),
        # Ascension Day (Thursday 14 May) and Whit Monday (25 May) 2026.
        pytest.param(d(2026, 5, 13), 1, d(2026, 5, 15), id="ascension"),
        pytest.param(d(2026, 5, 22), 1, d(2026, 5, 26), id="whit-monday"),
        # Christmas 2026: the 24th is a working day, the 25th and 26th are not.
        pytest.param(d(2026, 12, 23), 1, d(2026, 12, 24), id="christmas-eve-is-worked"),
        pytest.param(d(2026, 12, 23), 5, d(2026, 12, 31), id="christmas-week"),
        pytest.param(d(2026, 12, 24), 1, d(2026, 12, 28), id="over-christmas"),
        # New Year: into the next year's calendar.
        pytest.param(d(2026, 12, 30), 2, d(2027, 1, 4), id="new-year"),
        pytest.param(d(2026, 12, 31), 1, d(2027, 1, 4), id="new-years-eve"),
        # Christmas 2025: the 25th and 26th are Thursday and Friday.
        pytest.param(d(2025, 12, 23), 3, d(2025, 12, 30), id="christmas-2025"),
        # Great Prayer Day: a holiday on 5 May 2023, an ordinary Friday since 2024.
        pytest.param(d(2023, 5, 4), 1, d(2023, 5, 8), id="great-prayer-day-2023"),
        pytest.param(d(2024, 4, 25), 1, d(2024, 4, 26), id="no-great-prayer-day-2024"),
        pytest.param(d(2026, 4, 30), 1, d(2026, 5, 1), id="no-great-prayer-day-2026"),
        # Constitution Day (Friday 5 June 2026) is not a public holiday.
        pytest.param(d(2026, 6, 4), 1, d(2026, 6, 5), id="grundlovsdag"),
        # Weekends.
        pytest.param(d(2026, 3, 6), 1, d(2026, 3, 9), id="friday"),
        pytest.param(d(2026, 3, 6), 5, d(2026, 3, 13), id="friday-five"),
        pytest.param(d(2026, 3, 7), 5, d(2026, 3, 13), id="saturday"),
        pytest.param(d(2026, 3, 8), 5, d(2026, 3, 13), id="sunday"),
        pytest.param(d(2026, 3, 2), 5, d(2026, 3, 9), id="monday"),
        pytest.param(d(2026, 3, 2), 10, d(2026, 3, 16), id="two-weeks"),
        pytest.param(d(2026, 3, 4), 0, d(2026, 3, 4), id="no-days"),
    ],
)
def test_add_working_days(start, count, due):
    assert add_working_days(start, count) == due
    assert is_working_day(due) or count == 0


def test_extra_closed_days_are_skipped():
    closed = {d(2026, 12, 24), d(2026, 12, 31)}
    # 28, 29, 30 December, then 4 and 5 January.
    assert add_working_days(d(2026, 12, 23), 5, closed) == d(2027, 1, 5)
    assert add_working_days(d(2026, 3, 9), 1, {d(2026, 3, 10)}) == d(2026, 3, 11)


# --- The case's deadline -----------------------------------------------------------------------


def test_first_response_deadline_around_easter(lejre):
    assert services.first_response_deadline(lejre, at(2026, 4, 1, 10)) == d(2026, 4, 13)


def test_the_day_of_receipt_is_the_day_in_copenhagen(lejre):
    # Thursday 23.30 in Copenhagen: counted from Thursday.
    assert services.first_response_deadline(lejre, at(2026, 3, 5, 23, 30)) == d(2026, 3, 12)
    # 00.30 on Friday in Copenhagen is still Thursday in UTC: counted from Friday.
    friday = at(2026, 3, 6, 0, 30)
    assert friday.astimezone(UTC).date() == d(2026, 3, 5)
    assert services.first_response_deadline(lejre, friday) == d(2026, 3, 13)
    assert services.first_response_deadline(lejre, friday.astimezone(UTC)) == d(2026, 3, 13)


def test_late_friday_evening_and_just_after_midnight_on_monday_in_summer(lejre):
    # Friday 23.45 in summer time is 21.45 UTC: counted from Friday, due the next Friday.
    assert services.first_response_deadline(lejre, at(2026, 6, 12, 23, 45)) == d(2026, 6, 19)
    # Monday 00.30 is Sunday 22.30 UTC: counted from Monday, due the next Monday.
    monday = at(2026, 6, 15, 0, 30)
    assert monday.astimezone(UTC).weekday() == 6
    assert services.first_response_deadline(lejre, monday) == d(2026, 6, 22)


def test_the_municipality_closed_days_count_and_no_one_elses(lejre, roskilde):
    make_closed_day(lejre, d(2026, 12, 24), "Juleaftensdag")
    make_closed_day(lejre, d(2026, 12, 31), "Nytårsaftensdag")
    make_closed_day(roskilde, d(2026, 12, 28), "Roskilde holder lukket")
    received = at(2026, 12, 23, 15)
    assert services.first_response_deadline(lejre, received) == d(2027, 1, 5)
    assert services.first_response_deadline(roskilde, received) == d(2027, 1, 4)


def test_a_closed_constitution_day(lejre):
    received = at(2026, 6, 4, 9)
    # Friday 5 June and Monday to Thursday.
    assert services.first_response_deadline(lejre, received) == d(2026, 6, 11)
    make_closed_day(lejre, d(2026, 6, 5), "Grundlovsdag")
    lejre.refresh_from_db()
    assert services.first_response_deadline(lejre, received) == d(2026, 6, 12)


def test_the_municipality_response_time(db):
    quick = with_settings(make_municipality(), response_days=2)
    slow = with_settings(make_municipality(), response_days=10)
    received = at(2026, 4, 1, 10)
    assert services.first_response_deadline(quick, received) == d(2026, 4, 8)
    assert services.first_response_deadline(slow, received) == d(2026, 4, 20)


def test_a_submitted_case_gets_the_deadline(lejre):
    make_closed_day(lejre, d(2026, 4, 8), "Personaledag")
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        case = make_case(lejre)
    assert case.deadline == d(2026, 4, 14)
    # Friday 00.30 in Copenhagen, Thursday in UTC.
    with time_machine.travel(at(2026, 3, 6, 0, 30), tick=False):
        case = make_case(lejre)
    assert case.deadline == d(2026, 3, 13)

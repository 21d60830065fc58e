"""Opening hours: open now, when it next opens, holidays, DST, and how it reads in Danish and English.

Dates in 2026: 2 March is a Monday, 29 March and 25 October are the DST change days, Easter runs
2–6 April (Skærtorsdag to Anden påskedag), 25 December (Juledag) is a Friday.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone, translation

from portal.hours import COPENHAGEN, Row, Schedule, holiday_name, is_working_day, upcoming_closures

UTC = datetime.UTC
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


def t(value):
    return datetime.time.fromisoformat(value)


def at(year, month, day, hour=0, minute=0):
    """A moment in Copenhagen time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def weekdays(opens="10:00", closes="15:00", days=(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY), **kwargs):
    return Schedule([(day, t(opens), t(closes)) for day in days], **kwargs)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- Open or closed, and the next change -------------------------------------------------------


def test_it_is_open_within_the_hours_and_says_when_it_closes():
    status = weekdays().status(at(2026, 3, 2, 11, 0))

    assert status.is_open
    assert status.change_at == at(2026, 3, 2, 15, 0)
    assert status.headline == "Open now"
    assert status.detail == "Closes at 15:00"


def test_it_is_closed_at_the_closing_minute():
    status = weekdays().status(at(2026, 3, 2, 15, 0))

    assert not status.is_open
    assert status.change_at == at(2026, 3, 3, 10, 0)


def test_it_is_open_at_the_opening_minute():
    assert weekdays().status(at(2026, 3, 2, 10, 0)).is_open


def test_before_opening_it_says_it_opens_today():
    status = weekdays().status(at(2026, 3, 2, 8, 30))

    assert not status.is_open
    assert status.change_at == at(2026, 3, 2, 10, 0)
    assert status.headline == "Closed now"
    assert status.detail == "Opens today at 10:00"


def test_after_closing_it_says_it_opens_tomorrow():
    status = weekdays().status(at(2026, 3, 2, 16, 0))

    assert not status.is_open
    assert status.change_at == at(2026, 3, 3, 10, 0)
    assert status.detail == "Opens tomorrow at 10:00"


def test_on_friday_evening_it_opens_on_monday():
    status = weekdays().status(at(2026, 3, 6, 18, 0))

    assert status.change_at == at(2026, 3, 9, 10, 0)
    assert status.detail == "Opens Monday at 10:00"


def test_it_names_the_weekday_when_the_next_opening_is_within_a_week():
    status = weekdays(days=[THURSDAY]).status(at(2026, 3, 2, 16, 0))

    assert status.detail == "Opens Thursday at 10:00"


def test_it_gives_the_date_when_the_next_opening_is_a_week_or_more_away():
    # Thursday 26 March after closing; the next Thursday is Skærtorsdag, so 9 April.
    status = weekdays(days=[THURSDAY]).status(at(2026, 3, 26, 16, 0))

    assert status.change_at == at(2026, 4, 9, 10, 0)
    assert status.detail == "Opens Thursday 9 April at 10:00"


def test_with_a_lunch_break_it_is_closed_in_the_break_and_open_in_the_second_range():
    schedule = Schedule([(MONDAY, t("09:00"), t("12:00")), (MONDAY, t("13:00"), t("15:30"))])

    morning = schedule.status(at(2026, 3, 2, 11, 0))
    lunch = schedule.status(at(2026, 3, 2, 12, 30))
    afternoon = schedule.status(at(2026, 3, 2, 13, 30))

    assert morning.is_open and morning.detail == "Closes at 12:00"
    assert not lunch.is_open and lunch.detail == "Opens today at 13:00"
    assert afternoon.is_open and afternoon.detail == "Closes at 15:30"


def test_ranges_that_follow_each_other_read_as_one_open_period():
    schedule = Schedule([(MONDAY, t("10:00"), t("12:00")), (MONDAY, t("12:00"), t("15:00"))])

    status = schedule.status(at(2026, 3, 2, 11, 0))

    assert status.is_open
    assert status.detail == "Closes at 15:00"


def test_ranges_given_out_of_order_are_sorted():
    schedule = Schedule([(MONDAY, t("13:00"), t("15:00")), (MONDAY, t("09:00"), t("12:00"))])

    assert schedule.status(at(2026, 3, 2, 8, 0)).change_at == at(2026, 3, 2, 9, 0)


def test_without_any_hours_it_is_closed_and_says_so():
    schedule = Schedule([])

    status = schedule.status(at(2026, 3, 2, 11, 0))

    assert not schedule
    assert not status.is_open
    assert status.change_at is None
    assert status.detail == "No opening hours in the coming weeks"


def test_it_uses_the_current_time_when_none_is_given():
    with time_machine.travel(at(2026, 3, 2, 11, 0), tick=False):
        status = weekdays().status()

    assert status.is_open
    assert status.now == at(2026, 3, 2, 11, 0)


def test_it_reckons_in_copenhagen_time_whatever_zone_the_moment_is_given_in():
    # 23:30 UTC on Monday is 00:30 on Tuesday in Copenhagen.
    status = weekdays().status(datetime.datetime(2026, 3, 2, 23, 30, tzinfo=UTC))

    assert status.now.tzinfo == COPENHAGEN
    assert status.now.date() == datetime.date(2026, 3, 3)
    assert status.detail == "Opens today at 10:00"


def test_it_reckons_in_copenhagen_time_when_the_current_zone_is_another():
    moment = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    with time_machine.travel(moment, tick=False), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        status = weekdays().status()

    assert status.change_at == at(2026, 3, 3, 10, 0)
    assert status.detail == "Opens today at 10:00"


# --- Holidays and closed days ------------------------------------------------------------------


def test_it_is_closed_on_juledag_and_gives_the_holiday_as_the_reason():
    status = weekdays().status(at(2026, 12, 25, 11, 0))

    assert not status.is_open
    assert status.closed_reason == "Christmas Day"
    # Anden juledag is a Saturday; it opens on Monday.
    assert status.change_at == at(2026, 12, 28, 10, 0)


def test_the_holiday_reason_is_in_danish_on_danish_pages():
    with translation.override("da"):
        status = weekdays().status(at(2026, 12, 25, 11, 0))

    assert status.closed_reason == "Juledag"


def test_it_is_closed_over_easter_from_skaertorsdag_to_anden_paaskedag():
    schedule = weekdays()

    with translation.override("da"):
        skaertorsdag = schedule.status(at(2026, 4, 2, 11, 0))
    wednesday_evening = schedule.status(at(2026, 4, 1, 16, 0))

    assert not skaertorsdag.is_open
    assert skaertorsdag.closed_reason == "Skærtorsdag"
    assert skaertorsdag.change_at == at(2026, 4, 7, 10, 0)
    assert wednesday_evening.detail == "Opens Tuesday at 10:00"


def test_it_is_closed_on_an_extra_closed_date():
    schedule = weekdays(closed_dates={datetime.date(2026, 3, 2)})

    status = schedule.status(at(2026, 3, 2, 11, 0))

    assert not status.is_open
    assert status.closed_reason == "Closed day"
    assert status.change_at == at(2026, 3, 3, 10, 0)


def test_an_ordinary_day_has_no_closed_reason():
    assert weekdays().status(at(2026, 3, 2, 16, 0)).closed_reason == ""


def test_holiday_name_is_none_on_an_ordinary_day():
    assert holiday_name(datetime.date(2026, 3, 2)) is None
    assert holiday_name(datetime.date(2026, 12, 25)) == "Christmas Day"


def test_upcoming_closures_lists_holidays_and_closed_days_on_which_it_would_be_open():
    schedule = weekdays(closed_dates={datetime.date(2026, 12, 24)})

    closures = schedule.upcoming_closures(today=datetime.date(2026, 12, 21), days=14)

    # Anden juledag (Saturday 26 December) is left out: it would be closed anyway.
    assert closures == [
        (datetime.date(2026, 12, 24), "Closed day"),
        (datetime.date(2026, 12, 25), "Christmas Day"),
        (datetime.date(2027, 1, 1), "New Year's Day"),
    ]


def test_upcoming_closures_starts_today_in_copenhagen():
    with time_machine.travel(datetime.datetime(2026, 12, 24, 23, 30, tzinfo=UTC), tick=False):
        closures = weekdays().upcoming_closures(days=1)

    assert closures == [(datetime.date(2026, 12, 25), "Christmas Day")]


def test_is_working_day():
    assert is_working_day(datetime.date(2026, 3, 2))
    assert not is_working_day(datetime.date(2026, 3, 7)), "a Saturday"
    assert not is_working_day(datetime.date(2026, 3, 8)), "a Sunday"
    assert not is_working_day(datetime.date(2026, 12, 25)), "Juledag"
    assert not is_working_day(datetime.date(2026, 4, 2)), "Skærtorsdag"
    assert not is_working_day(datetime.date(2026, 3, 2), closed_dates={datetime.date(2026, 3, 2)})


# --- Daylight saving time ----------------------------------------------------------------------


def test_on_the_spring_dst_change_the_times_are_summer_time():
    # 29 March 2026: clocks go from 02:00 CET to 03:00 CEST. 07:30 UTC is 09:30 local.
    schedule = weekdays(days=[SUNDAY])

    before = schedule.status(datetime.datetime(2026, 3, 29, 7, 30, tzinfo=UTC))
    during = schedule.status(datetime.datetime(2026, 3, 29, 8, 30, tzinfo=UTC))

    assert before.now.hour == 9
    assert before.detail == "Opens today at 10:00"
    assert before.change_at.utcoffset() == datetime.timedelta(hours=2)
    assert before.change_at == datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert during.is_open
    assert during.change_at == datetime.datetime(2026, 3, 29, 13, 0, tzinfo=UTC)


def test_across_the_spring_dst_change_the_next_opening_is_in_summer_time():
    # Saturday evening in winter time; Monday's opening is in summer time.
    status = weekdays().status(at(2026, 3, 28, 20, 0))

    assert status.now.utcoffset() == datetime.timedelta(hours=1)
    assert status.change_at == datetime.datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert status.detail == "Opens Monday at 10:00"


def test_on_the_autumn_dst_change_the_times_are_winter_time():
    # 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET. 09:30 UTC is 10:30 local.
    schedule = weekdays(days=[SUNDAY])

    status = schedule.status(datetime.datetime(2026, 10, 25, 9, 30, tzinfo=UTC))
    early = schedule.status(datetime.datetime(2026, 10, 24, 22, 30, tzinfo=UTC))

    assert status.is_open
    assert status.now.hour == 10
    assert status.detail == "Closes at 15:00"
    assert status.change_at == datetime.datetime(2026, 10, 25, 14, 0, tzinfo=UTC)
    # Half past midnight, still summer time, on the same Sunday.
    assert early.now.utcoffset() == datetime.timedelta(hours=2)
    assert early.detail == "Opens today at 10:00"
    assert early.change_at == datetime.datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


# --- Rows for display --------------------------------------------------------------------------


def test_rows_group_consecutive_days_with_equal_hours():
    schedule = Schedule(
        [(day, t("10:00"), t("15:00")) for day in (MONDAY, TUESDAY, WEDNESDAY, FRIDAY)]
        + [(THURSDAY, t("10:00"), t("17:00"))]
    )

    assert schedule.rows() == [
        Row(MONDAY, WEDNESDAY, ((t("10:00"), t("15:00")),)),
        Row(THURSDAY, THURSDAY, ((t("10:00"), t("17:00")),)),
        Row(FRIDAY, FRIDAY, ((t("10:00"), t("15:00")),)),
    ]


def test_rows_leave_out_closed_weekdays_and_do_not_join_across_them():
    schedule = Schedule([(day, t("10:00"), t("15:00")) for day in (MONDAY, TUESDAY, THURSDAY)])

    assert [(row.first_day, row.last_day) for row in schedule.rows()] == [
        (MONDAY, TUESDAY),
        (THURSDAY, THURSDAY),
    ]


def test_rows_keep_a_lunch_break_as_two_ranges():
    ranges = ((t("09:00"), t("12:00")), (t("13:00"), t("15:00")))
    schedule = Schedule([(day, opens, closes) for day in (MONDAY, TUESDAY) for opens, closes in ranges])

    assert schedule.rows() == [Row(MONDAY, TUESDAY, ranges)]


def test_a_row_reads_as_days_and_times_in_english():
    row = Row(MONDAY, WEDNESDAY, ((t("09:00"), t("12:00")), (t("13:00"), t("15:30"))))

    assert row.days == "Monday–Wednesday"
    assert row.times == ["09:00–12:00", "13:00–15:30"]
    assert Row(FRIDAY, FRIDAY, ()).days == "Friday"


def test_a_row_reads_as_days_and_times_in_danish():
    row = Row(MONDAY, WEDNESDAY, ((t("09:00"), t("12:00")),))

    with translation.override("da"):
        assert row.days == "Mandag–onsdag"
        assert row.times == ["09.00–12.00"]


# --- Danish texts (the spec for locale/da) -----------------------------------------------------


def test_in_danish_it_says_open_now_and_when_it_closes():
    with translation.override("da"):
        status = weekdays().status(at(2026, 3, 2, 11, 0))

        assert status.headline == "Åbent nu"
        assert status.detail == "Lukker kl. 15.00"


def test_in_danish_it_says_it_opens_today():
    with translation.override("da"):
        status = weekdays().status(at(2026, 3, 2, 8, 30))

        assert status.headline == "Lukket nu"
        assert status.detail == "Åbner i dag kl. 10.00"


def test_in_danish_it_says_it_opens_tomorrow():
    with translation.override("da"):
        status = weekdays(opens="08:00").status(at(2026, 3, 2, 16, 0))

        assert status.detail == "Åbner i morgen kl. 08.00"


def test_in_danish_it_names_the_weekday():
    with translation.override("da"):
        status = weekdays(days=[THURSDAY]).status(at(2026, 3, 2, 16, 0))

        assert status.detail == "Åbner torsdag kl. 10.00"


def test_in_danish_it_gives_the_date_a_week_or_more_away():
    with translation.override("da"):
        status = weekdays(days=[THURSDAY]).status(at(2026, 3, 26, 16, 0))

        assert status.detail == "Åbner torsdag 9. april kl. 10.00"


# --- Closed days in the page's language --------------------------------------------------------


def test_a_closed_day_on_a_named_danish_day_gets_its_english_name_on_english_pages():
    schedule = weekdays(closed_dates={datetime.date(2026, 6, 5): "Grundlovsdag"})

    reason = schedule.closed_reason(datetime.date(2026, 6, 5))

    assert reason == "Constitution Day"
    assert reason.lang == ""


def test_a_closed_day_keeps_the_reason_staff_wrote_on_danish_pages():
    schedule = weekdays(closed_dates={datetime.date(2026, 6, 5): "Grundlovsdag"})

    with translation.override("da"):
        reason = schedule.closed_reason(datetime.date(2026, 6, 5))

    assert (reason, reason.lang) == ("Grundlovsdag", "")


def test_a_reason_staff_wrote_in_danish_is_marked_danish_on_english_pages():
    schedule = weekdays(closed_dates={datetime.date(2026, 3, 4): "Personaledag"})

    reason = schedule.closed_reason(datetime.date(2026, 3, 4))

    assert (reason, reason.lang) == ("Personaledag", "da")


def test_the_closed_day_status_carries_the_language_of_its_reason():
    schedule = weekdays(closed_dates={datetime.date(2026, 3, 4): "Personaledag"})

    status = schedule.status(at(2026, 3, 4, 11, 0))

    assert status.closed_reason.lang == "da"


def test_upcoming_closures_of_several_schedules_list_each_day_once():
    visit = weekdays(closed_dates={datetime.date(2026, 12, 24): "Juleaftensdag"})
    phone = weekdays(
        opens="09:00", closes="12:00", days=(MONDAY,), closed_dates={datetime.date(2026, 12, 24): ""}
    )

    closures = upcoming_closures([visit, phone], today=datetime.date(2026, 12, 21), days=14)

    assert closures == [
        (datetime.date(2026, 12, 24), "Christmas Eve"),
        (datetime.date(2026, 12, 25), "Christmas Day"),
        (datetime.date(2027, 1, 1), "New Year's Day"),
    ]

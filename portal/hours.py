"""Opening and phone hours: is it open now, and when does it open next?

Pure calculation over weekly ranges, Danish public holidays (the `holidays` package) and a
municipality's extra closed days, always in Europe/Copenhagen time whatever the server's zone.
"""

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

import holidays
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kit import pagecache

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# How far ahead to look for the next opening: past Christmas and New Year with room to spare.
HORIZON_DAYS = 21


@functools.lru_cache(maxsize=32)
def danish_holidays(year, language="da"):
    return holidays.country_holidays("DK", years=year, language=language)


@functools.lru_cache(maxsize=32)
def named_days(year, language):
    """Public holidays and the days many close on besides (Grundlovsdag, Juleaftensdag,
    Nytårsaftensdag: the `holidays` package's "optional" category), by name."""
    return holidays.country_holidays(
        "DK", years=year, language=language, categories=holidays.Denmark.supported_categories
    )


def holiday_language():
    return "en_US" if get_language() == "en" else "da"


def holiday_name(day):
    """The Danish public holiday on `day` in the active language, or None."""
    return danish_holidays(day.year, holiday_language()).get(day)


class Reason(str):
    """Why a day is closed, with the language it is written in when that is not the page's:
    `lang` is "da" for a reason staff wrote in Danish shown on an English page, else ""."""

    lang = ""

    def __new__(cls, text, lang=""):
        reason = super().__new__(cls, text)
        reason.lang = lang
        return reason


def is_working_day(day, closed_dates=()):
    """Monday to Friday, not a Danish public holiday and not one of `closed_dates`."""
    return day.weekday() < 5 and day not in danish_holidays(day.year) and day not in closed_dates


@dataclass(frozen=True)
class Status:
    is_open: bool
    #: The moment the status is for, in Copenhagen time.
    now: datetime.datetime
    #: When open: when it closes. When closed: when it next opens (None: not within the horizon).
    change_at: datetime.datetime | None
    #: Why today is closed, when it is a holiday or an extra closed day.
    closed_reason: str = ""

    @property
    def headline(self):
        return _("Open now") if self.is_open else _("Closed now")

    @property
    def detail(self):
        if self.change_at is None:
            return "" if self.is_open else _("No opening hours in the coming weeks")
        time = format_time(self.change_at)
        if self.is_open:
            return _("Closes at %(time)s") % {"time": time}
        days = (self.change_at.date() - self.now.date()).days
        if days == 0:
            return _("Opens today at %(time)s") % {"time": time}
        if days == 1:
            return _("Opens tomorrow at %(time)s") % {"time": time}
        day = formats.date_format(self.change_at, "l")
        if days >= 7:
            day = f"{day} {formats.date_format(self.change_at, 'MONTH_DAY_FORMAT')}"
        return _("Opens %(day)s at %(time)s") % {"day": day, "time": time}


@dataclass(frozen=True)
class Row:
    """Consecutive weekdays with the same ranges, for display: "Monday–Wednesday 10.00–15.00"."""

    first_day: int
    last_day: int
    ranges: tuple

    @property
    def days(self):
        if self.first_day == self.last_day:
            return capfirst(WEEKDAYS[self.first_day])
        return f"{capfirst(WEEKDAYS[self.first_day])}–{WEEKDAYS[self.last_day]}"

    @property
    def times(self):
        return [f"{format_time(opens)}–{format_time(closes)}" for opens, closes in self.ranges]


def format_time(value):
    return formats.time_format(value, "TIME_FORMAT")


class Schedule:
    def __init__(self, ranges, closed_dates=()):
        """`ranges`: (weekday 0–6, opens, closes) tuples; `closed_dates`: extra closed days,
        as dates or as a mapping of date to the reason shown to visitors."""
        self.by_weekday = {weekday: [] for weekday in range(7)}
        for weekday, opens, closes in sorted(ranges):
            self.by_weekday[weekday].append((opens, closes))
        if not isinstance(closed_dates, dict):
            closed_dates = dict.fromkeys(closed_dates, "")
        self.closed_dates = closed_dates

    def __bool__(self):
        return any(self.by_weekday.values())

    def closed_reason(self, day):
        """The reason for a closed day in the page's language where there is one: on an English
        page a closed day that is a named Danish day ("Grundlovsdag") gets its English name, and
        what staff wrote in Danish is marked as Danish."""
        if day in self.closed_dates:
            written = self.closed_dates[day]
            if not written:
                return Reason(_("Closed day"))
            if get_language() == "da":
                return Reason(written)
            english = named_days(day.year, holiday_language()).get(day)
            return Reason(english) if english else Reason(written, lang="da")
        return Reason(holiday_name(day) or "")

    def ranges_on(self, day):
        if day in self.closed_dates or day in danish_holidays(day.year):
            return []
        return self.by_weekday[day.weekday()]

    def status(self, now=None):
        """Open or closed at `now`; a cached page showing it lasts until it changes."""
        status = self._status(now)
        pagecache.changes_at(status.change_at)
        return status

    def _status(self, now):
        now = (now or timezone.now()).astimezone(COPENHAGEN)
        today = now.date()
        ranges = self.ranges_on(today)
        for index, (opens, closes) in enumerate(ranges):
            if opens <= now.time() < closes:
                # Ranges that follow each other (10–12, 12–15) are one open period.
                for next_opens, next_closes in ranges[index + 1 :]:
                    if next_opens > closes:
                        break
                    closes = max(closes, next_closes)
                return Status(True, now, self._at(today, closes))
        for offset in range(HORIZON_DAYS):
            day = today + datetime.timedelta(days=offset)
            for opens, _closes in self.ranges_on(day):
                if offset or opens > now.time():
                    return Status(False, now, self._at(day, opens), self.closed_reason(today))
        return Status(False, now, None, self.closed_reason(today))

    def rows(self):
        """The week grouped into rows of consecutive days with identical hours, closed days left out."""
        rows = []
        for weekday in range(7):
            ranges = tuple(self.by_weekday[weekday])
            if not ranges:
                continue
            if rows and rows[-1].ranges == ranges and rows[-1].last_day == weekday - 1:
                rows[-1] = Row(rows[-1].first_day, weekday, ranges)
            else:
                rows.append(Row(weekday, weekday, ranges))
        return rows

    def upcoming_closures(self, today=None, days=60):
        """Days in the coming `days` on which the schedule would be open but is closed."""
        return upcoming_closures([self], today=today, days=days)

    @staticmethod
    def _at(day, time):
        return datetime.datetime.combine(day, time, tzinfo=COPENHAGEN)


def upcoming_closures(schedules, today=None, days=60):
    """Days in the coming `days` on which any of `schedules` would be open but is closed, each
    day once: (date, reason) pairs, the reason a `Reason`."""
    today = today or timezone.localdate(timezone=COPENHAGEN)
    closures = []
    for offset in range(days):
        day = today + datetime.timedelta(days=offset)
        closed = [s for s in schedules if s.by_weekday[day.weekday()] and not s.ranges_on(day)]
        if closed:
            closures.append((day, closed[0].closed_reason(day)))
    return closures


def add_working_days(day, count, closed_dates=()):
    """The date `count` Danish working days after `day`: weekends, public holidays and
    `closed_dates` are skipped, so a request received on Maundy Thursday with five days to go is
    due the Monday a week after Easter Monday (2 April 2026 → 13 April: Tuesday to Friday, then
    Monday)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed_dates):
            count -= 1
    return day

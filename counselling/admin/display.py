"""How cases read in the admin: names, ages, deadlines, answers not yet read and file types."""

import functools

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from counselling.models import DUE_SOON_WORKING_DAYS, Kind
from kit import uploads
from portal.hours import COPENHAGEN


def person(user):
    """How staff are named on the case pages: their full name, else their user name."""
    if user is None:
        return gettext("nobody")
    return user.get_full_name() or user.get_username()


#: The kinds' names by value, read once: `case.get_kind_display()` hashes the lazy name of every
#: choice, a translation each, on every call (six for each row of the queue).
KIND_NAMES = dict(Kind.choices)


def kind_name(case):
    """What the case is about, in words: `case.get_kind_display()`, for a fraction of the cost."""
    return KIND_NAMES.get(case.kind, case.kind)


def age_text(moment, today=None):
    """The case's age in calendar days in Copenhagen: "3 days", or "today"."""
    days = ((today or timezone.localdate()) - moment.astimezone(COPENHAGEN).date()).days
    if days <= 0:
        return gettext("today")
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def deadline_html(case, today=None):
    """The deadline, marked in words as well as by colour: "overdue" when nobody answered in time,
    "due today" or "due in 2 working days" when the answer is due within two Danish working days."""
    return _deadline_html(case.deadline, case.working_days_left(today), get_language())


# The queue is sorted by deadline, so that its rows share a few: each is put into words once, in
# each language (the argument keys the cache; the words are the active language's).
@functools.lru_cache(maxsize=1024)
def _deadline_html(deadline, left, language):
    text = formats.date_format(deadline, "SHORT_DATE_FORMAT")
    if left is None or left > DUE_SOON_WORKING_DAYS:
        return text
    if left < 0:
        return format_html(
            '<span class="case-overdue">{} <strong>{}</strong></span>', text, gettext("overdue")
        )
    if left == 0:
        words = gettext("due today")
    else:
        words = ngettext("due in %(count)d working day", "due in %(count)d working days", left) % {
            "count": left
        }
    return format_html('<span class="case-due-soon">{} <strong>{}</strong></span>', text, words)


def new_answer_html():
    return format_html('<span class="case-new-answer">{}</span>', gettext("New answer"))


def file_type(content_type):
    return uploads.type_name(content_type)


def file_size(size):
    """The size in the active language's number format, kept on one line: "1,2 MB", "980 kB"."""
    if size < 1024:
        text = ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    elif size < 1024 * 1024:
        text = gettext("%(size)s kB") % {"size": formats.number_format(round(size / 1024), use_l10n=True)}
    else:
        megabytes = formats.number_format(round(size / 1024 / 1024, 1), decimal_pos=1, use_l10n=True)
        text = gettext("%(size)s MB") % {"size": megabytes}
    return text.replace(" ", "\N{NO-BREAK SPACE}")

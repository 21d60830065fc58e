"""How cases read in the admin: names, ages and deadlines."""

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from portal.hours import COPENHAGEN


def person(user):
    """How staff are named on the case pages: their full name, else their user name."""
    if user is None:
        return gettext("nobody")
    return user.get_full_name() or user.get_username()


def age_text(moment, today=None):
    """The case's age in calendar days in Copenhagen: "3 days", or "today"."""
    days = ((today or timezone.localdate()) - moment.astimezone(COPENHAGEN).date()).days
    if days <= 0:
        return gettext("today")
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def deadline_html(case):
    """The deadline, marked "overdue" in words as well as by colour when nobody answered in time."""
    text = formats.date_format(case.deadline, "SHORT_DATE_FORMAT")
    if case.is_overdue:
        return format_html(
            '<span class="case-overdue">{} <strong>{}</strong></span>', text, gettext("overdue")
        )
    return text

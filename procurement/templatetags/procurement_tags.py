"""How the public pages write a notice's money and time: "1.250.000 kr.", and the time left to a
deadline in Copenhagen's wall-clock time ("12 dage og 3 timer tilbage")."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kit import pagecache
from procurement.models import COPENHAGEN, Phase

register = template.Library()

#: DKFDS's badge for each phase.
PHASE_BADGES = {
    Phase.PLANNED: "badge-info",
    Phase.OPEN: "badge-success",
    Phase.CLOSED: "badge-warning",
    Phase.AWARDED: "badge-info",
    Phase.CANCELLED: "badge-error",
}


@register.filter
def dkk(value):
    """An amount in kroner as the page's language writes it: "1.250.000 kr." in Danish and
    "DKK 1,250,000" in English; øre only when there are any ("1.250,50 kr.")."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if get_language() == "en":
        return f"DKK {text}"
    # English separators ("1,250.50") swapped for Danish ones ("1.250,50").
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") + " kr."


@register.filter
def phase_badge(phase):
    return PHASE_BADGES.get(phase, "badge-info")


def time_left(deadline, now=None):
    """The time to `deadline` in words, counted on Copenhagen's clocks: from 12.00 on a Saturday to
    12.00 on the Monday is "2 days" across the change to summer time too, though only 47 hours
    pass. None when the deadline has passed."""
    now = now or timezone.now()
    if deadline is None or deadline <= now:
        return None
    wall = timezone.localtime(deadline, COPENHAGEN).replace(tzinfo=None) - timezone.localtime(
        now, COPENHAGEN
    ).replace(tzinfo=None)
    days, hours, minutes = wall.days, wall.seconds // 3600, wall.seconds % 3600 // 60
    # The words change on the next whole hour while a day or more is left, else each minute.
    unit = 3600 if days >= 1 else 60
    pagecache.changes_at(now + datetime.timedelta(seconds=wall.total_seconds() % unit or unit))
    if days >= 1:
        parts = [ngettext("%(count)d day", "%(count)d days", days) % {"count": days}]
        if hours:
            parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    elif hours >= 1:
        parts = [ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}]
        if minutes:
            parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    else:
        minutes = max(1, minutes)
        parts = [ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}]
    if len(parts) == 2:
        return _("%(first)s and %(second)s left") % {"first": parts[0], "second": parts[1]}
    return _("%(time)s left") % {"time": parts[0]}


@register.simple_tag
def left_until(deadline, now=None):
    return time_left(deadline, now) or ""

"""Tags for the counselling pages of the admin: names on the timeline and the overview of cases
on the admin index."""

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import ngettext

from counselling import services
from counselling.admin.display import person as person_name
from counselling.models import Status

register = template.Library()


@register.filter
def person(user):
    return person_name(user)


@register.filter
def event_author(event):
    """Who wrote a timeline entry: a colleague by name, else the applicant or the portal."""
    if event.author_id is not None and event.kind != event.Kind.MESSAGE_IN:
        return person(event.author)
    return event.author_label


def days_text(days):
    """The median wait in days with one decimal in the active language's format ("1,5 dage"),
    or "–" when no case has had an answer yet."""
    if days is None:
        return "–"
    rounded = round(days, 1)
    number = formats.number_format(rounded, decimal_pos=1, use_l10n=True)
    return ngettext("%(days)s day", "%(days)s days", 1 if rounded == 1 else 2) % {"days": number}


def can_see_cases(user):
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or getattr(user, "municipality_id", None) is not None)
        and user.has_perm("counselling.view_case")
    )


@register.inclusion_tag("admin/counselling/overview.html", takes_context=True)
def case_overview(context):
    """The numbers of the cases the person may see, each leading to the queue filtered to match;
    nothing for anyone who does not triage cases. A fixed handful of queries."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_see_cases(user):
        return {"overview": None}
    numbers = services.overview(user)
    queue = reverse("admin:counselling_case_changelist")
    return {
        "overview": {
            "by_status": [
                {
                    "label": Status(status).label,
                    "count": count,
                    "url": f"{queue}?{urlencode({'status__exact': status})}",
                }
                for status, count in numbers["by_status"]
            ],
            "open": numbers["open"],
            "overdue": numbers["overdue"],
            "overdue_url": f"{queue}?overdue=yes",
            "new_this_week": numbers["new_this_week"],
            "median_days": days_text(numbers["median_days_to_response"]),
            "queue_url": queue,
            "mine_url": f"{queue}?assigned=me",
        }
    }

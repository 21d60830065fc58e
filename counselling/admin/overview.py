"""The overview of cases on the admin index (a section counselling contributes, see
counselling/contributions.py): answers from applicants not yet read, open cases by status,
overdue, new this week and the median time to a first response, each number leading to the queue
filtered to match."""

from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import ngettext

from counselling import services
from counselling.models import Status


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


def case_overview(request):
    """The numbers of the cases the person may see; None (no section) for anyone who does not
    triage cases. A fixed handful of queries."""
    user = getattr(request, "user", None)
    if user is None or not can_see_cases(user):
        return None
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
            "unread": numbers["unread"],
            "unread_url": f"{queue}?unread=yes",
            "new_this_week": numbers["new_this_week"],
            "median_days": days_text(numbers["median_days_to_response"]),
            "queue_url": queue,
            "mine_url": f"{queue}?assigned=me",
        }
    }

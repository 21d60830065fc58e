"""What mentoring shows contact persons outside its own admin pages: a section of the admin index
(requests waiting for a match, proposals past their answer's due date), and the "Find a mentor"
link on a counselling case's admin page (the CASE_ADMIN slot: counselling renders it and never
imports mentoring)."""

from django.urls import reverse
from django.utils.http import urlencode

from mentoring.models import Match, MentorRequest


def index_section(request):
    """Two counts of the person's municipality, for staff who may see requests (two queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("mentoring.view_mentorrequest"):
        return None
    if not user.is_superuser and getattr(user, "municipality_id", None) is None:
        return None
    return {
        "waiting": MentorRequest.objects.visible_to(user).waiting().count(),
        "overdue": Match.objects.visible_to(user).overdue().count(),
    }


def case_section(request, *, case):
    """The link to a new request from `case`, for staff who may add requests (no query)."""
    user = getattr(request, "user", None)
    if user is None or case is None or not user.has_perm("mentoring.add_mentorrequest"):
        return None
    return {
        "find_mentor_url": f"{reverse('admin:mentoring_mentorrequest_add')}?{urlencode({'case': case.pk})}",
    }

"""What waits for review in the registry, on the admin index (a section enterprises contributes,
see enterprises/contributions.py): new profiles, changes held back on published profiles and
success stories, each count leading to its list. One query per model."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from enterprises.models import Enterprise, SuccessStory

Status = Enterprise.Status


def _can_review(user, model):
    return (
        user.is_active
        and user.is_staff
        and (user.is_superuser or getattr(user, "municipality_id", None) is not None)
        and user.has_perm(f"enterprises.view_{model._meta.model_name}")
    )


def review_overview(request):
    """The counts of what waits for the person's review; None (no section) for anyone who reviews
    neither profiles nor stories."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    rows = []
    pending = urlencode({"status__exact": Status.PENDING})
    if _can_review(user, Enterprise):
        counts = Enterprise.objects.visible_to(user).aggregate(
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            held=Count("pk", filter=Q(status=Status.PUBLISHED) & ~Q(pending_changes={})),
        )
        profiles = reverse("admin:enterprises_enterprise_changelist")
        rows += [
            {"kind": "profiles", "count": counts["pending"], "url": f"{profiles}?{pending}"},
            # The list puts held changes right after the new profiles.
            {"kind": "changes", "count": counts["held"], "url": profiles},
        ]
    if _can_review(user, SuccessStory):
        stories = reverse("admin:enterprises_successstory_changelist")
        count = SuccessStory.objects.visible_to(user).pending().count()
        rows.append({"kind": "stories", "count": count, "url": f"{stories}?{pending}"})
    if not rows:
        return None
    return {"review": {"rows": rows}}

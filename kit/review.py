"""The review-and-publish workflow: what a representative writes is seen by the public only after
staff of the municipality have looked at it.

    draft ─submit─▶ pending ─publish─▶ published ─hide─▶ hidden ─publish─▶ published
                      └─reject─▶ rejected ─submit (edited again)─▶ pending

(and the few other edges of REVIEW_TRANSITIONS below).

A model takes part by inheriting `Reviewable` (the status and the record of the last decision)
and giving its queryset `ReviewableQuerySet` (`published()`, `pending()`). The services `submit`,
`publish`, `reject` and `hide` lock the row, check the current status against the model's table
(`review_transitions`) and record who decided, when and why; a history of its own (a change log,
mail to the people behind it) is the app's, written in the same transaction by the app's service
that calls these. A published object may hold changes that wait for review (`has_held_changes`):
publishing approves them, rejecting drops them, and the object stays published either way.

Staff who may see an unpublished object look at its public page as a preview
(`published_or_preview`); to everyone else it does not exist.
"""

import dataclasses

from django.conf import settings
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from kit.transitions import Transitions


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")


S = ReviewStatus

#: Who decides what: a draft or a rejected object is sent (again) for review; staff publish or
#: reject what waits, publish what they rejected or hid (a change of mind), and hide anything not
#: hidden yet. Nothing is published or rejected that was never sent for review, nor rejected twice.
REVIEW_TRANSITIONS = Transitions(
    ReviewStatus,
    {
        S.DRAFT: {S.PENDING, S.HIDDEN},
        S.PENDING: {S.PUBLISHED, S.REJECTED, S.HIDDEN},
        S.PUBLISHED: {S.HIDDEN},
        S.REJECTED: {S.PENDING, S.PUBLISHED, S.HIDDEN},
        S.HIDDEN: {S.PUBLISHED},
    },
)

#: The decisions, by name, and the status each leads to.
DECISIONS = {"submit": S.PENDING, "publish": S.PUBLISHED, "reject": S.REJECTED, "hide": S.HIDDEN}


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def pending(self):
        """Sent for review and waiting for a decision."""
        return self.filter(status=ReviewStatus.PENDING)


class Reviewable(models.Model):
    """The status of a reviewed object and the record of the last decision on it."""

    Status = ReviewStatus
    #: The allowed status changes; a model may give a table of its own (with gates, say).
    review_transitions = REVIEW_TRANSITIONS

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("The reason given with a decision.")
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("When it was first published.")
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    # --- Held changes: a model whose published objects keep some edits back overrides these ---

    def has_held_changes(self):
        return False

    def apply_held_changes(self):
        """Make the held changes live; return the names of the fields they changed."""
        return []

    def discard_held_changes(self):
        """Drop the held changes; return the names of the fields they would have changed."""
        return []

    # --- Decisions on the object in memory (the services below lock and save) ---

    def can(self, decision, user=None):
        """Whether `decision` ("submit", "publish", "reject", "hide") applies to the object now."""
        if decision in ("publish", "reject") and self.is_published and self.has_held_changes():
            return True
        return self.review_transitions.allowed(self.status, DECISIONS[decision], user)

    def move_to(self, status, *, by=None, note=None, now=None):
        """Set the status, if the table allows it (TransitionNotAllowed if not), and record the
        decision: when it was sent for review, or who decided, when and why."""
        self.review_transitions.check(self.status, status, by)
        now = now or timezone.now()
        self.status = status
        if status == self.Status.PENDING:
            self.submitted_at = now
        else:
            self.record_decision(by=by, note=note, now=now)
            if status == self.Status.PUBLISHED and self.published_at is None:
                self.published_at = now

    def record_decision(self, *, by, note=None, now=None):
        self.reviewed_at = now or timezone.now()
        self.reviewed_by = by
        if note is not None:
            self.review_note = note


@dataclasses.dataclass(frozen=True)
class Decision:
    """What a review service did: the saved object, its status before and after, and the names of
    the held changes it approved (publish) or dropped (reject)."""

    obj: Reviewable
    before: str
    after: str
    held: list


def submit(obj, *, by=None, prepare=None):
    return _decide(obj, "submit", by=by, note=None, prepare=prepare)


def publish(obj, *, by, note="", prepare=None):
    """Publish what waits (or a hidden object again), or approve a published one's held changes.
    `prepare(obj)` runs before the save: derive fields, validate (a ValidationError saves nothing)."""
    return _decide(obj, "publish", by=by, note=note, prepare=prepare)


def reject(obj, *, by, reason, prepare=None):
    """Refuse what waits, or a published object's held changes (it then stays as it was)."""
    return _decide(obj, "reject", by=by, note=reason, prepare=prepare)


def hide(obj, *, by, reason="", prepare=None):
    return _decide(obj, "hide", by=by, note=reason, prepare=prepare)


def _decide(obj, decision, *, by, note, prepare):
    with transaction.atomic():
        # The lock makes the check and the change one step: of two staff deciding at once, the
        # second sees the first one's status and is refused if the decision no longer applies.
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        before, now = locked.status, timezone.now()
        on_held = decision in ("publish", "reject") and locked.is_published and locked.has_held_changes()
        if not on_held:
            locked.review_transitions.check(before, DECISIONS[decision], by)
        held = []
        if decision == "publish" and locked.has_held_changes():
            held = locked.apply_held_changes()
        elif on_held:
            held = locked.discard_held_changes()
        if on_held:
            locked.record_decision(by=by, note=note, now=now)
        else:
            locked.move_to(DECISIONS[decision], by=by, note=note, now=now)
        if prepare is not None:
            prepare(locked)
        locked.save()
    return Decision(obj=locked, before=before, after=locked.status, held=held)


# --- The staff preview ------------------------------------------------------------------------


def published_or_preview(queryset, user, **lookup):
    """The published object `lookup` finds in `queryset`, or else, for staff who may see it
    (`queryset.visible_to(user)`), the unpublished one. Returns (object, is_preview); for anyone
    else an unpublished object does not exist (Http404), as it never did."""
    found = queryset.published().filter(**lookup).first()
    if found is not None:
        return found, False
    if user.is_authenticated and user.is_staff:
        found = queryset.visible_to(user).filter(**lookup).first()
        if found is not None:
            return found, True
    raise Http404


def mark_preview(response):
    """A preview is for the one person looking: never cached on the way, never indexed."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

"""Writes that span several rows of partnerships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit import pagecache, review, text
from partnerships.models import STATE_TRANSITIONS, Agreement, Result, State, quarter_bounds

#: Paths under /partnerskaber/ that an agreement's slug must not take (partnerships/urls.py,
#: calendar_urls.py).
RESERVED_SLUGS = {"resultater", "foelgegrupper"}


def unique_slug(title, exclude_pk=None):
    return text.unique_slug(
        Agreement.objects.all(), title, noun="aftale", reserved=RESERVED_SLUGS, exclude_pk=exclude_pk
    )


# --- The agreement's state -----------------------------------------------------------------------


def change_state(agreement, *, to, by, expected, end=None, terminated_on=None, reason=""):
    """Move `agreement` from the state the person saw (`expected`) to `to`, along
    STATE_TRANSITIONS, in one guarded update (kit.transitions): when someone changed it first,
    Conflict; an edge the table lacks, TransitionNotAllowed.

    Terminating records the date and the reason; prolonging an expired agreement (expired →
    active) needs a new end date after today's and after the start."""
    updates = {"updated_at": timezone.now()}
    if to == State.TERMINATED:
        updates["terminated_on"] = terminated_on or timezone.localdate()
        updates["termination_reason"] = reason
    if expected == State.EXPIRED and to == State.ACTIVE:
        if end is None or end < agreement.start or end < timezone.localdate():
            raise ValidationError(_("A prolonged agreement needs a new end date from today on."), code="end")
        updates["end"] = end
    STATE_TRANSITIONS.advance(
        Agreement.objects, agreement.pk, from_=expected, to=to, by=by, field="state", **updates
    )
    agreement.refresh_from_db()
    return agreement


# --- Review: publishing and hiding an agreement ------------------------------------------------


def publish_agreement(agreement, *, by, note=""):
    """Publish now: staff publish their own drafts in one step (sent for review and published by
    the same person)."""
    with transaction.atomic():
        if agreement.status == Agreement.Status.DRAFT:
            review.submit(agreement, by=by)
        return review.publish(agreement, by=by, note=note).obj


def reject_agreement(agreement, *, by, reason):
    return review.reject(agreement, by=by, reason=reason).obj


def hide_agreement(agreement, *, by, reason=""):
    return review.hide(agreement, by=by, reason=reason).obj


# --- Confirming results ------------------------------------------------------------------------


def confirm_results(queryset, *, by):
    """Confirm the results of `queryset` not yet confirmed: one guarded update (a result confirmed
    meanwhile keeps who confirmed it first). Returns how many were confirmed."""
    pending = queryset.filter(confirmed_at__isnull=True)
    confirmed = pending.update(confirmed_by=by, confirmed_at=timezone.now())
    pagecache.changed(queryset.model)
    return confirmed


# --- What a result may be -------------------------------------------------------------------------


def check_result(commitment, year, quarter, *, exclude=None):
    """Raise a ValidationError when a result for (`year`, `quarter`) of `commitment` is refused: a
    quarter that does not overlap the agreement's period, or one reported already."""
    agreement = commitment.agreement
    if not 1 <= quarter <= 4:
        raise ValidationError(_("A quarter is 1, 2, 3 or 4."), code="quarter")
    first, last = quarter_bounds(year, quarter)
    if last < agreement.start or (agreement.end is not None and first > agreement.end):
        raise ValidationError(
            _("Quarter %(quarter)d of %(year)d is outside the agreement's period.")
            % {"quarter": quarter, "year": year},
            code="period",
        )
    if Result.objects.filter(commitment=commitment, year=year, quarter=quarter).exclude(pk=exclude).exists():
        raise ValidationError(
            _("Quarter %(quarter)d of %(year)d is reported already for this commitment.")
            % {"quarter": quarter, "year": year},
            code="twice",
        )

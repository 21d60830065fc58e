"""Writes that span several rows of procurement: a notice's slug, its publishing checks and the
record of what changed (the cause of the alerts its followers get)."""

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit import pagecache, review, text
from kit.staff import contact_persons_of
from procurement import emails
from procurement.models import ClauseFollowUp, Interest, Kind, Notice, NoticeChange

logger = logging.getLogger(__name__)

#: The kinds that are a purchase with a deadline and, when not split, a reason for it.
TENDERED_KINDS = {Kind.TENDER, Kind.SUPPLIER_AGREEMENT, Kind.EMPLOYMENT_SERVICES}

#: The fields whose change on a published notice its followers hear about (a corrected deadline).
ALERTED_FIELDS = [
    "title",
    "questions_deadline",
    "submission_deadline",
    "estimated_value",
    "contract_start",
    "contract_end",
    "reserved_participation",
    "reserved_execution",
    "social_clauses",
]


#: Paths under /udbud/ that a notice's slug must not take (procurement/urls.py, open_urls.py).
RESERVED_SLUGS = {"feed", "kommune", "tilbyd", "mine"}


def unique_slug(title, exclude_pk=None):
    return text.unique_slug(
        Notice.objects.all(), title, noun="udbud", reserved=RESERVED_SLUGS, exclude_pk=exclude_pk
    )


def publishing_errors(notice, *, lots=None, now=None):
    """What keeps `notice` from being published now, as {field: [message]} (empty when nothing).

    `lots` are the lots as they will be saved (an admin form's inline, say); by default the saved
    ones. The form checks (one field against another) are in the forms; these need the clock or
    the lots: a deadline in the past, lot values above the total, a TED date after the deadline,
    a tender without lots and without a reason."""
    now = now or timezone.now()
    lots = list(notice.lots.all()) if lots is None and notice.pk else list(lots or [])
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    deadline = notice.submission_deadline
    if notice.kind in TENDERED_KINDS and notice.stage == Notice.Stage.TENDERING and deadline is None:
        add("submission_deadline", _("Give the deadline for submission."))
    if deadline is not None and deadline <= now and notice.stage == Notice.Stage.TENDERING:
        add("submission_deadline", _("The deadline for submission has passed. Give a date in the future."))
    if notice.questions_deadline and deadline and notice.questions_deadline > deadline:
        add(
            "questions_deadline",
            _("The deadline for questions must come before the deadline for submission."),
        )
    if notice.ted_published_on and deadline and notice.ted_published_on > timezone.localdate(deadline):
        add("ted_published_on", _("The TED publication date comes after the deadline for submission."))
    values = [lot.estimated_value for lot in lots if lot.estimated_value is not None]
    if notice.estimated_value is not None and sum(values, 0) > notice.estimated_value:
        add(
            "estimated_value",
            _("The lots' values add up to more than the notice's estimated value. Correct one of them."),
        )
    if notice.kind in TENDERED_KINDS and not lots and not notice.not_split_reason.strip():
        add("not_split_reason", _("Say why the purchase is not split into lots, or add the lots."))
    return errors


def check_publishable(notice, *, lots=None, now=None):
    """Raise a ValidationError carrying `publishing_errors`, if any (a review decision's `prepare`)."""
    errors = publishing_errors(notice, lots=lots, now=now)
    if errors:
        raise ValidationError(errors)


def record_change(notice, *, kind, by=None, fields=()):
    """Record that `notice` was published, corrected, awarded or cancelled: the row its followers'
    alerts name. Call it in the transaction of the change: its alerts are queued once that commits
    (procurement.tasks.queue_alerts), or by the periodic run if the broker is down then."""
    change = NoticeChange.objects.create(notice=notice, kind=kind, by=by, fields=list(fields))
    # Not Celery's delay_on_commit, which raises into the staff member's request when Redis is
    # down: robust=True logs it instead, and the periodic queue_pending_alerts catches the change.
    transaction.on_commit(partial(_queue_alerts, change.pk), robust=True)
    return change


def _queue_alerts(change_id):
    from procurement.tasks import queue_alerts  # tasks import the services' modules

    queue_alerts.apply_async((change_id,), retry=False)


# --- The public side: interest and companies' offers ----------------------------------------------

#: The phases in which an enterprise may mark interest: while bids are taken, or before.
INTEREST_PHASES = {Notice.Phase.OPEN, Notice.Phase.PLANNED}


def accepts_interest(notice, now=None):
    return notice.phase(now) in INTEREST_PHASES


def mark_interest(notice, *, enterprise, user, lot=None, message="", share_profile=False, now=None):
    """Record `enterprise`'s interest in `notice` (or its `lot`), or update the one it marked
    before: marked twice is one interest. The consent to share the profile is recorded with its
    time, and withdrawn with the box. The buyer's contact persons are told, once per interest.

    Returns (interest, created)."""
    now = now or timezone.now()
    with transaction.atomic():
        # update_or_create locks the row it finds, and of two first marks at once the second
        # meets the unique constraint and takes the row the first made.
        previous = Interest.objects.filter(notice=notice, enterprise=enterprise, lot=lot).first()
        consent_at = None
        if share_profile:
            consent_at = previous.consent_at if previous and previous.share_profile else now
        interest, created = Interest.objects.update_or_create(
            notice=notice,
            enterprise=enterprise,
            lot=lot,
            defaults={
                "user": user,
                "message": message,
                "share_profile": share_profile,
                "consent_at": consent_at,
            },
            create_defaults={
                "user": user,
                "message": message,
                "share_profile": share_profile,
                "consent_at": consent_at,
                "created_at": now,
            },
        )
        for person in contact_persons_of(notice.municipality_id):
            emails.interest_marked(interest, person)
    return interest, created


def withdraw_interest(interest):
    """An enterprise no longer interested: the row goes (the buyer's list shows what is)."""
    with transaction.atomic():
        Interest.objects.filter(pk=interest.pk).delete()


def submit_offer(*, user, fields, categories, cpv_codes):
    """A company's subcontracting offer from the public site, held for review by a contact person
    of `fields["municipality"]`, who is asked by mail. One transaction: nothing half-saved."""
    with transaction.atomic():
        stage = Notice.Stage.PLANNED if fields.pop("planned", False) else Notice.Stage.TENDERING
        notice = Notice.objects.create(
            kind=Kind.SUBCONTRACTING,
            stage=stage,
            slug=unique_slug(fields["title"]),
            submitted_by=user,
            status=Notice.Status.DRAFT,
            **fields,
        )
        notice.categories.set(categories)
        notice.cpv_codes.set(cpv_codes)
        notice = review.submit(notice, by=user).obj
        for person in contact_persons_of(notice.municipality_id):
            emails.offer_review_request(notice, person)
    return notice


# --- Decisions in the admin: publishing, a company's offer, the stage, a clause's follow-up ---


def publish_notice(notice, *, by, note=""):
    """Publish `notice` now, if nothing keeps it back (`check_publishable`; a ValidationError
    saves nothing). Staff publish their own drafts in one step (sent for review and published by
    the same person); a company's offer waits as pending and its submitter hears the decision.
    Records the NoticeChange its followers' alerts name, in the same transaction."""
    with transaction.atomic():
        if notice.status == Notice.Status.DRAFT:
            review.submit(notice, by=by)
        decision = review.publish(notice, by=by, note=note, prepare=check_publishable)
        published = decision.obj
        if decision.before != Notice.Status.PUBLISHED:
            record_change(published, kind=NoticeChange.Kind.PUBLISHED, by=by)
        if published.submitted_by_id is not None and published.submitted_by.email:
            emails.offer_decision(published, decision="published", reason=note)
    return published


def reject_notice(notice, *, by, reason):
    """Refuse a company's offer that waits for review, with the reason its submitter is told."""
    with transaction.atomic():
        rejected = review.reject(notice, by=by, reason=reason).obj
        if rejected.submitted_by_id is not None and rejected.submitted_by.email:
            emails.offer_decision(rejected, decision="rejected", reason=reason)
    return rejected


def hide_notice(notice, *, by, reason=""):
    return review.hide(notice, by=by, reason=reason).obj


#: The stage a notice moves to and the NoticeChange its followers hear of (tendering a planned
#: purchase corrects the stage of a published notice).
STAGE_CHANGES = {
    Notice.Stage.TENDERING: NoticeChange.Kind.CORRECTED,
    Notice.Stage.AWARDED: NoticeChange.Kind.AWARDED,
    Notice.Stage.CANCELLED: NoticeChange.Kind.CANCELLED,
}


def change_stage(notice, *, to, by, expected=None):
    """Move `notice` along Notice.stage_transitions with a guarded update (kit.transitions:
    TransitionNotAllowed for an edge the table lacks, Conflict when someone moved it first), and
    record the change when the notice is public."""
    expected = expected or notice.stage
    with transaction.atomic():
        Notice.stage_transitions.advance(
            Notice.objects, notice.pk, from_=expected, to=to, by=by, field="stage", updated_at=timezone.now()
        )
        notice.stage = to
        if notice.status == Notice.Status.PUBLISHED:
            fields = ["stage"] if STAGE_CHANGES[to] == NoticeChange.Kind.CORRECTED else []
            record_change(notice, kind=STAGE_CHANGES[to], by=by, fields=fields)
    return notice


def confirm_follow_up(follow_up, *, by, now=None):
    """Staff confirm what a follow-up reports (once: a guarded update); True when this call did."""
    confirmed = ClauseFollowUp.objects.filter(pk=follow_up.pk, confirmed_at__isnull=True).update(
        confirmed_by=by, confirmed_at=now or timezone.now()
    )
    pagecache.changed(ClauseFollowUp)
    return bool(confirmed)

"""The registry's workflows: self-service edits, review by the home municipality, classification.

Every write that spans rows or mails someone is here, in one transaction with its outbox rows.
The first publication of a profile, and any later change to its CVR number or to the inputs of
its classification, waits for a contact person of the home municipality; other edits go live at
once and are recorded (who, when, which fields).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from enterprises import emails
from enterprises.models import REVIEWED_FIELDS, Enterprise, EnterpriseChange, SuccessStory
from kit import review, text
from kit.staff import STAFF_ROLES, staff_of

Status = Enterprise.Status


def refresh(enterprise):
    """Recompute what is derived from the profile: classification, reason, search text."""
    # The reason is stored in Danish, the registry's language, whatever page the edit came from.
    with translation.override(settings.LANGUAGE_CODE):
        enterprise.classification, enterprise.classification_reason = enterprise.derive_classification()
    enterprise.search_document = " ".join(
        part
        for part in [enterprise.name, enterprise.summary, enterprise.description, enterprise.social_purpose]
        + ([service.name for service in enterprise.services.all()] if enterprise.pk else [])
        if part
    )


# Words the registry's own addresses use under /virksomheder/ and /konto/virksomheder/.
RESERVED_SLUGS = {"opret", "tilknyt", "export", "historier", "fotos"}


def unique_slug(name, exclude_pk=None):
    return text.unique_slug(
        Enterprise.objects.all(), name, noun="virksomhed", reserved=RESERVED_SLUGS, exclude_pk=exclude_pk
    )


def reviewers(municipality):
    """The staff who review a municipality's enterprises: its contact persons and administrators."""
    return staff_of(municipality, roles=STAFF_ROLES)


def _admin_url(enterprise):
    return reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])


def _notify_reviewers(enterprise, what, cause=None):
    for reviewer in reviewers(enterprise.home_municipality):
        emails.review_request(enterprise, reviewer, what=what, cause=cause)


def _notify_representatives(enterprise, decision, reason, cause=None):
    for representative in enterprise.representatives.exclude(email=""):
        emails.decision(enterprise, representative, decision=decision, reason=reason, cause=cause)


@transaction.atomic
def create_enterprise(*, representative, fields, services=(), target_groups=(), serves=()):
    """A representative's new profile, sent for review at once (the first publication is reviewed)."""
    enterprise = Enterprise(**fields, slug=unique_slug(fields["name"]))
    enterprise.move_to(Status.PENDING, by=representative)
    refresh(enterprise)
    enterprise.save()
    enterprise.services.set(services)
    enterprise.target_groups.set(target_groups)
    enterprise.serves.set(serves)
    enterprise.representatives.add(representative)
    refresh(enterprise)
    enterprise.save(update_fields=["classification", "classification_reason", "search_document"])
    EnterpriseChange.objects.create(
        enterprise=enterprise, user=representative, kind=EnterpriseChange.Kind.SUBMITTED
    )
    _notify_reviewers(enterprise, "new")
    return enterprise


@transaction.atomic
def update_enterprise(*, enterprise, user, fields, services=None, target_groups=None, serves=None):
    """Apply a representative's edit. On a published profile, CVR and classification inputs wait
    for review in `pending_changes`; everything else goes live now. Returns the changed field names."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    changed = [name for name, value in fields.items() if getattr(enterprise, name) != value]
    held = {}
    for name in changed:
        value = fields[name]
        if enterprise.status == Status.PUBLISHED and name in REVIEWED_FIELDS:
            if hasattr(value, "pk"):  # a relation (the home municipality) is held as its id
                held[f"{name}_id"] = value.pk
            else:
                held[name] = value.isoformat() if hasattr(value, "isoformat") else value
        else:
            setattr(enterprise, name, value)
    for relation, values in (("services", services), ("target_groups", target_groups), ("serves", serves)):
        if values is not None and set(getattr(enterprise, relation).all()) != set(values):
            getattr(enterprise, relation).set(values)
            changed.append(relation)
    if held:
        enterprise.pending_changes = {**enterprise.pending_changes, **held}
    resubmitted = enterprise.status == Status.REJECTED and bool(changed)
    if resubmitted:
        enterprise.move_to(Status.PENDING, by=user)  # an edited, rejected profile goes back for review
    refresh(enterprise)
    enterprise.save()
    if changed:
        live = [name for name in changed if name not in held and f"{name}_id" not in held]
        if live:
            EnterpriseChange.objects.create(
                enterprise=enterprise, user=user, kind=EnterpriseChange.Kind.EDIT, fields=live
            )
        if held:
            EnterpriseChange.objects.create(
                enterprise=enterprise, user=user, kind=EnterpriseChange.Kind.SUBMITTED, fields=sorted(held)
            )
            _notify_reviewers(enterprise, "changes")
        elif resubmitted:
            _notify_reviewers(enterprise, "new")
    return changed


@transaction.atomic
def claim_enterprise(*, enterprise, user):
    """A representative asks to manage an existing profile (found by CVR); staff decide."""
    EnterpriseChange.objects.create(enterprise=enterprise, user=user, kind=EnterpriseChange.Kind.CLAIMED)
    _notify_reviewers(enterprise, "claim")


@transaction.atomic
def approve_claim(*, enterprise, user, reviewer):
    enterprise.representatives.add(user)
    EnterpriseChange.objects.create(
        enterprise=enterprise, user=reviewer, kind=EnterpriseChange.Kind.EDIT, fields=["representatives"],
        note=f"+ {user.email}",
    )  # fmt: skip
    if user.email:
        emails.claim_approved(enterprise, user)


@transaction.atomic
def refuse_claim(*, enterprise, user, reviewer, reason):
    """Say no to a request to represent `enterprise`; the claimant hears why and may ask again."""
    EnterpriseChange.objects.create(
        enterprise=enterprise,
        user=user,
        kind=EnterpriseChange.Kind.CLAIM_REFUSED,
        note=f"{reviewer}: {reason}",
    )
    if user.email:
        emails.claim_refused(enterprise, user, reason=reason)


@transaction.atomic
def publish(*, enterprise, reviewer, note=""):
    """Publish a pending (or hidden) profile, or approve a published one's held changes.
    Raises TransitionNotAllowed when there is nothing to publish (a draft, a published profile
    with nothing held) and ValidationError when the result would be invalid: then nothing is saved."""
    decision = review.publish(enterprise, by=reviewer, note=note, prepare=_check_before_publishing)
    enterprise = decision.obj
    EnterpriseChange.objects.create(
        enterprise=enterprise,
        user=reviewer,
        kind=EnterpriseChange.Kind.PUBLISHED,
        fields=decision.held,
        note=note,
    )
    _notify_representatives(enterprise, "published", note)
    return enterprise


def _check_before_publishing(enterprise):
    refresh(enterprise)
    enterprise.full_clean(exclude=["logo"])  # a held CVR may have been taken meanwhile


@transaction.atomic
def reject(*, enterprise, reviewer, reason):
    """Refuse a pending profile, or a published one's held changes (the profile stays as it was).
    Raises TransitionNotAllowed when nothing waits for a decision."""
    enterprise = review.reject(enterprise, by=reviewer, reason=reason).obj
    EnterpriseChange.objects.create(
        enterprise=enterprise, user=reviewer, kind=EnterpriseChange.Kind.REJECTED, note=reason
    )
    _notify_representatives(enterprise, "rejected", reason)
    return enterprise


@transaction.atomic
def hide(*, enterprise, reviewer, reason):
    enterprise = review.hide(enterprise, by=reviewer, reason=reason).obj
    EnterpriseChange.objects.create(
        enterprise=enterprise, user=reviewer, kind=EnterpriseChange.Kind.HIDDEN, note=reason
    )
    _notify_representatives(enterprise, "hidden", reason)
    return enterprise


@transaction.atomic
def submit(*, enterprise, user):
    """Send a draft (one staff began in the admin, say) for review."""
    enterprise = review.submit(enterprise, by=user).obj
    EnterpriseChange.objects.create(enterprise=enterprise, user=user, kind=EnterpriseChange.Kind.SUBMITTED)
    _notify_reviewers(enterprise, "new")
    return enterprise


@transaction.atomic
def set_classification(*, enterprise, reviewer, classification, reason):
    """Staff override of the derived classification, with its reason recorded; "" removes it."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    enterprise.classification_override = classification
    enterprise.classification_override_reason = reason if classification else ""
    refresh(enterprise)
    enterprise.save()
    EnterpriseChange.objects.create(
        enterprise=enterprise,
        user=reviewer,
        kind=EnterpriseChange.Kind.RECLASSIFIED,
        note=f"{classification}: {reason}",
    )
    return enterprise


@transaction.atomic
def submit_story(*, enterprise, user, fields):
    story = SuccessStory.objects.create(
        enterprise=enterprise, status=Status.PENDING, submitted_at=timezone.now(), **fields
    )
    _notify_reviewers(enterprise, "story", cause=story)
    return story


@transaction.atomic
def review_story(*, story, reviewer, publish, reason=""):
    """Publish a story that waits (or was hidden), or reject one that waits. Raises
    TransitionNotAllowed when the decision does not apply to it (any more)."""
    if publish:
        story = review.publish(story, by=reviewer, note=reason).obj
    else:
        story = review.reject(story, by=reviewer, reason=reason).obj
    _notify_representatives(
        story.enterprise, "story_published" if publish else "story_rejected", reason, cause=story
    )
    return story

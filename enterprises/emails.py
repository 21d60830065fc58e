"""The registry's mail: one function per mail, as healthchecks' hc/lib/emails.py.

Each function owns its template (`templates/emails/<name>_…`), its context, whether it is
transactional, and its dedupe key, derived from the row that records the cause: the
EnterpriseChange written just before in the same transaction (a submission, a decision, a refused
claim), or the success story a mail is about. Call them inside that transaction.
"""

from django.urls import reverse

from outbox.delivery import queue_notification


def review_request(enterprise, reviewer, *, what, cause=None):
    """Ask one of the home municipality's reviewers to look at a profile, its held changes, a
    claim or a story (`what`). Work mail: at once or in the reviewer's digest, as they chose.

    `cause` is the row that records the request: the story for a story (with its `submitted_at`),
    else by default the enterprise's newest change."""
    return queue_notification(
        template="enterprise_review",
        context={
            "enterprise": enterprise.name,
            "what": what,
            "admin_path": reverse("admin:enterprises_enterprise_change", args=[enterprise.pk]),
        },
        user=reviewer,
        municipality=enterprise.home_municipality,
        transactional=False,
        dedupe_key=f"enterprise-review:{_cause(enterprise, cause, moment='submitted_at')}:{reviewer.pk}",
    )


def decision(enterprise, representative, *, decision, reason, cause=None):
    """Tell a representative what the municipality decided (`decision`: published, rejected,
    hidden, story_published, story_rejected), and why.

    `cause` is the row that records the decision: the story for a story, else by default the
    enterprise's newest change. A story's key also names when it was decided (its `reviewed_at`),
    as its row records the last decision only."""
    cause_key = _cause(enterprise, cause, moment="reviewed_at")
    return queue_notification(
        template="enterprise_decision",
        context={
            "enterprise": enterprise.name,
            "decision": decision,
            "reason": reason,
            "path": enterprise.get_absolute_url(),
        },
        user=representative,
        municipality=enterprise.home_municipality,
        dedupe_key=f"enterprise-decision:{cause_key}:{decision}:{representative.pk}",
    )


def claim_approved(enterprise, user):
    """Tell somebody that they now represent `enterprise` (once: they represent it or not)."""
    return queue_notification(
        template="enterprise_decision",
        context={"enterprise": enterprise.name, "decision": "claim_approved", "reason": "", "path": ""},
        user=user,
        municipality=enterprise.home_municipality,
        dedupe_key=f"enterprise-claim-approved:{enterprise.pk}:{user.pk}",
    )


def claim_refused(enterprise, user, *, reason):
    """Tell a claimant why they may not represent `enterprise`; the key names the refusal (the
    enterprise's newest change), as they may ask again and be refused again."""
    return queue_notification(
        template="enterprise_decision",
        context={"enterprise": enterprise.name, "decision": "claim_refused", "reason": reason, "path": ""},
        user=user,
        municipality=enterprise.home_municipality,
        dedupe_key=f"enterprise-claim-refused:{_cause(enterprise, None)}:{user.pk}",
    )


CATALOGUE = (review_request, decision, claim_approved, claim_refused)


def _cause(enterprise, cause, *, moment=None):
    """The row that records why a mail goes, as model:id: `cause`, else the enterprise's newest
    change; with the time the row keeps in its field `moment`, if it has one."""
    if cause is None:
        cause = enterprise.changes.order_by("-pk").first()
    key = f"{cause._meta.model_name}:{cause.pk}"
    stamp = getattr(cause, moment, None) if moment else None
    return f"{key}:{stamp.isoformat()}" if stamp else key

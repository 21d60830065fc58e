"""Procurement's mail: one function per mail, as healthchecks' hc/lib/emails.py. Call each inside
the transaction of its cause; the dedupe key names the row that records it."""

from outbox.delivery import queue_notification


def offer_decision(notice, *, decision, reason):
    """Tell the representative who posted a company's offer what the municipality decided
    (`decision`: published or rejected), and why. The key names the decision: the notice and the
    moment it was decided (its row records the last decision only)."""
    user = notice.submitted_by
    return queue_notification(
        template="procurement_offer_decision",
        context={
            "title": notice.title,
            "decision": decision,
            "reason": reason,
            "path": notice.get_absolute_url() if decision == "published" else "",
        },
        user=user,
        municipality=notice.municipality_id,
        regarding=f"procurement.notice:{notice.pk}",
        dedupe_key=(
            f"procurement-offer-decision:notice:{notice.pk}:{notice.reviewed_at.isoformat()}:{decision}:{user.pk}"
        ),
    )


CATALOGUE = (offer_decision,)

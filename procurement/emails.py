"""Procurement's mail: one function per mail, as healthchecks' hc/lib/emails.py.

Each function owns its template (`templates/emails/procurement_<name>_…`), its context, whether it
is transactional, and its dedupe key, derived from the row that records the cause. Call them
inside the transaction of the cause.
"""

from django.urls import NoReverseMatch, reverse

from outbox.delivery import queue_notification


def _admin_path(notice):
    """The notice in the admin where staff work on it; the admin's front page until the
    procurement admin is installed."""
    try:
        return reverse("admin:procurement_notice_change", args=[notice.pk])
    except NoReverseMatch:
        return reverse("admin:index")


def interest_marked(interest, contact_person):
    """Tell one of the buyer's contact persons that an enterprise is interested in a notice or a
    lot. Work mail (at once or in their digest); once per interest, however often it is updated."""
    notice = interest.notice
    return queue_notification(
        template="procurement_interest",
        context={
            "enterprise": interest.enterprise.name,
            "notice": notice.title,
            "lot": str(interest.lot) if interest.lot else "",
            "shares_profile": interest.share_profile,
            "admin_path": _admin_path(notice),
        },
        user=contact_person,
        municipality=notice.municipality_id,
        transactional=False,
        regarding=f"procurement.interest:{interest.pk}",
        dedupe_key=f"procurement-interest:interest:{interest.pk}:{contact_person.pk}",
    )


def offer_review_request(notice, reviewer):
    """Ask one of the municipality's contact persons to review a company's offer. Work mail; the
    key names the submission (the notice and when it was sent for review)."""
    return queue_notification(
        template="procurement_offer_review",
        context={"company": notice.company_name, "notice": notice.title, "admin_path": _admin_path(notice)},
        user=reviewer,
        municipality=notice.municipality_id,
        transactional=False,
        regarding=f"procurement.notice:{notice.pk}",
        dedupe_key=f"procurement-offer-review:notice:{notice.pk}:{notice.submitted_at.isoformat()}:{reviewer.pk}",
    )


CATALOGUE = (interest_marked, offer_review_request)

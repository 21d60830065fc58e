"""Procurement's mail: one function per mail (see outbox/emails.py).

Alerts and reminders go to many people at once, so their functions return unsaved outbox rows
that `outbox.delivery.queue_notifications` writes in bulk, in the transaction of the cause."""

import zoneinfo

from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from outbox.delivery import queue_notification
from outbox.models import Notification
from procurement.models import Notice

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")

ALERT = "procurement_alert"
REMINDER = "procurement_reminder"


def notice_path(notice):
    """The notice's public address in the active language."""
    try:
        return reverse("procurement:notice", kwargs={"slug": notice.slug})
    except NoReverseMatch:
        # The public pages are another branch's (proc-public); until they are merged, the address
        # the brief fixes for them.
        prefix = "" if translation.get_language() == "da" else f"/{translation.get_language()}"
        return f"{prefix}/udbud/{notice.slug}/"


def _deadline(value):
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value, COPENHAGEN), "DATETIME_FORMAT")


def notice_facts(notice, language):
    """What an alert or a reminder says about `notice`, in `language` (the context is stored, so
    it is rendered in words here, not at sending)."""
    with translation.override(language):
        return {
            "title": notice.title,
            "kind": str(Notice.Kind(notice.kind).label),
            "buyer": notice.buyer_name,
            "deadline": _deadline(notice.submission_deadline),
            "path": notice_path(notice),
        }


def changed_fields(fields, language):
    """The verbose names of the notice's `fields` that changed, in `language`."""
    with translation.override(language):
        return [str(Notice._meta.get_field(name).verbose_name) for name in fields if _is_field(name)]


def _is_field(name):
    try:
        Notice._meta.get_field(name)
    except FieldDoesNotExist:  # a field renamed since the change was recorded
        return False
    return True


def notice_alert(change, *, user, enterprises, facts, changed=()):
    """Tell `user` that a notice their `enterprises` follow was published or corrected (`change`).

    Not transactional: sent at once, held for the digest or skipped as the user chose. `facts` are
    `notice_facts` in the user's language, `changed` the changed fields' names in it. The key names
    the change and the user: a change alerts a person once, however many enterprises they act for."""
    notice = change.notice
    return Notification(
        template=ALERT,
        context={
            **facts,
            "name": user.first_name,
            "change": change.kind,
            "changed": list(changed),
            "enterprises": list(enterprises),
        },
        recipient_user=user,
        recipient_email=user.email,
        language=user.language,
        municipality_id=notice.municipality_id,
        transactional=False,
        dedupe_key=f"procurement-alert:{change.pk}:{user.pk}",
        regarding=f"procurement.notice:{notice.pk}",
    )


def deadline_reminder(interest, *, user, facts, lots=()):
    """Remind `user` that the submission deadline of a notice their enterprise marked interest in
    is 3 working days away. `lots` are the titles of the lots marked, if any. The key names the
    interest (the first, when the enterprise marked several lots of the notice)."""
    notice = interest.notice
    return Notification(
        template=REMINDER,
        context={
            **facts,
            "name": user.first_name,
            "enterprise": interest.enterprise.name,
            "lots": list(lots),
        },
        recipient_user=user,
        recipient_email=user.email,
        language=user.language,
        municipality_id=notice.municipality_id,
        transactional=False,
        dedupe_key=f"procurement-reminder:{interest.pk}:{user.pk}",
        regarding=f"procurement.notice:{notice.pk}",
    )


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


CATALOGUE = (notice_alert, deadline_reminder, interest_marked, offer_review_request, offer_decision)

"""Startup counselling's mail: one function per mail, as healthchecks' hc/lib/emails.py.

Each function owns its template (`templates/emails/<name>_…`), its context, whether it is
transactional, the case it is about (`regarding`), whether it is confidential, and its dedupe key,
derived from the row that causes it: the case for the receipt and the alerts, else the case event
that records what happened. Call them inside the transaction that writes that row.
"""

from django.urls import reverse
from django.utils import translation

from kit.urls import absolute_url
from outbox.delivery import queue_notification, queue_notifications
from outbox.models import Notification


def case_url(case):
    """The applicant's private page, in their language."""
    with translation.override(case.language):
        path = reverse("counselling:case", args=[case.access_token])
    return absolute_url(path)


def regarding(case):
    """How the outbox names the case its mail is about."""
    return f"counselling.case:{case.pk}"


def receipt(case):
    """The applicant's receipt for a new case, with the municipality's phone hours."""
    # Day names and times are rendered in the applicant's language (a range of days is formatted
    # as soon as it is read, so it must be read under the override).
    with translation.override(case.language):
        phone_rows = [
            {"days": str(row.days), "times": row.times} for row in case.municipality.phone_schedule().rows()
        ]
    return queue_notification(
        template="case_receipt",
        context={**_applicant_context(case), "phone_hours": phone_rows},
        to=case.applicant_email,
        language=case.language,
        municipality=case.municipality,
        dedupe_key=f"case-receipt:{case.pk}",
        regarding=regarding(case),
    )


def alert(case, person):
    """Tell one of the municipality's staff about a new case."""
    return _tell_staff(case, person, "case_alert", f"case-alert:{case.pk}:{person.pk}")


def alerts(case, people):
    """`alert` for each of `people` at once: one INSERT for all the municipality's staff, however
    many, on the intake's hot path."""
    return queue_notifications(
        Notification(
            template="case_alert",
            context=_staff_context(case),
            recipient_user=person,
            municipality_id=case.municipality_id,
            transactional=False,
            dedupe_key=f"case-alert:{case.pk}:{person.pk}",
            regarding=regarding(case),
            confidential=case.confidential,
        )
        for person in people
        if person.email and person.is_active
    )


def assigned(event, *, by):
    """Tell the new assignee (`event.assignee`) that `by` gave them the case."""
    return _tell_staff(event.case, event.assignee, "case_assigned", f"case-assigned:{event.pk}", by=str(by))


def message(event, *, by):
    """The staff's message (`event.text`) to the applicant."""
    return _tell_applicant(
        event.case, "case_message", f"case-message:{event.pk}", text=event.text, sender=str(by)
    )


def reply(event, person):
    """Tell the assignee, or else the staff who may see the case, that the applicant answered."""
    return _tell_staff(event.case, person, "case_reply", f"case-reply:{event.pk}:{person.pk}")


def closed(event):
    """Tell the applicant that their case was closed, and how (`event.to_status`, `event.text`)."""
    return _tell_applicant(
        event.case, "case_closed", f"case-closed:{event.pk}", status=event.to_status, text=event.text
    )


def link(event):
    """Mail the applicant the new private link made by `event`."""
    return _tell_applicant(event.case, "case_link", f"case-link:{event.pk}")


def link_requested(event):
    """Mail the applicant their private link, which someone asked for on the site (`event`)."""
    return _tell_applicant(event.case, "case_link_requested", f"case-link:{event.pk}")


CATALOGUE = (receipt, alert, assigned, message, reply, closed, link, link_requested)


def _applicant_context(case):
    municipality = case.municipality
    return {
        "reference": case.reference,
        "name": case.applicant_name,
        "municipality": municipality.full_name,
        "municipality_phone": municipality.phone,
        "municipality_email": municipality.email,
        "deadline": case.deadline.isoformat(),
        "case_url": case_url(case),
    }


def _tell_applicant(case, template, dedupe_key, **extra):
    return queue_notification(
        template=template,
        context={**_applicant_context(case), **extra},
        to=case.applicant_email,
        language=case.language,
        municipality=case.municipality,
        dedupe_key=dedupe_key,
        regarding=regarding(case),
        confidential=case.confidential,
    )


def _tell_staff(case, user, template, dedupe_key, **extra):
    """Non-urgent work mail to one of the staff: it follows their choice of at once or a digest.
    Nobody is told who can no longer be (left, or has no address)."""
    if not user.email or not user.is_active:
        return None
    return queue_notification(
        template=template,
        context={**_staff_context(case), **extra},
        user=user,
        municipality=case.municipality,
        transactional=False,
        dedupe_key=dedupe_key,
        regarding=regarding(case),
        confidential=case.confidential,
    )


def _staff_context(case):
    return {
        "reference": case.reference,
        "kind": case.kind,
        "admin_path": reverse("admin:counselling_case_change", args=[case.pk]),
    }

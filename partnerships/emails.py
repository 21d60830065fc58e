"""Partnerships' mail: one function per mail (see outbox/emails.py), each queued in the
transaction that records why it goes (a meeting's `reminded_*_at`, an `AgreementReminder` row)."""

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from outbox.delivery import queue_notification
from partnerships.calendar import meeting_path
from portal.hours import COPENHAGEN

MEETING_REMINDER = "partnerships_meeting_reminder"
AGREEMENT_ENDING = "partnerships_agreement_ending"
RESULTS_MISSING = "partnerships_results_missing"

#: Members are not users and have no language of their own: their reminders are in Danish.
MEMBER_LANGUAGE = "da"


def _when(value, language):
    with translation.override(language):
        return formats.date_format(timezone.localtime(value, COPENHAGEN), "DATETIME_FORMAT")


def _date(value, language):
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _agreement_admin_path(agreement):
    """The agreement in the admin; the admin's front page until the partnerships admin is there."""
    try:
        return reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    except NoReverseMatch:
        return reverse("admin:index")


def meeting_reminder(meeting, *, member, days, language=MEMBER_LANGUAGE):
    """Remind a member of the follow-up group that it meets in `days` days (14 or 2), with the
    meeting's .ics. Transactional mail to the member's address: members are not users. The key
    names the meeting as planned (a moved meeting is a new cause) and the member."""
    group = meeting.group
    return queue_notification(
        template=MEETING_REMINDER,
        context={
            "name": member.name,
            "group": group.name,
            "days": days,
            "starts": _when(meeting.starts_at, language),
            "place": meeting.place,
            "agenda": meeting.agenda,
            "ics_path": meeting_path(meeting),
        },
        to=member.email,
        language=language,
        municipality=group.municipality_id,
        regarding=f"partnerships.meeting:{meeting.pk}",
        dedupe_key=(
            f"partnerships-meeting-reminder:meeting:{meeting.pk}:{meeting.starts_at.isoformat()}:{days}:{member.pk}"
        ),
    )


def agreement_ending(reminder, *, days):
    """Tell the agreement's responsible contact person that it ends in `days` days (90 or 30).
    Work mail; the key names the `AgreementReminder` row that records it."""
    agreement, user = reminder.agreement, reminder.agreement.responsible
    return queue_notification(
        template=AGREEMENT_ENDING,
        context={
            "name": user.first_name,
            "title": agreement.title,
            "days": days,
            "end": _date(agreement.end, user.language),
            "admin_path": _agreement_admin_path(agreement),
        },
        user=user,
        municipality=agreement.municipality_id,
        transactional=False,
        regarding=f"partnerships.agreement:{agreement.pk}",
        dedupe_key=f"partnerships-agreement-reminder:{reminder.pk}",
    )


def results_missing(reminder, *, year, quarter):
    """Tell the agreement's responsible contact person that a quarter passed with no result
    reported. Work mail; the key names the `AgreementReminder` row that records it."""
    agreement, user = reminder.agreement, reminder.agreement.responsible
    return queue_notification(
        template=RESULTS_MISSING,
        context={
            "name": user.first_name,
            "title": agreement.title,
            "year": year,
            "quarter": quarter,
            "admin_path": _agreement_admin_path(agreement),
        },
        user=user,
        municipality=agreement.municipality_id,
        transactional=False,
        regarding=f"partnerships.agreement:{agreement.pk}",
        dedupe_key=f"partnerships-agreement-reminder:{reminder.pk}",
    )


CATALOGUE = (meeting_reminder, agreement_ending, results_missing)

"""Reminders, with time travel: members 14 and 2 days before a meeting, the responsible contact
person 90 and 30 days before an agreement ends and after a quarter with no results; each once,
a missed run caught up; and the expiry run."""

import datetime
import zoneinfo

import pytest

from outbox.models import Notification
from partnerships import tasks
from partnerships.models import Agreement, AgreementReminder, Member
from partnerships.reminders import (
    expire_agreements,
    send_end_reminders,
    send_meeting_reminders,
    send_results_reminders,
)
from tests.conftest import make_user
from tests.partnerships.factories import (
    make_agreement,
    make_commitment,
    make_group,
    make_meeting,
    make_result,
)

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=COPENHAGEN)


def mails(template):
    return list(Notification.objects.filter(template=template).order_by("pk"))


def meeting_mails():
    return mails("partnerships_meeting_reminder")


# --- Meetings ----------------------------------------------------------------------------------


@pytest.fixture
def meeting(lejre, time_machine):
    time_machine.move_to(at(2026, 2, 1), tick=False)
    group = make_group(lejre, name="Følgegruppen for Partnerskab Jammerbugt")
    Member.objects.create(group=group, name="Mette Borgmester", email="mette@example.dk")
    Member.objects.create(group=group, name="Jens Jobcenter", email="jens@example.dk")
    Member.objects.create(group=group, name="Uden adresse")
    return make_meeting(group, at(2026, 3, 20), place="Rådhuset, lokale 2", agenda="Status")


def test_members_hear_14_and_2_days_before_and_once_each(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 5, 9), tick=False)  # 15 days before
    assert send_meeting_reminders() == 0

    time_machine.move_to(at(2026, 3, 6, 11), tick=False)
    assert send_meeting_reminders() == 2
    assert send_meeting_reminders() == 0
    assert [(m.recipient_email, m.context["days"]) for m in meeting_mails()] == [
        ("mette@example.dk", 14),
        ("jens@example.dk", 14),
    ]

    time_machine.move_to(at(2026, 3, 18, 11), tick=False)
    assert send_meeting_reminders() == 2
    assert send_meeting_reminders() == 0
    assert [m.context["days"] for m in meeting_mails()] == [14, 14, 2, 2]
    meeting.refresh_from_db()
    assert meeting.reminded_14_at == at(2026, 3, 6, 11)
    assert meeting.reminded_2_at == at(2026, 3, 18, 11)


def test_a_missed_14_day_run_still_sends_once_10_days_before(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 10), tick=False)
    assert send_meeting_reminders() == 2
    time_machine.move_to(at(2026, 3, 11), tick=False)
    assert send_meeting_reminders() == 0
    assert [m.context["days"] for m in meeting_mails()] == [14, 14]


def test_a_meeting_first_seen_a_day_before_gets_the_2_day_reminder_only(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 19), tick=False)
    assert send_meeting_reminders() == 2
    assert send_meeting_reminders() == 0
    assert [m.context["days"] for m in meeting_mails()] == [2, 2]


def test_the_reminder_is_transactional_mail_with_the_meetings_ics(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 10), tick=False)
    send_meeting_reminders()
    mail = meeting_mails()[0]
    assert mail.transactional and mail.recipient_user is None
    assert mail.context["ics_path"] == (
        f"/partnerskaber/foelgegrupper/{meeting.group.calendar_token}/moeder/{meeting.pk}.ics"
    )
    assert mail.context["place"] == "Rådhuset, lokale 2"


def test_a_cancelled_meeting_is_not_reminded_of(meeting, time_machine):
    meeting.cancelled = True
    meeting.save()
    time_machine.move_to(at(2026, 3, 10), tick=False)
    assert send_meeting_reminders() == 0
    time_machine.move_to(at(2026, 3, 19), tick=False)
    assert send_meeting_reminders() == 0
    assert meeting_mails() == []


def test_a_past_meeting_is_not_reminded_of(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 21), tick=False)
    assert send_meeting_reminders() == 0


def test_the_periodic_task_sends_them(meeting, time_machine):
    time_machine.move_to(at(2026, 3, 10), tick=False)
    tasks.send_meeting_reminders.delay()
    assert len(meeting_mails()) == 2


# --- The end of an agreement -------------------------------------------------------------------


@pytest.fixture
def responsible(lejre_staff):
    lejre_staff.first_name = "Rikke"
    lejre_staff.save()
    return lejre_staff


@pytest.fixture
def ending(lejre, responsible, time_machine):
    time_machine.move_to(at(2026, 1, 5), tick=False)
    return make_agreement(municipality=lejre, end=datetime.date(2026, 12, 31), responsible=responsible)


def end_mails():
    return mails("partnerships_agreement_ending")


def keys(agreement):
    return sorted(AgreementReminder.objects.filter(agreement=agreement).values_list("key", flat=True))


def test_the_responsible_hears_90_and_30_days_before_the_end(ending, responsible, time_machine):
    time_machine.move_to(at(2026, 10, 1), tick=False)  # 91 days before
    assert send_end_reminders() == 0

    time_machine.move_to(at(2026, 10, 2), tick=False)
    assert send_end_reminders() == 1
    assert send_end_reminders() == 0
    assert keys(ending) == ["end-90"]

    time_machine.move_to(at(2026, 12, 5), tick=False)
    assert send_end_reminders() == 1
    assert send_end_reminders() == 0
    assert [(m.recipient_user, m.context["days"]) for m in end_mails()] == [
        (responsible, 90),
        (responsible, 30),
    ]
    assert keys(ending) == ["end-30", "end-90"]
    reminder = AgreementReminder.objects.get(agreement=ending, key="end-30")
    assert end_mails()[1].dedupe_key == f"partnerships-agreement-reminder:{reminder.pk}"


def test_a_run_missed_until_30_days_before_sends_the_30_day_reminder_only(ending, time_machine):
    time_machine.move_to(at(2026, 12, 10), tick=False)
    assert send_end_reminders() == 1
    assert [m.context["days"] for m in end_mails()] == [30]
    assert keys(ending) == ["end-30", "end-90"]


def test_no_end_reminder_without_an_end_a_responsible_or_when_not_active(lejre, responsible, time_machine):
    time_machine.move_to(at(2026, 12, 10), tick=False)
    make_agreement(municipality=lejre, end=None, responsible=responsible)
    make_agreement(municipality=lejre, end=datetime.date(2026, 12, 31))
    make_agreement(
        municipality=lejre,
        end=datetime.date(2026, 12, 31),
        responsible=responsible,
        state=Agreement.State.TERMINATED,
    )
    make_agreement(municipality=lejre, end=datetime.date(2026, 12, 1), responsible=responsible)  # ended
    assert send_end_reminders() == 0


# --- A quarter without results -----------------------------------------------------------------


def results_mails():
    return mails("partnerships_results_missing")


def test_a_quarter_without_results_is_reminded_of_once(ending, time_machine):
    commitment = make_commitment(ending)
    make_result(commitment, year=2026, quarter=2, count=2)
    time_machine.move_to(at(2026, 9, 30), tick=False)  # Q2 reported; Q3 not over
    assert send_results_reminders() == 0

    time_machine.move_to(at(2026, 10, 3), tick=False)
    assert send_results_reminders() == 1
    assert send_results_reminders() == 0
    assert [(m.context["year"], m.context["quarter"]) for m in results_mails()] == [(2026, 3)]
    assert keys(ending) == ["results-2026Q3"]


def test_a_result_reported_but_not_yet_confirmed_counts_as_reported(ending, time_machine):
    make_result(make_commitment(ending), year=2026, quarter=3, count=1, confirmed=False)
    time_machine.move_to(at(2026, 10, 3), tick=False)
    assert send_results_reminders() == 0


def test_no_results_reminder_without_commitments_or_outside_the_period(lejre, responsible, time_machine):
    time_machine.move_to(at(2026, 10, 3), tick=False)
    make_agreement(municipality=lejre, responsible=responsible)  # no commitments
    later = make_agreement(municipality=lejre, start=datetime.date(2026, 10, 1), responsible=responsible)
    make_commitment(later)
    draft = make_agreement(municipality=lejre, responsible=responsible, state=Agreement.State.DRAFT)
    make_commitment(draft)
    assert send_results_reminders() == 0


def test_the_periodic_task_sends_both_kinds(ending, time_machine):
    make_commitment(ending)
    time_machine.move_to(at(2026, 10, 3), tick=False)
    tasks.send_agreement_reminders.delay()
    assert len(end_mails()) == 1
    assert len(results_mails()) == 1


def test_the_reminder_of_another_responsible_goes_to_them(lejre, time_machine):
    time_machine.move_to(at(2026, 12, 10), tick=False)
    other = make_user(email="ole@lejre.dk", is_staff=True, municipality=lejre)
    make_agreement(municipality=lejre, end=datetime.date(2026, 12, 31), responsible=other)
    send_end_reminders()
    assert [m.recipient_email for m in end_mails()] == ["ole@lejre.dk"]


# --- Expiry ------------------------------------------------------------------------------------


def test_the_expiry_run_moves_agreements_past_their_end_to_expired(lejre, time_machine):
    time_machine.move_to(at(2026, 6, 1), tick=False)
    ended = make_agreement(municipality=lejre, end=datetime.date(2026, 6, 30))
    last_day = make_agreement(municipality=lejre, end=datetime.date(2026, 7, 1))
    open_ended = make_agreement(municipality=lejre, end=None)
    terminated = make_agreement(
        municipality=lejre, end=datetime.date(2026, 6, 1), state=Agreement.State.TERMINATED
    )

    time_machine.move_to(at(2026, 7, 1, 0), tick=False)
    assert expire_agreements() == 1
    assert expire_agreements() == 0
    states = {a.pk: a.state for a in Agreement.objects.all()}
    assert states == {
        ended.pk: "expired",
        last_day.pk: "active",
        open_ended.pk: "active",
        terminated.pk: "terminated",
    }

    time_machine.move_to(at(2026, 7, 2, 0), tick=False)
    tasks.expire_agreements.delay()
    assert Agreement.objects.get(pk=last_day.pk).state == "expired"


def test_a_meeting_moved_in_the_admin_is_reminded_of_again(meeting, time_machine, client, lejre_staff):
    time_machine.move_to(at(2026, 3, 6, 11), tick=False)
    assert send_meeting_reminders() == 2
    client.force_login(lejre_staff)
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen"))
    response = client.post(
        f"/admin/partnerships/meeting/{meeting.pk}/change/",
        {
            "group": meeting.group_id,
            "starts_at_0": "27.03.2026",
            "starts_at_1": local.strftime("%H:%M"),
            "place": meeting.place,
            "agenda": meeting.agenda,
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    meeting.refresh_from_db()
    assert (meeting.reminded_14_at, meeting.reminded_2_at) == (None, None)
    time_machine.move_to(at(2026, 3, 13, 11), tick=False)
    assert send_meeting_reminders() == 2
    assert [m.context["days"] for m in meeting_mails()] == [14, 14, 14, 14]

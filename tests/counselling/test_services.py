"""The counselling services: intake in one transaction, assignment races, messages and replies,
the applicant's private link and data copy, the overview and the access log."""

import datetime
import json
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from counselling import emails, services
from counselling.models import Case, CaseAccess, CaseAttachment, CaseCounter, CaseEvent, Status
from outbox.models import Notification
from portal.models import OpeningHours, User
from portal.roles import CONTACT_PERSON
from tests.conftest import make_municipality, make_opening_hours, make_staff, make_user
from tests.counselling.factories import checked, intake_data, make_case, upload, with_settings

UTC = datetime.UTC
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
Kind = CaseEvent.Kind


def at(year, month, day, hour=12, minute=0):
    """A moment in Copenhagen time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def mails(template, **filters):
    return Notification.objects.filter(template=template, **filters)


@pytest.fixture
def lejre_colleague(lejre):
    return make_staff(lejre, CONTACT_PERSON, username="lejre-kollega", email="kollega@lejre.dk")


# --- References --------------------------------------------------------------------------------


def test_the_reference_comes_from_the_municipality(lejre, roskilde):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        first = make_case(lejre)
        second = make_case(lejre)
        other = make_case(roskilde)
    assert (first.reference, first.year, first.number) == ("LEJ-2026-0001", 2026, 1)
    assert second.reference == "LEJ-2026-0002"
    # Each municipality counts on its own.
    assert other.reference == "ROS-2026-0001"


def test_the_case_prefix_wins_over_the_name(db):
    aeroe = make_municipality(name="Ærø")
    prefixed = with_settings(make_municipality(name="Holbæk"), case_prefix="HBK")
    with time_machine.travel(at(2026, 3, 2), tick=False):
        assert make_case(aeroe).reference == "AER-2026-0001"
        assert make_case(prefixed).reference == "HBK-2026-0001"


def test_numbering_starts_again_at_new_year_in_copenhagen_time(lejre):
    # 23.30 on New Year's Eve in Copenhagen: still 2026.
    with time_machine.travel(at(2026, 12, 31, 23, 30), tick=False):
        last = make_case(lejre)
        make_case(lejre)
    # 00.10 on 1 January in Copenhagen is 23.10 on 31 December in UTC: already 2027 here.
    new_year = at(2027, 1, 1, 0, 10)
    assert new_year.astimezone(UTC).year == 2026
    with time_machine.travel(new_year, tick=False):
        first = make_case(lejre)
        second = make_case(lejre)
    assert last.reference == "LEJ-2026-0001"
    assert (first.reference, first.year, first.number) == ("LEJ-2027-0001", 2027, 1)
    assert second.reference == "LEJ-2027-0002"
    assert set(CaseCounter.objects.values_list("year", "last_number")) == {(2026, 2), (2027, 2)}


# --- Intake ------------------------------------------------------------------------------------


def test_submit_stores_the_case_and_its_first_event(lejre):
    data = intake_data(organisation="Café Kanten", cvr="13585628", needs=["mentor", "premises"])
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        case = services.submit_request(municipality=lejre, data=data, language="da")
    case.refresh_from_db()
    assert case.status == Status.NEW
    assert case.organisation == "Café Kanten"
    assert case.needs == ["mentor", "premises"]
    assert case.consent_at == at(2026, 3, 2, 9)
    assert case.deadline == datetime.date(2026, 3, 9)  # five working days after Monday
    assert len(case.access_token) >= 40
    assert case.access_is_valid()
    assert [e.kind for e in case.events.all()] == [Kind.RECEIVED]


def test_submit_takes_the_active_language_when_none_is_given(lejre):
    with translation.override("en"):
        case = services.submit_request(municipality=lejre, data=intake_data())
    assert case.language == "en"


@pytest.mark.parametrize("language", ["da", "en"])
def test_receipt_to_the_applicant_in_the_case_language(lejre, language):
    make_opening_hours(lejre, weekday=0, opens="10:00", closes="12:00", kind=OpeningHours.Kind.PHONE)
    make_opening_hours(lejre, weekday=1, opens="10:00", closes="12:00", kind=OpeningHours.Kind.PHONE)
    case = make_case(lejre, language=language, applicant_email="ane@example.dk")
    receipt = mails("case_receipt").get()
    assert receipt.recipient_email == "ane@example.dk"
    assert receipt.recipient_user is None
    assert receipt.language == language
    assert receipt.transactional
    assert receipt.context["reference"] == case.reference
    assert receipt.context["deadline"] == case.deadline.isoformat()
    assert receipt.context["case_url"].endswith(f"/sag/{case.access_token}/")
    assert receipt.context["case_url"].startswith(
        "http://testserver/" + ("en/" if language == "en" else "sag/")
    )
    days = receipt.context["phone_hours"][0]["days"]
    assert days == {"da": "Mandag–tirsdag", "en": "Monday–Tuesday"}[language]
    json.dumps(receipt.context)  # the outbox stores JSON


def test_alert_to_each_contact_person_of_the_municipality_only(
    lejre, roskilde, lejre_staff, lejre_admin, roskilde_staff, roskilde_admin
):
    gone = make_staff(lejre, CONTACT_PERSON, username="gone", email="gone@lejre.dk")
    gone.is_active = False
    gone.save()
    make_user(username="citizen", email="citizen@example.dk", municipality=lejre)  # not staff
    case = make_case(lejre)
    alerts = mails("case_alert")
    assert {m.recipient_user for m in alerts} == {lejre_staff, lejre_admin}
    assert not alerts.filter(recipient_user__in=[roskilde_staff, roskilde_admin]).exists()
    for alert in alerts:
        assert alert.context["reference"] == case.reference
        assert not alert.transactional
        assert alert.municipality == lejre
        # Staff alerts carry no personal data of the applicant.
        assert "Mette" not in json.dumps(alert.context)


def test_attachments_are_stored_privately_with_their_names(lejre, settings):
    case = make_case(lejre, attachments=checked(upload("plan.pdf"), upload("billede.png")))
    attachments = list(case.attachments.all())
    assert [(a.name, a.content_type) for a in attachments] == [
        ("plan.pdf", "application/pdf"),
        ("billede.png", "image/png"),
    ]
    for attachment in attachments:
        assert attachment.event.kind == Kind.RECEIVED
        assert attachment.from_applicant
        assert "plan" not in attachment.file.name
        path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
        assert path.is_file()
        assert path.stat().st_size == attachment.size
    assert len(files_under(settings.PRIVATE_MEDIA_ROOT)) == 2


def test_a_failure_after_the_case_was_created_leaves_nothing(lejre, lejre_staff, settings, monkeypatch):
    def failing(rows):
        raise RuntimeError("the alert failed")

    monkeypatch.setattr(emails, "queue_notifications", failing)  # the staff's alerts, after the receipt
    with pytest.raises(RuntimeError, match="the alert failed"):
        services.submit_request(
            municipality=lejre, data=intake_data(), attachments=checked(upload("plan.pdf")), language="da"
        )
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not CaseAttachment.objects.exists()
    assert not Notification.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []

    # The number was not used up either.
    monkeypatch.undo()
    with time_machine.travel(at(2026, 3, 2), tick=False):
        assert make_case(lejre).number == 1


def test_a_failing_file_write_leaves_nothing(lejre, settings, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    saved = []
    original = FileSystemStorage._save

    def second_fails(self, name, content):
        if saved:
            raise OSError("disk full")
        saved.append(name)
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", second_fails)
    with pytest.raises(OSError):
        services.submit_request(
            municipality=lejre,
            data=intake_data(),
            attachments=checked(upload("a.pdf"), upload("b.pdf")),
            language="da",
        )
    assert saved
    assert not Case.objects.exists()
    assert not CaseAttachment.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


# --- Assignment --------------------------------------------------------------------------------


def test_assigning_oneself_wins_once_and_the_loser_hears_who_has_it(lejre, lejre_staff, lejre_colleague):
    case = make_case(lejre)
    seen_by_colleague = Case.objects.get(pk=case.pk)
    services.assign(case, lejre_staff, by=lejre_staff, expected_assignee_id=None)

    with pytest.raises(services.CaseConflict) as conflict:
        services.assign(seen_by_colleague, lejre_colleague, by=lejre_colleague, expected_assignee_id=None)
    assert conflict.value.args[0] == lejre_staff
    assert str(lejre_staff) in str(conflict.value)

    case.refresh_from_db()
    assert case.assignee == lejre_staff
    assigned = CaseEvent.objects.filter(case=case, kind=Kind.ASSIGNED)
    assert [(e.author, e.assignee) for e in assigned] == [(lejre_staff, lejre_staff)]
    # Nobody is mailed about taking a case themselves.
    assert not mails("case_assigned").exists()


def test_assigning_a_colleague_tells_them(lejre, lejre_staff, lejre_colleague):
    case = make_case(lejre)
    services.assign(case, lejre_colleague, by=lejre_staff, expected_assignee_id=None)
    mail = mails("case_assigned").get()
    assert mail.recipient_user == lejre_colleague
    assert mail.context["reference"] == case.reference
    assert mail.context["by"] == str(lejre_staff)

    # Handing it on needs the current assignee as expected; unassigning mails nobody.
    services.assign(case, None, by=lejre_staff, expected_assignee_id=lejre_colleague.pk)
    case.refresh_from_db()
    assert case.assignee is None
    assert mails("case_assigned").count() == 1


def test_a_conflict_on_an_unassigned_case_names_nobody(lejre, lejre_staff, lejre_colleague):
    case = make_case(lejre, assignee=lejre_colleague)
    services.assign(case, None, by=lejre_colleague, expected_assignee_id=lejre_colleague.pk)
    with pytest.raises(services.CaseConflict) as conflict:
        services.assign(case, lejre_staff, by=lejre_staff, expected_assignee_id=lejre_colleague.pk)
    assert conflict.value.args[0] is None


# --- Notes, messages, replies ------------------------------------------------------------------


def test_a_note_mails_nobody(lejre, lejre_staff):
    case = make_case(lejre)
    before = Notification.objects.count()
    event = services.add_note(case, by=lejre_staff, text="Kender hende fra jobcentret")
    assert (event.kind, event.author, event.text) == (Kind.NOTE, lejre_staff, "Kender hende fra jobcentret")
    assert Notification.objects.count() == before


def test_a_message_mails_the_applicant(lejre, lejre_staff):
    case = make_case(lejre, language="en", applicant_email="sam@example.dk")
    event = services.send_message(case, by=lejre_staff, text="<b>Can we meet on Tuesday?</b>")
    assert event.kind == Kind.MESSAGE_OUT
    mail = mails("case_message").get()
    assert (mail.recipient_email, mail.language, mail.transactional) == ("sam@example.dk", "en", True)
    assert mail.context["text"] == "<b>Can we meet on Tuesday?</b>"
    assert mail.context["sender"] == str(lejre_staff)
    assert mail.context["case_url"].endswith(f"/en/sag/{case.access_token}/")


def test_a_reply_to_a_waiting_case_goes_back_to_in_progress_and_tells_the_assignee(
    lejre, lejre_staff, lejre_colleague, lejre_admin
):
    case = make_case(lejre, status=Status.WAITING, assignee=lejre_colleague)
    event = services.reply(case, text="Her er budgettet", attachments=checked(upload("budget.xlsx")))
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert event.kind == Kind.MESSAGE_IN
    assert event.attachments.get().name == "budget.xlsx"
    status = CaseEvent.objects.get(case=case, kind=Kind.STATUS)
    assert (status.from_status, status.to_status, status.author) == (Status.WAITING, Status.IN_PROGRESS, None)
    assert [m.recipient_user for m in mails("case_reply")] == [lejre_colleague]


def test_a_reply_to_an_unassigned_case_tells_every_contact_person(
    lejre, roskilde, lejre_staff, lejre_admin, roskilde_staff
):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    event = services.reply(case, text="", attachments=checked(upload("vedtaegter.pdf")))
    assert event.kind == Kind.ATTACHMENT
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert not CaseEvent.objects.filter(case=case, kind=Kind.STATUS).exists()
    assert {m.recipient_user for m in mails("case_reply")} == {lejre_staff, lejre_admin}


def test_a_reply_for_an_assignee_who_has_left_tells_the_contact_persons(
    lejre, lejre_staff, lejre_admin, lejre_colleague
):
    case = make_case(lejre, status=Status.WAITING, assignee=lejre_colleague)
    lejre_colleague.is_active = False
    lejre_colleague.save()
    services.reply(case, text="Er der nogen?")
    assert {m.recipient_user for m in mails("case_reply")} == {lejre_staff, lejre_admin}


def test_a_failed_reply_leaves_no_file(lejre, lejre_staff, settings, monkeypatch):
    case = make_case(lejre, status=Status.WAITING)
    before = files_under(settings.PRIVATE_MEDIA_ROOT)

    def failing(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(emails, "queue_notification", failing)
    with pytest.raises(RuntimeError):
        services.reply(case, text="Svar", attachments=checked(upload("svar.pdf")))
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert not CaseEvent.objects.filter(case=case, kind=Kind.MESSAGE_IN).exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == before


# --- The private link --------------------------------------------------------------------------


def test_renewing_the_link_revokes_the_old_one(lejre, lejre_staff):
    case = make_case(lejre)
    old = case.access_token
    assert services.case_for_token(old) == case
    services.renew_access_link(case, by=lejre_staff)
    assert services.case_for_token(old) is None
    assert services.case_for_token(case.access_token) == case
    case.refresh_from_db()
    assert case.access_token != old
    mail = mails("case_link").get()
    assert mail.context["case_url"].endswith(f"/sag/{case.access_token}/")
    assert CaseEvent.objects.filter(case=case, kind=Kind.ACCESS_LINK).count() == 1


def test_a_renewed_link_of_a_long_closed_case_works_as_long_as_after_closing(lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    with time_machine.travel(at(2026, 1, 5), tick=False):
        services.change_status(case, Status.RESOLVED, by=lejre_staff, expected_status=Status.IN_PROGRESS)
    with time_machine.travel(at(2026, 6, 1), tick=False):
        assert services.case_for_token(case.access_token) is None  # ran out in April
        services.renew_access_link(case, by=lejre_staff)
        assert services.case_for_token(case.access_token) == case
    case.refresh_from_db()
    assert case.access_expires_at == at(2026, 6, 1) + services.ACCESS_AFTER_CLOSING


def test_a_reply_to_a_confidential_case_whose_assignee_left_tells_only_the_administrators(
    lejre, lejre_staff, lejre_admin, lejre_colleague
):
    case = make_case(lejre, status=Status.WAITING, assignee=lejre_colleague, confidential=True)
    lejre_colleague.is_active = False
    lejre_colleague.save()
    services.reply(case, text="Er der nogen?")
    [notice] = mails("case_reply")
    assert notice.recipient_user == lejre_admin and notice.confidential


# --- Confidential cases ------------------------------------------------------------------------


def test_a_confidential_case_cannot_be_left_to_nobody(lejre, lejre_staff, lejre_colleague):
    case = make_case(lejre, assignee=lejre_colleague, confidential=True)
    with pytest.raises(services.NeedsAssignee):
        services.assign(case, None, by=lejre_colleague, expected_assignee_id=lejre_colleague.pk)
    # Nor when it became confidential after the page was read.
    stale = make_case(lejre, assignee=lejre_colleague)
    Case.objects.filter(pk=stale.pk).update(confidential=True)
    with pytest.raises(services.NeedsAssignee):
        services.assign(stale, None, by=lejre_colleague, expected_assignee_id=lejre_colleague.pk)
    assert Case.objects.filter(pk__in=[case.pk, stale.pk], assignee=lejre_colleague).count() == 2
    # Handing it on to someone else is fine.
    services.assign(case, lejre_staff, by=lejre_colleague, expected_assignee_id=lejre_colleague.pk)


def test_marking_a_case_confidential_needs_an_assignee_at_that_moment(lejre, lejre_staff):
    case = make_case(lejre, assignee=lejre_staff)
    Case.objects.filter(pk=case.pk).update(assignee=None)  # unassigned meanwhile by someone else
    with pytest.raises(services.NeedsAssignee):
        services.set_confidential(case, True, by=lejre_staff)
    assert not Case.objects.get(pk=case.pk).confidential
    assert not CaseEvent.objects.filter(case=case, kind=Kind.CONFIDENTIAL).exists()


@pytest.mark.parametrize(
    "token",
    ["", None, "forged-token-that-nobody-was-given-aaaaaaaaaa", "a" * 65, "' OR 1=1 --", "%00"],
)
def test_a_forged_or_malformed_token_finds_nothing(lejre, token):
    make_case(lejre)
    assert services.case_for_token(token) is None


def test_a_too_long_token_is_refused_even_if_it_starts_right(lejre):
    case = make_case(lejre)
    assert services.case_for_token(case.access_token + "x" * 64) is None


def test_an_expired_link_finds_nothing(lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    closing = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)
    with time_machine.travel(closing, tick=False):
        services.change_status(case, Status.RESOLVED, by=lejre_staff, expected_status=Status.IN_PROGRESS)
    with time_machine.travel(closing + datetime.timedelta(days=89), tick=False):
        assert services.case_for_token(case.access_token) == case
    with time_machine.travel(closing + datetime.timedelta(days=91), tick=False):
        assert services.case_for_token(case.access_token) is None


def test_an_anonymised_case_is_not_found(lejre):
    case = make_case(lejre)
    Case.objects.filter(pk=case.pk).update(anonymised_at=datetime.datetime(2026, 3, 2, tzinfo=UTC))
    assert services.case_for_token(case.access_token) is None


# --- The copy of the applicant's data ----------------------------------------------------------


def test_the_data_copy_link_expires_after_an_hour(lejre):
    case = make_case(lejre)
    issued = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)
    with time_machine.travel(issued, tick=False):
        signed = services.data_copy_token(case)
    # The copy link expires; it must not carry the private link's token, which does not.
    assert case.access_token not in signed
    with time_machine.travel(issued + datetime.timedelta(minutes=59), tick=False):
        assert services.case_for_data_copy(signed) == case
    with time_machine.travel(issued + datetime.timedelta(minutes=61), tick=False):
        assert services.case_for_data_copy(signed) is None


def test_a_tampered_or_revoked_data_copy_link_finds_nothing(lejre, lejre_staff):
    case = make_case(lejre)
    signed = services.data_copy_token(case)
    assert services.case_for_data_copy(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert services.case_for_data_copy("garbage") is None
    assert services.case_for_data_copy("") is None
    services.renew_access_link(case, by=lejre_staff)
    assert services.case_for_data_copy(signed) is None
    assert services.case_for_data_copy(services.data_copy_token(case)) == case


def test_no_data_copy_of_an_anonymised_case(lejre):
    case = make_case(lejre)
    signed = services.data_copy_token(case)
    Case.objects.filter(pk=case.pk).update(anonymised_at=datetime.datetime(2026, 3, 2, tzinfo=UTC))
    assert services.case_for_data_copy(signed) is None


def test_the_data_copy_leaves_out_internal_notes(lejre, lejre_staff):
    case = make_case(lejre, attachments=checked(upload("plan.pdf")), organisation="Café Kanten")
    services.add_note(case, by=lejre_staff, text="INTERNAL: seems unlikely to work")
    services.assign(case, lejre_staff, by=lejre_staff, expected_assignee_id=None)
    services.send_message(case, by=lejre_staff, text="Hvornår kan du mødes?")
    services.reply(case, text="Tirsdag")
    data = services.applicant_data(case)
    dumped = json.dumps(data)  # JSON-ready
    assert "INTERNAL" not in dumped
    assert data["reference"] == case.reference
    assert data["applicant"]["organisation"] == "Café Kanten"
    assert data["attachments"][0]["name"] == "plan.pdf"
    assert [e["what"] for e in data["timeline"]] == [Kind.RECEIVED, Kind.MESSAGE_OUT, Kind.MESSAGE_IN]
    assert [e["text"] for e in data["timeline"]][1:] == ["Hvornår kan du mødes?", "Tirsdag"]


# --- The overview ------------------------------------------------------------------------------


def test_the_overview_counts(lejre, lejre_admin):
    # Monday 9 March 2026 at 00.30 in Copenhagen is still Sunday 23.30 in UTC.
    now = at(2026, 3, 9, 0, 30)
    assert now.astimezone(UTC).weekday() == 6
    make_case(lejre, status=Status.NEW, created_at=at(2026, 3, 9, 0, 10), deadline=datetime.date(2026, 3, 16))
    # Sunday evening in Copenhagen: last week.
    make_case(
        lejre, status=Status.NEW, created_at=at(2026, 3, 8, 23, 50), deadline=datetime.date(2026, 3, 13)
    )
    # Overdue: open, unanswered and due before today (in Copenhagen).
    make_case(lejre, status=Status.TRIAGE, created_at=at(2026, 2, 20), deadline=datetime.date(2026, 3, 6))
    # Due today is not overdue yet.
    make_case(lejre, status=Status.TRIAGE, created_at=at(2026, 3, 2), deadline=datetime.date(2026, 3, 9))
    # Answered after 1, 2 and 4 days: median 2.
    for days in (1, 2, 4):
        make_case(
            lejre,
            status=Status.IN_PROGRESS,
            created_at=at(2026, 2, 2),
            deadline=datetime.date(2026, 2, 9),
            first_response_at=at(2026, 2, 2) + datetime.timedelta(days=days),
        )
    # Closed: not open, not overdue, but its response counts.
    make_case(
        lejre,
        status=Status.RESOLVED,
        created_at=at(2026, 1, 5),
        deadline=datetime.date(2026, 1, 12),
        first_response_at=at(2026, 1, 5) + datetime.timedelta(days=3),
        closed_at=at(2026, 1, 20),
    )
    # Answered more than 90 days ago: out of the median.
    make_case(
        lejre,
        status=Status.RESOLVED,
        created_at=at(2025, 6, 2),
        deadline=datetime.date(2025, 6, 9),
        first_response_at=at(2025, 6, 2) + datetime.timedelta(days=40),
        closed_at=at(2025, 7, 20),
    )
    result = services.overview(lejre_admin, now=now)
    assert result["by_status"] == [
        (Status.NEW, 2),
        (Status.TRIAGE, 2),
        (Status.IN_PROGRESS, 3),
        (Status.WAITING, 0),
    ]
    assert result["open"] == 7
    assert result["overdue"] == 1
    assert result["new_this_week"] == 1
    assert result["median_days_to_response"] == 2.5  # 1, 2, 3, 4


def test_the_overview_of_nothing(lejre, lejre_staff):
    result = services.overview(lejre_staff)
    assert result["open"] == 0
    assert result["overdue"] == 0
    assert result["new_this_week"] == 0
    assert result["median_days_to_response"] is None


def test_the_overview_counts_only_what_the_user_may_see(
    lejre, roskilde, lejre_staff, lejre_admin, roskilde_staff
):
    colleague = make_staff(lejre, CONTACT_PERSON, username="kollega", email="kollega@lejre.dk")
    make_case(lejre)
    make_case(lejre, confidential=True, assignee=colleague)
    make_case(lejre, confidential=True, assignee=lejre_staff)
    make_case(roskilde)
    make_case(roskilde)
    make_case(roskilde)

    def open_count(user):
        return services.overview(user)["open"]

    assert open_count(lejre_staff) == 2  # the open one and their own confidential one
    assert open_count(colleague) == 2
    assert open_count(lejre_admin) == 3
    assert open_count(roskilde_staff) == 3
    assert services.overview(lejre_staff)["new_this_week"] == 2


def test_the_overview_runs_a_fixed_number_of_queries(lejre, lejre_staff):
    def queries():
        user = User.objects.get(pk=lejre_staff.pk)  # fresh: nothing cached on it
        with CaptureQueriesContext(connection) as captured:
            services.overview(user)
        return len(captured)

    make_case(lejre, first_response_at=at(2026, 3, 2))
    few = queries()
    for n in range(10):
        make_case(lejre, first_response_at=at(2026, 3, 2), confidential=n % 2 == 0, assignee=lejre_staff)
    assert queries() == few


# --- The access log ----------------------------------------------------------------------------


def test_log_access_records_who_saw_what(lejre, roskilde, lejre_staff):
    case = make_case(lejre)
    others = [make_case(lejre), make_case(roskilde)]
    moment = datetime.datetime(2026, 3, 2, 12, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        services.log_access(lejre_staff, case, CaseAccess.Action.VIEW)
        services.log_access(lejre_staff, others, CaseAccess.Action.EXPORT, detail="x" * 400)
    view = CaseAccess.objects.get(action=CaseAccess.Action.VIEW)
    assert (view.case, view.reference, view.user, view.municipality, view.at) == (
        case,
        case.reference,
        lejre_staff,
        lejre,
        moment,
    )
    exports = CaseAccess.objects.filter(action=CaseAccess.Action.EXPORT)
    assert {e.municipality for e in exports} == {lejre, roskilde}
    assert all(len(e.detail) == 300 for e in exports)

    # The log keeps the reference when the case is gone.
    Case.objects.filter(pk=case.pk).delete()
    view.refresh_from_db()
    assert view.case is None
    assert view.reference == case.reference


def test_log_access_of_nothing_writes_nothing(lejre_staff, django_assert_num_queries):
    with django_assert_num_queries(0):
        services.log_access(lejre_staff, [], CaseAccess.Action.EXPORT)

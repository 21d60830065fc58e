"""Retention: closed cases are anonymised COUNSELLING_RETENTION_MONTHS after closing (default 24),
by the daily task or the `anonymise_cases` command; statistics keep counting them."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase

from counselling import services, tasks
from counselling.models import Case, CaseAccess, CaseAttachment, CaseEvent, Kind, Stage, Status
from counselling.services import months_before
from tests.counselling.factories import checked, make_case, upload

UTC = datetime.UTC
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
Event = CaseEvent.Kind

RECEIVED = datetime.datetime(2026, 1, 5, 9, tzinfo=UTC)
CLOSED_AT = datetime.datetime(2026, 2, 2, 10, tzinfo=UTC)
#: 24 months and a day after closing.
LATER = datetime.datetime(2028, 2, 3, 10, tzinfo=UTC)


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def closed_case(municipality, staff, *, received=RECEIVED, closed=CLOSED_AT, **fields):
    """A worked-on case with notes, messages and files, closed as resolved at `closed`."""
    with time_machine.travel(received, tick=False):
        case = make_case(
            municipality,
            attachments=checked(upload("plan.pdf"), upload("logo.png")),
            applicant_name="Mette Hansen",
            applicant_email="mette@example.dk",
            applicant_phone="+45 21 10 62 56",
            organisation="Café Kanten",
            cvr="13585628",
            kind=Kind.SPIN_OFF,
            stage=Stage.PLANNING,
            **fields,
        )
    with time_machine.travel(received + datetime.timedelta(days=2), tick=False):
        services.change_status(case, Status.TRIAGE, by=staff, expected_status=Status.NEW)
        services.change_status(case, Status.IN_PROGRESS, by=staff, expected_status=Status.TRIAGE)
        services.add_note(case, by=staff, text="Mette har en ven i byrådet")
        services.send_message(case, by=staff, text="Kære Mette, vi ringer i morgen.")
        services.reply(case, text="Tak! Mit nummer er 21106256.", attachments=checked(upload("budget.xlsx")))
        services.log_access(staff, case, CaseAccess.Action.DOWNLOAD, detail="budget.xlsx")
    with time_machine.travel(closed, tick=False):
        services.change_status(
            case, Status.RESOLVED, by=staff, expected_status=Status.IN_PROGRESS, text="Held og lykke, Mette"
        )
    case.refresh_from_db()
    return case


def committed(function, *args, **kwargs):
    """Call `function` and run what waits for the commit (deleting the files), as in production."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


def anonymise(**kwargs):
    return committed(services.anonymise_closed_cases, **kwargs)


def test_months_before():
    assert months_before(datetime.datetime(2028, 2, 3, 10, tzinfo=UTC), 24) == datetime.datetime(
        2026, 2, 3, 10, tzinfo=UTC
    )
    # The month's last day when the day does not exist.
    assert months_before(datetime.datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime.datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert months_before(datetime.datetime(2028, 2, 29, tzinfo=UTC), 24) == datetime.datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert months_before(datetime.datetime(2026, 1, 15, tzinfo=UTC), 1) == datetime.datetime(
        2025, 12, 15, tzinfo=UTC
    )
    assert months_before(datetime.datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime.datetime(
        2024, 12, 15, tzinfo=UTC
    )


def test_a_case_closed_more_than_24_months_ago_is_anonymised(lejre, lejre_staff, settings):
    assert settings.COUNSELLING_RETENTION_MONTHS == 24
    case = closed_case(lejre, lejre_staff)
    token = case.access_token
    before = {
        field: getattr(case, field)
        for field in (
            "kind",
            "stage",
            "status",
            "created_at",
            "deadline",
            "first_response_at",
            "closed_at",
            "needs",
            "reference",
            "municipality_id",
        )
    }
    assert len(files_under(settings.PRIVATE_MEDIA_ROOT)) == 3
    events_before = list(
        CaseEvent.objects.filter(case=case).values_list("pk", "kind", "created_at", "author")
    )

    assert anonymise(now=LATER) == [case.reference]

    case.refresh_from_db()
    assert case.anonymised_at == LATER
    assert case.applicant_name == ""
    assert case.applicant_phone == ""
    assert case.organisation == ""
    assert case.cvr == ""
    assert case.description == ""
    assert "mette" not in case.applicant_email
    # The private link is revoked.
    assert case.access_token is None
    assert case.access_expires_at is None
    assert services.case_for_token(token) is None
    # Attachments: rows and files.
    assert not CaseAttachment.objects.filter(case=case).exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    # The timeline keeps what happened and when, not what was said.
    events = CaseEvent.objects.filter(case=case)
    assert (
        list(events.exclude(kind=Event.ANONYMISED).values_list("pk", "kind", "created_at", "author"))
        == events_before
    )
    assert set(events.values_list("text", flat=True)) == {""}
    # The access log keeps who looked when, not the files or searches it names.
    assert set(CaseAccess.objects.filter(case=case).values_list("detail", flat=True)) == {""}
    anonymised = events.get(kind=Event.ANONYMISED)
    assert (anonymised.created_at, anonymised.author) == (LATER, None)
    # What the statistics need is kept.
    assert {field: getattr(case, field) for field in before} == before


def test_statistics_still_count_an_anonymised_case(lejre, lejre_admin, lejre_staff):
    case = closed_case(lejre, lejre_staff)
    then = RECEIVED + datetime.timedelta(days=30)
    before = services.overview(lejre_admin, now=then)
    anonymise(now=LATER)
    assert services.overview(lejre_admin, now=then) == before
    assert before["median_days_to_response"] == 2
    assert Case.objects.filter(kind=Kind.SPIN_OFF, status=Status.RESOLVED).get() == case


def test_open_and_recently_closed_cases_are_untouched(lejre, lejre_staff, lejre_admin, settings):
    with time_machine.travel(RECEIVED, tick=False):
        old_but_open = make_case(lejre, status=Status.WAITING, attachments=checked(upload("plan.pdf")))
    recent = closed_case(
        lejre,
        lejre_staff,
        received=RECEIVED + datetime.timedelta(days=60),
        closed=LATER - datetime.timedelta(days=30),
    )
    # Closed long ago, then reopened: open again.
    reopened = closed_case(lejre, lejre_staff)
    services.change_status(reopened, Status.IN_PROGRESS, by=lejre_admin, expected_status=Status.RESOLVED)
    untouched = [old_but_open, recent, reopened]
    snapshot = {
        c.pk: (Case.objects.filter(pk=c.pk).values().get(), c.events.count(), c.attachments.count())
        for c in untouched
    }
    files = files_under(settings.PRIVATE_MEDIA_ROOT)

    assert anonymise(now=LATER) == []

    for c in untouched:
        assert (
            Case.objects.filter(pk=c.pk).values().get(),
            c.events.count(),
            c.attachments.count(),
        ) == snapshot[c.pk]
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == files


def test_the_boundary_is_exactly_the_retention_period(lejre, lejre_staff):
    cutoff = months_before(LATER, 24)
    just_in = make_case(lejre, status=Status.REJECTED, closed_at=cutoff - datetime.timedelta(seconds=1))
    on_the_day = make_case(lejre, status=Status.WITHDRAWN, closed_at=cutoff)
    assert anonymise(now=LATER) == [just_in.reference]
    on_the_day.refresh_from_db()
    assert on_the_day.anonymised_at is None


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED])
def test_every_closed_status_is_anonymised(lejre, status):
    case = make_case(lejre, status=status, closed_at=CLOSED_AT)
    assert anonymise(now=LATER) == [case.reference]


def test_a_dry_run_changes_nothing_and_names_the_cases(
    lejre, roskilde, lejre_staff, roskilde_staff, settings
):
    first = closed_case(lejre, lejre_staff)
    second = closed_case(roskilde, roskilde_staff)
    snapshot = list(Case.objects.order_by("pk").values())
    events = CaseEvent.objects.count()
    files = files_under(settings.PRIVATE_MEDIA_ROOT)

    assert sorted(anonymise(now=LATER, dry_run=True)) == sorted([first.reference, second.reference])

    assert list(Case.objects.order_by("pk").values()) == snapshot
    assert CaseEvent.objects.count() == events
    assert CaseAttachment.objects.count() == 6
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == files


def test_the_setting_changes_the_period(lejre, lejre_staff, settings):
    case = closed_case(lejre, lejre_staff)
    seven_months_later = CLOSED_AT + datetime.timedelta(days=7 * 31)
    assert anonymise(now=seven_months_later) == []
    settings.COUNSELLING_RETENTION_MONTHS = 6
    assert anonymise(now=seven_months_later) == [case.reference]
    settings.COUNSELLING_RETENTION_MONTHS = 36
    later = closed_case(lejre, lejre_staff)
    assert anonymise(now=LATER) == []
    assert anonymise(now=CLOSED_AT + datetime.timedelta(days=37 * 31)) == [later.reference]


def test_running_twice_does_nothing_more(lejre, lejre_staff):
    case = closed_case(lejre, lejre_staff)
    assert anonymise(now=LATER) == [case.reference]
    after_first = (Case.objects.filter(pk=case.pk).values().get(), CaseEvent.objects.count())
    assert anonymise(now=LATER + datetime.timedelta(days=1)) == []
    assert (Case.objects.filter(pk=case.pk).values().get(), CaseEvent.objects.count()) == after_first
    assert CaseEvent.objects.filter(case=case, kind=Event.ANONYMISED).count() == 1


# --- The command and the task ------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    committed(call_command, "anonymise_cases", *args, stdout=out)
    return out.getvalue()


def test_the_command_dry_run_lists_and_changes_nothing(lejre, lejre_staff):
    first = closed_case(lejre, lejre_staff)
    second = closed_case(lejre, lejre_staff)
    with time_machine.travel(LATER, tick=False):
        output = run("--dry-run")
    assert "2 case(s)" in output
    assert "would be anonymised" in output
    assert first.reference in output
    assert second.reference in output
    assert "nothing was changed" in output
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()


def test_the_command_anonymises(lejre, lejre_staff, settings):
    case = closed_case(lejre, lejre_staff)
    with time_machine.travel(LATER, tick=False):
        output = run()
    assert "1 case(s)" in output
    assert "were anonymised" in output
    assert case.reference in output
    case.refresh_from_db()
    assert case.anonymised_at == LATER
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []

    with time_machine.travel(LATER, tick=False):
        output = run()
    assert "No cases" in output
    assert "24 months" in output


def test_the_command_before_the_period_is_over(lejre, lejre_staff):
    closed_case(lejre, lejre_staff)
    with time_machine.travel(LATER - datetime.timedelta(days=2), tick=False):
        assert "No cases" in run("--dry-run")
        assert "No cases" in run()
    assert not Case.objects.filter(anonymised_at__isnull=False).exists()


def test_the_task_anonymises(lejre, lejre_staff, settings):
    case = closed_case(lejre, lejre_staff)
    with time_machine.travel(LATER, tick=False):
        result = committed(tasks.anonymise_closed_cases.delay)
    assert result.get() == 1
    case.refresh_from_db()
    assert case.anonymised_at == LATER
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    with time_machine.travel(LATER, tick=False):
        assert committed(tasks.anonymise_closed_cases.delay).get() == 0


def test_the_task_runs_every_night():
    from celery.schedules import crontab

    from portal.celery import app

    entry = app.conf.beat_schedule["anonymise-closed-cases"]
    assert entry["task"] == tasks.anonymise_closed_cases.name == "counselling.tasks.anonymise_closed_cases"
    assert entry["schedule"] == crontab(hour=3, minute=45)
    assert tasks.anonymise_closed_cases.ignore_result

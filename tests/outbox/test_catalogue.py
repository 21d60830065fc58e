"""Every mail in every app's catalogue (`<app>/emails.py`), rendered in Danish and in English:
subject, text and HTML parts, with no variable missing from its context."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from counselling.models import CaseEvent, Status
from enterprises.models import EnterpriseChange
from kit.staff import CONTACT_PERSON
from outbox.delivery import build_message
from outbox.models import Notification
from portal.models import Municipality
from procurement.emails import changed_fields, notice_facts
from procurement.models import NoticeChange
from tests.conftest import make_user
from tests.counselling.factories import make_case
from tests.enterprises.factories import make_enterprise
from tests.outbox.helpers import make_notification
from tests.procurement.factories import make_interest, make_lot, make_notice

pytestmark = pytest.mark.django_db

MISSING = "MISSING-VARIABLE"


def catalogue():
    """{"app_label.function": function} for every function in every app's emails.CATALOGUE."""
    found = {}
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "emails"):
            module = import_module(f"{app_config.name}.emails")
            for function in module.CATALOGUE:
                found[f"{app_config.label}.{function.__name__}"] = function
    return found


# One call of each mail, with what it is given in real life, for a recipient speaking `language`.


def _person(language, **kwargs):
    return make_user(language=language, first_name="Rikke", **kwargs)


def _case_event(language, **fields):
    case = make_case(Municipality.objects.get(slug="lejre"), language=language)
    return CaseEvent.objects.create(case=case, **fields)


def _staff(language):
    return _person(language, is_staff=True, municipality=Municipality.objects.first())


def _enterprise_change(language):
    representative = _person(language)
    enterprise = make_enterprise(representatives=[representative])
    change = EnterpriseChange.objects.create(enterprise=enterprise, kind=EnterpriseChange.Kind.PUBLISHED)
    return enterprise, representative, change


def _interest(language):
    from tests.procurement.factories import make_interest, make_notice

    notice = make_notice(municipality=Municipality.objects.get(slug="lejre"), lots=[{"title": "Frokost"}])
    enterprise = make_enterprise(representatives=[_person(language)])
    return make_interest(notice, enterprise, lot=notice.lots.get(), share_profile=True)


def _offer(language):
    from django.utils import timezone

    from procurement.models import Notice
    from tests.procurement.factories import make_notice

    return make_notice(
        municipality=Municipality.objects.get(slug="lejre"),
        kind=Notice.Kind.SUBCONTRACTING,
        company_name="Lejre Revision ApS",
        status=Notice.Status.PENDING,
        submitted_at=timezone.now(),
    )


def _company_offer(language):
    return make_notice(
        municipality=Municipality.objects.get(slug="lejre"),
        kind="subcontracting",
        submitted_by=_person(language),
        status="rejected",
        reviewed_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )


def _digest(mail, language):
    user = _person(language, email_frequency="daily")
    items = [make_notification(recipient_user=user, status=Notification.Status.HELD)]
    return mail(user, items, [{"subject": "Ny henvendelse SAG-1", "url": "http://testserver/admin/"}])


def _failure_report(mail, language):
    row = make_notification(status=Notification.Status.FAILED, last_error="SMTPRecipientsRefused: 550")
    line = {"id": row.pk, "template": row.template, "recipient": row.recipient_email, "error": "550",
            "created": "02.03.2026 09.00"}  # fmt: skip
    return mail(_person(language, is_superuser=True), municipality_id=None, failures=[row], lines=[line])


def _notice_change(language):
    notice = make_notice(title="Bogføring for Lejre", department="Økonomi")
    return NoticeChange.objects.create(notice=notice, kind=NoticeChange.Kind.CORRECTED, fields=["title"])


def _procurement_alert(mail, language):
    change = _notice_change(language)
    return mail(
        change,
        user=_person(language),
        enterprises=["Regnskabshuset"],
        facts=notice_facts(change.notice, language),
        changed=changed_fields(change.fields, language),
    )


def _procurement_reminder(mail, language):
    notice = make_notice(title="Pluk og pak")
    user = _person(language)
    interest = make_interest(notice, make_enterprise(representatives=[user]), lot=make_lot(notice), user=user)
    return mail(interest, user=user, facts=notice_facts(notice, language), lots=["Lejre"])


def _follow_up_meeting():
    from partnerships.models import Member
    from tests.partnerships.factories import make_group, make_meeting

    group = make_group(Municipality.objects.get(slug="lejre"), name="Følgegruppen")
    member = Member.objects.create(group=group, name="Mette Borgmester", email="mette@example.dk")
    starts = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)
    return make_meeting(group, starts, place="Rådhuset", agenda="1. Status"), member


def _agreement_reminder(language, key):
    from partnerships.models import AgreementReminder
    from tests.partnerships.factories import make_agreement

    agreement = make_agreement(
        municipality=Municipality.objects.get(slug="lejre"), responsible=_staff(language), title="Partnerskab"
    )
    return AgreementReminder.objects.create(agreement=agreement, key=key)


def _meeting_reminder(mail, language):
    meeting, member = _follow_up_meeting()
    return mail(meeting, member=member, days=14, language=language)


def _match(language, **kwargs):
    """A match of Lejre whose mentor, mentee (by address) and contact person speak `language`."""
    from mentoring.models import MatchEvent
    from tests.mentoring.factories import area, make_match, make_offer, make_request

    lejre = Municipality.objects.get(slug="lejre")
    offer = make_offer(
        municipality=lejre, mentor=_person(language), mentor_name="Mads Mumm", company="Restaurant Mumm"
    )
    request = make_request(
        municipality=lejre, language=language, mentee_name="Ida Holm", contact_person=_staff(language),
        goals="Faste rutiner i køkkenet.",
    )  # fmt: skip
    request.needs.set([area("koekken-og-produktion")])
    match = make_match(offer=offer, request=request, reason="Jeg har ikke tid i foråret.", **kwargs)
    MatchEvent.objects.create(match=match, kind=MatchEvent.Kind.STATUS, to_status=match.status)
    return match


def _check_in(language):
    from mentoring.models import CheckIn

    match = _match(language, status="active")
    return CheckIn.objects.create(match=match, due_on=datetime.date(2026, 6, 1))


def _mentor_offer(language, **kwargs):
    from tests.mentoring.factories import make_offer

    return make_offer(
        municipality=Municipality.objects.get(slug="lejre"), mentor=_person(language), headline="Køkken",
        reviewed_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
        submitted_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC), **kwargs,
    )  # fmt: skip


def _problem(mail, language):
    from mentoring.models import MatchEvent

    match = _match(language, status="active")
    event = MatchEvent.objects.create(
        match=match, kind=MatchEvent.Kind.PROBLEM, side="mentee", text="Han svarer ikke."
    )
    return mail(match, event=event)[0]


def _offer_submitted(mail, language):
    person = _person(language, is_staff=True, municipality=Municipality.objects.get(slug="lejre"))
    person.groups.add(Group.objects.get(name=CONTACT_PERSON))
    return next(
        row for row in mail(_mentor_offer(language, status="pending")) if row.recipient_user == person
    )


CALLS = {
    "portal.confirm": lambda mail, language: mail(
        _person(language, is_active=False), confirm_url="http://testserver/konto/bekraeft/MQ/abc/"
    ),
    "portal.exists": lambda mail, language: mail(_person(language), to="rikke@example.dk", language=language),
    "portal.password_reset": lambda mail, language: mail(
        (user := _person(language)), to=user.email, reset_url="http://testserver/konto/nulstil/MQ/abc/"
    ),
    "counselling.receipt": lambda mail, language: mail(
        make_case(Municipality.objects.get(slug="lejre"), language=language)
    ),
    "counselling.alert": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.MESSAGE_IN).case, _staff(language)
    ),
    "counselling.assigned": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.ASSIGNED, assignee=_staff(language)), by="Ole Hansen"
    ),
    "counselling.message": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.MESSAGE_OUT, text="Vi ringer i morgen."), by="Ole Hansen"
    ),
    "counselling.reply": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.MESSAGE_IN, text="Tak."), _staff(language)
    ),
    "counselling.closed": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.STATUS, to_status=Status.RESOLVED, text="Held og lykke.")
    ),
    "counselling.link": lambda mail, language: mail(_case_event(language, kind=CaseEvent.Kind.ACCESS_LINK)),
    "counselling.link_requested": lambda mail, language: mail(
        _case_event(language, kind=CaseEvent.Kind.ACCESS_LINK)
    ),
    "enterprises.review_request": lambda mail, language: mail(
        (change := _enterprise_change(language)[2]).enterprise, _staff(language), what="changes", cause=change
    ),
    "enterprises.decision": lambda mail, language: mail(
        *_enterprise_change(language)[:2], decision="published", reason="Tjekket i CVR."
    ),
    "enterprises.claim_approved": lambda mail, language: mail(*_enterprise_change(language)[:2]),
    "enterprises.claim_refused": lambda mail, language: mail(
        *_enterprise_change(language)[:2], reason="Vi kender dig ikke."
    ),
    "procurement.interest_marked": lambda mail, language: mail(_interest(language), _staff(language)),
    "procurement.offer_review_request": lambda mail, language: mail(_offer(language), _staff(language)),
    "procurement.offer_decision": lambda mail, language: mail(
        _company_offer(language), decision="rejected", reason="Skriv prisen på opgaven."
    ),
    "outbox.digest": _digest,
    "procurement.notice_alert": _procurement_alert,
    "procurement.deadline_reminder": _procurement_reminder,
    "outbox.failure_report": _failure_report,
    "partnerships.meeting_reminder": _meeting_reminder,
    "partnerships.agreement_ending": lambda mail, language: mail(
        _agreement_reminder(language, "end-90"), days=90
    ),
    "partnerships.results_missing": lambda mail, language: mail(
        _agreement_reminder(language, "results-2026Q3"), year=2026, quarter=3
    ),
    "mentoring.proposal_to_mentor": lambda mail, language: mail(
        _match(language, message="Hun vil gerne i gang.")
    ),
    "mentoring.reminder_to_mentor": lambda mail, language: mail(_match(language)),
    "mentoring.accepted_to_mentee": lambda mail, language: mail(_match(language, status="accepted")),
    "mentoring.accepted_to_contact_person": lambda mail, language: mail(_match(language, status="accepted"))[
        0
    ],
    "mentoring.declined_to_mentee": lambda mail, language: mail(_match(language, status="declined")),
    "mentoring.declined_to_contact_person": lambda mail, language: mail(_match(language, status="declined"))[
        0
    ],
    "mentoring.question_to_mentee": lambda mail, language: mail(
        _match(language, status="needs_info"), question="Hvor mange er I i køkkenet?"
    ),
    "mentoring.answer_to_mentor": lambda mail, language: mail(_match(language), answer="Vi er fire."),
    "mentoring.started": lambda mail, language: mail(_match(language, status="active"), by_side="staff")[0],
    "mentoring.completed": lambda mail, language: mail(_match(language, status="completed"))[0],
    "mentoring.cancelled": lambda mail, language: mail(
        _match(language, status="cancelled"), by_side="mentor", reason="Jeg er flyttet."
    )[0],
    "mentoring.lapsed": lambda mail, language: mail(_match(language, status="lapsed"))[0],
    "mentoring.check_in": lambda mail, language: mail(_check_in(language))[0],
    "mentoring.stalled": lambda mail, language: mail(_check_in(language))[0],
    "mentoring.problem_to_contact_person": _problem,
    "mentoring.mentee_asked_to_contact_person": lambda mail, language: mail(
        _match(language, origin="mentee")
    )[0],
    "mentoring.offer_decision": lambda mail, language: mail(
        _mentor_offer(language, status="rejected"), decision="reject", note="Skriv mere om din erfaring."
    ),
    "mentoring.offer_submitted": _offer_submitted,
}


def _registration(language, **fields):
    from tests.events.factories import make_event, make_registration

    event = make_event(online_url="https://meet.example.dk/temadag", cancelled_at=None)
    return make_registration(event, language=language, **fields)


def _offered(mail, language):
    from django.utils import timezone

    registration = _registration(language, status="offered", offer_expires_at=timezone.now())
    return mail(registration)


def _event_cancelled(mail, language):
    from django.utils import timezone

    registration = _registration(language)
    registration.event.cancelled_at = timezone.now()
    return mail(registration, reason="Underviseren er syg.")


EVENT_CALLS = {
    "events.registered": lambda mail, language: mail(_registration(language)),
    "events.offered": _offered,
    "events.offer_expired": lambda mail, language: mail(_registration(language, status="offer_expired")),
    "events.cancelled": lambda mail, language: mail(_registration(language, status="cancelled")),
    "events.event_cancelled": _event_cancelled,
    "events.reminder": lambda mail, language: mail(_registration(language), days=7),
}
CALLS.update(EVENT_CALLS)


@pytest.fixture
def strict_templates(settings):
    """A variable missing from a mail's context shows as MISSING-VARIABLE instead of nothing."""
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "string_if_invalid": f"{MISSING}(%s)"}}
        for engine in settings.TEMPLATES
    ]


def test_every_mail_of_every_catalogue_has_a_call_here():
    assert sorted(catalogue()) == sorted(CALLS)
    apps = {
        "portal",
        "counselling",
        "enterprises",
        "outbox",
        "procurement",
        "partnerships",
        "mentoring",
        "events",
    }
    assert apps == {name.split(".")[0] for name in catalogue()}


def _render(name, language):
    with transaction.atomic():
        row = CALLS[name](catalogue()[name], language)
    assert row is not None, f"{name} queued nothing"
    assert row.language == language
    message = build_message(row)
    [(html, _mimetype)] = message.alternatives
    return message.subject, message.body, html


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_mail_renders_in_danish_and_in_english_with_nothing_missing(name, lejre, strict_templates):
    rendered = {language: _render(name, language) for language in ("da", "en")}

    for language, (subject, text, html) in rendered.items():
        for part in (subject, text, html):
            assert part.strip()
            assert MISSING not in part, f"{name} ({language}): {part}"
        assert f'<html lang="{language}"' in html
    danish, english = rendered["da"], rendered["en"]
    assert danish[0] != english[0], f"{name}: the same subject in both languages"
    assert danish[1] != english[1], f"{name}: the same text in both languages"


def test_a_missing_variable_is_caught(lejre, strict_templates):
    """The check above bites: a mail whose context lacks what its template uses fails it."""
    row = make_notification(template="case_message", context={"reference": "SAG-1"}, language="da")

    assert MISSING in build_message(row).body


def test_the_account_mail_keys_name_the_last_such_mail_not_the_clock(time_machine):
    """Again after an hour, and the key says which mail came before, not when."""
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    confirm = catalogue()["portal.confirm"]
    user = _person("da", is_active=False)

    with transaction.atomic():
        first = confirm(user, confirm_url="http://testserver/a/")
        again = confirm(user, confirm_url="http://testserver/b/")
    time_machine.shift(datetime.timedelta(hours=1, seconds=1))
    with transaction.atomic():
        later = confirm(user, confirm_url="http://testserver/c/")

    assert first.dedupe_key == f"account-confirm:{user.pk}:0"
    assert again == first
    assert later.dedupe_key == f"account-confirm:{user.pk}:{first.pk}"


def test_the_registry_keys_name_the_change_that_causes_them(lejre):
    enterprise, representative, change = _enterprise_change("da")
    decision = catalogue()["enterprises.decision"]

    with transaction.atomic():
        row = decision(enterprise, representative, decision="published", reason="")

    assert row.dedupe_key == f"enterprise-decision:enterprisechange:{change.pk}:published:{representative.pk}"

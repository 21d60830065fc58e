"""Registration, the waiting list and the freed place offered for 48 hours (events.services)."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from events import services
from events.models import Event, Registration
from kit.refusals import Refused
from outbox.models import Notification
from tests.conftest import make_user, requires_postgres
from tests.events.factories import STARTS, make_event, make_registration

pytestmark = pytest.mark.django_db

S = Registration.Status
BEFORE = STARTS - datetime.timedelta(days=20)  # 17 February 2027, 09.00 UTC


def _register(event, email, **kwargs):
    return services.register(event, name=email.split("@")[0].title(), email=email, now=BEFORE, **kwargs)


def _statuses(event):
    return list(event.registrations.order_by("created_at", "pk").values_list("email", "status"))


def _mails(template=None):
    rows = Notification.objects.order_by("pk")
    if template:
        rows = rows.filter(template=template)
    return list(rows.values_list("template", "recipient_email"))


# --- Places and the waiting list --------------------------------------------------------------


def test_the_first_come_get_the_places_and_the_next_the_waiting_list():
    event = make_event(capacity=2)
    for email in ("a@example.dk", "b@example.dk", "c@example.dk", "d@example.dk"):
        _register(event, email)

    assert _statuses(event) == [
        ("a@example.dk", S.CONFIRMED),
        ("b@example.dk", S.CONFIRMED),
        ("c@example.dk", S.WAITING),
        ("d@example.dk", S.WAITING),
    ]


def test_an_event_without_a_capacity_takes_everyone():
    event = make_event(capacity=None)
    for n in range(5):
        _register(event, f"p{n}@example.dk")

    assert {status for _email, status in _statuses(event)} == {S.CONFIRMED}


def test_the_receipt_says_place_or_waiting_list_and_carries_the_calendar_file_only_with_a_place():
    event = make_event(capacity=1)
    _register(event, "a@example.dk")
    _register(event, "b@example.dk")

    first, second = Notification.objects.filter(template="events_registered").order_by("pk")
    assert (first.recipient_email, first.context["status"]) == ("a@example.dk", S.CONFIRMED)
    [attachment] = first.context["attachments"]
    assert attachment["filename"] == "arrangement.ics"
    assert "BEGIN:VEVENT" in attachment["content"]
    assert (second.recipient_email, second.context["status"]) == ("b@example.dk", S.WAITING)
    assert second.context["waiting_position"] == 1
    assert "attachments" not in second.context


def test_the_receipt_is_in_the_language_of_the_registration_with_its_private_link():
    event = make_event()
    registration = _register(event, "a@example.dk", language="en")

    row = Notification.objects.get(template="events_registered")
    assert row.language == "en"
    assert row.context["path"] == f"/en/arrangementer/tilmelding/{registration.token}/"


def test_a_registration_with_an_account_keeps_the_account():
    user = make_user()
    registration = _register(make_event(), "a@example.dk", user=user)
    assert registration.user == user


# --- Bad input: refused, nothing saved --------------------------------------------------------


def test_the_same_address_twice_is_one_registration_whatever_its_case():
    event = make_event()
    _register(event, "anna@example.dk")

    with pytest.raises(Refused) as refused:
        _register(event, "Anna@Example.dk")

    assert str(refused.value) == "Anna@Example.dk er allerede tilmeldt dette arrangement."
    assert event.registrations.count() == 1
    assert len(_mails()) == 1


def test_a_cancelled_registration_may_register_again():
    event = make_event()
    registration = _register(event, "anna@example.dk")
    services.cancel_registration(registration, now=BEFORE)

    assert _register(event, "anna@example.dk").status == S.CONFIRMED


def test_registering_after_the_deadline_is_refused():
    event = make_event(registration_deadline=BEFORE - datetime.timedelta(hours=1))

    with pytest.raises(Refused) as refused:
        _register(event, "a@example.dk")

    assert str(refused.value) == "Tilmeldingen lukkede 17. februar 2027 kl. 09.00."
    assert not event.registrations.exists()
    assert _mails() == []


def test_registering_for_a_cancelled_or_unpublished_event_is_refused():
    cancelled = make_event()
    services.cancel_event(cancelled, reason="Underviseren er syg.", now=BEFORE)
    draft = make_event(status=Event.Status.DRAFT)

    with pytest.raises(Refused, match="Arrangementet er aflyst."):
        _register(cancelled, "a@example.dk")
    with pytest.raises(Refused, match="ikke åbent for tilmelding"):
        _register(draft, "a@example.dk")
    assert not Registration.objects.exists()


def test_the_database_refuses_an_end_before_the_start_and_a_deadline_after_it():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(ends_at=STARTS - datetime.timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(registration_deadline=STARTS + datetime.timedelta(minutes=1))


def test_the_form_level_check_names_the_field_and_says_what_is_wrong():
    from django.core.exceptions import ValidationError

    event = Event(starts_at=STARTS, ends_at=STARTS, registration_deadline=STARTS + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        event.clean()

    assert error.value.message_dict == {
        "ends_at": ["Arrangementet skal slutte, efter det begynder."],
        "registration_deadline": ["Tilmeldingsfristen skal ligge, før arrangementet begynder."],
    }


# --- "I can't come", the offer and its expiry ---------------------------------------------------


def test_a_freed_place_is_offered_to_the_first_on_the_waiting_list_for_48_hours():
    event = make_event(capacity=1)
    first = _register(event, "a@example.dk")
    _register(event, "b@example.dk")
    _register(event, "c@example.dk")

    services.cancel_registration(first, now=BEFORE)

    assert _statuses(event) == [
        ("a@example.dk", S.CANCELLED),
        ("b@example.dk", S.OFFERED),
        ("c@example.dk", S.WAITING),
    ]
    offered = event.registrations.get(email="b@example.dk")
    assert offered.offer_expires_at == BEFORE + datetime.timedelta(hours=48)
    assert _mails("events_offered") == [("events_offered", "b@example.dk")]
    assert _mails("events_cancelled") == [("events_cancelled", "a@example.dk")]


def test_the_offered_place_is_taken_within_its_48_hours():
    event = make_event(capacity=1)
    first = _register(event, "a@example.dk")
    second = _register(event, "b@example.dk")
    services.cancel_registration(first, now=BEFORE)

    services.accept_offer(second, now=BEFORE + datetime.timedelta(hours=47))

    second.refresh_from_db()
    assert (second.status, second.offer_expires_at) == (S.CONFIRMED, None)
    receipt = (
        Notification.objects.filter(template="events_registered", recipient_email="b@example.dk")
        .order_by("pk")
        .last()
    )
    assert receipt.context["from_offer"] is True
    assert receipt.context["attachments"]


def test_an_offer_accepted_after_it_expired_is_refused_and_the_place_passes_on():
    event = make_event(capacity=1)
    first = _register(event, "a@example.dk")
    second = _register(event, "b@example.dk")
    _register(event, "c@example.dk")
    services.cancel_registration(first, now=BEFORE)
    later = BEFORE + datetime.timedelta(hours=49)

    with pytest.raises(Refused) as refused:
        services.accept_offer(second, now=later)
    assert (
        str(refused.value) == "Tilbuddet er udløbet, og pladsen er gået videre til den næste på ventelisten."
    )
    second.refresh_from_db()
    assert second.status == S.OFFERED  # nothing changed by the refusal; the sweep moves it on

    assert services.expire_offers(now=later) == 1

    assert _statuses(event)[1:] == [("b@example.dk", S.OFFER_EXPIRED), ("c@example.dk", S.OFFERED)]
    assert _mails("events_offer_expired") == [("events_offer_expired", "b@example.dk")]
    with pytest.raises(Refused, match="Tilbuddet er udløbet"):
        services.accept_offer(second, now=later)


def test_the_sweep_of_expired_offers_catches_up_after_a_missed_run_and_does_nothing_twice():
    event = make_event(capacity=1)
    first = _register(event, "a@example.dk")
    _register(event, "b@example.dk")
    _register(event, "c@example.dk")
    _register(event, "d@example.dk")
    services.cancel_registration(first, now=BEFORE)

    # No run for a week: b's offer ran out after 48 hours; the catch-up offers c the place.
    week_later = BEFORE + datetime.timedelta(days=7)
    assert services.expire_offers(now=week_later) == 1
    assert services.expire_offers(now=week_later) == 0

    c = event.registrations.get(email="c@example.dk")
    assert c.status == S.OFFERED
    assert c.offer_expires_at == week_later + datetime.timedelta(hours=48)


def test_an_offer_never_runs_past_the_registration_deadline():
    deadline = BEFORE + datetime.timedelta(hours=10)
    event = make_event(capacity=1, registration_deadline=deadline)
    first = _register(event, "a@example.dk")
    _register(event, "b@example.dk")

    services.cancel_registration(first, now=BEFORE)

    assert event.registrations.get(email="b@example.dk").offer_expires_at == deadline


def test_cancelling_a_place_on_the_waiting_list_frees_no_place():
    event = make_event(capacity=1)
    _register(event, "a@example.dk")
    waiting = _register(event, "b@example.dk")
    _register(event, "c@example.dk")

    services.cancel_registration(waiting, now=BEFORE)

    assert _statuses(event) == [
        ("a@example.dk", S.CONFIRMED),
        ("b@example.dk", S.CANCELLED),
        ("c@example.dk", S.WAITING),
    ]
    assert _mails("events_offered") == []


def test_cancelling_twice_is_refused():
    registration = _register(make_event(), "a@example.dk")
    services.cancel_registration(registration, now=BEFORE)

    with pytest.raises(Refused, match="allerede afmeldt"):
        services.cancel_registration(registration, now=BEFORE)


# --- A cancelled event -------------------------------------------------------------------------


def test_a_cancelled_event_tells_everyone_registered_or_waiting_with_the_reason():
    event = make_event(capacity=1)
    _register(event, "a@example.dk")
    _register(event, "b@example.dk")
    gone = _register(event, "c@example.dk")
    services.cancel_registration(gone, now=BEFORE)

    services.cancel_event(event, reason="Underviseren er syg.", now=BEFORE)

    event.refresh_from_db()
    assert (event.cancelled_at, event.cancel_reason) == (BEFORE, "Underviseren er syg.")
    told = Notification.objects.filter(template="events_event_cancelled").order_by("recipient_email")
    assert [(row.recipient_email, row.context["reason"]) for row in told] == [
        ("a@example.dk", "Underviseren er syg."),
        ("b@example.dk", "Underviseren er syg."),
    ]


def test_cancelling_an_event_needs_a_reason_and_happens_once():
    event = make_event()
    with pytest.raises(Refused, match="Skriv, hvorfor"):
        services.cancel_event(event, reason="  ", now=BEFORE)
    services.cancel_event(event, reason="Aflyst.", now=BEFORE)
    with pytest.raises(Refused, match="allerede aflyst"):
        services.cancel_event(event, reason="Aflyst.", now=BEFORE)


# --- Concurrency on PostgreSQL -----------------------------------------------------------------


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_at_the_same_moment_never_exceed_the_capacity():
    event = make_event(capacity=3)
    people = 8
    barrier = threading.Barrier(people)
    outcomes = []

    def register(n):
        try:
            barrier.wait()
            outcomes.append(_register(event, f"p{n}@example.dk").status)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted([S.CONFIRMED] * 3 + [S.WAITING] * 5)
    assert event.registrations.filter(status=S.CONFIRMED).count() == 3


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_address_at_the_same_moment_is_one_registration():
    event = make_event(capacity=10)
    barrier = threading.Barrier(4)
    outcomes = []

    def register(email):
        try:
            barrier.wait()
            _register(event, email)
            outcomes.append("registered")
        except Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    emails = ["anna@example.dk", "ANNA@example.dk", "Anna@example.dk", "anna@EXAMPLE.dk"]
    threads = [threading.Thread(target=register, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "refused", "refused", "registered"]
    assert event.registrations.count() == 1


def test_time_travel_runs_the_offer_expiry_from_the_clock():
    event = make_event(capacity=1)
    with time_machine.travel(BEFORE, tick=False):
        first = services.register(event, name="A", email="a@example.dk")
        second = services.register(event, name="B", email="b@example.dk")
        services.cancel_registration(first)
    with time_machine.travel(BEFORE + datetime.timedelta(hours=48, seconds=1), tick=False):
        assert services.expire_offers() == 1
    second.refresh_from_db()
    assert second.status == S.OFFER_EXPIRED


def test_make_registration_sets_the_scene_without_the_services():
    event = make_event()
    make_registration(event, status=S.WAITING)
    assert event.registrations.waiting_in_order().count() == 1

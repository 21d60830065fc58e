"""The staff's admin of events: the event form's bad input, the registrations with the waiting
list, the CSV, the check-in list, attendance and its figures, cancellation, and scoping."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Registration
from outbox.models import Notification
from tests.events.factories import STARTS, make_event, make_registration

pytestmark = pytest.mark.django_db

S = Registration.Status
AFTER = STARTS + datetime.timedelta(days=1)


def _url(name, event):
    return reverse(f"admin:events_event_{name}", args=[event.pk])


def _form(**fields):
    data = {
        "kind": Event.Kind.THEME_DAY,
        "title": "Temadag om socialøkonomi",
        "slug": "",
        "summary": "Videndeling mellem erhvervsliv, foreningsliv, kommune og borgere.",
        "description": "",
        "programme": "",
        "target_audience": "",
        "place_name": "Roskilde Kongres- og Idrætscenter",
        "address": "Møllehusvej 15, 4000 Roskilde",
        "online_url": "",
        "starts_at_0": "09.03.2027",
        "starts_at_1": "10:00",
        "ends_at_0": "09.03.2027",
        "ends_at_1": "15:00",
        "registration_deadline_0": "",
        "registration_deadline_1": "",
        "capacity": "120",
        "first_reminder_days": "7",
        "second_reminder_days": "1",
        "organiser": "De socialøkonomiske interessenter",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "outcome": "",
    }
    data.update(fields)
    return data


def test_a_contact_person_creates_an_event_for_their_own_municipality(lejre_client, lejre):
    response = lejre_client.post(reverse("admin:events_event_add"), _form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.municipality, event.slug, event.status) == (
        lejre,
        "temadag-om-socialoekonomi",
        Event.Status.DRAFT,
    )
    assert event.starts_at == datetime.datetime(2027, 3, 9, 9, 0, tzinfo=datetime.UTC)


def test_an_end_before_the_start_and_a_deadline_after_it_are_form_errors(lejre_client):
    response = lejre_client.post(
        reverse("admin:events_event_add"),
        _form(ends_at_1="09:00", registration_deadline_0="10.03.2027", registration_deadline_1="12:00"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["ends_at"] == ["Arrangementet skal slutte, efter det begynder."]
    assert errors["registration_deadline"] == ["Tilmeldingsfristen skal ligge, før arrangementet begynder."]
    assert not Event.objects.exists()


def test_an_event_needs_a_place_or_an_online_link(lejre_client):
    response = lejre_client.post(reverse("admin:events_event_add"), _form(place_name="", address=""))

    assert response.context["adminform"].form.errors["address"] == [
        "Skriv adressen, eller linket til et onlinearrangement."
    ]


def test_a_neighbour_can_be_a_co_host_but_not_the_municipality_itself(lejre_client, lejre, roskilde):
    response = lejre_client.get(reverse("admin:events_event_add"))
    choices = response.context["adminform"].form.fields["co_hosts"].queryset
    assert roskilde in choices
    assert lejre not in choices


def test_the_registrations_page_shows_places_offers_and_the_waiting_list_in_order(lejre_client, lejre):
    event = make_event(municipality=lejre, capacity=1)
    make_registration(event, name="Anna Holm", email="anna@example.dk")
    make_registration(event, name="Bo Berg", status=S.WAITING)
    make_registration(event, name="Cai Dam", status=S.WAITING)
    make_registration(event, name="Dorte Frederiksen", status=S.CANCELLED)

    response = lejre_client.get(_url("registrations", event))

    assert response.status_code == 200
    assert [r.name for r in response.context["confirmed"]] == ["Anna Holm"]
    assert [r.name for r in response.context["waiting"]] == ["Bo Berg", "Cai Dam"]
    assert [r.name for r in response.context["ended"]] == ["Dorte Frederiksen"]
    assert response.context["figures"]["waiting"] == 2


def test_the_registrations_page_runs_the_same_queries_for_few_and_many(lejre_client, lejre):
    def queries(n):
        event = make_event(municipality=lejre, capacity=None)
        for _ in range(n):
            make_registration(event)
        with CaptureQueriesContext(connection) as captured:
            assert lejre_client.get(_url("registrations", event)).status_code == 200
        return len(captured)

    assert queries(2) == queries(40)


def test_attendance_is_marked_afterwards_and_the_figures_follow(lejre_client, lejre, lejre_staff):
    event = make_event(municipality=lejre, capacity=None)
    came = [make_registration(event) for _ in range(3)]
    stayed_away = make_registration(event)

    with time_machine.travel(AFTER, tick=False):
        lejre_client.force_login(lejre_staff)  # the staff session of today has expired by then
        response = lejre_client.post(_url("attendance", event), {"attended": [r.pk for r in came]})
        assert response.status_code == 302
        figures = lejre_client.get(_url("registrations", event)).context["figures"]

    assert set(event.registrations.filter(attended=True)) == set(came)
    stayed_away.refresh_from_db()
    assert stayed_away.attended is False
    assert (figures["registered"], figures["attended"], figures["absent"], figures["rate"]) == (4, 3, 1, 75)


def test_attendance_is_not_marked_before_the_event(lejre_client, lejre, lejre_staff):
    event = make_event(municipality=lejre)
    registration = make_registration(event)

    with time_machine.travel(STARTS - datetime.timedelta(days=1), tick=False):
        lejre_client.force_login(lejre_staff)
        lejre_client.post(_url("attendance", event), {"attended": [registration.pk]})

    registration.refresh_from_db()
    assert registration.attended is None


def test_the_csv_lists_the_registrations_with_formulas_escaped(lejre_client, lejre):
    event = make_event(municipality=lejre)
    make_registration(event, name='=HYPERLINK("http://evil")', organisation="Café Grennessminde")

    response = lejre_client.get(_url("registrations_export", event))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in text
    assert "Café Grennessminde" in text


def test_the_check_in_list_is_the_confirmed_in_name_order_ready_to_print(lejre_client, lejre):
    event = make_event(municipality=lejre, capacity=2)
    make_registration(event, name="Ole Sørensen", needs="Kørestol")
    make_registration(event, name="Anna Holm")
    make_registration(event, name="Bo Berg", status=S.WAITING)

    response = lejre_client.get(_url("check_in", event))

    assert [r.name for r in response.context["rows"]] == ["Anna Holm", "Ole Sørensen"]
    assert "kit/admin_print.css" in response.content.decode()
    assert "Kørestol" in response.content.decode()


def test_cancelling_from_the_admin_needs_a_reason_and_tells_everyone(lejre_client, lejre):
    event = make_event(municipality=lejre)
    make_registration(event, email="a@example.dk")
    make_registration(event, email="b@example.dk", status=S.WAITING)
    url = reverse("admin:events_event_review", args=[event.pk, "cancel"])

    assert lejre_client.post(url, {"reason": ""}).status_code == 200
    assert Event.objects.get(pk=event.pk).cancelled_at is None

    response = lejre_client.post(url, {"reason": "For få tilmeldte."})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.cancel_reason == "For få tilmeldte."
    told = Notification.objects.filter(template="events_event_cancelled")
    assert sorted(told.values_list("recipient_email", flat=True)) == ["a@example.dk", "b@example.dk"]


def test_another_municipalitys_staff_reach_none_of_the_event_pages(roskilde_client, lejre):
    event = make_event(municipality=lejre)
    make_registration(event, name="Anna Holm")

    for name in ("registrations", "registrations_export", "check_in", "change"):
        assert roskilde_client.get(_url(name, event)).status_code in (302, 404), name
    assert roskilde_client.post(_url("attendance", event)).status_code in (302, 404)
    listing = roskilde_client.get(reverse("admin:events_registration_changelist"))
    assert "Anna Holm" not in listing.content.decode()


def test_anonymous_visitors_are_sent_to_the_log_in(client, lejre):
    event = make_event(municipality=lejre)
    response = client.get(_url("registrations", event))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_after_retention_the_page_shows_the_counts_kept(lejre_client, lejre):
    from events import retention

    event = make_event(municipality=lejre, capacity=None)
    make_registration(event, attended=True)
    make_registration(event, attended=False)
    retention.purge_personal_data(now=STARTS + datetime.timedelta(days=200))

    figures = lejre_client.get(_url("registrations", event)).context["figures"]
    assert (figures["registered"], figures["attended"], figures["rate"], figures["deleted"]) == (
        2,
        1,
        50,
        True,
    )

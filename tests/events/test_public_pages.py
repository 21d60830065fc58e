"""The public pages of events: the list, an event's page with the registration form, and a
registration's private page (events/views.py)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Event, Registration
from outbox.models import Notification
from tests.conftest import make_municipality, make_user
from tests.events.factories import STARTS, make_event, make_registration

pytestmark = pytest.mark.django_db

S = Registration.Status
BEFORE = STARTS - datetime.timedelta(days=20)  # 17 February 2027


@pytest.fixture(autouse=True)
def _before_the_theme_day():
    with time_machine.travel(BEFORE, tick=False):
        yield


def _text(response):
    return " ".join(response.content.decode().split())


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


# --- The list ------------------------------------------------------------------------------------


def test_the_list_says_the_places_left_in_words(client, lejre):
    make_event(municipality=lejre, title="Tre pladser", capacity=3)
    full = make_event(municipality=lejre, title="Fuldt", capacity=1)
    make_registration(full)
    make_event(municipality=lejre, title="Lukket", registration_deadline=BEFORE - datetime.timedelta(days=1))
    one = make_event(municipality=lejre, title="En plads", capacity=2)
    make_registration(one)

    text = _text(client.get("/arrangementer/"))

    assert "Tre pladser" in text and "3 ledige pladser" in text
    assert "1 ledig plads" in text
    assert "Fuldt booket – venteliste" in text
    assert "Tilmeldingen er lukket" in text


def test_cancelled_events_come_last_marked_aflyst(client, lejre):
    cancelled = make_event(municipality=lejre, title="Det aflyste", starts_at=STARTS)
    services.cancel_event(cancelled, reason="Sygdom.", now=BEFORE)
    make_event(municipality=lejre, title="Det senere", starts_at=STARTS + datetime.timedelta(days=10))

    text = _text(client.get("/arrangementer/"))

    assert text.index("Det senere") < text.index("Det aflyste")
    assert "Aflyst" in text


def test_drafts_and_past_events_are_not_in_the_upcoming_list(client, lejre):
    make_event(municipality=lejre, title="Kladden", status=Event.Status.DRAFT)
    make_event(municipality=lejre, title="Det gamle", starts_at=BEFORE - datetime.timedelta(days=30))

    text = _text(client.get("/arrangementer/"))

    assert "Kladden" not in text
    assert "Det gamle" not in text
    assert "0 arrangementer fundet" in text


def test_past_events_show_their_summary(client, lejre):
    make_event(
        municipality=lejre,
        title="Temadagen 2026",
        starts_at=BEFORE - datetime.timedelta(days=300),
        outcome="120 deltog, og tre nye netværk blev startet.",
    )
    make_event(municipality=lejre, title="Det kommende")

    text = _text(client.get("/arrangementer/?tidligere=1"))

    assert "Temadagen 2026" in text
    assert "120 deltog, og tre nye netværk blev startet." in text
    assert "Det kommende" not in text


def test_a_joint_event_shows_under_each_co_host_once_with_its_counts_right(client, lejre, roskilde):
    joint = make_event(municipality=roskilde, title="Fælles netværksmøde", capacity=5)
    joint.co_hosts.add(lejre, make_municipality(name="Køge", slug="koege"))
    make_registration(joint)
    make_event(municipality=roskilde, title="Kun Roskilde")

    for slug in ("lejre", "koege", "roskilde"):
        text = _text(client.get(f"/arrangementer/?kommune={slug}"))
        assert text.count("Fælles netværksmøde") == 1, slug
        assert "4 ledige pladser" in text
    lejre_text = _text(client.get("/arrangementer/?kommune=lejre"))
    assert "Kun Roskilde" not in lejre_text
    assert "Roskilde Kommune" not in lejre_text or "Lejre" in lejre_text


def test_the_list_filters_by_kind(client, lejre):
    make_event(municipality=lejre, title="Værkstedet", kind=Event.Kind.WORKSHOP)
    make_event(municipality=lejre, title="Netværket", kind=Event.Kind.NETWORK)

    text = _text(client.get("/arrangementer/?art=network"))

    assert "Netværket" in text
    assert "Værkstedet" not in text


def test_a_filter_that_is_no_choice_is_put_into_words_and_the_others_still_apply(client, lejre):
    make_event(municipality=lejre, title="Netværket", kind=Event.Kind.NETWORK)
    response = client.get("/arrangementer/?kommune=atlantis&art=network")

    assert response.status_code == 200
    text = _text(response)
    assert "Nogle filtre kunne ikke bruges" in text
    assert "Netværket" in text


def test_the_list_links_to_the_feeds(client, lejre):
    text = client.get("/arrangementer/?kommune=lejre").content.decode()

    assert 'href="/arrangementer/kalender.ics"' in text
    assert 'href="/arrangementer/kommune/lejre/kalender.ics"' in text


def test_the_list_pages_twenty_at_a_time(client, lejre):
    for n in range(21):
        make_event(municipality=lejre, title=f"Arr {n:02d}", starts_at=STARTS + datetime.timedelta(hours=n))

    first, second = _text(client.get("/arrangementer/")), _text(client.get("/arrangementer/?side=2"))

    assert "Arr 00" in first and "Arr 20" not in first
    assert "Arr 20" in second


def _fill(municipality, other, n):
    for _i in range(n):
        event = make_event(municipality=municipality, capacity=3)
        event.co_hosts.add(other)
        for _j in range(3):
            make_registration(event)
        make_registration(event, status=S.WAITING)


def test_the_list_runs_the_same_number_of_queries_whatever_the_data(client, lejre, roskilde):
    _fill(lejre, roskilde, 2)
    small = _count_queries(client, "/arrangementer/?kommune=roskilde")
    _fill(lejre, roskilde, 12)
    large = _count_queries(client, "/arrangementer/?kommune=roskilde")

    assert small == large


# --- An event's page -------------------------------------------------------------------------------


def test_the_event_page_shows_every_fact_in_copenhagen_time(client, lejre, roskilde):
    event = make_event(
        municipality=lejre,
        title="Workshop om finansiering",
        programme="09.30 Velkommen\n10.00 Den Sociale Kapitalfond",
        target_audience="Socialøkonomiske iværksættere",
        contact_name="Mette Hansen",
        contact_email="mette@lejre.dk",
        registration_deadline=STARTS - datetime.timedelta(days=2),
    )
    event.co_hosts.add(roskilde)

    response = client.get(event.get_absolute_url())
    text = _text(response)

    assert response.status_code == 200
    assert "Workshop om finansiering" in text
    assert "Workshop ·" in text  # the kind
    assert "9. marts 2027 kl. 10.00–15.00" in text
    assert "Roskilde Bibliotek" in text
    assert (
        "https://www.openstreetmap.org/search?query=Dronning%20Margrethes%20Vej%2014%2C%204000%20Roskilde"
        in text
    )
    assert "09.30 Velkommen" in text and "10.00 Den Sociale Kapitalfond" in text
    assert "Socialøkonomiske iværksættere" in text
    assert "Mette Hansen" in text and "mette@lejre.dk" in text
    assert "2 ledige pladser" in text
    assert "7. marts 2027 kl. 10.00" in text  # the deadline
    assert "Lejre Kommune, Roskilde Kommune" in text


def test_an_online_event_says_online_and_never_shows_the_meeting_link(client, lejre):
    event = make_event(
        municipality=lejre, place_name="", address="", online_url="https://meet.example.dk/hemmelig"
    )

    text = _text(client.get(event.get_absolute_url()))

    assert "Online" in text
    assert "hemmelig" not in text
    assert "openstreetmap" not in text


def test_a_logged_in_person_finds_the_form_filled_in(client, lejre):
    user = make_user(first_name="Rikke", last_name="Holm", email="rikke@insp.dk")
    client.force_login(user)
    event = make_event(municipality=lejre)

    text = client.get(event.get_absolute_url()).content.decode()

    assert 'value="Rikke Holm"' in text
    assert 'value="rikke@insp.dk"' in text


def test_a_draft_is_a_404_to_the_public_and_to_another_municipalitys_staff(client, roskilde_client, lejre):
    event = make_event(municipality=lejre, status=Event.Status.DRAFT)

    assert roskilde_client.get(event.get_absolute_url()).status_code == 404
    roskilde_client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_municipalitys_staff_see_a_draft_as_a_preview_without_the_form(lejre_client, lejre):
    event = make_event(municipality=lejre, title="Kladden", status=Event.Status.DRAFT)

    response = lejre_client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "Forhåndsvisning" in _text(response)
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert 'name="email"' not in response.content.decode()


def test_a_cancelled_event_says_why_and_takes_no_registrations(client, lejre):
    event = make_event(municipality=lejre)
    services.cancel_event(event, reason="Oplægsholderen er syg.", now=BEFORE)

    text = _text(client.get(event.get_absolute_url()))

    assert "Aflyst" in text
    assert "Oplægsholderen er syg." in text
    assert 'name="email"' not in text


def test_the_event_page_runs_the_same_number_of_queries_whatever_the_data(client, lejre, roskilde):
    event = make_event(municipality=lejre, capacity=500)
    event.co_hosts.add(roskilde)
    make_registration(event)
    small = _count_queries(client, event.get_absolute_url())
    for _n in range(30):
        make_registration(event)
    event.co_hosts.add(make_municipality(), make_municipality())
    large = _count_queries(client, event.get_absolute_url())

    assert small == large


# --- Registering -------------------------------------------------------------------------------


def _post(client, event, **data):
    defaults = {"name": "Anna Berg", "email": "anna@example.dk", "organisation": "INSP!", "needs": ""}
    return client.post(f"{event.get_absolute_url()}tilmeld/", {**defaults, **data})


def test_a_visitor_registers_and_lands_on_the_page_of_the_registration(client, lejre):
    event = make_event(municipality=lejre, capacity=1)

    response = _post(client, event, needs="Kørestol")

    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.status) == (
        "Anna Berg",
        "anna@example.dk",
        S.CONFIRMED,
    )
    assert registration.needs == "Kørestol"
    assert registration.user is None
    assert response.status_code == 303
    assert response["Location"] == f"/arrangementer/tilmelding/{registration.token}/"
    page = client.get(response["Location"])
    text = _text(page)
    assert "Du har fået en plads" in text
    assert f'href="/arrangementer/{event.slug}/kalender.ics"' in page.content.decode()
    assert Notification.objects.filter(
        template="events_registered", recipient_email="anna@example.dk"
    ).exists()


def test_the_next_visitor_is_told_of_the_waiting_list(client, lejre):
    event = make_event(municipality=lejre, capacity=1)
    make_registration(event)

    response = _post(client, event)
    page = client.get(response["Location"])

    assert Registration.objects.get(email="anna@example.dk").status == S.WAITING
    text = _text(page)
    assert "venteliste" in text
    assert "Du er nummer 1 på ventelisten." in text


def test_a_logged_in_registration_keeps_the_account(client, lejre):
    user = make_user()
    client.force_login(user)
    _post(client, make_event(municipality=lejre))

    assert Registration.objects.get().user == user


def test_the_staff_of_another_municipality_register_as_anyone(roskilde_client, roskilde_staff, lejre):
    response = _post(roskilde_client, make_event(municipality=lejre), email="kontakt@roskilde.dk")

    assert response.status_code == 303
    assert Registration.objects.get().user == roskilde_staff


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "Skriv dit navn."),
        ({"email": ""}, "Skriv din e-mailadresse."),
        ({"email": "anna@"}, "Skriv en e-mailadresse som navn@eksempel.dk."),
    ],
)
def test_a_mistake_in_the_form_is_shown_and_nothing_is_saved(client, lejre, data, message):
    event = make_event(municipality=lejre)

    response = _post(client, event, **data)

    assert response.status_code == 400
    assert message in _text(response)
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_the_same_address_twice_is_refused_as_a_form_error(client, lejre):
    event = make_event(municipality=lejre)
    _post(client, event)

    response = _post(client, event, email="Anna@Example.dk")

    assert response.status_code == 400
    assert "Anna@Example.dk er allerede tilmeldt dette arrangement." in _text(response)
    assert Registration.objects.count() == 1


def test_registering_after_the_deadline_is_refused(client, lejre):
    event = make_event(municipality=lejre, registration_deadline=BEFORE + datetime.timedelta(hours=1))
    with time_machine.travel(BEFORE + datetime.timedelta(hours=2), tick=False):
        response = _post(client, event)

    assert response.status_code == 400
    assert "Tilmeldingen lukkede" in _text(response)
    assert not Registration.objects.exists()


def test_registering_for_a_cancelled_event_is_refused(client, lejre):
    event = make_event(municipality=lejre)
    services.cancel_event(event, reason="Sygdom.", now=BEFORE)

    response = _post(client, event)

    assert response.status_code == 400
    assert "Arrangementet er aflyst." in _text(response)
    assert not Registration.objects.exists()


def test_registering_for_a_draft_is_a_404_even_for_its_staff(client, lejre_client, lejre):
    event = make_event(municipality=lejre, status=Event.Status.DRAFT)

    assert _post(lejre_client, event).status_code == 404
    assert not Registration.objects.exists()


def test_registrations_are_rate_limited_per_address(client, lejre, settings):
    settings.EVENT_REGISTRATION_LIMIT_PER_HOUR = 2
    event = make_event(municipality=lejre, capacity=None)

    statuses = [_post(client, event, email=f"p{n}@example.dk").status_code for n in range(3)]

    assert statuses == [303, 303, 429]
    assert Registration.objects.count() == 2


def test_a_refused_registration_costs_no_try(client, lejre, settings):
    settings.EVENT_REGISTRATION_LIMIT_PER_HOUR = 1
    event = make_event(municipality=lejre)

    assert _post(client, event, email="bad").status_code == 400
    assert _post(client, event).status_code == 303


# --- A registration's page -----------------------------------------------------------------------


def test_the_registration_page_is_private(client, lejre):
    registration = make_registration(make_event(municipality=lejre))

    response = client.get(f"/arrangementer/tilmelding/{registration.token}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"


def test_an_unknown_token_is_a_404(client, db):
    assert client.get("/arrangementer/tilmelding/ukendt/").status_code == 404
    assert client.post("/arrangementer/tilmelding/ukendt/afmeld/").status_code == 404


def test_i_cant_come_frees_the_place_for_the_next_on_the_waiting_list(client, lejre):
    event = make_event(municipality=lejre, capacity=1)
    first = make_registration(event)
    second = make_registration(event, status=S.WAITING)

    response = client.post(f"/arrangementer/tilmelding/{first.token}/afmeld/")

    assert response.status_code == 303
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (S.CANCELLED, S.OFFERED)
    text = _text(client.get(response["Location"]))
    assert "Din tilmelding er annulleret" in text
    assert "Jeg kan ikke komme" not in text


def test_cancelling_twice_shows_the_refusal(client, lejre):
    registration = make_registration(make_event(municipality=lejre), status=S.CANCELLED)

    response = client.post(f"/arrangementer/tilmelding/{registration.token}/afmeld/", follow=True)

    assert "Tilmeldingen er allerede afmeldt." in _text(response)


def test_the_person_offered_a_place_takes_it(client, lejre):
    event = make_event(municipality=lejre, capacity=1)
    offered = make_registration(
        event, status=S.OFFERED, offer_expires_at=BEFORE + datetime.timedelta(hours=48)
    )
    page = _text(client.get(f"/arrangementer/tilmelding/{offered.token}/"))
    assert "Tag pladsen" in page

    response = client.post(f"/arrangementer/tilmelding/{offered.token}/tag-pladsen/", follow=True)

    offered.refresh_from_db()
    assert offered.status == S.CONFIRMED
    assert "Du har fået en plads." in _text(response)


def test_an_offer_taken_after_it_expired_shows_the_refusal_and_changes_nothing(client, lejre):
    event = make_event(municipality=lejre, capacity=1)
    offered = make_registration(
        event, status=S.OFFERED, offer_expires_at=BEFORE - datetime.timedelta(hours=1)
    )

    page = _text(client.get(f"/arrangementer/tilmelding/{offered.token}/"))
    response = client.post(f"/arrangementer/tilmelding/{offered.token}/tag-pladsen/", follow=True)

    assert "Tag pladsen" not in page
    offered.refresh_from_db()
    assert offered.status == S.OFFERED
    assert "Tilbuddet er udløbet" in _text(response)


def test_a_cancelled_event_says_so_on_the_registration_page(client, lejre):
    event = make_event(municipality=lejre)
    registration = make_registration(event)
    services.cancel_event(event, reason="Sygdom.", now=BEFORE)

    text = _text(client.get(f"/arrangementer/tilmelding/{registration.token}/"))

    assert "Arrangementet er aflyst." in text
    assert "Jeg kan ikke komme" not in text


# --- The municipality page and the sitemap -----------------------------------------------------


def test_the_municipality_page_lists_its_next_events_own_and_joint(client, lejre, roskilde):
    make_event(municipality=lejre, title="Lejres værksted")
    joint = make_event(municipality=roskilde, title="Fælles temadag")
    joint.co_hosts.add(lejre)
    make_event(municipality=roskilde, title="Kun Roskilde")

    text = _text(client.get("/kommuner/lejre/"))

    assert "Lejres værksted" in text and "Fælles temadag" in text
    assert "Kun Roskilde" not in text


def test_the_sitemap_lists_published_events_only(client, lejre):
    make_event(municipality=lejre, slug="offentlig")
    make_event(municipality=lejre, slug="kladde", status=Event.Status.DRAFT)

    text = client.get("/sitemap.xml").content.decode()

    assert "/arrangementer/offentlig/" in text
    assert "kladde" not in text


def test_the_main_menu_links_to_the_events_and_marks_the_list_current(client, db):
    text = client.get("/arrangementer/").content.decode()

    assert (
        '<a href="/arrangementer/" class="nav-link" aria-current="page"><span>Arrangementer</span></a>'
        in text
    )


def test_a_past_event_says_it_was_held_and_takes_no_registrations(client, lejre):
    event = make_event(
        municipality=lejre, starts_at=BEFORE - datetime.timedelta(days=3), outcome="Godt besøgt."
    )

    text = _text(client.get(event.get_absolute_url()))

    assert "Afholdt" in text
    assert "Sådan gik det" in text and "Godt besøgt." in text
    assert 'name="email"' not in text


def test_a_refusal_counts_against_the_limit_so_addresses_cannot_be_probed_without_end(
    client, lejre, settings
):
    settings.EVENT_REGISTRATION_LIMIT_PER_HOUR = 2
    event = make_event(municipality=lejre)
    _post(client, event)

    assert _post(client, event).status_code == 400  # already registered
    assert _post(client, event, email="ny@example.dk").status_code == 429


def test_a_registration_from_the_english_page_is_in_english(client, lejre):
    event = make_event(municipality=lejre, capacity=3)

    response = client.post(
        f"/en/arrangementer/{event.slug}/tilmeld/", {"name": "Anna Berg", "email": "anna@example.dk"}
    )

    registration = Registration.objects.get()
    assert registration.language == "en"
    assert response["Location"] == f"/en/arrangementer/tilmelding/{registration.token}/"
    text = _text(client.get(response["Location"]))
    assert "You have a place." in text
    assert "2 places left" in _text(client.get("/en/arrangementer/"))


def test_the_event_page_for_a_logged_in_person_runs_the_same_number_of_queries(client, lejre):
    client.force_login(make_user())
    event = make_event(municipality=lejre, capacity=500)
    small = _count_queries(client, event.get_absolute_url())
    for _n in range(20):
        make_registration(event)

    assert _count_queries(client, event.get_absolute_url()) == small


def test_the_registration_pages_forms_carry_the_csrf_token_and_a_forged_post_is_refused(lejre):
    import re

    from django.test import Client

    event = make_event(municipality=lejre, capacity=1)
    registration = make_registration(event)
    browser = Client(enforce_csrf_checks=True)
    path = f"/arrangementer/tilmelding/{registration.token}/"

    forged = browser.post(f"{path}afmeld/")
    page = browser.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    sent = browser.post(f"{path}afmeld/", {"csrfmiddlewaretoken": token})

    assert forged.status_code == 403
    assert sent.status_code == 303
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED

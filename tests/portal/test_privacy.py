"""The privacy notice at the intake, each municipality's privacy page, and the data controller's
details that its administrators keep in the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Municipality
from tests.conftest import make_municipality
from tests.portal.test_admin import form_data, url


def count_queries(client, path, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, query).status_code == 200
    return len(queries)


pytestmark = pytest.mark.django_db


@pytest.fixture
def lejre_with_dpo(lejre):
    lejre.address = "Møllebjergvej 4, 4330 Hvalsø"
    lejre.email = "lejre@lejre.dk"
    lejre.dpo_name = "Dorthe Dahl"
    lejre.dpo_email = "dpo@lejre.example"
    lejre.save()
    return lejre


# --- The notice at the intake ------------------------------------------------------------------


def test_the_notice_names_the_preselected_municipality_as_data_controller(client, lejre_with_dpo):
    text = client.get("/start/", {"kommune": "lejre"}).text

    assert "Dataansvarlig: Lejre Kommune, som modtager din henvendelse." in text
    assert "databeskyttelsesforordningens artikel 6, stk. 1, litra e" in text
    assert "Du kan klage til Datatilsynet." in text
    assert "skriv til databeskyttelsesrådgiveren, Dorthe Dahl:" in text
    assert 'href="mailto:dpo@lejre.example"' in text
    assert 'href="/kommuner/lejre/privatliv/"' in text


def test_before_a_choice_the_notice_links_every_municipality_s_privacy_page(client, lejre, roskilde):
    text = client.get("/start/").text

    assert "Dataansvarlig: den kommune, du vælger, og som modtager din henvendelse." in text
    assert '<a href="/kommuner/lejre/privatliv/">Lejre Kommune</a>' in text
    assert '<a href="/kommuner/roskilde/privatliv/">Roskilde Kommune</a>' in text


def test_the_notice_follows_the_municipality_chosen_in_a_form_sent_back(client, lejre, roskilde):
    text = client.post("/start/", {"municipality": "roskilde"}).text

    assert "Dataansvarlig: Roskilde Kommune" in text


def test_the_notice_is_in_english_on_english_pages(client, lejre_with_dpo):
    text = client.get("/en/start/", {"kommune": "lejre"}).text

    assert "Data controller: Lejre Kommune, which receives your request." in text
    assert "You can complain to Datatilsynet, the Danish Data Protection Agency." in text


@pytest.mark.parametrize("query", [{}, {"kommune": "lejre"}])
def test_the_notice_runs_the_same_queries_for_1_and_10_municipalities(client, lejre, query):
    one = count_queries(client, "/start/", query)

    for _ in range(9):
        make_municipality()
    ten = count_queries(client, "/start/", query)

    assert ten == one


# --- The privacy page --------------------------------------------------------------------------


def test_the_privacy_page_names_controller_dpo_legal_basis_and_datatilsynet(client, lejre_with_dpo):
    lejre_with_dpo.controller_address = "Att. Jura\nMøllebjergvej 4\n4330 Hvalsø"
    lejre_with_dpo.privacy_text = "Læs også [kommunens politik](https://www.lejre.dk/privatliv)."
    lejre_with_dpo.save()

    response = client.get("/kommuner/lejre/privatliv/")

    assert response.status_code == 200
    text = response.text
    assert "<h1>Privatliv hos Lejre Kommune</h1>" in text
    assert "Lejre Kommune er dataansvarlig for de oplysninger, du sender hertil." in text
    assert "Att. Jura<br>Møllebjergvej 4<br>4330 Hvalsø" in text
    assert "Dorthe Dahl" in text and "dpo@lejre.example" in text
    assert "artikel 6, stk. 1, litra e" in text
    assert "Carl Jacobsens Vej 35, 2500 Valby" in text
    assert 'href="https://www.lejre.dk/privatliv" rel="noopener noreferrer">kommunens politik</a>' in text


def test_without_a_dpo_the_privacy_page_sends_people_to_the_municipality(client, lejre):
    lejre.email = "lejre@lejre.dk"
    lejre.save()

    text = client.get("/kommuner/lejre/privatliv/").text

    assert "skriv til kommunen, og bed om databeskyttelsesrådgiveren:" in text
    assert 'href="mailto:lejre@lejre.dk"' in text


def test_the_privacy_page_of_an_unknown_municipality_is_not_found(client, lejre):
    assert client.get("/kommuner/atlantis/privatliv/").status_code == 404


def test_the_municipality_page_links_its_privacy_page(client, lejre):
    assert 'href="/kommuner/lejre/privatliv/"' in client.get("/kommuner/lejre/").text


def test_the_additions_are_marked_danish_on_the_english_page(client, lejre):
    lejre.privacy_text = "Vi gemmer ikke mere end nødvendigt."
    lejre.save()

    text = client.get("/en/kommuner/lejre/privatliv/").text

    assert '<div lang="da"><p>Vi gemmer ikke mere end nødvendigt.</p></div>' in text


# --- Staff keep the controller's details -------------------------------------------------------


def test_a_municipal_admin_edits_the_data_controller_s_details(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data |= {
        "official_name": "Lejre Kommune",
        "controller_address": "Møllebjergvej 4\n4330 Hvalsø",
        "dpo_name": "Dorthe Dahl",
        "dpo_email": "dpo@lejre.example",
        "privacy_text": "Mere tekst.",
    }

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    lejre.refresh_from_db()
    assert (lejre.dpo_name, lejre.dpo_email, lejre.privacy_text) == (
        "Dorthe Dahl",
        "dpo@lejre.example",
        "Mere tekst.",
    )
    assert lejre.controller_address == "Møllebjergvej 4\n4330 Hvalsø"


def test_a_contact_person_sees_the_controller_s_details_but_cannot_change_them(lejre_client, lejre):
    lejre.dpo_email = "dpo@lejre.example"
    lejre.save()
    change_url = url(Municipality, "change", lejre.pk)

    response = lejre_client.get(change_url)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {"dpo_name", "dpo_email", "controller_address", "privacy_text"}.isdisjoint(form.fields)
    assert "dpo@lejre.example" in response.text

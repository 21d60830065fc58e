"""A guide read from a municipality's page: its breadcrumb, the way forward to that
municipality's intake and contact persons, the funders it names, and Danish-only text on /en/."""

import pytest

from portal.demo.guides import GUIDES
from portal.models import Guide
from tests.conftest import make_contact_person, make_guide, make_municipality
from tests.portal.test_views import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding(db):
    return make_guide(None, slug="finansiering", topic=Guide.Topic.FUNDING, title="Finansiering")


def test_a_national_guide_from_a_municipality_s_page_keeps_the_municipality_in_its_breadcrumb(
    client, lejre, funding
):
    response = client.get("/kommuner/lejre/vejledning/finansiering/")

    assert response.status_code == 200
    assert (
        '<li class="breadcrumbs__list-item"><a href="/kommuner/lejre/" class="breadcrumbs__link">'
        "Lejre Kommune</a></li>"
    ) in response.text
    assert '<link rel="canonical" href="http://testserver/vejledning/finansiering/">' in response.text


def test_the_municipality_page_links_its_guides_under_its_own_address(client, lejre, funding):
    text = client.get("/kommuner/lejre/").text

    assert 'href="/kommuner/lejre/vejledning/finansiering/"' in text


def test_a_guide_read_from_a_municipality_ends_with_its_intake_and_contact_persons(client, lejre, funding):
    make_contact_person(lejre, name="Lone Bech", areas=["funding"], phone="46 46 46 46")
    make_contact_person(lejre, name="Mette Kragh", areas=["startup"])
    make_contact_person(lejre, name="Intern Ingrid", areas=["funding"], is_public=False)

    text = client.get("/kommuner/lejre/vejledning/finansiering/").text

    assert 'href="/start/?kommune=lejre">Få hjælp fra Lejre Kommune</a>' in text
    assert "<strong>Lone Bech</strong>" in text
    assert 'href="tel:+4546464646"' in text
    assert "Mette Kragh" not in text, "only those who help with funding"
    assert "Intern Ingrid" not in text


def test_without_a_matching_area_the_guide_lists_every_public_contact_person(client, lejre, funding):
    make_contact_person(lejre, name="Mette Kragh", areas=["startup"])

    assert "<strong>Mette Kragh</strong>" in client.get("/kommuner/lejre/vejledning/finansiering/").text


def test_a_municipality_s_own_guide_has_its_way_forward_at_its_plain_address(client, lejre):
    guide = make_guide(lejre, slug="lejres-guide")

    text = client.get("/vejledning/lejres-guide/").text

    assert 'href="/start/?kommune=lejre"' in text
    assert 'class="breadcrumbs__link">Lejre Kommune</a>' in text
    assert guide.url_for(lejre) == "/kommuner/lejre/vejledning/lejres-guide/"


def test_a_national_guide_at_its_plain_address_offers_each_municipality(client, lejre, roskilde, funding):
    text = client.get("/vejledning/finansiering/").text

    assert '<a href="/kommuner/lejre/vejledning/finansiering/">Lejre Kommune</a>' in text
    assert '<a href="/kommuner/roskilde/vejledning/finansiering/">Roskilde Kommune</a>' in text
    assert 'href="/start/"' in text


def test_another_municipality_s_guide_is_not_found_under_this_municipality(client, lejre, roskilde):
    make_guide(roskilde, slug="roskildes-guide")

    assert client.get("/kommuner/lejre/vejledning/roskildes-guide/").status_code == 404
    assert client.get("/kommuner/atlantis/vejledning/roskildes-guide/").status_code == 404


def test_the_scoped_guide_runs_the_same_queries_with_many_contact_persons_and_guides(client, lejre, funding):
    make_contact_person(lejre, areas=["funding"])
    one = count_queries(client, "/kommuner/lejre/vejledning/finansiering/")

    for _ in range(10):
        make_contact_person(lejre, areas=["funding"])
        make_guide(None)
        make_guide(lejre)
        make_municipality()
    many = count_queries(client, "/kommuner/lejre/vejledning/finansiering/")

    assert many == one


def test_a_guide_only_in_danish_is_marked_danish_on_english_pages(client, lejre):
    make_guide(None, slug="kun-dansk", title="Kun på dansk", body="Tekst.", title_en="", body_en="")

    text = client.get("/en/kommuner/lejre/vejledning/kun-dansk/").text

    assert '<h1 lang="da">Kun på dansk</h1>' in text
    assert '<div class="guide-body" lang="da"><p>Tekst.</p></div>' in text


def test_a_translated_guide_is_not_marked_danish(client, lejre):
    make_guide(None, slug="oversat", title="Oversat", title_en="Translated", body="Tekst.", body_en="Text.")

    text = client.get("/en/vejledning/oversat/").text

    assert "<h1>Translated</h1>" in text
    assert '<div class="guide-body"><p>Text.</p></div>' in text


def test_the_contact_person_s_job_title_is_marked_danish_on_english_pages(client, lejre, funding):
    make_contact_person(lejre, name="Lone Bech", title="Udbudskonsulent", areas=["funding"])

    assert (
        '<span lang="da">Udbudskonsulent</span>'
        in client.get("/en/kommuner/lejre/vejledning/finansiering/").text
    )


def test_the_demo_guides_link_the_funders_they_name():
    for guide in GUIDES:
        for body in (guide["body"], guide["body_en"]):
            if "Den Sociale Kapitalfond" in body:
                assert "[Den Sociale Kapitalfond](https://densocialekapitalfond.dk/" in body, guide["slug"]


def test_a_funder_s_link_survives_the_guide_s_sanitising(client, lejre):
    make_guide(None, slug="fonde", body="- **[Den Sociale Kapitalfond](https://densocialekapitalfond.dk/)**")

    text = client.get("/vejledning/fonde/").text

    assert (
        '<a href="https://densocialekapitalfond.dk/" rel="noopener noreferrer">Den Sociale Kapitalfond</a>'
        in text
    )

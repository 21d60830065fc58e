"""The accessibility statement ("Tilgængelighedserklæring") that Danish law asks of public
websites: the portal's own, and each municipality's in the footer of its pages."""

import pytest

from tests.conftest import make_guide

pytestmark = pytest.mark.django_db

FOOTER_LINK = '<a href="{}">Tilgængelighedserklæring</a>'


def test_the_portal_s_statement_names_the_law_the_standard_and_where_to_complain(client, lejre):
    lejre.email = "lejre@lejre.dk"
    lejre.save()

    response = client.get("/tilgaengelighed/")

    assert response.status_code == 200
    text = response.text
    assert "<h1>Tilgængelighedserklæring</h1>" in text
    assert "lov om tilgængelighed af offentlige organers websteder og mobilapplikationer" in text
    assert "WCAG 2.1 på niveau AA" in text
    assert "Indgangen overholder delvist WCAG 2.1 AA." in text
    assert "Digitaliseringsstyrelsen" in text
    assert 'Lejre Kommune: <a href="mailto:lejre@lejre.dk">lejre@lejre.dk</a>' in text


def test_the_statement_is_in_english_on_english_pages(client, lejre):
    text = client.get("/en/tilgaengelighed/").text

    assert "<h1>Accessibility statement</h1>" in text
    assert "Indgangen partially complies with WCAG 2.1 AA." in text


def test_a_page_without_a_municipality_links_the_portal_s_statement(client, lejre):
    assert FOOTER_LINK.format("/tilgaengelighed/") in client.get("/").text


def test_a_municipality_s_page_links_the_portal_s_statement_by_default(client, lejre):
    assert FOOTER_LINK.format("/tilgaengelighed/") in client.get("/kommuner/lejre/").text


def test_a_municipality_s_pages_link_its_own_statement_when_it_has_one(client, lejre, roskilde):
    lejre.accessibility_statement_url = "https://www.was.digst.dk/lejre-dk"
    lejre.save()
    guide = make_guide(lejre)

    for path in ("/kommuner/lejre/", "/kommuner/lejre/privatliv/", guide.get_absolute_url()):
        assert FOOTER_LINK.format("https://www.was.digst.dk/lejre-dk") in client.get(path).text, path
    assert FOOTER_LINK.format("/tilgaengelighed/") in client.get("/kommuner/roskilde/").text


def test_the_footer_link_reads_in_english_on_english_pages(client, lejre):
    assert '<a href="/en/tilgaengelighed/">Accessibility statement</a>' in client.get("/en/").text

"""On /en/, what exists only in Danish (what enterprises write) is marked lang="da", so that a
screen reader reads it with Danish pronunciation; on Danish pages it needs no mark."""

import pytest

from tests.enterprises.factories import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def kitchen(lejre):
    return make_enterprise(
        name="Grønt Køkken",
        home_municipality=lejre,
        summary="Frokost og catering.",
        description="Vi laver mad.",
        social_purpose="Job til flere.",
    )


def test_an_enterprise_s_own_texts_are_marked_danish_on_its_english_profile(client, kitchen):
    text = client.get(f"/en{kitchen.get_absolute_url()}").text

    assert '<p class="font-lead" lang="da">Frokost og catering.</p>' in text
    assert '<div lang="da"><p>Vi laver mad.</p></div>' in text
    assert '<div lang="da"><p>Job til flere.</p></div>' in text


def test_the_registry_s_cards_mark_the_summary_danish_on_english_pages(client, kitchen):
    assert 'lang="da">Frokost og catering.</p>' in client.get("/en/virksomheder/").text


def test_the_danish_profile_marks_nothing(client, kitchen):
    text = client.get(kitchen.get_absolute_url()).text

    assert '<p class="font-lead">Frokost og catering.</p>' in text
    assert "<div><p>Vi laver mad.</p></div>" in text

"""What mentoring adds to the portal's pages: a municipality's mentors with a free place."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import Match, MentorOffer
from tests.mentoring.factories import make_match, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


def section(client, municipality):
    text = client.get(municipality.get_absolute_url()).text
    start = text.index('id="mentoring-heading"')
    return text[start : text.index("</section>", start)]


def test_the_municipality_page_lists_mentors_with_a_free_place_there_at_most_five(client, lejre, roskilde):
    for n in range(7):
        make_offer(municipality=roskilde, municipalities=[lejre], mentor_name=f"Mentor {n}")
    make_offer(municipality=lejre, mentor_name="Pause", paused=True)
    full = make_offer(municipality=lejre, mentor_name="Fuld")
    make_match(offer=full, status=Match.Status.ACTIVE)
    make_offer(municipality=lejre, mentor_name="Kladde", status=MentorOffer.Status.DRAFT)
    make_offer(municipality=roskilde, mentor_name="Kun Roskilde")

    text = section(client, lejre)

    assert [f"Mentor {n}" for n in range(7) if f"Mentor {n}," in text] == [f"Mentor {n}" for n in range(5)]
    for absent in ("Pause", "Fuld", "Kladde", "Kun Roskilde"):
        assert absent not in text
    assert 'href="/mentorer/?kommune=lejre"' in text


def test_a_municipality_without_mentors_says_so(client, roskilde):
    assert "Ingen mentor har en ledig plads i Roskilde Kommune lige nu." in section(client, roskilde)


@pytest.mark.parametrize("count", [0, 9])
def test_the_section_costs_the_municipality_page_one_query(client, lejre, count):
    for _n in range(count):
        make_offer(municipality=lejre)
    with CaptureQueriesContext(connection) as queries:
        client.get(lejre.get_absolute_url())

    assert len([q for q in queries.captured_queries if 'FROM "mentoring_mentoroffer"' in q["sql"]]) == 1

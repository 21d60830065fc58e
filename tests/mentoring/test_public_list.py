"""The public list at /mentorer/: only published offers, the filters, bad filter values, the rows
with their availability in words, the pages and a fixed number of queries."""

import datetime

import pytest

from mentoring.models import Match, MentorOffer
from tests.conftest import make_municipality
from tests.mentoring.factories import make_match, make_offer

pytestmark = pytest.mark.django_db

URL = "/mentorer/"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


def names(response):
    return [offer.mentor_name for offer in response.context["offers"]]


def test_the_list_shows_published_offers_and_never_drafts_pending_or_rejected_ones(client, lejre):
    make_offer(municipality=lejre, mentor_name="Hanne Lindberg")
    for status in (MentorOffer.Status.DRAFT, MentorOffer.Status.PENDING, MentorOffer.Status.REJECTED):
        make_offer(municipality=lejre, mentor_name=f"Skjult {status}", status=status)

    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Hanne Lindberg"]
    assert "Skjult" not in response.text
    assert "1 mentor fundet." in response.text


def test_a_row_shows_mentor_company_headline_expertise_municipalities_and_free_places(
    client, lejre, roskilde
):
    make_offer(
        municipality=lejre,
        municipalities=[lejre, roskilde],
        mentor_name="Jonas Bæk",
        mentor_title="Køkkenchef",
        company="Restaurant Mumm",
        headline="Køkkenrutiner og menukort",
        expertise=["koekken-og-produktion", "menu-og-sortiment"],
        capacity=2,
    )

    text = client.get(URL).text

    assert "Jonas Bæk" in text
    assert "Køkkenchef, Restaurant Mumm" in text
    assert "Køkkenrutiner og menukort" in text
    assert "Køkken- og produktionsrutiner, Menu og sortiment" in text
    assert "Lejre, Roskilde" in text
    assert "2 ledige pladser" in text


def test_availability_reads_one_free_place_a_pause_with_its_date_or_no_free_places(client, lejre):
    make_offer(municipality=lejre, mentor_name="A Ledig", capacity=2)
    make_match(offer=MentorOffer.objects.get(mentor_name="A Ledig"), status=Match.Status.ACTIVE)
    make_offer(municipality=lejre, mentor_name="B Pause", paused=True, paused_until=datetime.date(2027, 3, 1))
    make_offer(municipality=lejre, mentor_name="C Pause uden dato", paused=True)
    full = make_offer(municipality=lejre, mentor_name="D Fuld", capacity=1)
    make_match(offer=full, status=Match.Status.ACCEPTED)
    # A proposal holds no place.
    make_offer(municipality=lejre, mentor_name="E Foreslået", capacity=1)
    make_match(offer=MentorOffer.objects.get(mentor_name="E Foreslået"), status=Match.Status.PROPOSED)

    response = client.get(URL)
    rows = {offer.mentor_name: str(offer.availability) for offer in response.context["offers"]}

    assert rows == {
        "A Ledig": "1 ledig plads",
        "B Pause": "Holder pause til 1. marts 2027",
        "C Pause uden dato": "Holder pause",
        "D Fuld": "Ingen ledige pladser lige nu",
        "E Foreslået": "1 ledig plads",
    }
    # Those who take a mentee now come first.
    assert names(response) == ["A Ledig", "E Foreslået", "B Pause", "C Pause uden dato", "D Fuld"]


def test_a_pause_whose_return_date_has_come_is_available_again(client, lejre):
    make_offer(
        municipality=lejre, mentor_name="Tilbage", paused=True, paused_until=datetime.date(2026, 12, 2)
    )

    response = client.get(f"{URL}?ledig=on")

    assert names(response) == ["Tilbage"]
    assert "1 ledig plads" in response.text


# --- Filters -----------------------------------------------------------------------------------


@pytest.fixture
def spread(lejre, roskilde):
    make_offer(
        municipality=lejre,
        mentor_name="Køkken Lejre",
        expertise=["koekken-og-produktion", "ledelse"],
        sectors=["food"],
        format_meetings=True,
        format_on_site=True,
    )
    make_offer(
        municipality=roskilde,
        mentor_name="Bogholder Roskilde",
        expertise=["bogfoering-og-oekonomi"],
        sectors=["services", "food"],
        format_meetings=False,
        format_phone=True,
    )
    make_offer(
        municipality=roskilde,
        municipalities=[roskilde, lejre],
        mentor_name="Pause Begge",
        expertise=["ledelse"],
        sectors=["it"],
        paused=True,
        paused_until=datetime.date(2027, 1, 15),
    )


def test_the_expertise_filter_finds_mentors_who_know_any_of_the_areas_chosen_and_lists_each_once(
    client, spread
):
    response = client.get(f"{URL}?omraade=ledelse&omraade=koekken-og-produktion")
    assert names(response) == ["Køkken Lejre", "Pause Begge"]
    assert names(client.get(f"{URL}?omraade=bogfoering-og-oekonomi")) == ["Bogholder Roskilde"]


def test_the_sector_filter(client, spread):
    assert names(client.get(f"{URL}?sektor=food")) == ["Bogholder Roskilde", "Køkken Lejre"]
    assert names(client.get(f"{URL}?sektor=it")) == ["Pause Begge"]


def test_the_municipality_filter_uses_where_the_mentor_takes_mentees(client, spread):
    assert names(client.get(f"{URL}?kommune=lejre")) == ["Køkken Lejre", "Pause Begge"]
    assert names(client.get(f"{URL}?kommune=roskilde")) == ["Bogholder Roskilde", "Pause Begge"]


def test_the_format_filter(client, spread):
    assert names(client.get(f"{URL}?arbejdsform=phone")) == ["Bogholder Roskilde"]
    assert names(client.get(f"{URL}?arbejdsform=on_site")) == ["Køkken Lejre"]
    assert names(client.get(f"{URL}?arbejdsform=meetings")) == ["Køkken Lejre", "Pause Begge"]


def test_available_now_leaves_out_paused_and_full_mentors(client, spread):
    full = MentorOffer.objects.get(mentor_name="Bogholder Roskilde")
    make_match(offer=full, status=Match.Status.ACTIVE)

    response = client.get(f"{URL}?ledig=on")

    assert names(response) == ["Køkken Lejre"]
    assert "1 valgt" in response.text


def test_filters_combine(client, spread):
    assert names(client.get(f"{URL}?kommune=lejre&omraade=ledelse&ledig=on")) == ["Køkken Lejre"]


def test_a_bad_filter_value_is_put_into_words_and_the_other_filters_still_apply(client, spread):
    response = client.get(f"{URL}?kommune=atlantis&omraade=ukendt&arbejdsform=brevdue&sektor=food")

    assert response.status_code == 200
    assert "Nogle filtre kunne ikke bruges" in response.text
    assert "»atlantis« er ikke et af valgene. Vælg et fra listen." in response.text
    assert "»ukendt« er ikke et af valgene. Vælg et fra listen." in response.text
    assert "»brevdue« er ikke et af valgene. Vælg et fra listen." in response.text
    assert names(response) == ["Bogholder Roskilde", "Køkken Lejre"]


def test_the_empty_state_says_what_to_do(client, spread):
    response = client.get(f"{URL}?omraade=offentlige-udbud")

    assert names(response) == []
    assert "0 mentorer fundet." in response.text
    assert "Prøv med færre filtre" in response.text
    assert 'href="/mentorer/"' in response.text


def test_the_list_without_any_offer_says_so(client, db):
    assert "Der er ingen mentorer her endnu." in client.get(URL).text


def test_the_list_has_pages_of_twenty_that_keep_the_filters(client, lejre):
    for n in range(25):
        make_offer(municipality=lejre, mentor_name=f"Mentor {n:02}", expertise=["ledelse"])

    first = client.get(f"{URL}?omraade=ledelse")
    second = client.get(f"{URL}?omraade=ledelse&side=2")

    assert len(first.context["offers"]) == 20
    assert names(second) == [f"Mentor {n:02}" for n in range(20, 25)]
    assert "?omraade=ledelse&amp;side=2" in first.text
    assert "Side 1 af 2." in first.text


def test_the_list_works_in_english_under_en(client, lejre):
    make_offer(municipality=lejre, capacity=3)

    response = client.get(f"/en{URL}")

    assert response.status_code == 200
    assert "3 free places" in response.text
    assert "1 mentor found." in response.text


def test_the_main_menu_links_to_the_mentors_and_marks_the_page_as_current(client, db):
    text = client.get(URL).text

    assert '<a href="/mentorer/" class="nav-link" aria-current="page"><span>Mentorer</span></a>' in text
    assert '<a href="/mentorer/" class="nav-link"><span>Mentorer</span></a>' in client.get("/").text


def test_the_list_is_open_to_staff_of_any_municipality_and_shows_only_published_offers(
    client, lejre, roskilde_staff
):
    make_offer(municipality=lejre, mentor_name="Offentlig")
    make_offer(
        municipality=roskilde_staff.municipality, mentor_name="Kladde", status=MentorOffer.Status.DRAFT
    )
    client.force_login(roskilde_staff)

    assert names(client.get(URL)) == ["Offentlig"]


def test_a_post_is_not_allowed(client, db):
    assert client.post(URL).status_code == 405


def fill(count):
    municipality = make_municipality()
    for n in range(count):
        offer = make_offer(
            municipality=municipality,
            expertise=["ledelse", "bogfoering-og-oekonomi"],
            sectors=["food", "it"],
            capacity=2,
        )
        if n % 3 == 0:
            make_match(offer=offer, status=Match.Status.ACTIVE)
    return municipality


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    municipality = fill(count)

    # The filters' areas and municipalities, the count, the page, and the page's expertise,
    # municipalities and sectors.
    with django_assert_num_queries(7):
        client.get(URL)
    # Each value chosen is looked up once (the areas, the municipality).
    with django_assert_num_queries(9):
        client.get(
            f"{URL}?omraade=ledelse&sektor=food&kommune={municipality.slug}&arbejdsform=meetings&ledig=on"
        )

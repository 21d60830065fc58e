"""An offer's page at /mentorer/<slug>/: the whole offer, its availability, the company's registry
profile when published, the staff preview of an unpublished offer, and a fixed number of queries."""

import datetime

import pytest

from mentoring.models import Match, MentorOffer
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def offer(lejre, roskilde):
    return make_offer(
        slug="restaurant-mumm",
        municipality=roskilde,
        municipalities=[roskilde, lejre],
        mentor_name="Jonas Bæk",
        mentor_title="Køkkenchef",
        company="Restaurant Mumm",
        headline="Køkkenrutiner og menukort",
        description="Vi mødes i jeres køkken.\n\nOg i vores.",
        expertise=["koekken-og-produktion", "menu-og-sortiment"],
        sectors=["food", "tourism"],
        format_meetings=True,
        format_on_site=True,
        duration_months=6,
        capacity=2,
    )


def test_the_page_shows_the_whole_offer(client, offer):
    response = client.get("/mentorer/restaurant-mumm/")

    assert response.status_code == 200
    text = response.text
    assert "<h1" in text and "Jonas Bæk</h1>" in text
    assert "Køkkenchef, Restaurant Mumm" in text
    assert "Køkken- og produktionsrutiner, Menu og sortiment" in text
    assert "<dd>Mad, catering og café, Hotel og turisme</dd>" in text
    assert "Lejre Kommune</a>" in text and "Roskilde Kommune</a>" in text
    assert "6 måneder" in text
    assert "<p>Vi mødes i jeres køkken.</p>" in text
    assert "2 ledige pladser" in text


def test_the_company_links_to_its_registry_profile_only_when_that_is_published(client, offer, roskilde):
    profile = make_enterprise(name="Restaurant Mumm", slug="restaurant-mumm", home_municipality=roskilde)
    MentorOffer.objects.filter(pk=offer.pk).update(enterprise=profile)
    assert (
        f'href="{profile.get_absolute_url()}">Restaurant Mumm</a>'
        in client.get(offer.get_absolute_url()).text
    )

    profile.status = profile.Status.HIDDEN
    profile.save()
    assert f'href="{profile.get_absolute_url()}"' not in client.get(offer.get_absolute_url()).text


def test_an_anonymous_visitor_is_asked_to_log_in_to_ask(client, offer):
    text = client.get(offer.get_absolute_url()).text

    assert 'href="/konto/log-ind/?next=/mentorer/restaurant-mumm/spoerg/"' in text
    assert "Log ind for at spørge" in text


def test_a_signed_in_visitor_gets_the_way_to_ask(client, offer, representative):
    client.force_login(representative)

    assert 'href="/mentorer/restaurant-mumm/spoerg/"' in client.get(offer.get_absolute_url()).text


def test_a_person_who_already_asked_is_told_so_instead(client, offer, representative):
    make_match(offer=offer, request=make_request(municipality=offer.municipality, mentee_user=representative))
    client.force_login(representative)

    text = client.get(offer.get_absolute_url()).text

    assert "Du har spurgt Jonas Bæk. Mentoren svarer inden for 5 arbejdsdage." in text
    assert 'href="/mentorer/restaurant-mumm/spoerg/"' not in text
    assert 'href="/konto/mentorer/"' in text


def test_the_mentor_sees_their_own_offer_without_the_way_to_ask(client, offer):
    client.force_login(offer.mentor)

    text = client.get(offer.get_absolute_url()).text

    assert "Det er dit eget tilbud." in text
    assert 'href="/mentorer/restaurant-mumm/spoerg/"' not in text


def test_a_paused_mentor_says_until_when_and_points_to_the_available_ones(client, offer):
    MentorOffer.objects.filter(pk=offer.pk).update(paused=True, paused_until=datetime.date(2027, 3, 1))

    text = client.get(offer.get_absolute_url()).text

    assert "Holder pause til 1. marts 2027" in text
    assert "Mentoren tager ikke nye mentees før 1. marts 2027." in text
    assert 'href="/mentorer/?ledig=on"' in text
    assert 'href="/konto/log-ind/?next=' not in text


def test_a_full_mentor_says_there_is_no_free_place(client, offer):
    make_match(offer=offer, status=Match.Status.ACTIVE)
    make_match(offer=offer, status=Match.Status.ACCEPTED)

    text = client.get(offer.get_absolute_url()).text

    assert "Ingen ledige pladser lige nu" in text
    assert "Mentoren har ingen ledig plads lige nu." in text


@pytest.mark.parametrize(
    "status", [MentorOffer.Status.DRAFT, MentorOffer.Status.PENDING, MentorOffer.Status.REJECTED]
)
def test_an_unpublished_offer_is_a_404_to_anonymous_visitors_and_people_who_are_not_staff(
    client, offer, status
):
    MentorOffer.objects.filter(pk=offer.pk).update(status=status)
    assert client.get(offer.get_absolute_url()).status_code == 404

    client.force_login(make_user())
    assert client.get(offer.get_absolute_url()).status_code == 404

    client.force_login(offer.mentor)  # the mentor follows it in their account, not here
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_staff_of_the_reviewing_municipality_see_an_unpublished_offer_as_a_marked_preview(client, offer):
    from kit.staff import CONTACT_PERSON
    from tests.conftest import make_staff

    staff = make_staff(offer.municipality, CONTACT_PERSON, username="roskilde-kontakt", email="k@roskilde.dk")
    MentorOffer.objects.filter(pk=offer.pk).update(status=MentorOffer.Status.PENDING)
    client.force_login(staff)

    response = client.get(offer.get_absolute_url())

    assert response.status_code == 200
    assert "Forhåndsvisning" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert 'href="/mentorer/restaurant-mumm/spoerg/"' not in response.text


def test_staff_of_another_municipality_get_a_404_for_an_unpublished_offer(client, offer, lejre_staff):
    MentorOffer.objects.filter(pk=offer.pk).update(status=MentorOffer.Status.PENDING)
    client.force_login(lejre_staff)

    assert client.get(offer.get_absolute_url()).status_code == 404


def test_staff_of_another_municipality_see_a_published_offer_as_anyone_does(client, offer, lejre_staff):
    client.force_login(lejre_staff)

    response = client.get(offer.get_absolute_url())

    assert response.status_code == 200
    assert "Forhåndsvisning" not in response.text


def test_an_unknown_offer_is_a_404(client, db):
    assert client.get("/mentorer/findes-ikke/").status_code == 404


def test_the_page_works_in_english_under_en(client, offer):
    response = client.get(f"/en{offer.get_absolute_url()}")

    assert response.status_code == 200
    assert "6 months" in response.text
    assert "<dd>Meetings, On site at the enterprise</dd>" in response.text
    assert "2 free places" in response.text
    assert '<div lang="da"><p>Vi mødes i jeres køkken.</p>' in response.text


@pytest.mark.parametrize("extra", [0, 15])
def test_the_page_runs_a_fixed_number_of_queries(client, offer, extra, django_assert_num_queries):
    for _n in range(extra):
        make_match(offer=offer, status=Match.Status.COMPLETED)

    # The offer (with its places, municipality and enterprise), its expertise, municipalities and sectors.
    with django_assert_num_queries(4):
        client.get(offer.get_absolute_url())


def test_the_sitemap_lists_published_offers_only(client, offer, lejre):
    make_offer(municipality=lejre, slug="kladde", status=MentorOffer.Status.DRAFT)

    text = client.get("/sitemap.xml").text

    assert "/mentorer/restaurant-mumm/" in text
    assert "/mentorer/kladde/" not in text

"""A mentor signs up at /konto/mentorer/tilbud/nyt/ and keeps their offer at /tilbud/<pk>/:
saved as a draft or sent for review (the reviewing municipality's contact persons are told); a
published offer edited stays published and moves "last active"; a rejected one is sent again;
only the mentor's own offer (anyone else's is a 404); clear messages for a bad pause."""

import datetime

import pytest
import time_machine

from mentoring.account_forms import unique_slug
from mentoring.models import MentorOffer
from outbox.models import Notification
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise
from tests.mentoring.factories import area, make_match, make_offer

pytestmark = pytest.mark.django_db

NEW = "/konto/mentorer/tilbud/nyt/"
TODAY = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def mentor(db):
    return make_user(first_name="Mads", last_name="Mumm", email="mads@mumm.dk")


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor)
    return client


def data(lejre, **kwargs):
    return {
        "mentor_name": "Mads Mumm",
        "mentor_title": "Køkkenchef",
        "company": "Restaurant Mumm",
        "headline": "Køkkenrutiner og menu",
        "description": "Jeg har drevet restaurant i 20 år.",
        "expertise": [area("koekken-og-produktion").pk, area("menu-og-sortiment").pk],
        "sectors": ["food", "tourism"],
        "municipalities": [lejre.pk],
        "capacity": "2",
        "format_meetings": "on",
        "duration_months": "6",
        **kwargs,
    }


def edit_url(offer):
    return f"/konto/mentorer/tilbud/{offer.pk}/"


def test_a_new_offer_is_saved_as_a_draft(mentor_client, mentor, lejre):
    response = mentor_client.post(NEW, data(lejre, draft="1"))

    assert response.status_code == 302
    offer = MentorOffer.objects.get()
    assert (offer.mentor, offer.status, offer.slug) == (mentor, "draft", "mads-mumm-restaurant-mumm")
    assert offer.municipality == lejre  # the first municipality chosen reviews it
    assert sorted(offer.sectors.values_list("sector", flat=True)) == ["food", "tourism"]
    assert sorted(offer.expertise.values_list("slug", flat=True)) == [
        "koekken-og-produktion",
        "menu-og-sortiment",
    ]
    assert not Notification.objects.exists()


def test_an_offer_sent_for_review_waits_and_the_contact_persons_are_told(mentor_client, lejre, lejre_staff):
    response = mentor_client.post(NEW, data(lejre, submit="1"), follow=True)

    offer = MentorOffer.objects.get()
    assert offer.status == "pending" and offer.submitted_at is not None
    assert list(Notification.objects.values_list("template", "recipient_user")) == [
        ("mentoring_offer_review", lejre_staff.pk)
    ]
    assert "Dit tilbud er sendt til godkendelse." in response.content.decode()


def test_the_reviewing_municipality_must_be_one_of_those_chosen(mentor_client, lejre, roskilde):
    response = mentor_client.post(NEW, data(lejre, municipality=roskilde.pk, submit="1"))

    assert response.status_code == 400
    assert "Vælg en af de kommuner, hvor du tager mentees." in response.content.decode()
    assert not MentorOffer.objects.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"paused": "on", "paused_until": "2026-11-30"}, "Datoen er passeret"),
        ({"paused": "on"}, "Skriv, fra hvilken dag du tager mentees igen."),
        ({"paused_until": "2027-01-10"}, "Angiv kun en dato, når du sætter tilbuddet på pause"),
        ({"format_meetings": ""}, "Sæt kryds ved mindst én måde at mødes med dine mentees på."),
        ({"capacity": "21"}, "capacity"),
        ({"capacity": "0"}, "capacity"),
    ],
)
def test_bad_input_is_a_clear_message_and_nothing_is_saved(mentor_client, lejre, extra, error):
    response = mentor_client.post(NEW, data(lejre, **extra))

    assert response.status_code == 400
    if error == "capacity":
        assert response.context["form"].errors["capacity"]
    else:
        assert error in response.content.decode()
    assert not MentorOffer.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_paused_offer_with_a_date_to_come_is_saved(mentor_client, lejre):
    mentor_client.post(NEW, data(lejre, paused="on", paused_until="2027-01-10"))

    offer = MentorOffer.objects.get()
    assert (offer.paused, offer.paused_until) == (True, datetime.date(2027, 1, 10))


def test_the_slug_never_takes_a_reserved_word_nor_a_taken_one(lejre):
    make_offer(slug="mads-mumm-restaurant-mumm", municipality=lejre)

    assert unique_slug("Forløb") == "forloeb-mentor"
    assert unique_slug("Mads Mumm Restaurant Mumm") == "mads-mumm-restaurant-mumm-2"


def test_only_the_representative_s_enterprises_may_be_chosen(mentor_client, mentor, lejre):
    own = make_enterprise(home_municipality=lejre, representatives=[mentor])
    other = make_enterprise(home_municipality=lejre)

    assert mentor_client.post(NEW, data(lejre, enterprise=other.pk)).status_code == 400
    mentor_client.post(NEW, data(lejre, enterprise=own.pk))

    assert MentorOffer.objects.get().enterprise == own


def test_editing_a_published_offer_keeps_it_published_and_moves_last_active(mentor_client, mentor, lejre):
    offer = make_offer(mentor=mentor, municipality=lejre, status="published", sectors=["food"])

    with time_machine.travel(TODAY, tick=False):
        page = mentor_client.get(edit_url(offer))
        response = mentor_client.post(edit_url(offer), data(lejre, headline="Ny overskrift", sectors=["it"]))

    assert "stays published" not in page.content.decode()
    assert "forbliver offentliggjort" in page.content.decode()
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.headline, offer.last_active_at) == ("published", "Ny overskrift", TODAY)
    assert list(offer.sectors.values_list("sector", flat=True)) == ["it"]
    assert offer.slug.startswith("mentor-")  # the address stays


def test_a_rejected_offer_is_edited_and_sent_again(mentor_client, mentor, lejre, lejre_staff):
    offer = make_offer(mentor=mentor, municipality=lejre, status="rejected", review_note="Skriv mere om dig")

    page = mentor_client.get(edit_url(offer)).content.decode()
    mentor_client.post(edit_url(offer), data(lejre, submit="1"))

    assert "Skriv mere om dig" in page
    offer.refresh_from_db()
    assert offer.status == "pending"
    assert Notification.objects.filter(template="mentoring_offer_review").count() == 1


@pytest.mark.parametrize("who", ["other", "lejre_staff", "roskilde_staff"])
def test_another_person_s_offer_is_a_404(client, mentor, lejre, who, request):
    offer = make_offer(mentor=mentor, municipality=lejre)
    user = make_user() if who == "other" else request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(edit_url(offer)).status_code == 404
    assert client.post(edit_url(offer), data(lejre, headline="Kapret")).status_code == 404
    assert MentorOffer.objects.get().headline == "Erfaren leder hjælper med drift"


def test_an_anonymous_visitor_is_sent_to_log_in(client, mentor, lejre):
    offer = make_offer(mentor=mentor, municipality=lejre)

    assert client.get(NEW).status_code == 302
    assert client.get(edit_url(offer)).status_code == 302
    assert client.post(NEW, data(lejre)).status_code == 302
    assert MentorOffer.objects.count() == 1


def test_the_form_starts_with_the_account_s_name(mentor_client):
    response = mentor_client.get(NEW)

    assert response.status_code == 200
    assert response.context["form"]["mentor_name"].value() == "Mads Mumm"


def test_the_capacity_cannot_go_below_the_places_taken(mentor_client, mentor, lejre):
    offer = make_offer(mentor=mentor, municipality=lejre, capacity=3)
    make_match(offer=offer, status="active")
    make_match(offer=offer, status="accepted")

    response = mentor_client.post(edit_url(offer), data(lejre, capacity="1"))

    assert response.status_code == 400
    assert "Du har 2 mentees nu: vælg mindst 2 pladser." in response.content.decode()
    assert MentorOffer.objects.get().capacity == 3

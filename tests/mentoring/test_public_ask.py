"""Asking for a specific mentor at /mentorer/<slug>/spoerg/: a representative, a person without an
enterprise, anonymous visitors, a paused or full mentor, a second ask, the rate limit and bad
input. A refused ask shows why and saves nothing."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from mentoring.models import Match, MentorOffer, MentorRequest
from outbox.models import Notification
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise
from tests.mentoring.factories import area, make_match, make_offer

pytestmark = pytest.mark.django_db

URL = "/mentorer/restaurant-mumm/spoerg/"


@pytest.fixture(autouse=True)
def _today(time_machine):
    # A Wednesday: five working days on is Wednesday 9 December.
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def offer(roskilde, lejre):
    return make_offer(
        slug="restaurant-mumm",
        municipality=roskilde,
        municipalities=[roskilde, lejre],
        mentor_name="Jonas Bæk",
        company="Restaurant Mumm",
        expertise=["koekken-og-produktion", "menu-og-sortiment"],
        sectors=["food"],
        capacity=1,
    )


@pytest.fixture
def enterprise(lejre, representative):
    return make_enterprise(name="INSP! Mad", home_municipality=lejre, representatives=[representative])


def danish(message):
    """A service's reason as the page shows it, in Danish."""
    with translation.override("da"):
        return escape(gettext(message))


def ask(client, **data):
    defaults = {"needs": [area("koekken-og-produktion").pk], "goals": "Faste rutiner i køkkenet."}
    return client.post(URL, {**defaults, **data})


def test_anonymous_visitors_are_sent_to_log_in_and_back(client, offer):
    for response in (client.get(URL), ask(client)):
        assert response.status_code == 302
        assert response["Location"] == "/konto/log-ind/?next=/mentorer/restaurant-mumm/spoerg/"
    assert not MentorRequest.objects.exists()


def test_the_form_offers_the_representative_s_enterprises_and_preselects_the_mentor_s_areas(
    representative_client, offer, enterprise
):
    response = representative_client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["enterprise"].choices) == [(enterprise.pk, "INSP! Mad")]
    assert sorted(form.initial["needs"]) == sorted(
        [area("koekken-og-produktion").pk, area("menu-og-sortiment").pk]
    )
    assert "Spørg Jonas Bæk om et mentorforløb" in response.text


def test_a_representative_asks_for_the_mentor_who_is_asked_and_the_contact_person_told(
    representative_client, representative, offer, enterprise, roskilde_staff, lejre_staff
):
    response = ask(
        representative_client,
        enterprise=enterprise.pk,
        needs=[area("koekken-og-produktion").pk, area("ledelse").pk],
        goals="  Faste rutiner i køkkenet.\r\n  ",
        description="Vi er i opstartsfasen.",
    )

    assert response.status_code == 302
    assert response["Location"] == "/mentorer/restaurant-mumm/"
    mentor_request = MentorRequest.objects.get()
    assert (mentor_request.mentee_user, mentor_request.enterprise, mentor_request.wanted_offer) == (
        representative,
        enterprise,
        offer,
    )
    # The request belongs to the enterprise's municipality, where its contact persons broker it.
    assert mentor_request.municipality == enterprise.home_municipality
    assert {a.slug for a in mentor_request.needs.all()} == {"koekken-og-produktion", "ledelse"}
    assert mentor_request.goals == "Faste rutiner i køkkenet."
    assert mentor_request.description == "Vi er i opstartsfasen."
    match = Match.objects.get()
    assert (match.offer, match.status, match.origin) == (offer, Match.Status.PROPOSED, Match.Origin.MENTEE)
    assert match.answer_due == datetime.date(2026, 12, 9)
    # The mentor's mail and the contact persons' wait in the outbox (its delivery is tested with
    # the mails themselves).
    recipients = set(Notification.objects.values_list("recipient_email", flat=True))
    assert offer.mentor.email in recipients
    assert "kontakt@lejre.dk" in recipients

    page = representative_client.get(response["Location"])
    assert "Jonas Bæk har fået din forespørgsel og svarer inden for 5 arbejdsdage." in page.text
    assert "Du har spurgt Jonas Bæk." in page.text
    assert 'href="/konto/mentorer/"' in page.text


def test_a_person_without_an_enterprise_asks_without_choosing_one(client, offer):
    person = make_user(username="ivaerksaetter", email="ny@example.dk", first_name="Nina")
    client.force_login(person)
    assert "enterprise" not in client.get(URL).context["form"].fields

    response = ask(client, enterprise="999")

    assert response.status_code == 302
    mentor_request = MentorRequest.objects.get()
    assert mentor_request.enterprise is None
    # Without an enterprise, the mentor's reviewing municipality brokers the request.
    assert mentor_request.municipality == offer.municipality


def test_the_enterprise_is_required_for_a_representative(representative_client, offer, enterprise):
    response = ask(representative_client)

    assert response.status_code == 400
    assert "Ret venligst følgende" in response.text
    assert not MentorRequest.objects.exists()


def test_someone_else_s_enterprise_is_refused(representative_client, offer, enterprise, roskilde):
    other = make_enterprise(name="Andet Værksted", home_municipality=roskilde, representatives=[make_user()])

    response = ask(representative_client, enterprise=other.pk)

    assert response.status_code == 400
    assert f"»{other.pk}« er ikke et af valgene. Vælg et fra listen." in response.text
    assert not MentorRequest.objects.exists() and not Match.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"goals": ""}, "Skriv, hvad du gerne vil nå med en mentor."),
        ({"goals": "   \n "}, "Skriv, hvad du gerne vil nå med en mentor."),
        ({"needs": []}, "Vælg mindst ét område, du har brug for hjælp til."),
        ({"needs": ["99999"]}, "er ikke et af valgene. Vælg et fra listen."),
        ({"needs": ["ledelse"]}, "er ikke et af valgene. Vælg et fra listen."),
        ({"enterprise": "x"}, "er ikke et af valgene. Vælg et fra listen."),
        ({"goals": "x" * 2001}, "Skriv højst 2000 tegn; du har skrevet 2001."),
    ],
)
def test_bad_input_is_put_into_words_and_saves_nothing(representative_client, offer, enterprise, data, error):
    response = ask(representative_client, **{"enterprise": enterprise.pk, **data})

    assert response.status_code == 400
    assert error in response.text
    assert not MentorRequest.objects.exists() and not Match.objects.exists()


def test_asking_a_paused_mentor_is_refused_with_the_service_s_reason(
    representative_client, offer, enterprise
):
    MentorOffer.objects.filter(pk=offer.pk).update(paused=True, paused_until=datetime.date(2027, 3, 1))
    get = representative_client.get(URL)
    assert "Mentoren tager ikke nye mentees før 1. marts 2027." in get.text
    assert (
        "<form" not in get.text.split('id="main"')[-1].split("</main>")[0] or 'name="goals"' not in get.text
    )

    response = ask(representative_client, enterprise=enterprise.pk)

    assert response.status_code == 400
    assert danish("The mentor has paused their offer.") in response.text
    assert not MentorRequest.objects.exists() and not Match.objects.exists()


def test_asking_a_full_mentor_is_refused(representative_client, offer, enterprise):
    make_match(offer=offer, status=Match.Status.ACTIVE)

    response = ask(representative_client, enterprise=enterprise.pk)

    assert response.status_code == 400
    assert danish("The mentor has no free place.") in response.text
    assert MentorRequest.objects.count() == 1  # only the other mentee's
    assert Match.objects.count() == 1


def test_a_second_ask_while_the_first_goes_on_is_refused(representative_client, offer, enterprise):
    MentorOffer.objects.filter(pk=offer.pk).update(capacity=3)
    assert ask(representative_client, enterprise=enterprise.pk).status_code == 302

    response = ask(representative_client, enterprise=enterprise.pk)

    assert response.status_code == 400
    assert danish("This mentor and mentee already have a match going on.") in response.text
    assert MentorRequest.objects.count() == 1 and Match.objects.count() == 1


def test_the_mentor_cannot_ask_for_themselves(client, offer):
    client.force_login(offer.mentor)

    response = ask(client)

    assert response.status_code == 400
    assert "Det er dit eget tilbud: Du kan ikke være din egen mentor." in response.text
    assert not MentorRequest.objects.exists()


def test_an_unpublished_offer_cannot_be_asked_for_even_by_its_reviewing_staff(client, offer, roskilde_staff):
    MentorOffer.objects.filter(pk=offer.pk).update(status=MentorOffer.Status.PENDING)
    client.force_login(roskilde_staff)

    assert client.get(URL).status_code == 404
    assert ask(client).status_code == 404
    assert not MentorRequest.objects.exists()


def test_staff_of_any_municipality_ask_as_anyone_does(client, offer, lejre_staff):
    client.force_login(lejre_staff)

    assert ask(client).status_code == 302
    assert MentorRequest.objects.get().mentee_user == lejre_staff


def test_asks_are_rate_limited_per_account_and_mistakes_cost_no_try(
    representative_client, offer, enterprise, settings, roskilde
):
    settings.MENTOR_ASK_LIMIT_PER_HOUR = 2
    others = [make_offer(municipality=roskilde, expertise=["ledelse"]) for _n in range(3)]
    assert ask(representative_client, goals="").status_code == 400  # a mistake: given back
    for other in others[:2]:
        response = representative_client.post(
            f"/mentorer/{other.slug}/spoerg/",
            {"enterprise": enterprise.pk, "needs": [area("ledelse").pk], "goals": "Ledelse."},
        )
        assert response.status_code == 302

    response = representative_client.post(
        f"/mentorer/{others[2].slug}/spoerg/",
        {"enterprise": enterprise.pk, "needs": [area("ledelse").pk], "goals": "Ledelse."},
    )

    assert response.status_code == 429
    assert "too_many.html" in [template.name for template in response.templates]
    assert '<a class="back-link" href="/mentorer/">Mentorer</a>' in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Match.objects.count() == 2


def test_the_ask_page_works_in_english_under_en(representative_client, offer, enterprise):
    response = representative_client.get(f"/en{URL}")

    assert response.status_code == 200
    assert "Ask for Jonas Bæk as your mentor" in response.text

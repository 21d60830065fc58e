"""A mentee asks for a mentor at /konto/mentorer/anmodning/ny/: the request carries the account's
name, address and language, the enterprise's home municipality and sector, and waits in the
contact persons' list; bad input is a form error and nothing is saved; a named rate limit."""

import pytest

from mentoring.models import MentorRequest
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise
from tests.mentoring.factories import area

pytestmark = pytest.mark.django_db

NEW = "/konto/mentorer/anmodning/ny/"


@pytest.fixture
def mentee(db):
    return make_user(first_name="Ida", last_name="Insp", email="ida@insp.dk", language="en")


@pytest.fixture
def mentee_client(client, mentee):
    client.force_login(mentee)
    return client


def data(**kwargs):
    return {"needs": [area("menu-og-sortiment").pk], "goals": "En bæredygtig menu", **kwargs}


def test_a_request_on_behalf_of_an_enterprise_takes_its_municipality_and_sector(mentee_client, mentee, lejre):
    enterprise = make_enterprise(home_municipality=lejre, representatives=[mentee], sector="food")

    response = mentee_client.post(NEW, data(enterprise=enterprise.pk), follow=True)

    mentor_request = MentorRequest.objects.get()
    assert (mentor_request.municipality, mentor_request.enterprise, mentor_request.sector) == (
        lejre,
        enterprise,
        "food",
    )
    assert (mentor_request.mentee_user, mentor_request.mentee_name, mentor_request.mentee_email) == (
        mentee,
        "Ida Insp",
        "ida@insp.dk",
    )
    assert (mentor_request.language, mentor_request.status, mentor_request.created_by) == (
        "en",
        "open",
        mentee,
    )
    assert list(mentor_request.needs.values_list("slug", flat=True)) == ["menu-og-sortiment"]
    assert "Tak. Lejre finder en mentor til dig" in response.content.decode()
    assert MentorRequest.objects.waiting().get() == mentor_request


def test_without_an_enterprise_the_municipality_is_chosen(mentee_client, roskilde):
    mentee_client.post(NEW, data(municipality=roskilde.pk, sector="it"))

    mentor_request = MentorRequest.objects.get()
    assert (mentor_request.municipality, mentor_request.enterprise, mentor_request.sector) == (
        roskilde,
        None,
        "it",
    )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"municipality": ""}, "Vælg den kommune, hvor du driver din virksomhed."),
        ({"needs": []}, "Sæt kryds ved mindst én ting, du har brug for hjælp til."),
        ({"goals": ""}, "Skriv de mål, du gerne vil nå med en mentor."),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(mentee_client, lejre, fields, error):
    response = mentee_client.post(NEW, {**data(municipality=lejre.pk), **fields})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_another_s_enterprise_cannot_be_chosen(mentee_client, lejre):
    other = make_enterprise(home_municipality=lejre)

    assert mentee_client.post(NEW, data(enterprise=other.pk)).status_code == 400
    assert not MentorRequest.objects.exists()


def test_requests_are_limited_per_account_and_a_mistake_costs_no_try(mentee_client, lejre, settings):
    settings.MENTOR_REQUEST_LIMIT_PER_HOUR = 1

    assert mentee_client.post(NEW, data(goals="")).status_code == 400
    assert mentee_client.post(NEW, data(municipality=lejre.pk)).status_code == 302
    response = mentee_client.post(NEW, data(municipality=lejre.pk))

    assert response.status_code == 429
    assert "Vent venligst lidt" in response.content.decode()
    assert MentorRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["lejre_staff", "roskilde_staff"])
def test_staff_see_the_form_as_anyone_with_an_account(client, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(NEW).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client, lejre):
    assert client.get(NEW).status_code == 302
    assert client.post(NEW, data(municipality=lejre.pk)).status_code == 302
    assert not MentorRequest.objects.exists()


def test_someone_without_an_enterprise_is_not_offered_an_empty_choice_and_must_give_the_municipality(
    mentee_client, mentee, lejre
):
    form = mentee_client.get(NEW).context["form"]
    assert "enterprise" not in form.fields
    assert form.fields["municipality"].required

    make_enterprise(home_municipality=lejre, representatives=[mentee])
    form = mentee_client.get(NEW).context["form"]
    assert "enterprise" in form.fields
    assert not form.fields["municipality"].required

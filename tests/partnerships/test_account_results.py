"""A representative reports a quarter's result from /konto/partnerskaber/: unconfirmed until
staff confirm it; bad input is a form error and nothing is saved; only their own enterprises'
active agreements; a named rate limit."""

import pytest

from partnerships.models import Agreement, Result
from tests.enterprises.factories import make_enterprise
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = pytest.mark.django_db

LIST = "/konto/partnerskaber/"


@pytest.fixture
def agreement(lejre, representative):
    enterprise = make_enterprise(home_municipality=lejre, representatives=[representative])
    return make_agreement(municipality=lejre, title="Landsbyservice", enterprises=[enterprise])


@pytest.fixture
def commitment(agreement):
    return make_commitment(agreement, target=30)


@pytest.fixture
def rep_client(client, representative):
    client.force_login(representative)
    return client


def url(agreement):
    return f"/konto/partnerskaber/{agreement.pk}/"


def data(commitment, **kwargs):
    return {"commitment": commitment.pk, "year": 2026, "quarter": 2, "count": 4, "note": "", **kwargs}


def test_the_list_shows_the_active_agreements_of_the_representative_s_enterprises(
    rep_client, agreement, lejre
):
    make_agreement(municipality=lejre, title="Andres aftale", enterprises=[make_enterprise()])
    draft = make_agreement(municipality=lejre, title="Kladde", state=Agreement.State.DRAFT)
    draft.parties.create(enterprise=agreement.parties.get().enterprise)

    response = rep_client.get(LIST)

    assert response.status_code == 200
    assert [a.title for a in response.context["agreements"]] == ["Landsbyservice"]


def test_a_reported_result_waits_for_the_municipality_s_confirmation(rep_client, commitment, representative):
    response = rep_client.post(url(commitment.agreement), data(commitment))

    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.year, result.quarter, result.count) == (2026, 2, 4)
    assert result.by_representative and result.reported_by == representative
    assert result.confirmed_at is None
    assert result not in Result.objects.confirmed()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 2025, "quarter": 4}, "quarter"),  # before the agreement's start
        ({"year": 2028, "quarter": 1}, "quarter"),  # after its end
        ({"count": -1}, "count"),
        ({"count": "mange"}, "count"),
        ({"quarter": 5}, "quarter"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(rep_client, commitment, changes, field):
    response = rep_client.post(url(commitment.agreement), data(commitment, **changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Result.objects.exists()


def test_a_quarter_is_reported_once(rep_client, commitment):
    make_result(commitment, year=2026, quarter=2, count=1)

    response = rep_client.post(url(commitment.agreement), data(commitment))

    assert response.status_code == 400
    assert "quarter" in response.context["form"].errors
    assert Result.objects.get().count == 1


def test_another_agreement_or_commitment_is_out_of_reach(rep_client, commitment, lejre):
    other = make_agreement(municipality=lejre, enterprises=[make_enterprise()])
    other_commitment = make_commitment(other)

    assert rep_client.get(url(other)).status_code == 404
    assert rep_client.post(url(other), data(other_commitment)).status_code == 404
    response = rep_client.post(url(commitment.agreement), data(other_commitment))
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_the_pages_need_a_log_in(client, commitment):
    assert client.get(LIST).status_code == 302
    assert client.post(url(commitment.agreement), data(commitment)).status_code == 302
    assert not Result.objects.exists()


def test_reports_are_rate_limited(rep_client, commitment, settings):
    settings.RESULT_REPORT_LIMIT_PER_HOUR = 1
    assert rep_client.post(url(commitment.agreement), data(commitment)).status_code == 302
    response = rep_client.post(url(commitment.agreement), data(commitment, quarter=3))
    assert response.status_code == 429
    assert Result.objects.count() == 1


def test_the_account_home_links_the_page(rep_client, agreement):
    assert 'href="/konto/partnerskaber/"' in rep_client.get("/konto/").text

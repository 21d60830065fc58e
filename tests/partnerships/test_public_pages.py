"""The public list at /partnerskaber/ and an agreement's page: only published agreements, the
honest wording of the results, links to published enterprise profiles, /en/, and a fixed number
of queries."""

import pytest

from enterprises.models import Enterprise
from partnerships.models import Agreement, Organisation, Party
from tests.conftest import make_municipality
from tests.enterprises.factories import make_enterprise, make_target_group
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = pytest.mark.django_db

URL = "/partnerskaber/"


def titles(response):
    return [agreement.title for agreement in response.context["agreements"]]


def test_the_list_shows_published_agreements_never_drafts_or_unpublished_ones(client, lejre):
    make_agreement(municipality=lejre, title="Landsbyservice")
    make_agreement(
        municipality=lejre, title="Kladde", state=Agreement.State.DRAFT, status=Agreement.Status.DRAFT
    )
    make_agreement(municipality=lejre, title="Til gennemsyn", status=Agreement.Status.PENDING)
    make_agreement(municipality=lejre, title="Skjult", status=Agreement.Status.HIDDEN)

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Landsbyservice"]
    assert "Kladde" not in response.text and "Til gennemsyn" not in response.text


def test_a_row_says_kind_municipality_parties_period_and_state(client, lejre):
    enterprise = make_enterprise(home_municipality=lejre, name="Café Kornet")
    agreement = make_agreement(municipality=lejre, title="Kantine", enterprises=[enterprise])
    Party.objects.create(
        agreement=agreement,
        organisation=Organisation.objects.create(municipality=lejre, name="Jobcenter Lejre"),
    )

    text = client.get(URL).text

    assert "Lejre Kommune" in text
    assert "Partnerskabsaftale" in text or "Partnership agreement" in text
    assert "Café Kornet, Jobcenter Lejre" in text
    assert "2026" in text and "2027" in text
    assert "Aktiv" in text or "Active" in text


def test_the_list_filters_by_municipality_and_words_a_bad_value(client, lejre, roskilde):
    make_agreement(municipality=lejre, title="I Lejre")
    make_agreement(municipality=roskilde, title="I Roskilde")

    assert titles(client.get(URL, {"kommune": "roskilde"})) == ["I Roskilde"]
    response = client.get(URL, {"kommune": "atlantis"})
    assert sorted(titles(response)) == ["I Lejre", "I Roskilde"]
    assert "atlantis" in response.text


def test_the_main_navigation_links_the_list(client, lejre):
    response = client.get("/")
    assert 'href="/partnerskaber/"' in response.text


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    municipality = make_municipality()
    for _n in range(2):
        make_agreement(
            municipality=municipality, enterprises=[make_enterprise(home_municipality=municipality)]
        )
    with django_assert_num_queries(4):  # the filter's municipalities, the count, the page, the parties
        client.get(URL)
    for _n in range(8):
        make_agreement(municipality=make_municipality(), enterprises=[make_enterprise(), make_enterprise()])
    with django_assert_num_queries(4):
        client.get(URL)


def test_the_agreement_page_shows_purpose_tasks_parties_period_and_results_honestly(client, lejre):
    published = make_enterprise(home_municipality=lejre, name="Grønt Værksted")
    hidden = make_enterprise(home_municipality=lejre, name="Skjult Aps", status=Enterprise.Status.HIDDEN)
    agreement = make_agreement(
        municipality=lejre,
        title="Flere fleksjob",
        purpose="Flere i job.",
        tasks="Virksomheden ansætter.",
        enterprises=[published, hidden],
    )
    group = make_target_group(name="Ledige på kanten")
    commitment = make_commitment(
        agreement, target=30, target_group=group, deadweight_percent=20, attribution_percent=25
    )
    make_result(commitment, quarter=1, count=4)
    make_result(commitment, quarter=2, count=6)
    make_result(commitment, quarter=3, count=50, confirmed=False)

    response = client.get(agreement.get_absolute_url())
    text = response.text

    assert response.status_code == 200
    assert "Flere i job." in text and "Virksomheden ansætter." in text
    assert f'href="{published.get_absolute_url()}"' in text
    assert "Skjult Aps" in text and f'href="{hidden.get_absolute_url()}"' not in text
    assert "Ledige på kanten" in text
    [shown] = response.context["commitments"]
    # Only the confirmed quarters: 4 + 6, in 2026 K1–2026 K2; after 20 % deadweight and 25 %
    # attribution 10 × 0.8 × 0.75 = 6.
    assert shown.confirmed_count == 10
    assert shown.period == "2026 K1–2026 K2"
    assert shown.adjusted_count == 6.0
    assert "2026 K1–2026 K2" in text
    assert "20 %" in text and "25 %" in text


def test_a_draft_or_unpublished_agreement_has_no_page(client, lejre):
    draft = make_agreement(municipality=lejre, state=Agreement.State.DRAFT, status=Agreement.Status.DRAFT)
    pending = make_agreement(municipality=lejre, status=Agreement.Status.PENDING)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_the_signed_document_is_never_linked(client, lejre):
    agreement = make_agreement(municipality=lejre)
    Agreement.objects.filter(pk=agreement.pk).update(
        signed_document="agreements/1/secret", signed_document_name="aftale.pdf"
    )
    text = client.get(agreement.get_absolute_url()).text
    assert "aftale.pdf" not in text and "secret" not in text


def test_the_pages_work_in_english(client, lejre):
    agreement = make_agreement(municipality=lejre, title="Landsbyservice")
    response = client.get("/en/partnerskaber/")
    assert response.status_code == 200 and "Partnerships" in response.text
    response = client.get(f"/en/partnerskaber/{agreement.slug}/")
    assert response.status_code == 200 and "Purpose" in response.text


def test_the_agreement_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    small = make_agreement(enterprises=[make_enterprise()])
    make_result(make_commitment(small))
    large = make_agreement(enterprises=[make_enterprise() for n in range(4)])
    for kind in ("flexjob", "wage_subsidy", "small_jobs"):
        commitment = make_commitment(large, position_kind=kind)
        for quarter in (1, 2, 3, 4):
            make_result(commitment, quarter=quarter)
    for agreement in (small, large):
        with django_assert_num_queries(4):  # the agreement, parties, commitments, results
            client.get(agreement.get_absolute_url())

"""The impact overview: figures from confirmed results only, equal to the stored results; the
adjusted figure next to the reported one; the public version counts published agreements only;
the filters; the CSV; the staff version in the admin; a fixed number of queries."""

import csv
import io

import pytest
from django.test import RequestFactory

from partnerships import admin_overview, impact
from partnerships.models import Agreement, PositionKind, Result
from tests.conftest import make_municipality
from tests.enterprises.factories import make_target_group
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = pytest.mark.django_db

URL = "/partnerskaber/resultater/"
CSV_URL = "/partnerskaber/resultater.csv"


@pytest.fixture
def slagelse(db):
    return make_municipality(name="Slagelse", code="330", slug="slagelse")


@pytest.fixture
def task_force(slagelse):
    """Slagelse's task force: 30 flex jobs, confirmed quarter by quarter, one quarter waiting."""
    agreement = make_agreement(municipality=slagelse, title="Taskforce for 30 fleksjob")
    commitment = make_commitment(agreement, position_kind=PositionKind.FLEXJOB, target=30)
    for quarter, count in ((1, 3), (2, 5), (3, 4)):
        make_result(commitment, quarter=quarter, count=count)
    make_result(commitment, quarter=4, count=99, confirmed=False)
    return commitment


def by_kind(overview):
    return {figure.kind: figure for figure in overview.by_kind}


def test_the_figures_are_the_sum_of_the_confirmed_results(task_force):
    figures = impact.overview(impact.public_agreements())
    figure = by_kind(figures)[PositionKind.FLEXJOB]

    confirmed = sum(r.count for r in Result.objects.confirmed())
    assert figure.count == confirmed == 12
    assert figure.target == 30
    assert figure.percent == 40
    assert figure.period == "2026 K1–2026 K3"
    assert figure.results == 3
    assert [(f.quarter, f.count) for f in figures.by_quarter] == [
        ((2026, 1), 3),
        ((2026, 2), 5),
        ((2026, 3), 4),
    ]


def test_the_public_overview_counts_published_agreements_only(task_force, slagelse):
    hidden = make_agreement(municipality=slagelse, status=Agreement.Status.PENDING)
    make_result(make_commitment(hidden, target=100), count=50)

    figure = by_kind(impact.overview(impact.public_agreements()))[PositionKind.FLEXJOB]

    assert (figure.count, figure.target) == (12, 30)


def test_deadweight_and_attribution_show_both_the_reported_and_the_adjusted_count(client, slagelse):
    agreement = make_agreement(municipality=slagelse)
    commitment = make_commitment(
        agreement,
        position_kind=PositionKind.WAGE_SUBSIDY,
        target=20,
        deadweight_percent=50,
        attribution_percent=20,
    )
    make_result(commitment, count=10)

    figure = by_kind(impact.overview(impact.public_agreements()))[PositionKind.WAGE_SUBSIDY]
    assert figure.count == 10
    assert figure.has_adjustment
    assert figure.adjusted_rounded == 4.0  # 10 × 0.5 × 0.8

    text = client.get(URL).text
    assert "Positions in confirmed results" in text or "Stillinger i bekræftede resultater" in text
    assert "would have happened anyway" in text or "hvad der alligevel ville være sket" in text
    assert ">10<" in text and ">4.0<" in text or ">4,0<" in text


def test_the_page_is_a_table_with_the_same_numbers_as_the_bars(client, task_force):
    response = client.get(URL)
    text = response.text

    assert response.status_code == 200
    assert "<table" in text and 'aria-hidden="true"' in text
    assert 'class="impact-bar impact-bar-count bar-w-40"' in text  # 12 of 30
    assert 'class="impact-bar impact-bar-target bar-w-100"' in text
    assert "2026 K1–2026 K3" in text
    assert "style=" not in text


def test_bar_classes_come_in_steps_of_five():
    assert impact.bar_class(0, 30) == "bar-w-0"
    assert impact.bar_class(1, 100) == "bar-w-5"
    assert impact.bar_class(12, 30) == "bar-w-40"
    assert impact.bar_class(31, 30) == "bar-w-100"


def test_the_overview_by_municipality_and_target_group(client, task_force, lejre):
    group = make_target_group(name="Unge under 30")
    other = make_agreement(municipality=lejre)
    make_result(make_commitment(other, target=10, target_group=group), count=2)

    figures = impact.overview(impact.public_agreements())

    assert [(f.municipality, f.count, f.target) for f in figures.by_municipality] == [
        ("Lejre Kommune", 2, 10),
        ("Slagelse Kommune", 12, 30),
    ]
    assert [(f.group, f.count) for f in figures.by_group] == [("Unge under 30", 2), ("", 12)]
    assert "Lejre Kommune" in client.get(URL).text


def test_the_filters_by_municipality_and_year(client, task_force, lejre):
    other = make_agreement(municipality=lejre)
    make_result(make_commitment(other, target=10), count=2, year=2027)

    figure = by_kind(client.get(URL, {"kommune": "slagelse"}).context["overview"])[PositionKind.FLEXJOB]
    assert figure.count == 12
    figure = by_kind(client.get(URL, {"aar": "2027"}).context["overview"])[PositionKind.FLEXJOB]
    assert figure.count == 2
    response = client.get(URL, {"aar": "1999"})
    assert response.status_code == 200 and "1999" in response.text


def test_the_csv_has_the_same_figures_formula_escaped(client, task_force, slagelse):
    agreement = make_agreement(municipality=slagelse)
    make_result(
        make_commitment(agreement, target=5, target_group=make_target_group(name="=HYPERLINK(1)")), count=1
    )

    response = client.get(CSV_URL)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, *body = rows
    assert len(header) == len(impact.CSV_COLUMNS)
    totals = [row for row in body if row[0] in ("All", "Alle")]
    assert [row[5:7] for row in totals] == [["35", "13"]]
    assert any(row[3] == "'=HYPERLINK(1)" for row in body)


def test_the_public_overview_runs_a_fixed_number_of_queries(client, django_assert_num_queries, slagelse):
    make_result(make_commitment(make_agreement(municipality=slagelse)))
    with django_assert_num_queries(
        5
    ):  # the years, the filter's municipalities, targets, results, + the chosen
        client.get(URL, {"kommune": "slagelse"})
    for _n in range(5):
        agreement = make_agreement(municipality=make_municipality())
        for kind in (PositionKind.FLEXJOB, PositionKind.SMALL_JOBS):
            commitment = make_commitment(agreement, position_kind=kind)
            for quarter in (1, 2, 3, 4):
                make_result(commitment, quarter=quarter)
    with django_assert_num_queries(5):
        client.get(URL, {"kommune": "slagelse"})


# --- The staff's overview ----------------------------------------------------------------------


def staff_get(user, **params):
    request = RequestFactory().get("/admin/partnerships/overview/", params)
    request.user = user
    request.session = {}
    response = admin_overview.overview_view(request)
    response.render()
    return response


def test_the_staff_overview_includes_unpublished_agreements_of_their_municipality_only(
    lejre, lejre_staff, roskilde
):
    unpublished = make_agreement(municipality=lejre, status=Agreement.Status.PENDING)
    make_result(make_commitment(unpublished, target=8), count=3)
    theirs = make_agreement(municipality=roskilde)
    make_result(make_commitment(theirs, target=50), count=40)

    response = staff_get(lejre_staff)

    figure = by_kind(response.context_data["overview"])[PositionKind.FLEXJOB]
    assert (figure.count, figure.target) == (3, 8)
    assert "Roskilde" not in response.rendered_content


def test_the_staff_overview_needs_the_view_permission(lejre):
    from django.core.exceptions import PermissionDenied

    from tests.conftest import make_user

    user = make_user(username="x", email="x@x.dk", is_staff=True, municipality=lejre)
    with pytest.raises(PermissionDenied):
        staff_get(user)


def test_the_staff_overview_runs_a_fixed_number_of_queries(lejre, lejre_staff, django_assert_num_queries):
    make_result(make_commitment(make_agreement(municipality=lejre)))
    staff_get(lejre_staff)  # the permission and municipality caches
    with django_assert_num_queries(4):  # the years, the municipality, targets, results
        staff_get(lejre_staff)
    for _n in range(5):
        agreement = make_agreement(municipality=lejre, status=Agreement.Status.DRAFT)
        commitment = make_commitment(agreement)
        for quarter in (1, 2, 3, 4):
            make_result(commitment, quarter=quarter)
    with django_assert_num_queries(4):
        staff_get(lejre_staff)


def test_the_staff_overview_is_in_the_admin(client, lejre, lejre_staff, roskilde_staff):
    unpublished = make_agreement(municipality=lejre, status=Agreement.Status.PENDING)
    make_result(make_commitment(unpublished, target=8), count=3)

    client.force_login(lejre_staff)
    response = client.get("/admin/partnerships/agreement/overview/")
    assert response.status_code == 200
    assert by_kind(response.context["overview"])[PositionKind.FLEXJOB].count == 3

    client.force_login(roskilde_staff)
    response = client.get("/admin/partnerships/agreement/overview/")
    assert response.status_code == 200
    assert response.context["overview"].by_kind == []


def test_the_admin_index_links_the_overview(client, lejre_staff):
    client.force_login(lejre_staff)
    assert 'href="/admin/partnerships/agreement/overview/"' in client.get("/admin/").text

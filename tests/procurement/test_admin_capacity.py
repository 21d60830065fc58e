"""How many published enterprises in the registry could bid on each lot, per home municipality and
classification (seed 002: smaller contracts), in a fixed number of queries, on the notice's page."""

import pytest

from enterprises.models import Enterprise
from procurement import capacity
from tests.enterprises.factories import make_category, make_enterprise
from tests.procurement.admin_helpers import change_url
from tests.procurement.factories import make_lot, make_notice

pytestmark = pytest.mark.django_db

SOCIAL, OTHER, NOT_ASSESSED = (
    Enterprise.Classification.SOCIAL_ECONOMY,
    Enterprise.Classification.OTHER_ACTOR,
    Enterprise.Classification.NOT_ASSESSED,
)


def _enterprise(home, services, classification, **kwargs):
    return make_enterprise(
        home_municipality=home,
        services=services,
        classification_override=classification,
        classification_override_reason="Vurderet af kommunen.",
        **kwargs,
    )


@pytest.fixture
def categories(db):
    return {
        "cleaning": make_category(slug="rengoering", name="Rengøring"),
        "catering": make_category(slug="kantine", name="Kantine"),
        "packing": make_category(slug="pakning", name="Pakning"),
    }


def table(result):
    """{lot title: {municipality: [social, other, not assessed, total]}, serving} per capacity."""
    return {
        (item.lot.title if item.lot else None): (
            {row.municipality: [*row.cells, row.total] for row in item.rows},
            item.serving,
        )
        for item in result
    }


def test_the_enterprises_that_could_bid_per_lot_municipality_and_classification(lejre, roskilde, categories):
    cleaning, catering, packing = categories["cleaning"], categories["catering"], categories["packing"]
    notice = make_notice(municipality=lejre)
    make_lot(notice, number=1, title="Rengøring", categories=[cleaning])
    make_lot(notice, number=2, title="Kantine og rengøring", categories=[catering, cleaning])
    make_lot(notice, number=3, title="Pakning", categories=[packing])
    make_lot(notice, number=4, title="Uden kategorier")
    _enterprise(lejre, [cleaning], SOCIAL)
    _enterprise(lejre, [cleaning, catering], SOCIAL)  # both categories of lot 2: counted once
    _enterprise(lejre, [catering], OTHER)
    _enterprise(roskilde, [cleaning], NOT_ASSESSED, serves=[lejre])
    _enterprise(roskilde, [cleaning], SOCIAL)  # neither lives in nor serves Lejre
    _enterprise(lejre, [cleaning], SOCIAL, status=Enterprise.Status.PENDING)  # not published
    _enterprise(lejre, [packing], SOCIAL, status=Enterprise.Status.HIDDEN)

    result = capacity.for_notice(notice)

    assert table(result) == {
        "Rengøring": ({"Lejre": [2, 0, 0, 2], "Roskilde": [1, 0, 1, 2]}, 3),
        "Kantine og rengøring": ({"Lejre": [2, 1, 0, 3], "Roskilde": [1, 0, 1, 2]}, 4),
        "Pakning": ({}, 0),
        "Uden kategorier": ({}, 0),
    }
    assert [(item.total, item.totals, item.has_categories) for item in result] == [
        (4, [3, 0, 1], True),
        (5, [3, 1, 1], True),
        (0, [0, 0, 0], True),
        (0, [0, 0, 0], False),
    ]


def test_a_notice_without_lots_is_counted_on_its_own_categories(lejre, categories):
    notice = make_notice(municipality=lejre, categories=[categories["packing"]])
    _enterprise(lejre, [categories["packing"]], OTHER)

    assert table(capacity.for_notice(notice)) == {None: ({"Lejre": [0, 1, 0, 1]}, 1)}


@pytest.mark.parametrize("lots", [1, 8])
def test_the_counts_take_two_queries_whatever_the_number_of_lots(
    lejre, categories, django_assert_num_queries, lots
):
    notice = make_notice(municipality=lejre)
    for number in range(1, lots + 1):
        make_lot(notice, number=number, categories=[categories["cleaning"], categories["catering"]])
    for _ in range(lots):
        _enterprise(lejre, [categories["cleaning"]], SOCIAL)

    with django_assert_num_queries(2):  # the lots, the counts
        result = capacity.for_notice(notice)

    assert [item.total for item in result] == [lots] * lots


def test_the_notice_s_page_shows_a_table_per_lot(client, lejre_staff, lejre, categories):
    notice = make_notice(municipality=lejre)
    make_lot(notice, title="Rengøring af skolerne", categories=[categories["cleaning"]])
    _enterprise(lejre, [categories["cleaning"]], SOCIAL)
    client.force_login(lejre_staff)

    page = client.get(change_url(notice)).text

    assert "Rengøring af skolerne</h3>" in page
    assert "1 virksomhed tilbyder mindst én af kategorierne; 1 af dem arbejder i Lejre Kommune." in page

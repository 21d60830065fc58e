"""enterprises.search: the free-text search, the filters read from GET, the facet counts, the indexes."""

import pytest
from django.db import connection
from django.http import QueryDict

from enterprises.models import Enterprise
from enterprises.search import (
    MAX_QUERY_LENGTH,
    DirectoryFilters,
    _matching_fallback,
    clean_query,
    facet_counts,
    search,
)
from tests.conftest import requires_postgres
from tests.enterprises.factories import make_category, make_enterprise

pytestmark = pytest.mark.django_db


def found(q, queryset=None):
    queryset = Enterprise.objects.published() if queryset is None else queryset
    return sorted(enterprise.name for enterprise in search(queryset, q))


@pytest.fixture
def enterprises(roskilde):
    recycling = make_category("genbrug-test", "Genanvendelse af emballage")
    return [
        make_enterprise(
            name="Specialisterne", summary="IT-konsulenter med autisme.", home_municipality=roskilde
        ),
        make_enterprise(
            name="Musholm",
            summary="Ferie- og konferencecenter.",
            home_municipality=roskilde,
            services=[recycling],
        ),
        make_enterprise(name="Blindes Arbejde", summary="Børster og kurve.", home_municipality=roskilde),
        make_enterprise(
            name="Specialisterne Kladde", summary="Et udkast.", home_municipality=roskilde, status="draft"
        ),
    ]


def test_an_empty_query_returns_everything_given(enterprises):
    assert found("") == ["Blindes Arbejde", "Musholm", "Specialisterne"]
    assert found("   ") == found(None) == found("")


def test_it_searches_name_summary_and_the_rest_of_the_profile(enterprises):
    assert found("musholm") == ["Musholm"]
    assert found("børster") == ["Blindes Arbejde"]
    assert found("emballage") == ["Musholm"]  # a service's name, through search_document


def test_it_searches_only_within_the_queryset_it_is_given(enterprises):
    assert found("Specialisterne") == ["Specialisterne"]
    assert found("Specialisterne", Enterprise.objects.all()) == ["Specialisterne", "Specialisterne Kladde"]


def test_every_word_must_match(enterprises):
    assert found("blindes kurve") == ["Blindes Arbejde"]
    assert found("blindes autisme") == []


def test_the_fallback_for_other_databases_does_not_forgive_misspellings(enterprises):
    # Called directly, so that it runs on PostgreSQL (in CI) as well as on SQLite.
    def fallback(q):
        return sorted(e.name for e in _matching_fallback(Enterprise.objects.published(), q))

    assert fallback("Specalisterne") == []
    assert fallback("SPECIALISTERNE") == ["Specialisterne"]


@requires_postgres
def test_on_postgresql_a_misspelling_still_finds_the_name(enterprises):
    assert found("Specalisterne") == ["Specialisterne"]
    assert found("blinds arbejde") == ["Blindes Arbejde"]
    assert found("muhsolm") == []  # too unlike: no trigram similarity, no stem


@requires_postgres
def test_on_postgresql_websearch_syntax_works(enterprises):
    assert found('"blindes arbejde"') == ["Blindes Arbejde"]
    assert found("musholm or blindes") == ["Blindes Arbejde", "Musholm"]
    assert found("konferencecenter -musholm") == []


@requires_postgres
def test_on_postgresql_results_carry_a_rank(enterprises):
    ranked = search(Enterprise.objects.published(), "specialisterne").order_by("-rank")

    assert ranked[0].name == "Specialisterne"
    assert ranked[0].rank > 0


@pytest.mark.parametrize(
    "q",
    [
        "'",
        '"',
        '""""',
        "\\",
        "a:* & !b",
        "(((",
        "1; SELECT pg_sleep(10); --",
        "' UNION SELECT password FROM portal_user --",
        "%",
        "_",
        "or or or",
        "-x -y",
        "\x00nul\x00",
        "\x1b[31m",
        "ø" * 10_000,
    ],
)
def test_no_query_makes_it_fail(enterprises, q):
    results = list(search(Enterprise.objects.published(), q))

    assert all(enterprise.status == "published" for enterprise in results)


def test_a_query_is_cleaned_and_cut(db):
    assert clean_query("  a\x00b\tc\n  d  ") == "a b c d"
    assert len(clean_query("x" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


# --- Filters read from GET ------------------------------------------------------------------------


def test_filters_are_read_leniently_from_the_query_string():
    filters = DirectoryFilters.from_query(
        QueryDict(
            "q=+kaffe++bar&kommune=roskilde&kategori=a&kategori=b&kategori=a&kategori=&maalgruppe=c"
            "&sektor=food&rsv=1&klassifikation=other_actor&sorter=nyeste"
        )
    )

    assert filters == DirectoryFilters(
        q="kaffe bar",
        municipality="roskilde",
        categories=["a", "b"],
        target_groups=["c"],
        sector="food",
        rsv=True,
        classification="other_actor",
        sort="nyeste",
    )
    assert filters.active


def test_unknown_values_are_dropped_and_sorting_defaults_sensibly():
    plain = DirectoryFilters.from_query(QueryDict("sektor=moon&klassifikation=x&rsv=nej&sorter=relevans"))
    searching = DirectoryFilters.from_query(QueryDict("q=kaffe"))
    many = DirectoryFilters.from_query(QueryDict("&".join(f"kategori=k{n}" for n in range(500))))

    assert (plain.sector, plain.classification, plain.rsv, plain.sort) == ("", "", False, "navn")
    assert not plain.active
    assert searching.sort == "relevans"
    assert len(many.categories) == 30


def test_facet_counts_take_a_fixed_number_of_queries(enterprises, django_assert_num_queries):
    filters = DirectoryFilters.from_query(QueryDict("q=musholm&kategori=genbrug-test&sektor=food"))

    with django_assert_num_queries(8):
        facets = facet_counts(filters, Enterprise.objects.published())

    assert {option.value: option.count for option in facets["categories"]}["genbrug-test"] == 1
    assert facets["rsv"].count == 0


# --- The indexes of migration 0003 ----------------------------------------------------------------


@requires_postgres
def test_the_search_indexes_exist_and_the_planner_uses_them(enterprises):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'enterprises_enterprise'")
        indexes = {row[0] for row in cursor.fetchall()}
        # With a handful of rows a sequential scan is cheapest; forbid it to see what can be used.
        cursor.execute("SET LOCAL enable_seqscan = off")

    assert {"enterprises_name_trgm", "enterprises_document_fts"} <= indexes
    plan = search(Enterprise.objects.all(), "specalisterne").explain()
    assert "enterprises_document_fts" in plan
    assert "enterprises_name_trgm" in plan

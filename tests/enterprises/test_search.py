"""enterprises.search: the free-text search, the filters read from GET, the facet counts, the indexes."""

import pytest
from django.db import connection
from django.http import QueryDict

from enterprises.models import Enterprise
from enterprises.search import (
    MAX_QUERY_LENGTH,
    SQLITE_MATCH_SIMILARITY,
    DirectoryFilters,
    clean_query,
    closest_name,
    facet_counts,
    search,
    word_similarity,
)
from tests.conftest import make_municipality, requires_postgres
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


def test_accents_and_case_never_matter(enterprises, roskilde):
    make_enterprise(name="Café Eik", summary="Kaffe og kage i Roskilde.", home_municipality=roskilde)
    make_enterprise(name="Cafe Ny", summary="Frokost.", home_municipality=roskilde)

    assert found("cafe") == ["Cafe Ny", "Café Eik"]
    assert found("CAFÉ EIK") == ["Café Eik"]
    assert found("BØRSTER") == ["Blindes Arbejde"]  # SQLite's own LIKE folds ASCII letters only


def test_a_misspelt_name_is_found_on_every_database(enterprises):
    assert found("Specalisterne") == ["Specialisterne"]
    assert found("spcialisterne") == ["Specialisterne"]
    assert found("blinds arbejde") == ["Blindes Arbejde"]
    assert found("ubådsværft") == []


@requires_postgres
def test_on_postgresql_a_name_too_unlike_is_not_found(enterprises):
    assert found("muhsolm") == []  # too unlike: no trigram similarity, no stem


def test_the_sqlite_matcher_forgives_two_swapped_letters_in_seven_but_not_three_wrong():
    # The SQLite search matches a name whose word_similarity reaches this threshold; PostgreSQL's
    # trigrams are stricter (the test above), so the rule is checked on its own on either database.
    assert word_similarity("muhsolm", "Musholm") >= SQLITE_MATCH_SIMILARITY
    assert word_similarity("mxhxlm", "Musholm") < SQLITE_MATCH_SIMILARITY


def test_word_similarity_compares_the_query_with_the_closest_words_of_the_name():
    assert word_similarity("Specalisterne", "Specialisterne Kladde") == pytest.approx(26 / 27)
    assert word_similarity("blinds arbejde", "Det Blindes Arbejde") == pytest.approx(28 / 29)
    assert word_similarity("CAFE", "Café") == 1.0
    assert word_similarity("", "Café") == word_similarity("Café", "") == word_similarity(None, None) == 0.0


def test_an_empty_result_suggests_the_closest_published_name(enterprises):
    published = Enterprise.objects.published()

    assert found("Spesjalisterna") == []
    assert closest_name(published, "Spesjalisterna") == "Specialisterne"
    assert closest_name(published, "ubådsværft") is None
    assert closest_name(published, "") is None
    assert closest_name(published.exclude(name="Specialisterne"), "Spesjalisterna") is None  # not the draft


def test_names_sort_in_danish_alphabetical_order(roskilde):
    names = ["Aabenraa Kaffe", "Øko Have", "Zebra", "Ærø Cykler", "Åben Dør", "Andelen", "Über Ost", "Café"]
    for name in names:
        make_enterprise(name=name, home_municipality=roskilde)

    results = DirectoryFilters.from_query(QueryDict("sorter=navn")).results(Enterprise.objects.published())

    assert [enterprise.name for enterprise in results] == [
        "Andelen",
        "Café",
        "Über Ost",  # ü is y
        "Zebra",
        "Ærø Cykler",
        "Øko Have",
        "Åben Dør",
        "Aabenraa Kaffe",  # aa is å
    ]


def test_the_municipality_filter_lists_municipalities_in_danish_order(enterprises):
    for name in ["Aabenraa", "Ærø", "Zealand"]:
        make_municipality(name=name)

    facets = facet_counts(DirectoryFilters(), Enterprise.objects.published())

    assert [option.label for option in facets["municipalities"]][-3:] == ["Zealand", "Ærø", "Aabenraa"]


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

    # The three vocabularies, and one query for every count and the total.
    with django_assert_num_queries(4):
        facets = facet_counts(filters, Enterprise.objects.published())

    assert {option.value: option.count for option in facets["categories"]}["genbrug-test"] == 1
    assert facets["rsv"].count == 0
    assert facets["total"] == 1


def test_facet_counts_give_the_total_of_every_filter_at_once(enterprises):
    def total(query):
        return facet_counts(DirectoryFilters.from_query(QueryDict(query)), Enterprise.objects.published())[
            "total"
        ]

    assert total("") == 3
    assert total("kategori=genbrug-test") == 1
    assert total("q=musholm&kategori=genbrug-test&sektor=it") == 0


# --- The search indexes (migrations 0003 and 0007) -------------------------------------------------


@requires_postgres
def test_the_search_indexes_exist_and_the_planner_uses_them(enterprises):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'enterprises_enterprise'")
        indexes = {row[0] for row in cursor.fetchall()}
        # With a handful of rows a sequential scan is cheapest; forbid it to see what can be used.
        cursor.execute("SET LOCAL enable_seqscan = off")

    assert {"enterprises_name_trgm", "enterprises_search_vector"} <= indexes
    assert "enterprises_document_fts" not in indexes  # the old index on the computed vector
    plan = search(Enterprise.objects.all(), "specalisterne").explain()
    assert "enterprises_search_vector" in plan
    assert "enterprises_name_trgm" in plan


@requires_postgres
def test_the_stored_search_vector_follows_every_change_of_the_text(enterprises):
    musholm = enterprises[1]
    # An UPDATE that bypasses the model and services.refresh: the database recomputes the vector.
    Enterprise.objects.filter(pk=musholm.pk).update(
        summary="Vandrehjem ved Storebælt.", search_document="Musholm Vandrehjem ved Storebælt."
    )

    assert found("vandrehjem") == ["Musholm"]
    assert found("konferencecenter") == []


@requires_postgres
def test_the_directory_s_default_order_is_read_off_its_partial_index(enterprises):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    first_page = DirectoryFilters.from_query(QueryDict("")).results(Enterprise.objects.published())[:20]

    assert "enterprises_published_by_name" in first_page.explain()

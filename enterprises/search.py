"""Searching and filtering the public directory.

`search(queryset, q)` is the free-text search, forgiving on both databases: accents and case
never matter ("cafe" finds Café Eik) and a misspelt name is still found ("Specalisterne" finds
Specialisterne). On PostgreSQL it is full-text search with a Danish configuration that drops
accents first (`unaccent`, migration 0006) OR trigram word similarity on the name, ranked by both.
On SQLite (the embedded default) every word must appear in the folded text (kit.text.fold) OR
the name must be close to the query by difflib's measure; both run as SQL functions registered
on each SQLite connection (`register_sqlite_functions`), so the query count is the same as on
PostgreSQL. `closest_name` finds the name to suggest when nothing matched, and `by_name` sorts in
Danish alphabetical order (a collation of that name on both databases).
`DirectoryFilters` reads the directory's GET parameters once and applies them to any queryset of
enterprises (the list, the facet counts and the exports share it), and `facet_counts` counts
the options of every filter in a fixed number of queries.

The GIN indexes in migration 0003 are built on exactly the expressions used here; change one and
change the other.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Count, F, FloatField, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.db.models.lookups import Contains, GreaterThanOrEqual

from enterprises.models import Enterprise, ServiceCategory, TargetGroup
from kit.text import danish_sort_key, fold
from portal.models import Municipality

#: Longer queries are cut here: nobody types more, and it bounds the cost of a crafted one.
MAX_QUERY_LENGTH = 200
#: How many values of a multi-valued filter are read; the rest are ignored.
MAX_VALUES = 30

# The text search configuration and weights: the name counts most, then the summary, then the
# rest of the profile (description, social purpose, services; see services.refresh). The
# configuration is PostgreSQL's "danish" with `unaccent` before the stemmer (migration 0006).
CONFIG = "danish_unaccent"
#: Danish alphabetical order: an ICU collation on PostgreSQL (migration 0006), a Python one on SQLite.
COLLATION = "danish_order"

# On SQLite, how close (difflib's ratio, 0 to 1) the name must be to the query to match: 0.8 lets
# one wrong letter in five, or two swapped in seven, through. A suggestion may be further off.
# On PostgreSQL the match is pg_trgm's `%>` (word_similarity_threshold, 0.6) and the suggestion's
# floor is its plain similarity threshold (0.3); the two measures are not on the same scale.
SQLITE_MATCH_SIMILARITY = 0.8
SQLITE_SUGGEST_SIMILARITY = 0.6
POSTGRES_SUGGEST_SIMILARITY = 0.3
#: The most words of a name compared with the query on SQLite; the rest are ignored.
MAX_NAME_WORDS = 30


def search_vector():
    return (
        SearchVector("name", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("search_document", weight="C", config=CONFIG)
    )


def clean_query(q):
    """The query as searched: no control characters, single spaces, at most MAX_QUERY_LENGTH long."""
    q = re.sub(r"[\x00-\x1f\x7f]", " ", str(q or ""))
    return " ".join(q.split())[:MAX_QUERY_LENGTH].strip()


def matching(queryset, q):
    """Enterprises of `queryset` matching the free text `q`, without ranking (for counting).

    Any text is safe: it only ever reaches the database as a bound parameter, websearch syntax
    (quotes, OR, -) is parsed by PostgreSQL without errors, and it is cut to MAX_QUERY_LENGTH."""
    q = clean_query(q)
    if not q:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return _matching_fallback(queryset, q)
    # Both halves are served by an index of migration 0003, combined by a BitmapOr:
    # `document @@ query` by the tsvector index, and `name %> q` by the trigram index. The latter
    # is pg_trgm's word similarity at or above its word_similarity_threshold (default 0.6;
    # "Specalisterne" ~ "Specialisterne" is 0.71). Anything more in this condition (an explicit
    # similarity floor, say) would make PostgreSQL recompute the tsvector of every candidate row.
    matches = (
        queryset.model._base_manager.alias(document=search_vector())
        .filter(
            Q(document=SearchQuery(q, search_type="websearch", config=CONFIG))
            | Q(name__trigram_word_similar=q)
        )
        .order_by()
        .values("pk")
    )
    sql, params = matches.query.get_compiler(using=queryset.db).as_sql()
    # OFFSET 0 keeps PostgreSQL from folding the match into the outer query. Folded, with another
    # filter narrowing the rows, the planner likes to test the match row by row, analysing each
    # profile's text anew (~65 µs a row, 1.4 s at 10,000 profiles) instead of asking the indexes once.
    return queryset.filter(pk__in=RawSQL(f"{sql} OFFSET 0", params))  # noqa: S611 - Django's own SQL


def search(queryset, q):
    """`matching(queryset, q)`, annotated with `rank` (higher is better; 0 without a query or on SQLite).

    The rank weighs the name and summary only (and the name's similarity to the query): the
    tsvector is not stored, so ranking by the long search_document would mean analysing every
    matching profile's full text on each search. A match there still finds the enterprise."""
    q = clean_query(q)
    matches = matching(queryset, q)
    if not q or connections[queryset.db].vendor != "postgresql":
        return matches.annotate(rank=Value(0.0, output_field=FloatField()))
    heading = SearchVector("name", weight="A", config=CONFIG) + SearchVector(
        "summary", weight="B", config=CONFIG
    )
    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    return matches.annotate(rank=SearchRank(heading, query) + TrigramWordSimilarity(q, "name"))


def _matching_fallback(queryset, q):
    # SQLite: every word must appear somewhere in the folded name, summary or rest of the profile,
    # or the name must be close to the whole query. No stemming, and no index: the embedded
    # default is for a few hundred profiles, where a scan through Python functions is quick.
    every_word = Q()
    for word in q.split()[:10]:
        word = fold(word.strip("\"'()"))
        if word:
            every_word &= (
                Q(Contains(Fold("name"), word))
                | Q(Contains(Fold("summary"), word))
                | Q(Contains(Fold("search_document"), word))
            )
    close_name = GreaterThanOrEqual(WordSimilarity(q, "name"), SQLITE_MATCH_SIMILARITY)
    return queryset.filter(every_word | Q(close_name))


def closest_name(queryset, q):
    """The name in `queryset` closest to `q`, if any is close enough to suggest, else None. One query."""
    q = clean_query(q)
    if not q:
        return None
    postgres = connections[queryset.db].vendor == "postgresql"
    floor = POSTGRES_SUGGEST_SIMILARITY if postgres else SQLITE_SUGGEST_SIMILARITY
    name = (
        queryset.annotate(similarity=WordSimilarity(q, "name"))
        .filter(similarity__gte=floor)
        .order_by("-similarity", *by_name())
        .values_list("name", flat=True)
        .first()
    )
    # The query itself is no suggestion (a name of stop words, say, that the search cannot find).
    return name if name is not None and fold(name) != fold(q) else None


def by_name(prefix=""):
    """The order_by() terms for Danish alphabetical order of the name (æ, ø, å after z; aa as å)."""
    return [Collate(f"{prefix}name", COLLATION), f"{prefix}pk"]


# --- SQL functions --------------------------------------------------------------------------------


class Fold(Func):
    """`fold(text)` in SQL. Only for SQLite: PostgreSQL's search folds inside its configuration."""

    function = "indgangen_fold"
    output_field = TextField()


class WordSimilarity(TrigramWordSimilarity):
    """How alike `q` is to the closest run of words in `expression`, from 0 to 1: pg_trgm's
    `word_similarity(q, name)` on PostgreSQL, `word_similarity` below on SQLite."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="indgangen_word_similarity", **extra_context)


def word_similarity(q, name):
    """difflib's ratio of the folded query to the closest run of as many words of the folded name.

    "Specalisterne" to "Specialisterne Kladde" is 0.96 (against "specialisterne")."""
    q = " ".join(re.findall(r"\w+", fold(q)[:MAX_QUERY_LENGTH]))
    words = re.findall(r"\w+", fold(name))[:MAX_NAME_WORDS]
    if not q or not words:
        return 0.0
    n = len(q.split())
    runs = (" ".join(words[start : start + n]) for start in range(max(1, len(words) - n + 1)))
    return max(SequenceMatcher(None, q, run, autojunk=False).ratio() for run in runs)


def _danish_order(a, b):
    a, b = danish_sort_key(a), danish_sort_key(b)
    return (a > b) - (a < b)


def register_sqlite_functions(sender, connection, **kwargs):
    """On every new SQLite connection (the `connection_created` signal, see enterprises.apps):
    the functions and the collation the fallback search and the Danish sorting use."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("indgangen_fold", 1, fold, deterministic=True)
    connection.connection.create_function("indgangen_word_similarity", 2, word_similarity, deterministic=True)
    connection.connection.create_collation(COLLATION, _danish_order)


# --- Filters --------------------------------------------------------------------------------------


class Sort:
    RELEVANCE = "relevans"
    NAME = "navn"
    NEWEST = "nyeste"


@dataclass
class DirectoryFilters:
    """The directory's GET parameters, read leniently: an unknown value is ignored, never an error.

    Parameter names are Danish, like the paths: q, kommune, kategori (several), maalgruppe
    (several), sektor, rsv, klassifikation, sorter."""

    q: str = ""
    municipality: str = ""
    categories: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    sector: str = ""
    rsv: bool = False
    classification: str = ""
    sort: str = ""

    @classmethod
    def from_query(cls, data):
        def one(name):
            return str(data.get(name, "")).strip()[:100]

        def several(name):
            values = [str(value).strip()[:100] for value in data.getlist(name)[:MAX_VALUES]]
            return list(dict.fromkeys(value for value in values if value))

        q = clean_query(data.get("q", ""))
        sector = one("sektor")
        classification = one("klassifikation")
        sort = one("sorter")
        if sort not in (Sort.RELEVANCE, Sort.NAME, Sort.NEWEST) or (sort == Sort.RELEVANCE and not q):
            sort = Sort.RELEVANCE if q else Sort.NAME
        return cls(
            q=q,
            municipality=one("kommune"),
            categories=several("kategori"),
            target_groups=several("maalgruppe"),
            sector=sector if sector in Enterprise.Sector.values else "",
            rsv=one("rsv") in ("1", "ja", "on", "true"),
            classification=classification if classification in Enterprise.Classification.values else "",
            sort=sort,
        )

    @property
    def active(self):
        return bool(
            self.q
            or self.municipality
            or self.categories
            or self.target_groups
            or self.sector
            or self.rsv
            or self.classification
        )

    @property
    def chosen(self):
        """How many filter values are chosen (the query and the sorting aside)."""
        return (
            bool(self.municipality)
            + len(self.categories)
            + len(self.target_groups)
            + bool(self.sector)
            + self.rsv
            + bool(self.classification)
        )

    def apply(self, queryset, *, without=None):
        """`queryset` narrowed by every filter except `without` (a facet counting its own options
        must not be narrowed by itself). Relations are matched through subqueries, never joins, so
        an enterprise is never listed twice."""
        if self.municipality and without != "municipality":
            queryset = queryset.filter(
                Q(home_municipality__slug=self.municipality)
                | Q(
                    pk__in=Enterprise.serves.through.objects.filter(
                        municipality__slug=self.municipality
                    ).values("enterprise_id")
                )
            )
        if self.categories and without != "categories":
            queryset = queryset.filter(
                pk__in=Enterprise.services.through.objects.filter(
                    servicecategory__slug__in=self.categories
                ).values("enterprise_id")
            )
        if self.target_groups and without != "target_groups":
            queryset = queryset.filter(
                pk__in=Enterprise.target_groups.through.objects.filter(
                    targetgroup__slug__in=self.target_groups
                ).values("enterprise_id")
            )
        if self.sector and without != "sector":
            queryset = queryset.filter(sector=self.sector)
        if self.rsv and without != "rsv":
            queryset = queryset.filter(rsv_registered=True)
        if self.classification and without != "classification":
            queryset = queryset.filter(classification=self.classification)
        return queryset

    def results(self, queryset):
        """The filtered, searched and sorted enterprises."""
        queryset = search(self.apply(queryset), self.q)
        if self.sort == Sort.RELEVANCE:
            return queryset.order_by("-rank", *by_name())
        if self.sort == Sort.NEWEST:
            return queryset.order_by(F("published_at").desc(nulls_last=True), "-pk")
        return queryset.order_by(*by_name())


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


def facet_counts(filters, published):
    """Every filter's options with how many enterprises each would show, given the search and the
    other active filters. Eight queries, however many enterprises and options there are."""

    def base(without):
        return matching(filters.apply(published, without=without), filters.q)

    # An enterprise counts for a municipality it is based in or serves. Home and served are
    # counted apart (a served municipality that is also the home is left out) and added up.
    in_municipality = base("municipality")
    home_counts = dict(in_municipality.values_list("home_municipality").annotate(n=Count("pk")).order_by())
    served_counts = dict(
        Enterprise.serves.through.objects.filter(enterprise__in=in_municipality.values("pk"))
        .exclude(municipality_id=F("enterprise__home_municipality_id"))
        .values_list("municipality")
        .annotate(n=Count("enterprise_id"))
        .order_by()
    )
    municipalities = [
        Option(
            m.slug,
            m.name,
            home_counts.get(m.pk, 0) + served_counts.get(m.pk, 0),
            m.slug == filters.municipality,
        )
        for m in Municipality.objects.order_by(*by_name()).only("pk", "slug", "name")
    ]

    def vocabulary(model, without, selected):
        terms = model.objects.annotate(
            n=Count("enterprises", filter=Q(enterprises__in=base(without).values("pk")))
        ).order_by("position", "name")
        return [Option(term.slug, term.localized_name, term.n, term.slug in selected) for term in terms]

    def choices(field_name, without, choices, selected):
        counts = dict(base(without).values_list(field_name).annotate(n=Count("pk")).order_by())
        return [Option(value, label, counts.get(value, 0), value == selected) for value, label in choices]

    rsv_count = base("rsv").filter(rsv_registered=True).count()
    return {
        "municipalities": municipalities,
        "categories": vocabulary(ServiceCategory, "categories", filters.categories),
        "target_groups": vocabulary(TargetGroup, "target_groups", filters.target_groups),
        "sectors": choices("sector", "sector", Enterprise.Sector.choices, filters.sector),
        "classifications": choices(
            "classification", "classification", Enterprise.Classification.choices, filters.classification
        ),
        "rsv": Option("1", "", rsv_count, filters.rsv),
    }

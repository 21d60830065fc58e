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

The full-text search reads the stored, indexed Enterprise.search_vector (migration 0007); the
trigram index of migration 0003 is built on the name, exactly as compared here.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Collate
from django.db.models.lookups import Contains, GreaterThanOrEqual

from enterprises.models import SEARCH_CONFIG, Enterprise, ServiceCategory, TargetGroup
from kit.text import danish_sort_key, fold
from portal.models import Municipality

#: Longer queries are cut here: nobody types more, and it bounds the cost of a crafted one.
MAX_QUERY_LENGTH = 200
#: How many values of a multi-valued filter are read; the rest are ignored.
MAX_VALUES = 30

#: The configuration the stored Enterprise.search_vector is built with; a query must use the same.
CONFIG = SEARCH_CONFIG
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
    # Both halves are served by an index, combined by a BitmapOr: `search_vector @@ query` by
    # the GIN index of migration 0007, and `name %> q` by the trigram index of 0003. The latter
    # is pg_trgm's word similarity at or above its word_similarity_threshold (default 0.6;
    # "Specalisterne" ~ "Specialisterne" is 0.71). Where another filter narrows the rows more,
    # the planner may test the match row by row instead: cheap now that the vector is stored.
    return queryset.filter(
        Q(search_vector=SearchQuery(q, search_type="websearch", config=CONFIG))
        | Q(name__trigram_word_similar=q)
    )


def search(queryset, q):
    """`matching(queryset, q)`, annotated with `rank` (higher is better; 0 without a query or on SQLite).

    The rank is the stored vector's (the name weighs most, then the summary, then the rest of the
    profile) plus the name's similarity to the query, so a misspelt name still comes first."""
    q = clean_query(q)
    matches = matching(queryset, q)
    if not q or connections[queryset.db].vendor != "postgresql":
        return matches.annotate(rank=Value(0.0, output_field=FloatField()))
    query = SearchQuery(q, search_type="websearch", config=CONFIG)
    return matches.annotate(rank=SearchRank(F("search_vector"), query) + TrigramWordSimilarity(q, "name"))


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

    #: Every parameter read: a search's, whose pages the page cache keeps once they are asked for often.
    PARAMETERS = ("q", "kommune", "kategori", "maalgruppe", "sektor", "rsv", "klassifikation", "sorter")

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

    def conditions(self):
        """The active filters' conditions on an enterprise, by facet name. Relations are matched
        through subqueries, never joins, so an enterprise is never listed twice."""
        conditions = {}
        if self.municipality:
            # Both halves by subquery: a join to the municipality would put the condition on the
            # join, where PostgreSQL misjudges it (an export walked 9,000 rows x 98 municipalities).
            municipality = Municipality.objects.filter(slug=self.municipality).values("pk")
            conditions["municipality"] = Q(home_municipality__in=municipality) | Q(
                pk__in=Enterprise.serves.through.objects.filter(municipality__in=municipality).values(
                    "enterprise_id"
                )
            )
        if self.categories:
            conditions["categories"] = Q(
                pk__in=Enterprise.services.through.objects.filter(
                    servicecategory__slug__in=self.categories
                ).values("enterprise_id")
            )
        if self.target_groups:
            conditions["target_groups"] = Q(
                pk__in=Enterprise.target_groups.through.objects.filter(
                    targetgroup__slug__in=self.target_groups
                ).values("enterprise_id")
            )
        if self.sector:
            conditions["sector"] = Q(sector=self.sector)
        if self.rsv:
            conditions["rsv"] = Q(rsv_registered=True)
        if self.classification:
            conditions["classification"] = Q(classification=self.classification)
        return conditions

    def apply(self, queryset):
        """`queryset` narrowed by every active filter (the query aside)."""
        for condition in self.conditions().values():
            queryset = queryset.filter(condition)
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
    other active filters, and under "total" how many the directory lists. Four queries, however
    many enterprises and options there are: the three vocabularies, and the counts (`_counts`)."""
    counts = _counts(filters, published)

    def options(facet, terms, selected):
        return [
            Option(term.slug, label, counts[facet].get(key, 0), term.slug in selected)
            for term, key, label in terms
        ]

    municipalities = Municipality.objects.order_by(*by_name()).only("pk", "slug", "name")
    return {
        "total": counts["total"],
        "municipalities": options(
            "municipality", [(m, m.pk, m.name) for m in municipalities], [filters.municipality]
        ),
        "categories": options(
            "categories",
            [
                (term, term.pk, term.localized_name)
                for term in ServiceCategory.objects.order_by("position", "name")
            ],
            filters.categories,
        ),
        "target_groups": options(
            "target_groups",
            [
                (term, term.pk, term.localized_name)
                for term in TargetGroup.objects.order_by("position", "name")
            ],
            filters.target_groups,
        ),
        "sectors": [
            Option(value, label, counts["sector"].get(value, 0), value == filters.sector)
            for value, label in Enterprise.Sector.choices
        ],
        "classifications": [
            Option(value, label, counts["classification"].get(value, 0), value == filters.classification)
            for value, label in Enterprise.Classification.choices
        ],
        "rsv": Option("1", "", counts["rsv"], filters.rsv),
    }


def _counts(filters, published):
    """The directory's total and every facet's counts in one query, on both databases.

    The matching enterprises are found once (the search is the costly part), as a common table
    expression with a column per active filter saying whether the row passes it; each facet then
    counts the rows passing every filter but its own, by option, and the total those passing
    all. An enterprise counts for a municipality it is based in or serves (a served municipality
    that is also its home is left out, so as not to count it twice)."""
    conditions = filters.conditions()
    flags = {
        f"in_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    fields = ["pk", "home_municipality_id", "sector", "classification", "rsv_registered"]
    matched = matching(published, filters.q).annotate(**flags).values(*fields, *flags).order_by()
    matched_sql, params = matched.query.get_compiler(using=published.db).as_sql()
    columns = ["id", "home_id", "sector", "classification", "rsv_registered", *flags]
    quote = connections[published.db].ops.quote_name

    def count(facet, *, key="NULL", value="NULL", join="", also=""):
        """Rows passing every filter but the facet's own, counted by option (`key`, an id, or
        `value`), or all together when neither is given."""
        passing = " AND ".join(f"in_{name}" for name in conditions if name != facet) or "1 = 1"
        group = "".join(f" GROUP BY {option}" for option in (key, value) if option != "NULL")
        # Only names from the models and fixed words go into the SQL; the query's values are parameters.
        return f"SELECT '{facet}', {key}, {value}, COUNT(*) FROM matched{join} WHERE {passing}{also}{group}"  # noqa: S608

    def through(relation, target):
        """The option's column of a many-to-many table, and the join of `matched` to it: one row
        per (enterprise, option) pair."""
        meta = relation.through._meta
        enterprise = quote(meta.get_field("enterprise").column)
        join = f" JOIN {quote(meta.db_table)} t ON t.{enterprise} = matched.id"
        return f"t.{quote(meta.get_field(target).column)}", join

    served, to_served = through(Enterprise.serves, "municipality")
    category, to_categories = through(Enterprise.services, "servicecategory")
    group, to_groups = through(Enterprise.target_groups, "targetgroup")
    branches = [
        count("total"),
        count("municipality", key="home_id"),
        count("municipality", key=served, join=to_served, also=f" AND {served} <> home_id"),
        count("categories", key=category, join=to_categories),
        count("target_groups", key=group, join=to_groups),
        count("sector", value="sector"),
        count("classification", value="classification"),
        count("rsv", also=" AND rsv_registered"),
    ]
    sql = f"WITH matched ({', '.join(columns)}) AS ({matched_sql}) " + " UNION ALL ".join(branches)
    counts = {"total": 0, "rsv": 0, "municipality": {}, "categories": {}, "target_groups": {}}
    counts |= {"sector": {}, "classification": {}}
    with connections[published.db].cursor() as cursor:
        cursor.execute(sql, params)
        for facet, key, value, n in cursor.fetchall():
            if facet in ("total", "rsv"):
                counts[facet] = n
            else:
                option = key if value is None else value
                counts[facet][option] = counts[facet].get(option, 0) + n
    return counts

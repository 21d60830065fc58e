"""The impact overview: positions by kind against the targets, per municipality, quarter and target
group, from confirmed results only.

Each figure says what it counts (the positions in confirmed quarterly results, added up) and for
which period (the first and last quarter with a confirmed result). Where a commitment gives a
deadweight or an attribution share, the overview shows both the reported count and the adjusted
one ("after what would have happened anyway"), never only the flattering figure.

The figures are aggregated in SQL: two queries whatever the number of agreements and quarters
(the targets, and the results), and the same figures feed the page, its table and its CSV.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from kit.exports import Column
from partnerships.models import Agreement, Commitment, PositionKind, Result
from portal.models import default_official_name

#: The bar widths the stylesheet has classes for (static/css/partnerships.css): steps of 5.
BAR_STEP = 5


def bar_class(value, maximum):
    """The .bar-w-N class (N in 0..100, steps of 5) of a bar `value` long on a scale to `maximum`."""
    if not maximum or value <= 0:
        return "bar-w-0"
    share = min(100.0, 100.0 * value / maximum)
    width = int(round(share / BAR_STEP)) * BAR_STEP
    # A bar for a figure above nothing is never drawn as nothing.
    return f"bar-w-{max(width, BAR_STEP)}"


def quarter_label(year, quarter):
    return f"{year} K{quarter}"


def adjusted_expression(prefix=""):
    """A result's count after deadweight and attribution: count × (1 − d) × (1 − a)."""
    deadweight = Coalesce(F(f"{prefix}deadweight_percent"), Value(0))
    attribution = Coalesce(F(f"{prefix}attribution_percent"), Value(0))
    return (
        Cast("count", FloatField())
        * Cast(Value(100) - deadweight, FloatField())
        * Cast(Value(100) - attribution, FloatField())
        / Value(10000.0)
    )


@dataclass
class Figure:
    """One row of the overview: a kind of position (and maybe a municipality, a quarter or a
    target group), its target, the confirmed count and, when shares are given, the adjusted one."""

    kind: str
    target: int = 0
    count: int = 0
    adjusted: float = 0.0
    has_adjustment: bool = False
    first: tuple = None
    last: tuple = None
    results: int = 0
    municipality: object = None
    group: str = ""
    quarter: tuple = None
    quarter_bar: str = "bar-w-0"
    quarter_adjusted_bar: str = "bar-w-0"

    @property
    def kind_label(self):
        return PositionKind(self.kind).label

    @property
    def adjusted_rounded(self):
        return round(self.adjusted, 1)

    @property
    def percent(self):
        return round(100 * self.count / self.target) if self.target else None

    @property
    def adjusted_percent(self):
        return round(100 * self.adjusted / self.target) if self.target else None

    @property
    def period(self):
        """The quarters the count covers: "2026 K1–2026 K4", or empty when nothing is confirmed."""
        if not self.first:
            return ""
        first, last = quarter_label(*self.first), quarter_label(*self.last)
        return first if first == last else f"{first}–{last}"

    @property
    def scale(self):
        return max(self.target, self.count, 1)

    @property
    def count_bar(self):
        return bar_class(self.count, self.scale)

    @property
    def adjusted_bar(self):
        return bar_class(self.adjusted, self.scale)

    @property
    def target_bar(self):
        return bar_class(self.target, self.scale)

    def add(self, row):
        self.count += row["total"]
        self.adjusted += row["adjusted"] or 0
        self.results += row["n"]
        self.has_adjustment = self.has_adjustment or bool(row["adjusted_shares"])
        quarter = (row["year"], row["quarter"])
        self.first = min(self.first, quarter) if self.first else quarter
        self.last = max(self.last, quarter) if self.last else quarter


@dataclass
class Overview:
    by_kind: list = field(default_factory=list)
    by_municipality: list = field(default_factory=list)
    by_quarter: list = field(default_factory=list)
    by_group: list = field(default_factory=list)
    quarters: list = field(default_factory=list)
    year: int = None

    @property
    def has_adjustment(self):
        return any(figure.has_adjustment for figure in self.by_kind)

    def rows_for_csv(self):
        """Every figure of the overview, one per row (see CSV_COLUMNS)."""
        for scope, figures in (
            (_("All"), self.by_kind),
            (_("Municipality"), self.by_municipality),
            (_("Quarter"), self.by_quarter),
            (_("Target group"), self.by_group),
        ):
            for figure in figures:
                yield scope, figure


def overview(agreements, *, municipality=None, year=None):
    """The figures for `agreements` (a queryset: published ones for the public, the staff's
    municipality's for staff), narrowed to a municipality and a year if given. Two queries."""
    if municipality is not None:
        agreements = agreements.filter(municipality=municipality)
    commitments = Commitment.objects.filter(agreement__in=agreements)
    results = Result.objects.confirmed().filter(commitment__agreement__in=agreements)
    if year:
        # The targets of the agreements that run in the year; the results reported for it.
        commitments = commitments.filter(agreement__start__year__lte=year).filter(
            Q(agreement__end__isnull=True) | Q(agreement__end__year__gte=year)
        )
        results = results.filter(year=year)

    targets = list(
        commitments.order_by()
        .values(
            "position_kind",
            "agreement__municipality_id",
            "agreement__municipality__name",
            "agreement__municipality__official_name",
            "target_group__name",
        )
        .annotate(target=Sum("target"))
    )
    rows = list(
        results.order_by()
        .values(
            "commitment__position_kind",
            "commitment__agreement__municipality_id",
            "commitment__target_group__name",
            "year",
            "quarter",
        )
        .annotate(
            total=Sum("count"),
            adjusted=Sum(adjusted_expression("commitment__")),
            n=Count("pk"),
            adjusted_shares=Count(
                "pk",
                filter=Q(commitment__deadweight_percent__gt=0) | Q(commitment__attribution_percent__gt=0),
            ),
        )
    )

    names = {}
    by_kind, by_municipality, by_quarter, by_group = {}, {}, {}, {}

    def figure(table, key, kind, **extra):
        if key not in table:
            table[key] = Figure(kind=kind, **extra)
        return table[key]

    for target in targets:
        kind, pk = target["position_kind"], target["agreement__municipality_id"]
        names[pk] = target["agreement__municipality__official_name"] or default_official_name(
            target["agreement__municipality__name"]
        )
        group = target["target_group__name"] or ""
        figure(by_kind, kind, kind).target += target["target"]
        figure(by_municipality, (pk, kind), kind, municipality=pk).target += target["target"]
        figure(by_group, (group, kind), kind, group=group).target += target["target"]

    for row in rows:
        kind, pk = row["commitment__position_kind"], row["commitment__agreement__municipality_id"]
        group = row["commitment__target_group__name"] or ""
        quarter = (row["year"], row["quarter"])
        figure(by_kind, kind, kind).add(row)
        figure(by_municipality, (pk, kind), kind, municipality=pk).add(row)
        figure(by_group, (group, kind), kind, group=group).add(row)
        figure(by_quarter, (quarter, kind), kind, quarter=quarter).add(row)

    quarter_scale = max((item.count for item in by_quarter.values()), default=0)
    for item in by_quarter.values():
        # The quarters share one scale: the largest quarter's count.
        item.quarter_bar = bar_class(item.count, quarter_scale)
        item.quarter_adjusted_bar = bar_class(item.adjusted, quarter_scale)
    for item in by_municipality.values():
        item.municipality = names.get(item.municipality, "")
    kinds = list(PositionKind.values)

    def order(item):
        return kinds.index(item.kind)

    return Overview(
        by_kind=sorted(by_kind.values(), key=order),
        by_municipality=sorted(by_municipality.values(), key=lambda item: (item.municipality, order(item))),
        by_quarter=sorted(by_quarter.values(), key=lambda item: (item.quarter, order(item))),
        by_group=sorted(by_group.values(), key=lambda item: (item.group == "", item.group, order(item))),
        quarters=sorted({item.quarter for item in by_quarter.values()}),
        year=year,
    )


def public_agreements():
    """What the public overview counts: published agreements (drafts are never published)."""
    return Agreement.objects.published().exclude(state=Agreement.State.DRAFT)


CSV_COLUMNS = [
    Column(_("breakdown"), lambda row: row[0]),
    Column(_("municipality"), lambda row: row[1].municipality or ""),
    Column(_("quarter"), lambda row: quarter_label(*row[1].quarter) if row[1].quarter else ""),
    Column(_("target group"), lambda row: row[1].group),
    Column(_("kind of position"), lambda row: row[1].kind_label),
    Column(_("target"), lambda row: row[1].target if not row[1].quarter else ""),
    Column(_("positions in confirmed results"), lambda row: row[1].count),
    Column(
        _("after deadweight and attribution"),
        lambda row: row[1].adjusted_rounded if row[1].has_adjustment else "",
    ),
    Column(_("period"), lambda row: row[1].period),
    Column(_("confirmed quarterly results"), lambda row: row[1].results),
]

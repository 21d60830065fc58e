"""How many enterprises in the registry could deliver a notice's lots (seed 002: split purchases
into contracts small enough for local and social-economy enterprises to bid on).

For each lot, or for the notice itself when it has none: the published enterprises that offer at
least one of its service categories, counted per home municipality and per classification, and
how many of them work in the buyer's municipality (live there or serve it). One aggregate query
for all the lots, whatever their number.
"""

import dataclasses

from django.db.models import Count, Q

from enterprises.models import Enterprise

CLASSIFICATIONS = list(Enterprise.Classification)


@dataclasses.dataclass
class Row:
    municipality: str
    counts: dict  # classification → number of enterprises
    total: int = 0

    @property
    def cells(self):
        return [self.counts.get(classification, 0) for classification in CLASSIFICATIONS]


@dataclasses.dataclass
class Capacity:
    lot: object  # the Lot, or None for a notice without lots
    has_categories: bool
    rows: list = dataclasses.field(default_factory=list)
    serving: int = 0  # enterprises living in or serving the buyer's municipality

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def totals(self):
        return [sum(row.cells[i] for row in self.rows) for i in range(len(CLASSIFICATIONS))]


def for_notice(notice):
    """A `Capacity` per lot of `notice` (in lot order), or one for the notice when it has no lots.
    Two queries with lots (the lots with their categories, the counts), two without."""
    lots = list(notice.lots.annotate(category_count=Count("categories")).order_by("number"))
    buyer = notice.municipality_id
    serving = Q(home_municipality=buyer) | Q(serves=buyer)
    published = Enterprise.objects.published()
    if lots:
        key = "services__lots"
        counted = published.filter(services__lots__notice=notice)
        result = {lot.pk: Capacity(lot=lot, has_categories=lot.category_count > 0) for lot in lots}
    else:
        key = "services__notices"
        has_categories = notice.categories.exists()
        counted = published.filter(services__notices=notice)
        result = {notice.pk: Capacity(lot=None, has_categories=has_categories)}
    rows = (
        counted.values(key, "home_municipality__name", "classification")
        .annotate(
            n=Count("pk", distinct=True),
            serving=Count("pk", distinct=True, filter=serving),
        )
        .order_by(key, "home_municipality__name", "classification")
    )
    by_municipality = {}
    for row in rows:
        capacity = result[row[key]]
        name = row["home_municipality__name"]
        line = by_municipality.get((row[key], name))
        if line is None:
            line = by_municipality[(row[key], name)] = Row(municipality=name, counts={})
            capacity.rows.append(line)
        line.counts[row["classification"]] = row["n"]
        line.total += row["n"]
        capacity.serving += row["serving"]
    return list(result.values())

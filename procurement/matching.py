"""Which enterprises a notice concerns, and who hears about it.

An enterprise without a `Subscription` row follows the service categories it offers in the
registry, in every municipality and for every kind of notice: alerts come from day one, with no
search to set up (issue 11). A row adds categories and CPV codes (a code covers its sub-codes),
may leave out the registry's categories (`follows_services`), narrows the kinds and the
municipalities (empty: all), or pauses everything. A notice matches on its own categories and CPV
codes and on those of its lots. Only published enterprises are matched, and they are heard through
their active representatives with an address: a person who represents two matching enterprises
hears once.

Everything is read up front with a fixed number of queries, whatever the number of notices,
enterprises or subscriptions, and matched here in Python: a category or a CPV prefix indexes the
enterprises that follow it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from enterprises.models import Enterprise
from procurement import cpv
from procurement.models import Lot, Notice, Subscription


@dataclass
class Follows:
    """What one enterprise follows, flattened from its registry profile and its subscription."""

    categories: set = field(default_factory=set)
    cpv_prefixes: set = field(default_factory=set)
    kinds: set = field(default_factory=set)  # empty: every kind
    municipalities: set = field(default_factory=set)  # empty: all

    def accepts(self, notice):
        return (not self.kinds or notice.kind in self.kinds) and (
            not self.municipalities or notice.municipality_id in self.municipalities
        )


@dataclass
class Match:
    """One recipient of one notice: the user and the enterprises they hear for."""

    user: object
    enterprises: list


def notice_terms(notice_ids):
    """{notice id: (category ids, CPV codes)} of the notices and their lots: four queries."""
    categories, codes = defaultdict(set), defaultdict(set)
    for notice_id, category_id in Notice.categories.through.objects.filter(
        notice_id__in=notice_ids
    ).values_list("notice_id", "servicecategory_id"):
        categories[notice_id].add(category_id)
    for notice_id, code in Notice.cpv_codes.through.objects.filter(notice_id__in=notice_ids).values_list(
        "notice_id", "cpvcode_id"
    ):
        codes[notice_id].add(code)
    for notice_id, category_id in Lot.categories.through.objects.filter(
        lot__notice_id__in=notice_ids
    ).values_list("lot__notice_id", "servicecategory_id"):
        categories[notice_id].add(category_id)
    for notice_id, code in Lot.cpv_codes.through.objects.filter(lot__notice_id__in=notice_ids).values_list(
        "lot__notice_id", "cpvcode_id"
    ):
        codes[notice_id].add(code)
    return {notice_id: (categories[notice_id], codes[notice_id]) for notice_id in notice_ids}


def enterprise_follows():
    """{enterprise id: Follows} for every published enterprise that follows anything: five queries."""
    published = Enterprise.objects.published()
    services = defaultdict(set)
    for enterprise_id, category_id in Enterprise.services.through.objects.filter(
        enterprise__in=published
    ).values_list("enterprise_id", "servicecategory_id"):
        services[enterprise_id].add(category_id)

    subscriptions = {
        row["pk"]: row
        for row in Subscription.objects.filter(enterprise__in=published).values(
            "pk", "enterprise_id", "follows_services", "kinds", "paused"
        )
    }
    extra_categories, prefixes, municipalities = defaultdict(set), defaultdict(set), defaultdict(set)
    for subscription_id, category_id in Subscription.categories.through.objects.filter(
        subscription_id__in=subscriptions
    ).values_list("subscription_id", "servicecategory_id"):
        extra_categories[subscription_id].add(category_id)
    for subscription_id, code in Subscription.cpv_codes.through.objects.filter(
        subscription_id__in=subscriptions
    ).values_list("subscription_id", "cpvcode_id"):
        prefixes[subscription_id].add(cpv.prefix(code))
    for subscription_id, municipality_id in Subscription.municipalities.through.objects.filter(
        subscription_id__in=subscriptions
    ).values_list("subscription_id", "municipality_id"):
        municipalities[subscription_id].add(municipality_id)

    follows = {enterprise_id: Follows(categories=set(ids)) for enterprise_id, ids in services.items()}
    for subscription_id, row in subscriptions.items():
        enterprise_id = row["enterprise_id"]
        if row["paused"]:
            follows.pop(enterprise_id, None)
            continue
        follows[enterprise_id] = Follows(
            categories=(services.get(enterprise_id, set()) if row["follows_services"] else set())
            | extra_categories[subscription_id],
            cpv_prefixes=prefixes[subscription_id],
            kinds=set(row["kinds"] or ()),
            municipalities=municipalities[subscription_id],
        )
    return {enterprise_id: f for enterprise_id, f in follows.items() if f.categories or f.cpv_prefixes}


class Matcher:
    """Matches notices against every published enterprise, read once (`enterprise_follows`)."""

    def __init__(self, follows=None):
        self.follows = enterprise_follows() if follows is None else follows
        self.by_category, self.by_prefix = defaultdict(set), defaultdict(set)
        for enterprise_id, f in self.follows.items():
            for category_id in f.categories:
                self.by_category[category_id].add(enterprise_id)
            for prefix in f.cpv_prefixes:
                self.by_prefix[prefix].add(enterprise_id)

    def enterprises_for(self, notice, categories, codes):
        """The ids of the enterprises `notice` concerns, given its (and its lots') terms."""
        candidates = set()
        for category_id in categories:
            candidates |= self.by_category.get(category_id, set())
        for code in codes:
            # A code's prefixes run from its division (2 digits) to itself: 45212000 is covered by
            # subscriptions to 45, 452, 4521 and 45212.
            for length in range(2, len(code) + 1):
                candidates |= self.by_prefix.get(code[:length], set())
        return {enterprise_id for enterprise_id in candidates if self.follows[enterprise_id].accepts(notice)}


def representatives(enterprise_ids):
    """({enterprise id: [users]}, {enterprise id: name}): the active representatives with an
    address, one query. A user is one object however many enterprises they represent."""
    users, found, names = {}, defaultdict(list), {}
    through = Enterprise.representatives.through.objects.filter(
        enterprise_id__in=enterprise_ids, user__is_active=True
    ).exclude(user__email="")
    for row in through.select_related("user", "enterprise").order_by(
        "enterprise__name", "enterprise_id", "user_id"
    ):
        found[row.enterprise_id].append(users.setdefault(row.user_id, row.user))
        names[row.enterprise_id] = row.enterprise.name
    return found, names


def recipients(notices):
    """{notice id: [Match]} for `notices` (with `kind` and `municipality_id`): one Match per user,
    listing every enterprise they hear for. A fixed number of queries (nine), whatever the sizes."""
    notices = list(notices)
    terms = notice_terms([notice.pk for notice in notices])
    matcher = Matcher()
    concerned = {notice.pk: matcher.enterprises_for(notice, *terms[notice.pk]) for notice in notices}
    wanted = set().union(*concerned.values()) if concerned else set()
    people, names = representatives(wanted) if wanted else ({}, {})
    result = {}
    for notice in notices:
        by_user = {}
        for enterprise_id in sorted(concerned[notice.pk] & people.keys(), key=lambda pk: (names[pk], pk)):
            for user in people.get(enterprise_id, ()):
                by_user.setdefault(user.pk, Match(user=user, enterprises=[])).enterprises.append(
                    names[enterprise_id]
                )
        result[notice.pk] = list(by_user.values())
    return result

"""Matching: which enterprises a notice concerns, and which people hear about it."""

import pytest

from enterprises.models import Enterprise
from procurement.matching import recipients
from procurement.models import Notice, Subscription
from tests.conftest import make_municipality, make_user
from tests.enterprises.factories import make_category, make_enterprise
from tests.procurement.factories import cpv, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookkeeping(db):
    return make_category("bogfoering", "Bogføring")


@pytest.fixture
def packing(db):
    return make_category("pakning", "Pluk og pak")


def heard(notice):
    """{user's email: [enterprise names]} of who hears about `notice`."""
    return {match.user.email: match.enterprises for match in recipients([notice])[notice.pk]}


def subscribe(enterprise, *, categories=(), cpv_codes=(), municipalities=(), **fields):
    subscription = Subscription.objects.create(enterprise=enterprise, **fields)
    subscription.categories.set(categories)
    subscription.cpv_codes.set([cpv(code) for code in cpv_codes])
    subscription.municipalities.set(municipalities)
    return subscription


def test_an_enterprise_without_a_subscription_hears_of_notices_in_the_categories_it_offers(
    bookkeeping, packing
):
    rikke = make_user(email="rikke@example.dk")
    make_enterprise(name="Regnskabshuset", services=[bookkeeping], representatives=[rikke])
    make_enterprise(name="Pakkeriet", services=[packing], representatives=[make_user(email="ole@example.dk")])

    assert heard(make_notice(categories=[bookkeeping])) == {"rikke@example.dk": ["Regnskabshuset"]}


def test_a_lot_s_categories_count_as_the_notice_s(bookkeeping, packing):
    make_enterprise(name="Pakkeriet", services=[packing], representatives=[make_user(email="ole@example.dk")])

    notice = make_notice(categories=[bookkeeping], lots=[{"title": "Pluk og pak", "categories": [packing]}])

    assert heard(notice) == {"ole@example.dk": ["Pakkeriet"]}


def test_only_published_enterprises_and_active_representatives_with_an_address_hear(bookkeeping):
    make_enterprise(
        name="Kladden", services=[bookkeeping], status=Enterprise.Status.DRAFT, representatives=[make_user()]
    )
    gone = make_user(email="gone@example.dk", is_active=False)
    nameless = make_user(email="")
    make_enterprise(name="Tavsheden", services=[bookkeeping], representatives=[gone, nameless])

    assert heard(make_notice(categories=[bookkeeping])) == {}


def test_a_person_representing_two_matching_enterprises_hears_once_for_both(bookkeeping, packing):
    rikke = make_user(email="rikke@example.dk")
    make_enterprise(name="Bogholderiet", services=[bookkeeping], representatives=[rikke])
    make_enterprise(name="Alt i pak", services=[packing], representatives=[rikke])

    notice = make_notice(categories=[bookkeeping, packing])

    assert heard(notice) == {"rikke@example.dk": ["Alt i pak", "Bogholderiet"]}


def test_a_cpv_code_matches_its_sub_codes_and_not_its_parents_or_siblings(bookkeeping):
    construction, leisure, cleaning = (
        make_user(email=f"{n}@example.dk") for n in ("byg", "fritid", "rengoering")
    )
    subscribe(make_enterprise(name="Byg", representatives=[construction]), cpv_codes=["45000000"])
    subscribe(make_enterprise(name="Fritid", representatives=[leisure]), cpv_codes=["45212000"])
    subscribe(make_enterprise(name="Rent", representatives=[cleaning]), cpv_codes=["90910000"])

    assert heard(make_notice(cpv_codes=["45212000"])) == {
        "byg@example.dk": ["Byg"],
        "fritid@example.dk": ["Fritid"],
    }
    assert heard(make_notice(cpv_codes=["45000000"])) == {"byg@example.dk": ["Byg"]}
    assert heard(make_notice(lots=[{"cpv_codes": ["90911200"]}])) == {"rengoering@example.dk": ["Rent"]}


def test_a_subscription_may_leave_out_the_services_and_add_categories(bookkeeping, packing):
    subscribe(
        make_enterprise(
            name="Skiftet", services=[bookkeeping], representatives=[make_user(email="s@example.dk")]
        ),
        follows_services=False,
        categories=[packing],
    )

    assert heard(make_notice(categories=[bookkeeping])) == {}
    assert heard(make_notice(categories=[packing])) == {"s@example.dk": ["Skiftet"]}


def test_kinds_and_municipalities_narrow_a_subscription_and_empty_means_all(bookkeeping):
    lejre, roskilde = make_municipality(name="Lejre"), make_municipality(name="Roskilde")
    subscribe(
        make_enterprise(
            name="Smal", services=[bookkeeping], representatives=[make_user(email="smal@example.dk")]
        ),
        kinds=[Notice.Kind.TENDER],
        municipalities=[lejre],
    )
    subscribe(
        make_enterprise(
            name="Bred", services=[bookkeeping], representatives=[make_user(email="bred@example.dk")]
        )
    )

    assert set(heard(make_notice(categories=[bookkeeping], municipality=lejre))) == {
        "smal@example.dk",
        "bred@example.dk",
    }
    assert set(heard(make_notice(categories=[bookkeeping], municipality=roskilde))) == {"bred@example.dk"}
    offer = make_notice(categories=[bookkeeping], municipality=lejre, kind=Notice.Kind.SUBCONTRACTING)
    assert set(heard(offer)) == {"bred@example.dk"}


def test_a_paused_subscription_hears_nothing(bookkeeping):
    subscribe(
        make_enterprise(services=[bookkeeping], representatives=[make_user()]),
        paused=True,
        cpv_codes=["45000000"],
    )

    assert heard(make_notice(categories=[bookkeeping], cpv_codes=["45000000"])) == {}


def _subscribers(count, category, municipality):
    for _ in range(count):
        enterprise = make_enterprise(
            services=[category], representatives=[make_user()], home_municipality=municipality
        )
        subscribe(enterprise, cpv_codes=["45000000"], municipalities=[municipality])


@pytest.mark.parametrize("size", [1, 6])
def test_matching_runs_the_same_queries_whatever_the_number_of_notices_and_subscribers(
    size, bookkeeping, django_assert_num_queries
):
    municipality = make_municipality()
    _subscribers(size, bookkeeping, municipality)
    notices = [
        make_notice(categories=[bookkeeping], cpv_codes=["45212000"], municipality=municipality, lots=[{}])
        for _ in range(size)
    ]

    # Notice categories, CPV codes and the lots' two; services, subscriptions and their three
    # relations; the representatives.
    with django_assert_num_queries(10):
        found = recipients(notices)

    assert [len(found[notice.pk]) for notice in notices] == [size] * size

"""`visible_to(user)`: the one rule that keeps a municipality's data from another's staff."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours
from tests.conftest import make_closed_day, make_contact_person, make_guide, make_opening_hours, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(lejre, roskilde):
    """One row of each kind for each municipality, and a national guide."""
    return {
        "lejre": {
            Municipality: lejre,
            ContactPerson: make_contact_person(lejre),
            OpeningHours: make_opening_hours(lejre),
            ClosedDay: make_closed_day(lejre, datetime.date(2026, 6, 5)),
            Guide: make_guide(lejre),
        },
        "roskilde": {
            Municipality: roskilde,
            ContactPerson: make_contact_person(roskilde),
            OpeningHours: make_opening_hours(roskilde),
            ClosedDay: make_closed_day(roskilde, datetime.date(2026, 6, 5)),
            Guide: make_guide(roskilde),
        },
        "national": {Guide: make_guide(None)},
    }


MODELS = [Municipality, ContactPerson, OpeningHours, ClosedDay, Guide]


def visible(model, user):
    return set(model.objects.visible_to(user))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_anonymous_visitor_sees_nothing(data, model):
    assert visible(model, AnonymousUser()) == set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_enterprise_representative_sees_nothing(data, representative, model):
    assert visible(model, representative) == set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_lejre_staff_see_only_lejre(data, lejre_staff, model):
    assert visible(model, lejre_staff) == {data["lejre"][model]}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_roskilde_staff_see_none_of_lejre(data, roskilde_staff, model):
    assert visible(model, roskilde_staff) == {data["roskilde"][model]}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_sees_everything(data, superuser, model):
    expected = {data["lejre"][model], data["roskilde"][model]}
    if model is Guide:
        expected.add(data["national"][Guide])

    assert visible(model, superuser) == expected


def test_staff_see_national_guides_only_as_superusers(data, lejre_staff):
    assert data["national"][Guide] not in Guide.objects.visible_to(lejre_staff)


def test_an_inactive_staff_member_sees_nothing(data, lejre):
    user = make_user(is_staff=True, municipality=lejre, is_active=False)

    assert visible(ContactPerson, user) == set()


def test_staff_without_a_municipality_see_nothing(data):
    user = make_user(is_staff=True, municipality=None)

    assert visible(ContactPerson, user) == set()


def test_a_non_staff_user_with_a_municipality_sees_nothing(data, lejre):
    user = make_user(is_staff=False, municipality=lejre)

    assert visible(ContactPerson, user) == set()


def test_for_municipality_selects_one_municipality_s_rows(data, lejre):
    assert set(ContactPerson.objects.for_municipality(lejre)) == {data["lejre"][ContactPerson]}
    assert set(OpeningHours.objects.for_municipality(lejre)) == {data["lejre"][OpeningHours]}


def test_for_municipality_on_municipalities_accepts_a_municipality(data, lejre):
    assert set(Municipality.objects.for_municipality(lejre)) == {lejre}

"""The capacity of a production unit under the reasonableness requirement, at the rule's
boundaries, and the warning when a commitment's target goes beyond it (saving still allowed)."""

import pytest
from django.contrib.messages import get_messages

from partnerships import capacity
from partnerships.models import Commitment, ProductionUnit, State
from tests.enterprises.factories import make_enterprise
from tests.partnerships.admin_helpers import agreement_data, change_url, errors_of
from tests.partnerships.factories import make_agreement, make_commitment

pytestmark = pytest.mark.django_db


# One per started five for the first 50, then one per started ten.
@pytest.mark.parametrize(
    ("ordinary", "allowed"),
    [(0, 0), (1, 1), (5, 1), (6, 2), (50, 10), (51, 11), (60, 11), (61, 12)],
)
def test_the_rule_at_its_boundaries(ordinary, allowed):
    assert capacity.allowed(ordinary) == allowed


def test_the_rule_is_a_setting(settings):
    settings.REASONABLENESS_RULE = {**settings.REASONABLENESS_RULE, "per_ordinary": 10}

    assert capacity.allowed(50) == 5


def make_unit(enterprise, ordinary, special=0):
    return ProductionUnit.objects.create(
        enterprise=enterprise,
        p_number=f"{2000000000 + ordinary * 100 + special}",
        name="Køkkenet",
        ordinary_employees=ordinary,
        special_terms_employees=special,
    )


def test_capacity_counts_the_people_on_special_terms_now(lejre):
    unit = make_unit(make_enterprise(home_municipality=lejre), 6, special=1)

    room = capacity.capacity(unit)

    assert (room.allowed, room.in_use, room.left) == (2, 1, 1)


def warnings_of(response):
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


@pytest.mark.parametrize(("target", "warned"), [(1, False), (2, True)])
def test_a_target_beyond_what_the_unit_has_left_is_warned_of_and_saved(
    client, lejre, lejre_staff, target, warned
):
    enterprise = make_enterprise(home_municipality=lejre)
    unit = make_unit(enterprise, 6)  # two allowed
    other = make_agreement(municipality=lejre)
    make_commitment(other, production_unit=unit, target=1)  # one of them committed already
    make_commitment(
        make_agreement(municipality=lejre, state=State.TERMINATED), production_unit=unit, target=9
    )
    agreement = make_agreement(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(
        change_url(agreement),
        agreement_data(
            agreement,
            commitments=[
                {"position_kind": "wage_subsidy", "target": str(target), "production_unit": unit.pk}
            ],
        ),
        follow=True,
    )

    assert response.redirect_chain, errors_of(response)
    assert Commitment.objects.get(agreement=agreement).target == target
    assert bool(warnings_of(response)) == warned


def test_the_unit_s_page_shows_its_capacity(client, lejre, lejre_staff):
    from django.urls import reverse

    unit = make_unit(make_enterprise(home_municipality=lejre), 51, special=3)
    client.force_login(lejre_staff)

    response = client.get(reverse("admin:partnerships_productionunit_change", args=[unit.pk]))

    assert response.status_code == 200
    assert capacity.capacity(unit).left == 8


@pytest.mark.parametrize(
    ("written", "saved"),
    [
        ("1012345678", "1012345678"),
        ("10 1234 5678", "1012345678"),
        ("12345", None),
        ("10123456789", None),
        ("1012345x78", None),
    ],  # fmt: skip
)
def test_a_p_number_is_ten_digits(client, lejre, lejre_staff, written, saved):
    from django.urls import reverse

    enterprise = make_enterprise(home_municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(
        reverse("admin:partnerships_productionunit_add"),
        {
            "enterprise": enterprise.pk,
            "p_number": written,
            "name": "Værkstedet",
            "ordinary_employees": "12",
            "special_terms_employees": "1",
            "counted_on": "01.12.2026",
        },  # fmt: skip
    )

    if saved:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert ProductionUnit.objects.get().p_number == saved
    else:
        assert response.status_code == 200
        assert "Et P-nummer har 10 cifre" in response.text
        assert not ProductionUnit.objects.exists()

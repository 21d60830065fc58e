"""The transitions kit: a table with gated edges, and the guarded update that refuses to overwrite
a row someone else moved first."""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, models

from enterprises.models import Enterprise
from kit.transitions import Conflict, TransitionNotAllowed, Transitions, advance
from tests.conftest import make_user, requires_postgres
from tests.enterprises.factories import make_enterprise


class Light(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BROKEN = "broken", "Broken"


LIGHTS = Transitions(
    Light,
    {
        Light.RED: {Light.GREEN, Light.BROKEN},
        Light.GREEN: {Light.AMBER, Light.BROKEN},
        Light.AMBER: {Light.RED, Light.BROKEN},
        Light.BROKEN: {Light.RED},
    },
    gates={(Light.BROKEN, Light.RED): "enterprises.change_enterprise"},
)


@pytest.fixture
def mechanic(db):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="change_enterprise"))
    return user


# --- The table ----------------------------------------------------------------------------------


def test_an_edge_of_the_table_is_allowed_and_any_other_is_not():
    assert LIGHTS.allowed(Light.RED, Light.GREEN)
    assert LIGHTS.allowed("red", "green")  # a stored value is as good as the member
    assert not LIGHTS.allowed(Light.RED, Light.AMBER)
    assert not LIGHTS.allowed(Light.RED, Light.RED)
    assert not LIGHTS.allowed("unknown", Light.RED)


def test_the_edges_are_listed_in_the_order_of_the_states():
    assert LIGHTS.edges() == [
        ("red", "green"),
        ("red", "broken"),
        ("amber", "red"),
        ("amber", "broken"),
        ("green", "amber"),
        ("green", "broken"),
        ("broken", "red"),
    ]


def test_a_gated_edge_needs_the_permission_of_the_person(mechanic):
    passer_by = make_user()

    assert LIGHTS.permission(Light.BROKEN, Light.RED) == "enterprises.change_enterprise"
    assert LIGHTS.permission(Light.RED, Light.GREEN) is None
    assert LIGHTS.allowed(Light.BROKEN, Light.RED)  # the table alone allows it
    assert LIGHTS.allowed(Light.BROKEN, Light.RED, mechanic)
    assert not LIGHTS.allowed(Light.BROKEN, Light.RED, passer_by)
    assert LIGHTS.allowed(Light.RED, Light.GREEN, passer_by)  # no gate: anyone


def test_targets_keep_the_order_of_the_states_and_the_labels(mechanic):
    passer_by = make_user()

    assert LIGHTS.targets(Light.RED) == [Light.GREEN, Light.BROKEN]
    assert [light.label for light in LIGHTS.targets("red")] == ["Green", "Broken"]
    assert LIGHTS.targets(Light.BROKEN, mechanic) == [Light.RED]
    assert LIGHTS.targets(Light.BROKEN, passer_by) == []


def test_check_says_whether_the_table_or_the_gate_refused(db):
    with pytest.raises(TransitionNotAllowed) as no_edge:
        LIGHTS.check(Light.RED, Light.AMBER)
    assert (no_edge.value.from_, no_edge.value.to, no_edge.value.permission) == ("red", "amber", None)

    with pytest.raises(TransitionNotAllowed) as gated:
        LIGHTS.check(Light.BROKEN, Light.RED, make_user())
    assert gated.value.permission == "enterprises.change_enterprise"


def test_a_table_naming_an_unknown_status_or_gating_a_missing_edge_is_refused_at_once():
    with pytest.raises(ValueError, match="purple"):
        Transitions(Light, {Light.RED: {"purple"}})
    with pytest.raises(ValueError, match="gates"):
        Transitions(Light, {Light.RED: {Light.GREEN}}, gates={(Light.GREEN, Light.RED): "x.y"})


# --- The guarded update ---------------------------------------------------------------------------


Status = Enterprise.Status


def test_advance_moves_the_row_and_sets_the_other_fields_with_it(db):
    enterprise = make_enterprise(status=Status.PENDING)

    won = advance(Enterprise, enterprise.pk, from_=Status.PENDING, to=Status.PUBLISHED, review_note="Fint.")

    assert won == 1
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.review_note) == (Status.PUBLISHED, "Fint.")


def test_advance_on_a_row_changed_meanwhile_is_a_conflict_and_changes_nothing(db):
    enterprise = make_enterprise(status=Status.PENDING)
    seen = enterprise.status
    Enterprise.objects.filter(pk=enterprise.pk).update(status=Status.HIDDEN)  # someone else

    with pytest.raises(Conflict) as conflict:
        advance(Enterprise.objects, enterprise.pk, from_=seen, to=Status.PUBLISHED, review_note="Fint.")

    assert conflict.value.current == Status.HIDDEN
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.review_note) == (Status.HIDDEN, "")


def test_advance_on_a_row_that_is_gone_is_a_conflict_with_no_current_status(db):
    enterprise = make_enterprise(status=Status.PENDING)
    Enterprise.objects.filter(pk=enterprise.pk).delete()

    with pytest.raises(Conflict) as conflict:
        advance(Enterprise.objects.all(), enterprise.pk, from_=Status.PENDING, to=Status.PUBLISHED)

    assert conflict.value.current is None


def test_advance_reaches_only_the_rows_of_the_queryset_it_is_given(db):
    enterprise = make_enterprise(status=Status.PENDING, is_example=False)

    with pytest.raises(Conflict):
        advance(Enterprise.objects.filter(is_example=True), enterprise.pk, from_="pending", to="published")

    enterprise.refresh_from_db()
    assert enterprise.status == Status.PENDING


def test_a_table_advances_only_along_its_edges_and_gates(db):
    table = Transitions(
        Status,
        {Status.PENDING: {Status.PUBLISHED}, Status.HIDDEN: {Status.PUBLISHED}},
        gates={(Status.HIDDEN, Status.PUBLISHED): "enterprises.change_enterprise"},
    )
    enterprise = make_enterprise(status=Status.HIDDEN)

    with pytest.raises(TransitionNotAllowed):
        table.advance(Enterprise, enterprise.pk, from_=Status.HIDDEN, to=Status.PENDING)
    with pytest.raises(TransitionNotAllowed):
        table.advance(Enterprise, enterprise.pk, from_=Status.HIDDEN, to=Status.PUBLISHED, by=make_user())
    enterprise.refresh_from_db()
    assert enterprise.status == Status.HIDDEN

    superuser = make_user(is_superuser=True)
    table.advance(Enterprise, enterprise.pk, from_=Status.HIDDEN, to=Status.PUBLISHED, by=superuser)
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PUBLISHED


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_people_moving_the_same_row_at_once_exactly_one_wins():
    enterprise = make_enterprise(status=Status.PENDING)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(to):
        try:
            barrier.wait()
            advance(Enterprise, enterprise.pk, from_=Status.PENDING, to=to)
            outcomes.append(("won", to))
        except Conflict as conflict:
            outcomes.append(("conflict", conflict.current))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(to,)) for to in (Status.PUBLISHED, Status.REJECTED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    enterprise.refresh_from_db()
    assert sorted(kind for kind, _value in outcomes) == ["conflict", "won"]
    winner = next(value for kind, value in outcomes if kind == "won")
    loser_saw = next(value for kind, value in outcomes if kind == "conflict")
    assert enterprise.status == winner == loser_saw

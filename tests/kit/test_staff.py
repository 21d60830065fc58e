"""Staff selection and roles: who of a municipality is told, and what each role may do."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from kit.staff import (
    CONTACT_PERSON,
    MUNICIPAL_ADMIN,
    STAFF_ROLES,
    administrators_of,
    apply_roles,
    contact_persons_of,
    declared_roles,
    staff_of,
)
from tests.conftest import make_staff, make_user


def usernames(queryset):
    return sorted(queryset.values_list("username", flat=True))


@pytest.fixture
def lejre_people(lejre, roskilde, lejre_staff, lejre_admin, roskilde_staff):
    make_staff(lejre, CONTACT_PERSON, username="lejre-uden-mail", email="")
    make_user(
        username="lejre-stoppet", email="stop@lejre.dk", is_staff=True, municipality=lejre, is_active=False
    )
    make_user(username="lejre-borger", email="borger@lejre.dk", municipality=lejre)
    make_user(username="lejre-uden-rolle", email="rolle@lejre.dk", is_staff=True, municipality=lejre)
    both = make_staff(lejre, CONTACT_PERSON, username="lejre-begge", email="begge@lejre.dk")
    both.groups.add(Group.objects.get(name=MUNICIPAL_ADMIN))


def test_staff_of_a_municipality_are_its_active_staff_with_an_address(lejre, lejre_people):
    assert usernames(staff_of(lejre)) == ["lejre-admin", "lejre-begge", "lejre-kontakt", "lejre-uden-rolle"]


def test_staff_of_takes_the_municipality_s_id_too(lejre, lejre_people):
    assert usernames(staff_of(lejre.pk)) == usernames(staff_of(lejre))


def test_contact_persons_and_administrators_are_told_apart(lejre, lejre_people):
    assert usernames(contact_persons_of(lejre)) == ["lejre-begge", "lejre-kontakt"]
    assert usernames(administrators_of(lejre)) == ["lejre-admin", "lejre-begge"]


def test_someone_in_both_roles_is_one_recipient(lejre, lejre_people):
    assert usernames(staff_of(lejre, roles=STAFF_ROLES)) == ["lejre-admin", "lejre-begge", "lejre-kontakt"]


def test_another_municipality_s_staff_are_never_chosen(roskilde, lejre_people):
    assert usernames(staff_of(roskilde, roles=STAFF_ROLES)) == ["roskilde-kontakt"]


# --- Roles ---------------------------------------------------------------------------------------


def granted(name):
    return sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    )


@pytest.mark.django_db
def test_the_declared_roles_are_what_the_migrations_granted():
    declared = declared_roles()

    assert set(declared) == {"Kontaktperson", "Kommuneadministrator"}
    assert declared["Kontaktperson"] == granted("Kontaktperson")
    assert declared["Kommuneadministrator"] == granted("Kommuneadministrator")


@pytest.mark.django_db
def test_every_app_declares_its_roles():
    declared = declared_roles()

    for app_label in ("portal", "counselling", "enterprises"):
        assert any(p.startswith(f"{app_label}.") for p in declared["Kontaktperson"]), app_label
    assert "enterprises.change_enterprise" in declared["Kontaktperson"]
    assert "counselling.reopen_case" in declared["Kommuneadministrator"]
    assert "counselling.reopen_case" not in declared["Kontaktperson"]


@pytest.mark.django_db
def test_applying_roles_creates_the_group_and_adds_nothing_twice():
    apply_roles(apps, {"Praktikant": ["portal.view_guide", "enterprises.view_enterprise"]})
    apply_roles(apps, {"Praktikant": ["portal.view_guide"]})

    assert granted("Praktikant") == ["enterprises.view_enterprise", "portal.view_guide"]


@pytest.mark.django_db
def test_an_unknown_permission_is_refused_by_name():
    with pytest.raises(LookupError, match="portal.fly_municipality"):
        apply_roles(apps, {CONTACT_PERSON: ["portal.view_guide", "portal.fly_municipality"]})


def test_the_fixture_groups_carry_every_app_s_permissions(migration_groups, lejre):
    contact = make_staff(lejre, CONTACT_PERSON, username="k", email="k@lejre.dk")
    administrator = make_staff(lejre, MUNICIPAL_ADMIN, username="a", email="a@lejre.dk")

    assert contact.has_perm("enterprises.change_enterprise")
    assert contact.has_perm("counselling.change_case")
    assert contact.has_perm("outbox.view_notification")
    assert administrator.has_perm("enterprises.add_targetgroup")
    assert administrator.has_perm("counselling.view_caseaccess")

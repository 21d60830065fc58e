"""The staff roles created by migration portal.0002_groups."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN, grant

pytestmark = pytest.mark.django_db

SCHEDULES = {
    f"portal.{action}_{model}"
    for model in ("openinghours", "closedday")
    for action in ("view", "add", "change", "delete")
}


def permissions_of(name, app_label="portal"):
    """The group's permissions on one app's models (each app's migrations grant their own)."""
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type").filter(content_type__app_label=app_label)
    }


def test_the_roles_have_their_danish_names():
    assert CONTACT_PERSON == "Kontaktperson"
    assert MUNICIPAL_ADMIN == "Kommuneadministrator"
    assert Group.objects.filter(name__in=["Kontaktperson", "Kommuneadministrator"]).count() == 2


def test_a_contact_person_keeps_hours_and_guides_and_edits_contact_persons_but_not_the_municipality():
    assert permissions_of(CONTACT_PERSON) == SCHEDULES | {
        "portal.view_municipality",
        "portal.view_contactperson",
        "portal.change_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
    }


def test_a_municipal_administrator_also_edits_the_municipality_and_manages_contact_persons_and_guides():
    assert permissions_of(MUNICIPAL_ADMIN) == SCHEDULES | {
        "portal.view_municipality",
        "portal.change_municipality",
        "portal.view_contactperson",
        "portal.add_contactperson",
        "portal.change_contactperson",
        "portal.delete_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
        "portal.delete_guide",
    }


def test_both_roles_see_the_outbox_as_the_migrations_granted_it_before_it_moved_out_of_portal():
    # portal's 0004_outbox_permissions granted portal.view_notification; outbox's 0001_initial
    # moved the content type, and the grant with it.
    for name in (CONTACT_PERSON, MUNICIPAL_ADMIN):
        assert permissions_of(name, app_label="outbox") == {"outbox.view_notification"}
        assert not {p for p in permissions_of(name) if p.endswith("_notification")}


def test_neither_role_may_add_or_delete_municipalities_or_touch_accounts():
    for name in (CONTACT_PERSON, MUNICIPAL_ADMIN):
        permissions = permissions_of(name)
        assert "portal.add_municipality" not in permissions
        assert "portal.delete_municipality" not in permissions
        assert not {p for p in permissions if p.endswith("_user") or p.startswith("auth.")}


def test_the_groups_give_staff_users_their_permissions(lejre_staff, lejre_admin):
    assert lejre_staff.has_perm("portal.change_openinghours")
    assert not lejre_staff.has_perm("portal.change_municipality")
    assert lejre_admin.has_perm("portal.change_municipality")
    assert lejre_admin.has_perm("portal.add_contactperson")


def test_granting_again_adds_nothing_twice():
    before = permissions_of(CONTACT_PERSON)

    grant(apps, CONTACT_PERSON, ["portal.view_guide", "portal.view_municipality"])

    assert permissions_of(CONTACT_PERSON) == before
    assert Group.objects.filter(name=CONTACT_PERSON).count() == 1

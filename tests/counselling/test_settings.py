"""A municipality's counselling settings (case prefix, response time) live in counselling: on
the municipality's public page, in the case numbers and deadlines, and on the municipality's
admin page as an inline counselling adds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counselling.models import CounsellingSettings
from portal.models import Municipality
from tests.conftest import make_municipality
from tests.counselling.factories import with_settings
from tests.portal.test_admin import form_data

pytestmark = pytest.mark.django_db

PREFIX = "counselling-0"


def test_a_municipality_without_settings_gets_five_days_and_a_prefix_from_its_name():
    settings = CounsellingSettings.of(make_municipality(name="Ærø"))

    assert settings.pk is None
    assert (settings.response_days, settings.reference_prefix) == (5, "AER")


def test_the_municipality_page_promises_the_municipality_s_response_time(client, lejre, roskilde):
    with_settings(roskilde, response_days=3)

    assert "inden for 3 arbejdsdage" in client.get(roskilde.get_absolute_url()).text
    assert "inden for 5 arbejdsdage" in client.get(lejre.get_absolute_url()).text


def test_the_settings_cost_the_municipality_page_no_query_of_their_own(client, lejre, roskilde):
    with_settings(roskilde, response_days=3)

    with CaptureQueriesContext(connection) as without_row:
        client.get(lejre.get_absolute_url())
    with CaptureQueriesContext(connection) as with_row:
        client.get(roskilde.get_absolute_url())

    assert len(with_row) == len(without_row)
    # Fetched with the municipality (a join), never by a query of their own.
    assert not [q for q in with_row.captured_queries if 'FROM "counselling_counsellingsettings"' in q["sql"]]


def change_page(client, municipality):
    return client.get(reverse("admin:portal_municipality_change", args=[municipality.pk]))


def settings_inline(response):
    [inline] = [i for i in response.context["inline_admin_formsets"] if i.opts.model is CounsellingSettings]
    return inline


def test_a_superuser_sets_the_response_time_on_the_municipality_s_page(superuser_client, lejre):
    page = change_page(superuser_client, lejre)
    assert "Indstillinger for opstartsvejledning" in page.text
    data = form_data(page)
    data.update({f"{PREFIX}-response_days": "3", f"{PREFIX}-case_prefix": "LK"})

    response = superuser_client.post(page.request["PATH_INFO"], data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert (lejre.counselling.response_days, lejre.counselling.case_prefix) == (3, "LK")


def test_a_bad_case_prefix_is_refused_with_a_message_and_changes_nothing(superuser_client, lejre):
    with_settings(lejre, case_prefix="LEJ")
    page = change_page(superuser_client, lejre)
    data = {**form_data(page), f"{PREFIX}-case_prefix": "lk"}

    response = superuser_client.post(page.request["PATH_INFO"], data)

    assert response.status_code == 200
    assert "To til fire store bogstaver" in response.text
    assert CounsellingSettings.objects.get(municipality=lejre).case_prefix == "LEJ"


def test_a_contact_person_sees_the_settings_read_only(lejre_client, lejre):
    with_settings(lejre, response_days=4)

    inline = settings_inline(change_page(lejre_client, lejre))

    assert not inline.has_change_permission and not inline.has_add_permission
    assert not inline.has_delete_permission


def test_another_municipality_s_settings_are_not_reached_through_its_page(lejre_client, roskilde):
    with_settings(roskilde, response_days=3)

    response = change_page(lejre_client, roskilde)

    assert response.status_code == 302
    assert Municipality.objects.get(pk=roskilde.pk).counselling.response_days == 3


# --- The data migration -------------------------------------------------------------------------

BEFORE = [("portal", "0006_outbox_regarding"), ("counselling", "0003_counselling_settings")]
AFTER = [("portal", "0007_counselling_settings_moved"), ("counselling", "0004_copy_municipality_settings")]


@pytest.fixture
def migrator(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    # Back to the latest schema for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_copies_each_municipality_s_prefix_and_response_time(migrator):
    old = migrator(BEFORE)
    OldMunicipality = old.get_model("portal", "Municipality")
    OldMunicipality.objects.create(name="Lejre", code="350", slug="lejre", case_prefix="LEJ", response_days=5)
    OldMunicipality.objects.create(
        name="Roskilde", code="265", slug="roskilde", case_prefix="ROS", response_days=3
    )
    OldMunicipality.objects.create(name="Ærø", code="492", slug="aeroe")

    new = migrator(AFTER)

    copied = new.get_model("counselling", "CounsellingSettings").objects.order_by("municipality__code")
    assert [(s.municipality.code, s.case_prefix, s.response_days) for s in copied] == [
        ("265", "ROS", 3),
        ("350", "LEJ", 5),
        ("492", "", 5),
    ]
    assert {f.name for f in new.get_model("portal", "Municipality")._meta.fields}.isdisjoint(
        {"case_prefix", "response_days"}
    )

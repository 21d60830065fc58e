"""Data migrations of the portal, run forwards on rows made with the schema before them."""

import pytest

BEFORE = [("portal", "0008_delete_notification")]
AFTER = [("portal", "0009_municipality_official_name_privacy")]


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
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_municipality_gets_its_official_name_stored(migrator):
    old = migrator(BEFORE)
    OldMunicipality = old.get_model("portal", "Municipality")
    OldMunicipality.objects.create(name="Lejre", code="350", slug="lejre")
    OldMunicipality.objects.create(name="København", code="101", slug="koebenhavn")

    new = migrator(AFTER)

    names = (
        new.get_model("portal", "Municipality")
        .objects.order_by("code")
        .values_list("official_name", flat=True)
    )
    assert list(names) == ["Københavns Kommune", "Lejre Kommune"]

"""`manage.py load_demo partnerships`: the seeds' agreements, loaded the same way every time."""

from io import StringIO

import pytest
from django.core.management import call_command

from partnerships import impact
from partnerships.models import Action, Agreement, FollowUpGroup, Meeting, PositionKind, Result
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", "partnerships", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("load_demo", "portal", "enterprises", password=PASSWORD, stdout=StringIO())
    return load()


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Agreement, Result, FollowUpGroup, Meeting, Action)
    ]


def test_the_seeds_agreements_group_and_meetings(demo):
    assert "Demo partnerships loaded:" in demo
    jammerbugt = Agreement.objects.get(slug="jammerbugt-partnerskab-landsbyer")
    assert jammerbugt.municipality.full_name == "Jammerbugt Kommune"
    assert {str(p) for p in jammerbugt.parties.all()} >= {"Jobcenter Jammerbugt"}
    group = FollowUpGroup.objects.get(agreement=jammerbugt)
    assert group.chair == "Borgmesteren" and group.meetings_per_year == 4
    assert group.meetings.count() == 4
    assert all(m.agenda and m.minutes and m.actions.exists() for m in group.meetings.all())
    task_force = Agreement.objects.get(slug="slagelse-taskforce-30-fleksjob")
    assert task_force.commitments.get().target == 30
    roskilde = Agreement.objects.filter(municipality__code="265")
    names = {p.enterprise.slug for a in roskilde for p in a.parties.all() if p.enterprise}
    assert names == {
        "insp-mad",
        "bomi",
        "produktionsskolen-grennesminde",
        "telehandelshuset",
        "specialisterne",
    }
    assert not Result.objects.filter(confirmed_at__isnull=True).exists()


def test_the_public_overview_shows_the_demo_figures(demo, client):
    figures = impact.overview(
        impact.public_agreements(),
        municipality=Agreement.objects.get(slug="slagelse-taskforce-30-fleksjob").municipality,
    )
    flexjob = next(f for f in figures.by_kind if f.kind == PositionKind.FLEXJOB)
    assert flexjob.target == 30 and flexjob.count == 17
    assert client.get("/partnerskaber/resultater/").status_code == 200


def test_a_second_run_changes_nothing(demo):
    before = snapshot()

    again = load()

    assert snapshot() == before
    lines = [line for line in again.splitlines() if "created" in line]
    assert lines and all("(0 created, 0 updated," in line for line in lines), again

"""`manage.py load_demo events`: the seeds' events, loaded the same way every time."""

from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Event, Registration
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", "events", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("load_demo", "portal", password=PASSWORD, stdout=StringIO())
    return load()


def snapshot():
    return [list(model.objects.order_by("pk").values()) for model in (Event, Registration)]


def test_the_seeds_events(demo):
    assert "Demo events loaded:" in demo
    theme_day = Event.objects.get(slug="temadag-socialoekonomi-roskilde-2027")
    assert theme_day.kind == Event.Kind.THEME_DAY
    assert theme_day.municipality.code == "265"
    assert "understøttes af Roskilde Kommune" in theme_day.description
    workshop = Event.objects.get(slug="workshop-finansiering-2027")
    assert "Den Sociale Kapitalfond" in workshop.summary and "Det Sociale Vækstprogram" in workshop.summary
    assert [m.code for m in workshop.co_hosts.all()] == ["350"]
    assert workshop.registrations.filter(status=Registration.Status.CONFIRMED).count() == workshop.capacity
    assert workshop.registrations.filter(status=Registration.Status.WAITING).count() == 2
    network = Event.objects.get(slug="netvaerk-socialoekonomi-slagelse-opstart")
    assert (network.kind, network.municipality.code) == (Event.Kind.NETWORK, "330")
    past = Event.objects.get(slug="temadag-socialoekonomi-roskilde-2026")
    assert past.outcome and past.registrations.filter(attended=True).count() == 7


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    again = load()
    assert "(0 created, 0 updated," in again
    assert snapshot() == before

"""`manage.py load_demo counselling`: the seeds' startup cases, loaded once and left alone after."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from counselling.demo import CASES
from counselling.models import CLOSED, Case, CaseEvent, CounsellingSettings, Status
from outbox.models import Notification
from portal.models import Municipality, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", "counselling", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("load_demo", "portal", "enterprises", password=PASSWORD, stdout=StringIO())


def test_refuses_without_the_municipalities(db):
    with pytest.raises(CommandError, match="load_demo"):
        load()


def test_loads_every_case_with_its_reference_and_timeline(demo):
    assert f"{len(CASES)} created" in load()
    assert Case.objects.count() == len(CASES)
    references = set(Case.objects.values_list("reference", flat=True))
    assert {"SLA-", "LEJ-", "ROS-", "JAM-"} == {reference[:4] for reference in references}
    blindes = Case.objects.get(organisation="Blindes Arbejde")
    assert blindes.kind == "branch" and blindes.enterprise.name.startswith("Blindes Arbejde")
    assert blindes.events.filter(kind=CaseEvent.Kind.REFERRAL, partner="jobcenter").exists()
    assert blindes.first_response_at is not None
    assert Case.objects.filter(kind="spin_off", municipality__code="350").exists()
    confidential = Case.objects.get(confidential=True)
    assert confidential.assignee.username == "demo-slagelse"
    closed = Case.objects.get(status__in=CLOSED)
    assert closed.closed_at is not None and closed.access_expires_at is not None
    assert Case.objects.filter(status=Status.NEW, assignee=None).exists()
    # Invented applicants only, and no mail is sent for demo data.
    assert all(name.startswith("Eksempel:") for name in Case.objects.values_list("applicant_name", flat=True))
    assert all(email.endswith(".example") for email in Case.objects.values_list("applicant_email", flat=True))
    assert not Notification.objects.exists()


def test_a_second_run_changes_nothing(demo):
    load()
    before = list(Case.objects.order_by("pk").values()), list(CaseEvent.objects.order_by("pk").values())
    assert "0 created" in load()
    assert before == (
        list(Case.objects.order_by("pk").values()),
        list(CaseEvent.objects.order_by("pk").values()),
    )


def test_slagelse_staff_see_the_confidential_case_only_as_its_assignee(demo):
    load()
    slagelse = Municipality.objects.get(code="330")
    assignee = User.objects.get(username="demo-slagelse")
    colleague = User.objects.create_user("kollega", is_staff=True, municipality=slagelse)
    assert Case.objects.visible_to(assignee).filter(confidential=True).exists()
    assert not Case.objects.visible_to(colleague).filter(confidential=True).exists()


def test_reference_prefix_falls_back_to_the_name():
    aeroe = Municipality(name="Ærø", code="492")
    lejre = Municipality(name="Lejre", code="350")
    assert CounsellingSettings(municipality=aeroe).reference_prefix == "AER"
    assert CounsellingSettings(municipality=lejre, case_prefix="LK").reference_prefix == "LK"

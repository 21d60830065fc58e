"""kit.demo and `manage.py load_demo`: one password rule, upserts that say what they did, one
report line per model, and every app's demo data in one run, in order."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from counselling.demo import CASES
from counselling.demo_loader import CounsellingDemo
from counselling.models import Case
from enterprises.models import Enterprise
from kit.demo import DemoLoader, demo_password
from portal.models import Municipality, User
from tests.conftest import PASSWORD


class Loader(DemoLoader):
    report_models = ((Municipality, "municipalities"),)


def test_without_debug_a_password_is_required_and_must_pass_the_validators(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--password is required"):
        demo_password(None)
    with pytest.raises(CommandError, match="--password is too weak"):
        demo_password("demo")
    assert demo_password(PASSWORD) == PASSWORD


def test_with_debug_the_password_is_demo_and_the_command_says_so(settings):
    settings.DEBUG = True
    out = StringIO()

    assert demo_password(None, stdout=out) == "demo"
    assert 'password "demo"' in out.getvalue()


@pytest.mark.django_db
def test_an_upsert_creates_then_leaves_alone_then_updates_and_reports_each():
    loader = Loader(password=PASSWORD)
    lookup, values = {"code": "350"}, {"name": "Lejre", "slug": "lejre"}

    first, created = loader.upsert(Municipality, lookup, values)
    _same, unchanged = loader.upsert(Municipality, lookup, values)
    _renamed, updated = loader.upsert(Municipality, lookup, {**values, "name": "Lejre Kommune"})

    assert (created, unchanged, updated) == ("created", "unchanged", "updated")
    first.refresh_from_db()
    assert first.name == "Lejre Kommune"
    assert loader.report_lines() == ["    3 municipalities (1 created, 1 updated, 1 unchanged)"]


@pytest.mark.django_db
def test_a_demo_log_in_gets_the_password_and_a_second_run_leaves_it_alone():
    loader = Loader(password=PASSWORD)
    user = loader.upsert_user("demo-x", {"email": "x@example.dk"})
    hashed = user.password

    loader.upsert_user("demo-x", {"email": "x@example.dk"})

    assert User.objects.get(username="demo-x").check_password(PASSWORD)
    assert User.objects.get(username="demo-x").password == hashed
    assert loader.counts[User, "created"] == 1 and loader.counts[User, "unchanged"] == 1


def load_demo(*apps, **options):
    out = StringIO()
    call_command("load_demo", *apps, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_one_command_loads_every_app_s_demo_data_in_order_and_a_second_run_changes_nothing():
    output = load_demo(password=PASSWORD)

    titles = [
        "Demo data loaded:",
        "Demo enterprises loaded:",
        "Demo cases loaded:",
        "Demo procurement notices loaded:",
        "Demo partnerships loaded:",
        "Demo mentoring loaded:",
        "Demo events loaded:",
    ]
    assert [output.index(title) for title in titles] == sorted(output.index(title) for title in titles)
    assert Municipality.objects.count() == 4
    assert Enterprise.objects.exists() and Case.objects.exists()

    again = load_demo(password=PASSWORD)

    lines = [line for line in again.splitlines() if "created" in line]
    assert len(lines) == 36
    assert all("(0 created, 0 updated," in line for line in lines), again


@pytest.mark.django_db
def test_cases_alone_need_no_password_as_they_make_no_log_ins(settings):
    settings.DEBUG = False
    load_demo("portal", "enterprises", password=PASSWORD)

    assert f"{len(CASES)} cases ({len(CASES)} created" in load_demo("counselling")


@pytest.mark.django_db
def test_an_app_without_demo_data_is_named_with_those_that_have_some():
    with pytest.raises(CommandError, match="No demo data for outbox; the apps with demo data are portal, "):
        load_demo("outbox", password=PASSWORD)


@pytest.mark.django_db
def test_a_failure_in_a_later_app_saves_nothing_of_the_earlier(monkeypatch):
    def fail(loader):
        raise CommandError("broken")

    monkeypatch.setattr(CounsellingDemo, "load", fail)

    with pytest.raises(CommandError, match="broken"):
        load_demo(password=PASSWORD)
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_the_demo_municipalities_are_stored_with_their_official_names():
    load_demo("portal", password=PASSWORD)

    assert sorted(Municipality.objects.values_list("official_name", flat=True)) == [
        "Jammerbugt Kommune",
        "Lejre Kommune",
        "Roskilde Kommune",
        "Slagelse Kommune",
    ]

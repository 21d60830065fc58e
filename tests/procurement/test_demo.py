"""`manage.py load_demo procurement`: the seeds' notices, loaded the same way every time."""

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from stdnum.dk import cvr

from outbox.models import Notification
from procurement import services
from procurement.models import Award, ClauseFollowUp, Interest, Lot, Notice, NoticeChange
from tests.conftest import PASSWORD
from tests.procurement import ocds_schema

pytestmark = pytest.mark.django_db

# Late in the evening in Copenhagen, in summer time: the day of loading is the Copenhagen day.
AT = datetime.datetime(2027, 6, 10, 21, 30, tzinfo=datetime.UTC)


def load():
    out = StringIO()
    call_command("load_demo", "procurement", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    with time_machine.travel(AT, tick=False):
        call_command("load_demo", "portal", "enterprises", password=PASSWORD, stdout=StringIO())
        load()


def snapshot():
    return (
        list(Notice.objects.order_by("pk").values()),
        sorted(Notice.categories.through.objects.values_list("notice_id", "servicecategory_id")),
        sorted(Notice.cpv_codes.through.objects.values_list("notice_id", "cpvcode_id")),
        list(Lot.objects.order_by("pk").values()),
        sorted(Lot.cpv_codes.through.objects.values_list("lot_id", "cpvcode_id")),
        list(Award.objects.order_by("pk").values()),
        list(ClauseFollowUp.objects.order_by("pk").values()),
        list(Interest.objects.order_by("pk").values()),
    )


def test_a_second_run_the_same_day_changes_nothing(demo):
    first = snapshot()
    with time_machine.travel(AT + datetime.timedelta(minutes=20), tick=False):  # 23.50 in Copenhagen
        output = load()
    assert snapshot() == first
    assert output.count("(0 created, 0 updated,") == 5, output


def test_a_run_on_a_later_day_moves_the_deadlines_on_so_the_notices_stay_open(demo):
    later = AT + datetime.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        load()
        assert Notice.objects.count() == 6
        assert Notice.objects.public().open().count() == 4


def test_the_seeds_notices_are_there_as_published_examples(demo):
    with time_machine.travel(AT, tick=False):
        public = Notice.objects.public()
        assert public.count() == Notice.objects.count() == 6
        assert not Notice.objects.filter(is_example=False).exists()
        assert all("Eksempel" in notice.description for notice in public)
        offers = public.filter(kind=Notice.Kind.SUBCONTRACTING)
        assert sorted(sorted(n.categories.values_list("slug", flat=True)) for n in offers) == [
            ["bogfoering", "fakturering-og-debitorstyring"],
            ["pluk-pak-og-forsendelse"],
        ]
        assert all(cvr.is_valid(notice.company_cvr) for notice in offers)
        assert offers.count() == 2
        catering = public.get(municipality__code="265", kind=Notice.Kind.TENDER)
        assert catering.social_clauses and catering.social_objectives == ["opp"]
        reserved = public.get(reserved_participation="res-ws")
        assert reserved.municipality.code == "330"
        assert list(reserved.lots.values_list("reserved_participation", flat=True)) == ["res-ws"] * 3
        planned = public.get(stage=Notice.Stage.PLANNED)
        assert (planned.kind, planned.municipality.code) == (Notice.Kind.PLANNED, "350")
        assert planned.categories.get().slug == "rengoering"
        assert public.open().count() == 4
        awarded = public.get(stage=Notice.Stage.AWARDED)
        follow_up = ClauseFollowUp.objects.confirmed().get(award__notice=awarded)
        assert follow_up.positions_filled == follow_up.positions_promised == 2
        assert follow_up.confirmed_by.username == "demo-lejre"
        interest = Interest.objects.get()
        assert (interest.enterprise.slug, interest.user.username, interest.share_profile) == (
            "insp-mad",
            "demo-virksomhed",
            True,
        )


def test_the_demo_notices_pass_the_publishing_checks_and_use_real_cpv_codes(demo):
    with time_machine.travel(AT, tick=False):
        for notice in Notice.objects.filter(stage=Notice.Stage.TENDERING):
            assert services.publishing_errors(notice) == {}, notice.slug
    assert Notice.objects.filter(cpv_codes__isnull=True).count() == 0
    assert Notice.objects.filter(categories__isnull=True).count() == 0


def test_loading_sends_no_mail_and_records_no_change_to_alert_about(demo):
    assert not Notification.objects.exists()
    assert not NoticeChange.objects.exists()


def test_the_demo_is_a_valid_ocds_package_and_fills_the_feeds(client, demo):
    with time_machine.travel(AT, tick=False):
        package = json.loads(client.get(reverse("procurement:ocds_package")).content)
        assert ocds_schema.errors(package) == []
        assert ocds_schema.open_codelist_errors(package) == []
        assert len(package["releases"]) == 6
        tags = sorted(release["tag"][0] for release in package["releases"])
        assert tags == ["award", "planning", "tender", "tender", "tender", "tender"]
        assert b"<entry>" in client.get(reverse("procurement:feed")).content
        calendar = client.get(reverse("procurement:deadlines_ics")).content.decode()
        assert calendar.count("BEGIN:VEVENT") == 5  # the four open and the planned one

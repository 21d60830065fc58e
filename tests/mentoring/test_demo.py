"""`manage.py load_demo mentoring`: the seed's mentors and matches, loaded the same way every time."""

from io import StringIO

import pytest
from django.core.management import call_command

from mentoring.models import CheckIn, Feedback, Match, MatchEvent, MentorOffer, MentorRequest, OfferSector
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", "mentoring", password=PASSWORD, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("load_demo", "portal", "enterprises", password=PASSWORD, stdout=StringIO())
    return load()


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (MentorOffer, OfferSector, MentorRequest, Match, MatchEvent, CheckIn, Feedback)
    ] + [
        sorted(MentorOffer.expertise.through.objects.values_list("mentoroffer_id", "expertisearea_id")),
        sorted(MentorOffer.municipalities.through.objects.values_list("mentoroffer_id", "municipality_id")),
        sorted(MentorRequest.needs.through.objects.values_list("mentorrequest_id", "expertisearea_id")),
    ]


def test_restaurant_mumm_mentors_on_kitchen_menu_management_and_business_in_roskilde(demo):
    assert "Demo mentoring loaded:" in demo
    mumm = MentorOffer.objects.get(slug="restaurant-mumm")
    assert mumm.company == "Restaurant Mumm" and mumm.is_published
    assert mumm.municipality.full_name == "Roskilde Kommune"
    assert {area.slug for area in mumm.expertise.all()} == {
        "koekken-og-produktion",
        "menu-og-sortiment",
        "ledelse",
        "forretningsudvikling",
    }
    assert [str(sector.sector) for sector in mumm.sectors.all()] == ["food"]
    assert mumm.mentor.check_password(PASSWORD) and not mumm.mentor.is_staff


def test_insp_mad_s_match_with_restaurant_mumm_is_completed_with_its_timeline_and_feedback_from_both(demo):
    match = Match.objects.get(offer__slug="restaurant-mumm", request__enterprise__slug="insp-mad")
    assert match.status == Match.Status.COMPLETED
    assert match.request.status == MentorRequest.Status.CLOSED
    assert match.request.mentee_user.username == "demo-virksomhed"
    assert [event.to_status for event in match.events.filter(kind=MatchEvent.Kind.STATUS)] == [
        "proposed",
        "accepted",
        "active",
        "completed",
    ]
    assert match.check_ins.get().answer == CheckIn.Answer.COMPLETED
    assert sorted((f.side, f.rating) for f in match.feedback.all()) == [("mentee", 5), ("mentor", 5)]
    assert all(f.comment for f in match.feedback.all())


def test_other_offers_span_the_demo_municipalities_with_one_paused_and_one_full(demo, time_machine):
    time_machine.move_to("2026-12-02 10:00+01:00", tick=False)
    offers = MentorOffer.objects.with_places()
    assert 6 <= offers.count() - 1 <= 8
    served = {m.code for offer in offers for m in offer.municipalities.all()}
    assert served == {"350", "265", "330", "849"}
    paused = [offer for offer in offers if not offer.is_available()]
    assert [(offer.slug, str(offer.paused_until)) for offer in paused] == [
        ("juridisk-raadgivning-sjaelland", "2027-03-01")
    ]
    full = [offer.slug for offer in offers if offer.places_free <= 0]
    assert full == ["trykkeriet-sydvest"]


def test_two_requests_wait_for_a_contact_person_to_match_them(demo):
    waiting = MentorRequest.objects.waiting()
    assert sorted(r.enterprise.slug for r in waiting) == ["musholm", "produktionsskolen-grennesminde"]
    assert all(r.contact_person.is_staff and r.needs.exists() for r in waiting)


def test_the_public_pages_show_the_demo_mentors(demo, client):
    assert "Restaurant Mumm" in client.get("/mentorer/").text
    page = client.get("/mentorer/restaurant-mumm/")
    assert page.status_code == 200
    assert "Køkkenrutiner, menukort og køkkenledelse for nye madvirksomheder" in page.text
    assert "2 ledige pladser" in page.text


def test_a_second_run_changes_nothing(demo):
    before = snapshot()

    again = load()

    assert snapshot() == before
    lines = [line for line in again.splitlines() if "created" in line]
    assert len(lines) == 8
    assert all("(0 created, 0 updated," in line for line in lines), again

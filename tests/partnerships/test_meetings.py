"""Follow-up groups' meetings: the next one proposed from the frequency, off weekends and Danish
public holidays; actions carried until done; the meeting pack, its queries and who may see it."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from partnerships.meetings import add_months, get_pack_meeting, meeting_pack, next_meeting_date, open_actions
from partnerships.models import Action, Meeting, Member, PositionKind
from tests.partnerships.factories import (
    make_agreement,
    make_commitment,
    make_group,
    make_meeting,
    make_result,
)

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=COPENHAGEN)


# --- The next meeting --------------------------------------------------------------------------


def test_months_are_added_within_the_month_they_land_in():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_four_meetings_a_year_propose_three_months_after_the_last_moved_past_easter(lejre):
    group = make_group(lejre, meetings_per_year=4)
    make_meeting(group, at(2025, 10, 2))
    make_meeting(group, at(2026, 1, 2))
    # 2 April 2026 is Maundy Thursday; then Good Friday, the weekend and Easter Monday.
    assert next_meeting_date(group, after=datetime.date(2026, 1, 20)) == datetime.date(2026, 4, 7)


def test_a_proposal_on_a_saturday_moves_to_the_monday(lejre):
    group = make_group(lejre, meetings_per_year=12)
    make_meeting(group, at(2026, 5, 6))
    assert next_meeting_date(group, after=datetime.date(2026, 5, 7)) == datetime.date(2026, 6, 8)


def test_a_cancelled_meeting_is_not_the_last_meeting(lejre):
    group = make_group(lejre, meetings_per_year=4)
    make_meeting(group, at(2026, 3, 4))
    make_meeting(group, at(2026, 5, 6), cancelled=True)
    assert next_meeting_date(group, after=datetime.date(2026, 3, 10)) == datetime.date(2026, 6, 4)


def test_a_group_without_meetings_is_proposed_the_next_working_day(lejre):
    group = make_group(lejre)
    # Christmas Day 2026 is a Friday, the second day of Christmas the Saturday.
    assert next_meeting_date(group, after=datetime.date(2026, 12, 24)) == datetime.date(2026, 12, 28)


def test_a_proposal_already_past_is_not_made(lejre):
    group = make_group(lejre, meetings_per_year=4)
    make_meeting(group, at(2025, 1, 8))
    assert next_meeting_date(group, after=datetime.date(2026, 3, 3)) == datetime.date(2026, 3, 4)


# --- Actions carried ---------------------------------------------------------------------------


def test_open_actions_are_carried_to_the_next_meetings_until_done(lejre):
    group = make_group(lejre)
    first = make_meeting(group, at(2026, 1, 8))
    second = make_meeting(group, at(2026, 4, 8))
    third = make_meeting(group, at(2026, 7, 8))
    open_one = Action.objects.create(meeting=first, text="Find tre nye praktikpladser")
    done_between = Action.objects.create(
        meeting=first, text="Invitér Business Lejre", done_at=datetime.date(2026, 5, 1)
    )
    Action.objects.create(meeting=first, text="Klar før mødet", done_at=datetime.date(2026, 2, 1))
    later = Action.objects.create(meeting=second, text="Skriv til ministeriet")
    Action.objects.create(meeting=make_meeting(make_group(lejre), at(2026, 1, 8)), text="En anden gruppes")

    assert list(open_actions(group, second)) == [open_one, done_between]
    assert list(open_actions(group, third)) == [open_one, later]
    assert list(open_actions(group, first)) == []


# --- The meeting pack --------------------------------------------------------------------------


def _group_with_agreement(municipality, size):
    agreement = make_agreement(municipality=municipality, start=datetime.date(2025, 1, 1))
    group = make_group(municipality, agreement=agreement)
    for kind in list(PositionKind)[:size]:  # five kinds: the larger size has one of each
        commitment = make_commitment(agreement, position_kind=kind, target=10)
        for quarter in (1, 2, 3, 4):
            make_result(commitment, year=2025, quarter=quarter, count=1)
    earlier = make_meeting(group, at(2025, 12, 3))
    meeting = make_meeting(group, at(2026, 3, 4), agenda="Velkomst\nStatus på mål\n\nEventuelt")
    for n in range(size):
        Action.objects.create(meeting=earlier, text=f"Handling {n}")
        Action.objects.create(meeting=meeting, text=f"Ny handling {n}")
        Member.objects.create(group=group, name=f"Medlem {n}", email=f"m{n}@example.dk")
    return meeting


def test_the_pack_counts_confirmed_results_of_the_period_so_far(lejre):
    agreement = make_agreement(municipality=lejre, start=datetime.date(2026, 1, 1))
    flex = make_commitment(agreement, position_kind=PositionKind.FLEXJOB, target=30)
    hire = make_commitment(agreement, position_kind=PositionKind.ORDINARY_HIRE, target=4)
    make_result(flex, year=2026, quarter=1, count=3)
    make_result(flex, year=2026, quarter=2, count=5)
    make_result(flex, year=2026, quarter=3, count=7)  # after the meeting's quarter
    make_result(hire, year=2026, quarter=2, count=2, confirmed=False)  # not confirmed
    group = make_group(lejre, agreement=agreement)
    meeting = make_meeting(group, at(2026, 6, 10), agenda="Velkomst\n\nStatus")

    pack = meeting_pack(meeting)

    assert [(line.commitment, line.target, line.achieved, line.percent) for line in pack.commitments] == [
        (flex, 30, 8, 27),
        (hire, 4, 0, 0),
    ]
    assert pack.until == (2026, 2)
    assert pack.agenda_items == ["Velkomst", "Status"]


@pytest.mark.parametrize("size", [1, 5])
def test_the_pack_reads_a_fixed_number_of_queries(lejre, size, django_assert_num_queries):
    meeting = _group_with_agreement(lejre, size)
    with django_assert_num_queries(5):
        pack = meeting_pack(get_pack_meeting(Meeting.objects.all(), meeting.pk))
        assert len(pack.carried_actions) == size
        assert len(pack.actions) == size
        assert len(pack.members) == size
        assert len(pack.commitments) == size


def pack_url(meeting):
    return reverse("admin:partnerships_meeting_pack", args=[meeting.pk])


def test_staff_of_the_municipality_read_the_printable_pack(lejre, lejre_client):
    meeting = _group_with_agreement(lejre, 2)
    response = lejre_client.get(pack_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Status på mål" in page
    assert "Handling 1" in page
    assert "Medlem 0" in page
    assert "partnerships/meeting_pack.css" in page
    assert "style=" not in page.split("<body")[1]


def test_the_change_form_links_to_the_pack(lejre, lejre_client):
    meeting = _group_with_agreement(lejre, 1)
    response = lejre_client.get(reverse("admin:partnerships_meeting_change", args=[meeting.pk]))
    assert pack_url(meeting) in response.content.decode()


def test_another_municipalitys_staff_get_a_404_for_the_pack(lejre, roskilde_client):
    meeting = _group_with_agreement(lejre, 1)
    assert roskilde_client.get(pack_url(meeting)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login(lejre, client):
    meeting = _group_with_agreement(lejre, 1)
    response = client.get(pack_url(meeting))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_unknown_meeting_is_a_404(lejre_client):
    assert lejre_client.get(reverse("admin:partnerships_meeting_pack", args=[987654])).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_the_pack_page_reads_a_fixed_number_of_queries(lejre, lejre_client, size, django_assert_num_queries):
    meeting = _group_with_agreement(lejre, size)
    # The session, the user, their groups and permissions, the admin's checks; the meeting, the
    # pack's four and the next meeting proposed: the same at both sizes.
    with django_assert_num_queries(12):
        assert lejre_client.get(pack_url(meeting)).status_code == 200

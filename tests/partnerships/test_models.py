import datetime

import pytest
from django.db import IntegrityError, transaction

from partnerships.models import STATE_TRANSITIONS, Agreement, State, quarter_bounds, quarter_of
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = pytest.mark.django_db


def test_the_state_table_is_the_one_written_here():
    assert set(STATE_TRANSITIONS.edges()) == {
        (State.DRAFT, State.ACTIVE),
        (State.DRAFT, State.TERMINATED),
        (State.ACTIVE, State.EXPIRED),
        (State.ACTIVE, State.TERMINATED),
        (State.EXPIRED, State.ACTIVE),
    }


def test_quarters_have_their_calendar_bounds():
    assert quarter_of(datetime.date(2026, 3, 31)) == 1
    assert quarter_of(datetime.date(2026, 4, 1)) == 2
    assert quarter_bounds(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def test_an_agreement_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agreement(start=datetime.date(2026, 5, 1), end=datetime.date(2026, 4, 30))


def test_a_quarter_is_reported_once_per_commitment():
    commitment = make_commitment(make_agreement())
    make_result(commitment, year=2026, quarter=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_result(commitment, year=2026, quarter=2)


def test_running_and_due_to_expire_follow_the_dates():
    running = make_agreement(end=datetime.date(2026, 12, 31))
    ended = make_agreement(end=datetime.date(2026, 11, 30))
    today = datetime.date(2026, 12, 1)
    assert set(Agreement.objects.running(today)) == {running}
    assert set(Agreement.objects.due_to_expire(today)) == {ended}


def test_an_agreement_never_takes_the_address_of_a_page_beside_it():
    from partnerships.services import unique_slug

    assert unique_slug("Resultater") == "resultater-aftale"
    assert unique_slug("Følgegrupper") == "foelgegrupper-aftale"

"""The overview of cases on the admin index: open cases by status, overdue, new this week and the
median time to a first response, each number leading to the queue; only for those who triage."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from counselling.models import Status
from portal.hours import COPENHAGEN
from portal.roles import CONTACT_PERSON
from tests.conftest import make_user
from tests.counselling.admin_support import QUEUE, en
from tests.counselling.factories import make_case

pytestmark = pytest.mark.django_db

INDEX = en("admin:index")
# A Wednesday: the week began on Monday 9 March.
WEDNESDAY = datetime.datetime(2026, 3, 11, 12, 0, tzinfo=COPENHAGEN)


@pytest.fixture(autouse=True)
def _a_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def overview(client, url=INDEX):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["overview"], response.text


def answered_after(municipality, days, **fields):
    received = WEDNESDAY - datetime.timedelta(days=10)
    return make_case(
        municipality,
        created_at=received,
        first_response_at=received + datetime.timedelta(days=days),
        status=Status.IN_PROGRESS,
        **fields,
    )


def test_open_cases_are_counted_by_status_each_linking_to_the_filtered_queue(lejre_client, lejre):
    make_case(lejre)
    make_case(lejre)
    make_case(lejre, status=Status.TRIAGE)
    make_case(lejre, status=Status.RESOLVED)

    numbers, text = overview(lejre_client)

    rows = {row["label"]: row["count"] for row in numbers["by_status"]}
    assert rows == {"New": 2, "In triage": 1, "In progress": 0, "Waiting for the applicant": 0}
    assert numbers["open"] == 3
    assert f'<a href="{QUEUE}?status__exact=new">New</a>' in text
    assert f'<a href="{QUEUE}?status__exact=triage">In triage</a>' in text
    queue = lejre_client.get(f"{QUEUE}?status__exact=new")
    assert len(queue.context["cl"].result_list) == 2


def test_overdue_cases_are_counted_and_lead_to_the_overdue_filter(lejre_client, lejre):
    late = WEDNESDAY.date() - datetime.timedelta(days=1)
    overdue = make_case(lejre, deadline=late)
    make_case(lejre, deadline=late, first_response_at=WEDNESDAY)
    make_case(lejre, deadline=late, status=Status.WITHDRAWN)

    numbers, text = overview(lejre_client)

    assert numbers["overdue"] == 1
    assert f'href="{QUEUE}?overdue=yes"' in text
    assert list(lejre_client.get(numbers["overdue_url"]).context["cl"].result_list) == [overdue]


def test_new_this_week_counts_from_monday(lejre_client, lejre):
    make_case(lejre)
    make_case(lejre, created_at=datetime.datetime(2026, 3, 9, 0, 30, tzinfo=COPENHAGEN))
    make_case(lejre, created_at=datetime.datetime(2026, 3, 8, 23, 30, tzinfo=COPENHAGEN))

    numbers, _text = overview(lejre_client)

    assert numbers["new_this_week"] == 2


def test_the_median_time_to_a_first_response_is_in_the_page_s_number_format(lejre_client, lejre):
    answered_after(lejre, 1)
    answered_after(lejre, 2)

    numbers, text = overview(lejre_client)
    assert numbers["median_days"] == "1.5 days"
    assert "1.5 days" in text

    with translation.override("da"):
        danish_index = reverse("admin:index")
    _numbers, danish = overview(lejre_client, danish_index)
    assert "1,5" in danish


def test_the_median_is_a_dash_when_nobody_has_answered_yet(lejre_client, lejre):
    make_case(lejre)

    numbers, _text = overview(lejre_client)

    assert numbers["median_days"] == "–"


def test_the_overview_counts_only_the_own_municipality(client, lejre_staff, superuser, lejre, roskilde):
    make_case(lejre)
    make_case(roskilde)
    answered_after(roskilde, 5)

    client.force_login(lejre_staff)
    numbers, _text = overview(client)
    assert (numbers["open"], numbers["new_this_week"], numbers["median_days"]) == (1, 1, "–")

    client.force_login(superuser)
    numbers, _text = overview(client)
    assert numbers["open"] == 3


def test_the_overview_is_only_for_those_who_triage_cases(client, lejre):
    make_case(lejre)
    outsider = make_user(is_staff=True, municipality=lejre)
    outsider.user_permissions.add(Permission.objects.get(codename="view_guide"))
    unplaced = make_user(is_staff=True, groups=[CONTACT_PERSON])

    for user in [outsider, unplaced]:
        client.force_login(user)
        response = client.get(INDEX)
        assert response.status_code == 200
        assert response.context.get("overview") is None
        assert "case-overview" not in response.text


def index_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries)


def test_the_overview_runs_the_same_number_of_queries_for_3_and_30_cases(lejre_client, lejre):
    def add(count):
        for n in range(count):
            answered_after(lejre, 1 + n % 3) if n % 2 else make_case(lejre)

    add(3)
    few = index_queries(lejre_client)
    add(27)

    assert index_queries(lejre_client) == few

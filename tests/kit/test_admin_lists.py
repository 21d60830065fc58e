"""What kit draws of the admin's lists for less than Django does: the rows of a change list
(`{% fast_result_list %}`, the case queue's) and the sidebar's apps, each as Django would draw it."""

import datetime

import pytest
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from counselling import services
from counselling.models import Kind, Status
from kit.templatetags.kit_admin import fast_result_list
from tests.conftest import make_user
from tests.counselling.factories import make_case

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:counselling_case_changelist")


def varied_queue(municipality, staff):
    """Cases of every look the queue has: new answers, confidential, assigned, closed, overdue,
    due soon, of each kind."""
    today = timezone.localdate()
    kinds = list(Kind)
    for n in range(12):
        case = make_case(
            municipality,
            kind=kinds[n % len(kinds)],
            assignee=staff if n % 3 == 0 else None,
            confidential=n % 4 == 0,
            deadline=today + datetime.timedelta(days=n % 5 - 2),
            status=Status.RESOLVED if n % 6 == 5 else Status.NEW,
        )
        if n % 2:
            services.reply(case, text=f"Svar <b>{n}</b> & mere")


def rows(draw, cl):
    return ["".join(row) for row in draw(cl)["results"]]


@pytest.mark.parametrize(
    "params", [{}, {"status__exact": "new", "o": "3.-6"}, {"unread": "yes"}, {"q": "svar"}], ids=str
)
@pytest.mark.parametrize("who", ["lejre_admin", "superuser"])
def test_the_queue_s_rows_read_as_django_would_draw_them(request, lejre, who, params):
    user = request.getfixturevalue(who)
    varied_queue(lejre, user if who == "lejre_admin" else None)
    client = Client()
    client.force_login(user)

    cl = client.get(QUEUE, params).context["cl"]

    assert len(cl.result_list) > 0
    assert rows(fast_result_list, cl) == rows(result_list, cl)


def test_the_queue_s_rows_link_to_the_case_with_the_queue_s_filters(lejre, lejre_admin_client):
    case = make_case(lejre, status=Status.NEW)

    text = lejre_admin_client.get(QUEUE, {"status__exact": "new"}).text

    change = reverse("admin:counselling_case_change", args=[case.pk])
    assert f'<a href="{change}?_changelist_filters=status__exact%3Dnew">' in text


def test_the_sidebar_follows_a_change_of_the_person_s_permissions(lejre):
    user = make_user(username="ny-medarbejder", is_staff=True, municipality=lejre)
    client = Client()
    client.force_login(user)
    queue_link = f'<a href="{QUEUE}"'
    assert queue_link not in client.get(reverse("admin:index")).text

    user.user_permissions.add(Permission.objects.get(codename="view_case"))

    assert queue_link in client.get(reverse("admin:index")).text


def test_the_sidebar_marks_the_page_s_own_model(lejre_admin_client):
    current = f'<a href="{QUEUE}" aria-current="page">'

    assert current in lejre_admin_client.get(QUEUE).text
    assert current not in lejre_admin_client.get(reverse("admin:counselling_caseaccess_changelist")).text
    assert current in lejre_admin_client.get(QUEUE).text

"""Triage in the real admin: the queue, its filters and actions, the case page and each of its
forms (what they do and what they refuse), attachment downloads, CSV exports and the access log.

Pages are asked for in English (/en/admin/…) so that the assertions on wording hold once the
Danish translations arrive; Danish formats are checked on the Danish pages.
"""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from counselling.models import Case, CaseAccess, Kind, Status
from tests.conftest import make_user
from tests.counselling.admin_support import (
    EXPORT,
    QUEUE,
    Action,
    case_url,
    csv_rows,
    days_ago,
    en,
    page_messages,
    queue,
)
from tests.counselling.factories import make_case

pytestmark = pytest.mark.django_db


# --- Who gets in -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_login(client, case):
    for url in [QUEUE, case_url(case), EXPORT]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response.url


def test_nobody_adds_or_deletes_a_case_not_even_a_superuser(superuser_client, case):
    assert superuser_client.get(en("admin:counselling_case_add")).status_code == 403
    assert superuser_client.get(en("admin:counselling_case_delete", case.pk)).status_code == 403
    response = superuser_client.get(QUEUE)
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert Case.objects.filter(pk=case.pk).exists()


# --- The queue ---------------------------------------------------------------------------------


def test_the_queue_shows_reference_kind_applicant_status_assignee_age_and_deadline(
    lejre_client, lejre, colleague
):
    case = make_case(
        lejre,
        kind=Kind.SPIN_OFF,
        applicant_name="Mette Hansen",
        assignee=colleague,
        created_at=days_ago(3),
        deadline=timezone.localdate() + datetime.timedelta(days=2),
    )
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()

    text = lejre_client.get(QUEUE).text

    for expected in [
        case.reference,
        "Spin-off of a municipal activity",
        "Mette Hansen",
        "New",
        "Kim Kollega",
    ]:
        assert expected in text
    assert "3 days" in text
    assert "case-overdue" not in text


def test_an_overdue_deadline_is_marked_in_words_and_by_class_not_by_colour_alone(lejre_client, lejre):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_case(lejre, applicant_name="Sen Svar", deadline=yesterday)
    make_case(lejre, applicant_name="Besvaret", deadline=yesterday, first_response_at=timezone.now())

    response = lejre_client.get(QUEUE)

    assert response.text.count('class="case-overdue"') == 1
    assert "<strong>overdue</strong>" in response.text
    assert "counselling/admin.css" in response.text


def test_the_queue_marks_confidential_cases_for_those_who_see_them(lejre_admin_client, lejre, lejre_admin):
    make_case(lejre, confidential=True, assignee=lejre_admin)

    assert 'class="case-confidential">Confidential<' in lejre_admin_client.get(QUEUE).text


def test_markup_in_applicant_fields_is_shown_as_text_in_the_queue(lejre_client, lejre):
    make_case(lejre, applicant_name="<script>alert(1)</script>")

    text = lejre_client.get(QUEUE).text

    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_queue_filters_by_status_kind_and_overdue(lejre_client, lejre):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    new = make_case(lejre, kind=Kind.BRANCH)
    triage = make_case(lejre, status=Status.TRIAGE, deadline=yesterday)
    closed = make_case(lejre, status=Status.RESOLVED, deadline=yesterday)

    assert queue(lejre_client, status__exact="triage") == {triage}
    assert queue(lejre_client, kind__exact="branch") == {new}
    assert queue(lejre_client, overdue="yes") == {triage}
    assert queue(lejre_client, overdue="no") == {new, closed}


def test_the_queue_filters_assigned_to_me_and_unassigned(lejre_client, lejre, lejre_staff, colleague):
    mine = make_case(lejre, assignee=lejre_staff)
    theirs = make_case(lejre, assignee=colleague)
    nobodys = make_case(lejre)

    assert queue(lejre_client, assigned="me") == {mine}
    assert queue(lejre_client, assigned="nobody") == {nobodys}
    assert queue(lejre_client) == {mine, theirs, nobodys}
    filters = [spec.title for spec in lejre_client.get(QUEUE).context["cl"].filter_specs]
    assert "municipality" not in filters


def test_the_superuser_filters_by_municipality(superuser_client, lejre, roskilde):
    lejre_case, roskilde_case = make_case(lejre), make_case(roskilde)

    assert queue(superuser_client) == {lejre_case, roskilde_case}
    assert queue(superuser_client, municipality__id__exact=roskilde.pk) == {roskilde_case}


@pytest.mark.parametrize(
    "term", ["LEJ-", "Mette", "mette@example.dk", "Café Kanten", "12345678"], ids=lambda t: t[:6]
)
def test_the_queue_searches_reference_name_email_organisation_and_cvr(lejre_client, lejre, term):
    found = make_case(lejre, organisation="Café Kanten", cvr="12345678")
    found.refresh_from_db()
    Case.objects.exclude(pk=found.pk).delete()
    make_case(
        lejre, applicant_name="Ole Olsen", applicant_email="ole@example.dk", description="Et bageri i Hvalsø."
    )
    Case.objects.filter(applicant_name="Ole Olsen").update(reference="OTHER-1")

    assert queue(lejre_client, q=term) == {found}


def queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_runs_the_same_number_of_queries_for_3_and_30_cases(lejre_client, lejre, lejre_staff):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def add(count):
        for n in range(count):
            make_case(lejre, assignee=lejre_staff if n % 2 else None, deadline=yesterday)

    add(3)
    few = queue_queries(lejre_client)
    add(27)
    many = queue_queries(lejre_client)

    assert few == many


# --- Actions -----------------------------------------------------------------------------------


def test_assign_to_me_takes_the_unassigned_and_names_who_has_the_others(
    lejre_client, lejre, lejre_staff, colleague
):
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    free = make_case(lejre)
    taken = make_case(lejre, assignee=colleague)

    response = lejre_client.post(
        QUEUE, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: [free.pk, taken.pk]}, follow=True
    )

    free.refresh_from_db()
    taken.refresh_from_db()
    assert free.assignee == lejre_staff
    assert taken.assignee == colleague
    text = " ".join(page_messages(response))
    assert f"{taken.reference} is assigned to Kim Kollega" in text
    assert "1 case is now yours." in text
    assert LogEntry.objects.filter(object_id=str(free.pk)).exists()


def test_the_export_action_exports_the_selected_cases_and_logs_it(lejre_client, lejre, lejre_staff):
    chosen, other = make_case(lejre), make_case(lejre)

    response = lejre_client.post(QUEUE, {"action": "export_selected", ACTION_CHECKBOX_NAME: [chosen.pk]})

    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == [chosen.reference]
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.action) == (chosen, lejre_staff, Action.EXPORT)
    assert "1 selected case" in access.detail
    assert other.reference not in str(rows)


# --- CSV export of the list --------------------------------------------------------------------


def test_the_export_link_keeps_the_queue_s_filters(lejre_client, case):
    response = lejre_client.get(QUEUE, {"status__exact": "new", "q": "Mette"})

    assert f'href="{EXPORT}?q=Mette&amp;status__exact=new"' in response.text


def test_the_export_has_the_agreed_columns_and_the_filtered_cases(lejre_client, lejre, lejre_staff):
    lejre_staff.first_name, lejre_staff.last_name = "Lene", "Lejre"
    lejre_staff.save()
    new = make_case(
        lejre,
        organisation="Café Kanten",
        cvr="12345678",
        needs=["business_plan", "mentor"],
        assignee=lejre_staff,
    )
    make_case(lejre, status=Status.TRIAGE)

    with translation.override("en"):
        rows = csv_rows(lejre_client.get(EXPORT, {"status__exact": "new"}))

    assert rows[0] == [
        "Reference", "Received", "What it is about", "Stage", "Status", "Assignee", "First response due",
        "First response", "Closed", "Organisation", "CVR number", "Needs",
    ]  # fmt: skip
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == new.reference
    assert row["Status"] == "New"
    assert row["Assignee"] == "Lene Lejre"
    assert row["First response due"] == new.deadline.isoformat()
    assert row["Organisation"] == "Café Kanten"
    assert row["CVR number"] == "12345678"
    assert row["Needs"] == "Business plan; A mentor"


def test_the_export_turns_formulas_into_text(lejre_client, lejre):
    make_case(lejre, organisation='=HYPERLINK("http://evil.example","klik")', cvr="")

    rows = csv_rows(lejre_client.get(EXPORT))

    assert rows[1][9] == '\'=HYPERLINK("http://evil.example","klik")'


def test_every_export_is_logged_per_case_with_the_filter(lejre_client, lejre, lejre_staff):
    cases = [make_case(lejre), make_case(lejre)]

    csv_rows(lejre_client.get(EXPORT, {"status__exact": "new"}))

    logged = CaseAccess.objects.filter(action=Action.EXPORT, user=lejre_staff)
    assert {access.case for access in logged} == set(cases)
    assert all("status__exact=new" in access.detail for access in logged)


def test_staff_without_the_export_permission_get_no_link_and_no_export(client, lejre, case):
    viewer = make_user(is_staff=True, municipality=lejre)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)

    assert "Export to CSV" not in client.get(QUEUE).text
    assert client.get(EXPORT).status_code == 403
    response = client.post(QUEUE, {"action": "export_selected", ACTION_CHECKBOX_NAME: [case.pk]})
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not CaseAccess.objects.exists()

"""Lejre's contact person reaches nothing of Roskilde's cases through any admin URL, and nothing
of a confidential case that is not theirs: not the queue, search, filters, the case page, its
history, attachments, autocomplete, exports, actions, the access log or the overview.
The assignee and the municipality's administrator do see a confidential case."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission

from counselling import services
from counselling.models import Case, CaseAccess, CaseEvent
from outbox.models import Notification
from tests.counselling.admin_support import EXPORT, QUEUE, attachment_url, case_url, csv_rows, en, history_url
from tests.counselling.factories import checked, make_case, upload

pytestmark = pytest.mark.django_db

INDEX = en("admin:index")
ACCESS_LOG = en("admin:counselling_caseaccess_changelist")
AUTOCOMPLETE = en("admin:autocomplete")


@pytest.fixture
def cases(lejre, roskilde, colleague):
    """Same applicant everywhere, so that a search for her finds only what may be seen."""
    return {
        "lejre": make_case(lejre, attachments=checked(upload("lejre.pdf"))),
        "roskilde": make_case(roskilde, attachments=checked(upload("roskilde.pdf"))),
        "secret": make_case(
            lejre, confidential=True, assignee=colleague, attachments=checked(upload("hemmelig.pdf"))
        ),
    }


@pytest.fixture
def hidden(cases):
    """What Lejre's contact person (not the assignee) must never reach."""
    return [cases["roskilde"], cases["secret"]]


def visible(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def snapshot(case):
    return (Case.objects.values().get(pk=case.pk), CaseEvent.objects.filter(case=case).count())


def autocomplete(client, term=""):
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "counselling", "model_name": "caseaccess", "field_name": "case", "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in response.json()["results"]}


def no_access_logged(*cases):
    return not CaseAccess.objects.filter(case__in=cases).exists()


# --- The queue, search and filters ---------------------------------------------------------------


def test_the_queue_shows_only_what_each_may_see(
    client, cases, lejre_staff, colleague, lejre_admin, superuser
):
    expected = [
        (lejre_staff, {cases["lejre"]}),
        (colleague, {cases["lejre"], cases["secret"]}),
        (lejre_admin, {cases["lejre"], cases["secret"]}),
        (superuser, set(cases.values())),
    ]
    for user, seen in expected:
        client.force_login(user)
        assert visible(client) == seen, user


def test_the_queue_page_does_not_mention_hidden_cases(lejre_client, hidden):
    text = lejre_client.get(QUEUE).text

    for case in hidden:
        assert case.reference not in text


def test_searching_for_a_hidden_reference_finds_nothing(lejre_client, cases, hidden):
    for case in hidden:
        assert visible(lejre_client, q=case.reference) == set()
    assert visible(lejre_client, q="Mette Hansen") == {cases["lejre"]}
    assert visible(lejre_client, q="mette@example.dk") == {cases["lejre"]}


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "new"},
        {"kind__exact": "new_enterprise"},
        {"overdue": "no"},
        {"assigned": "nobody"},
        {"assigned": "me"},
        {"confidential__exact": "1"},
        {"assignee__id__exact": "0"},
    ],
    ids=str,
)
def test_no_filter_opens_a_way_to_hidden_cases(lejre_client, cases, colleague, params):
    params = {key: colleague.pk if value == "0" else value for key, value in params.items()}
    response = lejre_client.get(QUEUE, params)

    if response.status_code == 200:
        assert set(response.context["cl"].result_list) <= {cases["lejre"]}
    else:
        assert response.status_code in (302, 400)


# --- The case page, its history and its forms ----------------------------------------------------


def test_the_case_page_of_a_hidden_case_does_not_exist(lejre_client, hidden):
    for case in hidden:
        response = lejre_client.get(case_url(case))
        assert response.status_code == 302
        assert response.url == INDEX
    assert no_access_logged(*hidden)


def test_the_history_of_a_hidden_case_does_not_exist(lejre_client, cases, hidden):
    for case in hidden:
        response = lejre_client.get(history_url(case))
        assert response.status_code == 302
        assert response.url == INDEX
    assert lejre_client.get(history_url(cases["lejre"])).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"action": "assign", "to_me": "1", "expected_assignee": ""},
        {"action": "status", "status": "triage", "expected_status": "new"},
        {"action": "note", "text": "Hej"},
        {"action": "message", "text": "Hej"},
        {"action": "referral", "partner": "jobcenter", "text": "Hej"},
        {"action": "confidential", "confidential": "0"},
        {"action": "link"},
    ],
    ids=lambda data: data["action"],
)
def test_no_step_can_be_taken_on_a_hidden_case(lejre_client, hidden, data):
    before = [snapshot(case) for case in hidden]

    for case in hidden:
        response = lejre_client.post(case_url(case), data)
        assert response.status_code == 302
        assert response.url == INDEX

    assert [snapshot(case) for case in hidden] == before


def test_the_queue_actions_ignore_hidden_ids(lejre_client, hidden):
    before = [snapshot(case) for case in hidden]
    ids = [case.pk for case in hidden]

    lejre_client.post(QUEUE, {"action": "assign_to_me", ACTION_CHECKBOX_NAME: ids})
    response = lejre_client.post(QUEUE, {"action": "export_selected", ACTION_CHECKBOX_NAME: ids})

    assert len(csv_rows(response)) == 1  # the header alone
    assert [snapshot(case) for case in hidden] == before
    assert no_access_logged(*hidden)


# --- Attachments, autocomplete, exports ------------------------------------------------------------


def test_attachments_of_hidden_cases_are_not_found(lejre_client, cases, hidden):
    for case in hidden:
        attachment = case.attachments.get()
        assert lejre_client.get(attachment_url(case, attachment)).status_code == 404
        # Nor through a case Lejre may see.
        assert lejre_client.get(attachment_url(cases["lejre"], attachment)).status_code == 404
    assert no_access_logged(*hidden)


def test_the_autocomplete_lists_only_what_may_be_seen(lejre_client, cases, hidden):
    assert autocomplete(lejre_client) == {cases["lejre"].reference}
    for case in hidden:
        assert autocomplete(lejre_client, case.reference) == set()


def test_the_export_holds_only_what_may_be_seen(lejre_client, cases, hidden):
    rows = csv_rows(lejre_client.get(EXPORT))
    assert [row[0] for row in rows[1:]] == [cases["lejre"].reference]

    for case in hidden:
        assert len(csv_rows(lejre_client.get(EXPORT, {"q": case.reference}))) == 1
    assert no_access_logged(*hidden)


# --- The access log and the overview ----------------------------------------------------------------


def test_the_access_log_shows_only_the_own_municipality(client, lejre_admin, roskilde_admin, cases):
    client.force_login(roskilde_admin)
    client.get(case_url(cases["roskilde"]))
    client.force_login(lejre_admin)
    client.get(case_url(cases["lejre"]))

    response = client.get(ACCESS_LOG)

    assert {access.case for access in response.context["cl"].result_list} == {cases["lejre"]}
    assert cases["roskilde"].reference not in response.text
    roskilde_row = CaseAccess.objects.get(case=cases["roskilde"])
    response = client.get(en("admin:counselling_caseaccess_change", roskilde_row.pk))
    assert response.status_code == 302
    assert response.url == INDEX
    response = client.get(ACCESS_LOG, {"q": cases["roskilde"].reference})
    assert list(response.context["cl"].result_list) == []


def test_a_contact_person_granted_the_access_log_still_sees_nothing_of_a_confidential_case(
    client, lejre_staff, lejre_admin, cases
):
    client.force_login(lejre_admin)
    client.get(case_url(cases["secret"]))
    client.get(case_url(cases["lejre"]))
    lejre_staff.user_permissions.add(Permission.objects.get(codename="view_caseaccess"))
    client.force_login(lejre_staff)

    response = client.get(ACCESS_LOG)

    assert response.status_code == 200
    assert {access.case for access in response.context["cl"].result_list} == {cases["lejre"]}


def test_the_overview_counts_only_what_may_be_seen(client, cases, lejre_staff, lejre_admin):
    client.force_login(lejre_staff)
    assert client.get(INDEX).context["overview"]["open"] == 1
    client.force_login(lejre_admin)
    assert client.get(INDEX).context["overview"]["open"] == 2


# --- The assignee and the administrator see the confidential case --------------------------------


@pytest.mark.parametrize("who", ["colleague", "lejre_admin"])
def test_the_assignee_and_the_administrator_reach_the_confidential_case(client, cases, request, who):
    client.force_login(request.getfixturevalue(who))
    secret = cases["secret"]

    assert client.get(case_url(secret)).status_code == 200
    assert client.get(history_url(secret)).status_code == 200
    assert client.get(attachment_url(secret, secret.attachments.get())).status_code == 200
    assert secret.reference in autocomplete(client, secret.reference)
    assert secret.reference in [row[0] for row in csv_rows(client.get(EXPORT))]
    assert visible(client, q=secret.reference) == {secret}


def test_reassigning_a_confidential_case_takes_it_away_from_the_former_assignee(
    client, cases, colleague, lejre_staff
):
    secret = cases["secret"]
    services.assign(secret, lejre_staff, by=colleague, expected_assignee_id=colleague.pk)
    client.force_login(colleague)

    response = client.get(case_url(secret))

    assert response.status_code == 302
    assert response.url == INDEX
    assert secret not in visible(client)


# --- The outbox: a confidential case's mail ------------------------------------------------------

OUTBOX = en("admin:outbox_notification_changelist")


def outbox(client, **params):
    response = client.get(OUTBOX, params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_mail_about_a_confidential_case_is_hidden_in_the_outbox(
    client, lejre_client, cases, colleague, lejre_admin
):
    secret = cases["secret"]
    services.send_message(secret, by=colleague, text="Fortroligt: om jeres lokaler")
    mail = Notification.objects.get(template="case_message")
    assert mail.regarding == f"counselling.case:{secret.pk}" and mail.confidential

    assert mail not in outbox(lejre_client)
    assert mail not in outbox(lejre_client, q=secret.applicant_email)
    assert lejre_client.get(en("admin:outbox_notification_change", mail.pk)).status_code == 302
    # The administrator sees it; so does the recipient of a staff mail about it.
    client.force_login(lejre_admin)
    assert mail in outbox(client)


def test_marking_a_case_confidential_hides_the_mail_sent_before(lejre_client, cases, colleague, lejre_staff):
    case = cases["lejre"]
    services.assign(case, colleague, by=lejre_staff, expected_assignee_id=None)
    services.send_message(case, by=colleague, text="Kan vi mødes?")
    earlier = set(Notification.objects.filter(regarding=services.regarding(case)))
    assert earlier and earlier <= outbox(lejre_client)

    services.set_confidential(case, True, by=colleague)

    # Only the alert addressed to the contact person themself stays in their sight.
    assert {mail.recipient_user for mail in earlier & outbox(lejre_client)} == {lejre_staff}
    services.set_confidential(case, False, by=colleague)
    assert earlier <= outbox(lejre_client)


def test_a_staff_mail_about_a_confidential_case_is_seen_by_its_recipient(
    client, cases, colleague, lejre_staff
):
    secret = cases["secret"]
    services.reply(secret, text="Her er budgettet.")
    notice = Notification.objects.get(template="case_reply")
    assert notice.recipient_user == colleague and notice.confidential

    client.force_login(colleague)
    assert notice in outbox(client)
    client.force_login(lejre_staff)
    assert notice not in outbox(client)

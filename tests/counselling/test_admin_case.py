"""Triage in the real admin, the case page: each of its forms (what they do and what they refuse),
attachment downloads and the access log. The queue, its actions and exports are in test_admin.py."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from counselling import services
from counselling.models import Case, CaseAccess, CaseEvent, Status
from enterprises.models import Enterprise
from outbox.models import Notification
from portal.roles import CONTACT_PERSON
from tests.conftest import make_staff, make_user
from tests.counselling.admin_support import (
    EXPORT,
    QUEUE,
    Action,
    attachment_url,
    case_url,
    csv_rows,
    en,
    followed,
    history_url,
    page_messages,
    queue,
    snapshot,
    step,
)
from tests.counselling.factories import checked, make_case, pdf_bytes, upload
from tests.enterprises.factories import make_enterprise

pytestmark = pytest.mark.django_db


# --- The case page -----------------------------------------------------------------------------


def test_the_case_page_shows_the_request_and_logs_the_view(lejre_client, lejre_staff, lejre):
    case = make_case(
        lejre,
        applicant_name="Mette Hansen",
        applicant_phone="12 34 56 78",
        organisation="Café Kanten",
        cvr="12345678",
        needs=["premises"],
        preferred_contact="meeting",
        description="Første linje\nAnden linje",
        attachments=checked(upload("forretningsplan.pdf")),
    )

    response = lejre_client.get(case_url(case))

    assert response.status_code == 200
    text = response.text
    for expected in [
        "Mette Hansen", "mette@example.dk", "12 34 56 78", "Café Kanten", "12345678", "Premises",
        "A meeting", "Start a new social-economy enterprise", "An idea", "Første linje<br>Anden linje",
        "forretningsplan.pdf", attachment_url(case, case.attachments.get()), "Request received", "Nobody",
    ]:  # fmt: skip
        assert expected in text, expected
    assert 'class="breadcrumbs"' in text
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.action) == (case, lejre_staff, Action.VIEW)


def test_the_case_page_has_no_inline_styles_or_scripts_of_its_own(lejre_client, case):
    text = lejre_client.get(case_url(case)).text
    content = text.split('<div id="content-main">', 1)[1]

    assert "style=" not in content
    assert "<style" not in content
    assert "<script" not in content


def test_every_field_on_the_case_page_has_a_label(lejre_client, case):
    response = lejre_client.get(case_url(case))

    for form in response.context["forms"].values():
        for field in form.visible_fields():
            assert f'<label for="{field.id_for_label}"' in response.text, field.name


def test_markup_in_applicant_fields_is_shown_as_text_on_the_case_page(lejre_client, lejre):
    case = make_case(
        lejre,
        applicant_name="<b>Mette</b>",
        organisation="<img src=x onerror=alert(1)>",
        description="<script>alert(1)</script>\nNæste linje",
    )

    text = lejre_client.get(case_url(case)).text

    assert "<b>Mette</b>" not in text
    assert "<img src=x" not in text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Næste linje" in text


def test_the_timeline_marks_notes_as_internal_and_messages_by_direction(lejre_client, lejre_staff, case):
    lejre_staff.first_name, lejre_staff.last_name = "Lene", "Lejre"
    lejre_staff.save()
    services.add_note(case, by=lejre_staff, text="Ring til jobcentret")
    services.send_message(case, by=lejre_staff, text="Hvornår kan vi mødes?")
    services.reply(case, text="På torsdag <b>kl. 10</b>")

    text = lejre_client.get(case_url(case)).text

    assert "Internal: the applicant does not see this note." in text
    assert "Sent to the applicant by email." in text
    assert "Received from the applicant." in text
    assert "Lene Lejre" in text
    assert "På torsdag &lt;b&gt;kl. 10&lt;/b&gt;" in text


def case_page_queries(client, case):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case_url(case))
    assert response.status_code == 200
    return len(queries)


def test_the_case_page_runs_the_same_number_of_queries_however_long_the_timeline(
    lejre_client, lejre_staff, lejre
):
    case = make_case(lejre, assignee=lejre_staff, attachments=checked(upload("a.pdf")))
    few = case_page_queries(lejre_client, case)
    for n in range(10):
        services.add_note(case, by=lejre_staff, text=f"Note {n}")
        services.reply(case, text=f"Svar {n}", attachments=checked(upload(f"bilag{n}.pdf")))
    Case.objects.filter(pk=case.pk).update(unread_answer_at=None)  # read: no update to make

    assert case_page_queries(lejre_client, case) == few


def test_a_case_that_does_not_exist_is_answered_as_the_admin_does(lejre_client):
    for object_id in ["999999", "abc"]:
        response = lejre_client.get(en("admin:counselling_case_change", object_id))
        assert response.status_code == 302
        assert response.url == en("admin:index")


def test_staff_who_may_only_view_cases_get_no_forms_and_cannot_post(client, lejre, case):
    viewer = make_user(is_staff=True, municipality=lejre)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)
    before = snapshot(case)

    response = client.get(case_url(case))
    assert response.status_code == 200
    assert 'name="action"' not in response.text
    assert step(client, case, "note", text="Hej").status_code == 403
    assert snapshot(case) == before


def test_an_unknown_step_changes_nothing(lejre_client, case):
    before = snapshot(case)

    response = followed(lejre_client, step(lejre_client, case, "delete"))

    assert "The page sent something unexpected. Nothing was changed." in page_messages(response)
    assert snapshot(case) == before


# --- Assigning ---------------------------------------------------------------------------------


def test_assigning_a_colleague_tells_them_and_records_it(lejre_client, lejre_staff, colleague, case):
    response = step(lejre_client, case, "assign", assignee=colleague.pk, expected_assignee="")

    case.refresh_from_db()
    assert case.assignee == colleague
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ASSIGNED, author=lejre_staff).exists()
    assert Notification.objects.filter(template="case_assigned", recipient_email=colleague.email).exists()
    assert response.url == case_url(case)
    page = lejre_client.get(history_url(case))
    assert f"Assigned to {colleague.get_full_name()}." in page.text


def test_assign_to_me_on_the_case_page(lejre_client, lejre_staff, case):
    response = followed(lejre_client, step(lejre_client, case, "assign", to_me="1", expected_assignee=""))

    case.refresh_from_db()
    assert case.assignee == lejre_staff
    assert f"The case is assigned to {lejre_staff.get_full_name()}." in page_messages(response)
    assert not Notification.objects.filter(template="case_assigned").exists()


def test_when_two_assign_at_once_the_second_is_told_and_nothing_changes(client, lejre_staff, colleague, case):
    colleague.first_name, colleague.last_name = "Kim", "Kollega"
    colleague.save()
    # Both opened the case page while it was unassigned.
    client.force_login(colleague)
    step(client, case, "assign", to_me="1", expected_assignee="")
    before = snapshot(case)

    client.force_login(lejre_staff)
    response = followed(client, step(client, case, "assign", to_me="1", expected_assignee=""))

    assert "Someone was quicker: Kim Kollega has the case now. Nothing was changed." in page_messages(
        response
    )
    assert snapshot(case) == before


def test_unassigning_while_someone_else_reassigned_is_refused(lejre_client, lejre_staff, colleague, lejre):
    case = make_case(lejre, assignee=colleague)
    services.assign(case, None, by=colleague, expected_assignee_id=colleague.pk)
    before = snapshot(case)

    response = followed(
        lejre_client, step(lejre_client, case, "assign", assignee="", expected_assignee=colleague.pk)
    )

    assert "Someone was quicker: the case is now unassigned. Nothing was changed." in page_messages(response)
    assert snapshot(case) == before


def test_a_confidential_case_cannot_be_unassigned(client, lejre, colleague):
    case = make_case(lejre, assignee=colleague, confidential=True)
    before = snapshot(case)
    client.force_login(colleague)

    response = followed(client, step(client, case, "assign", assignee="", expected_assignee=colleague.pk))

    assert (
        "A confidential case must have an assignee. Assign it to someone else, or make it visible to "
        "every contact person first. Nothing was changed."
    ) in page_messages(response)
    assert snapshot(case) == before


def test_the_assignee_list_holds_only_the_municipality_s_active_staff(
    lejre_client, colleague, roskilde_staff, case
):
    gone = make_staff(case.municipality, CONTACT_PERSON, username="gone", email="gone@lejre.dk")
    gone.is_active = False
    gone.save()
    before = snapshot(case)

    choices = lejre_client.get(case_url(case)).context["forms"]["assign"].fields["assignee"].queryset
    assert colleague in choices
    assert roskilde_staff not in choices
    assert gone not in choices
    response = step(lejre_client, case, "assign", assignee=roskilde_staff.pk, expected_assignee="")
    assert response.status_code == 200
    assert snapshot(case) == before


# --- Status ------------------------------------------------------------------------------------


def test_a_status_change_along_the_table_is_saved_and_in_the_history(lejre_client, lejre_staff, case):
    response = followed(
        lejre_client, step(lejre_client, case, "status", status="triage", expected_status="new", text="")
    )

    case.refresh_from_db()
    assert case.status == Status.TRIAGE
    assert "The status is changed from “New” to “In triage”." in page_messages(response)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.STATUS)
    assert (event.from_status, event.to_status, event.author) == ("new", "triage", lejre_staff)
    assert "The status is changed from “New” to “In triage”." in lejre_client.get(history_url(case)).text


def test_the_status_select_offers_only_the_allowed_transitions(lejre_client, case):
    form = lejre_client.get(case_url(case)).context["forms"]["status"]

    offered = [value for value, _label in form.fields["status"].widget.choices if value]
    assert offered == ["triage", "withdrawn", "rejected"]


def test_a_status_outside_the_transitions_is_refused_and_nothing_changes(lejre_client, case):
    before = snapshot(case)

    response = followed(
        lejre_client, step(lejre_client, case, "status", status="resolved", expected_status="new")
    )

    assert "A case cannot go from “New” to “Closed: resolved”. Nothing was changed." in page_messages(
        response
    )
    assert snapshot(case) == before


def test_a_made_up_status_is_refused_and_nothing_changes(lejre_client, case):
    before = snapshot(case)

    response = step(lejre_client, case, "status", status="deleted", expected_status="new")

    assert response.status_code == 200
    assert "Nothing was saved." in " ".join(page_messages(response))
    assert snapshot(case) == before


def test_a_stale_expected_status_is_refused_and_nothing_changes(lejre_client, colleague, case):
    services.change_status(case, Status.TRIAGE, by=colleague, expected_status=Status.NEW)
    before = snapshot(case)

    response = followed(
        lejre_client, step(lejre_client, case, "status", status="triage", expected_status="new")
    )

    assert any("Someone changed the status to “In triage” meanwhile" in m for m in page_messages(response))
    assert snapshot(case) == before
    # Also for a step that is allowed from the current status but not from the one seen.
    response = followed(
        lejre_client, step(lejre_client, case, "status", status="in_progress", expected_status="new")
    )
    assert any("Someone changed the status" in m for m in page_messages(response))
    assert snapshot(case) == before


def test_a_contact_person_cannot_reopen_a_closed_case(lejre_client, lejre):
    case = make_case(lejre, status=Status.RESOLVED, closed_at=timezone.now())
    before = snapshot(case)

    page = lejre_client.get(case_url(case))
    assert "Only a municipal administrator can reopen a closed case." in page.text
    response = followed(
        lejre_client, step(lejre_client, case, "status", status="in_progress", expected_status="resolved")
    )

    assert "Only a municipal administrator can reopen a closed case. Nothing was changed." in page_messages(
        response
    )
    assert snapshot(case) == before


def test_a_municipal_administrator_reopens_a_closed_case(lejre_admin_client, lejre):
    case = make_case(lejre, status=Status.RESOLVED, closed_at=timezone.now())

    step(lejre_admin_client, case, "status", status="in_progress", expected_status="resolved")

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.closed_at is None


def test_closing_a_case_emails_the_applicant(
    lejre_client, lejre, django_capture_on_commit_callbacks, mailoutbox
):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        step(
            lejre_client,
            case,
            "status",
            status="resolved",
            expected_status="in_progress",
            text="Held og lykke",
        )

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert [mail.to for mail in mailoutbox] == [[case.applicant_email]]


# --- Notes, messages, referrals ----------------------------------------------------------------


def test_an_internal_note_is_added_and_never_mailed(lejre_client, lejre_staff, case):
    Notification.objects.all().delete()

    followed(lejre_client, step(lejre_client, case, "note", text="Tjek CVR"))

    note = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.NOTE)
    assert (note.text, note.author) == ("Tjek CVR", lejre_staff)
    assert not Notification.objects.exists()


def test_an_empty_note_is_shown_again_with_the_error_at_its_field(lejre_client, case):
    before = snapshot(case)

    response = step(lejre_client, case, "note", text="   ")

    assert response.status_code == 200
    assert 'id="id_note_text_error"' in response.text
    assert "Write the note." in response.text
    assert 'href="#id_note_text"' in response.text
    assert snapshot(case) == before


def test_a_message_is_emailed_to_the_applicant(
    lejre_client, case, django_capture_on_commit_callbacks, mailoutbox
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = step(lejre_client, case, "message", text="Hvornår kan vi mødes?")

    response = followed(lejre_client, response)
    assert f"The message is emailed to {case.applicant_email}." in page_messages(response)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE_OUT).exists()
    assert [mail.to for mail in mailoutbox] == [[case.applicant_email]]
    assert "Hvornår kan vi mødes?" in mailoutbox[0].body
    case.refresh_from_db()
    assert case.first_response_at is not None


def test_a_message_with_a_cpr_number_is_refused(lejre_client, case):
    before = snapshot(case)

    response = step(lejre_client, case, "message", text="Dit CPR er 010190-1234, ikke?")

    assert response.status_code == 200
    assert "Remove the CPR number" in response.text
    assert "010190-1234" in response.text  # the text is kept for correcting
    assert snapshot(case) == before


def test_a_referral_is_recorded_with_its_partner_and_note(lejre_client, case):
    followed(lejre_client, step(lejre_client, case, "referral", partner="jobcenter", text="Kontakt Jens"))

    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REFERRAL)
    assert (event.partner, event.text) == ("jobcenter", "Kontakt Jens")
    assert "Referred to Jobcentre." in lejre_client.get(case_url(case)).text


def test_a_referral_needs_a_partner(lejre_client, case):
    before = snapshot(case)

    response = step(lejre_client, case, "referral", partner="", text="Kontakt Jens")

    assert "Choose the partner the case is referred to." in response.text
    assert snapshot(case) == before


# --- Enterprise, confidentiality, private link -------------------------------------------------


def test_a_case_is_linked_to_an_enterprise_by_cvr_number(lejre_client, lejre, roskilde, case):
    published_elsewhere = make_enterprise(name="Roskilde Grønt", home_municipality=roskilde)

    response = followed(lejre_client, step(lejre_client, case, "enterprise", cvr=published_elsewhere.cvr))

    case.refresh_from_db()
    assert case.enterprise == published_elsewhere
    assert any("Roskilde Grønt" in message for message in page_messages(response))
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ENTERPRISE).exists()


def test_an_own_enterprise_waiting_for_review_can_be_linked(lejre_client, lejre, case):
    pending = make_enterprise(name="Lejre Ny", home_municipality=lejre, status=Enterprise.Status.PENDING)

    step(lejre_client, case, "enterprise", cvr=" ".join([pending.cvr[:4], pending.cvr[4:]]))

    case.refresh_from_db()
    assert case.enterprise == pending


def test_an_unknown_or_hidden_cvr_number_is_refused_clearly(lejre_client, roskilde, case):
    hidden = make_enterprise(
        name="Roskilde Skjult", home_municipality=roskilde, status=Enterprise.Status.PENDING
    )
    before = snapshot(case)

    for cvr, error in [
        (hidden.cvr, f"No enterprise with CVR number {hidden.cvr} is in the registry."),
        # The registry's own CVR check, check digit included.
        ("1234", "A CVR number has 8 digits. You wrote 4."),
        ("12345678", "The check digit is wrong — check the number."),
        ("", "Write the enterprise&#x27;s CVR number."),
    ]:
        response = step(lejre_client, case, "enterprise", cvr=cvr)
        assert response.status_code == 200
        assert error in response.text
    assert snapshot(case) == before


def test_the_link_to_an_enterprise_can_be_removed(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre)
    case = make_case(lejre, enterprise=enterprise)

    step(lejre_client, case, "enterprise", cvr="", unlink="1")

    case.refresh_from_db()
    assert case.enterprise is None


def test_marking_a_case_confidential_needs_an_assignee(lejre_client, case):
    before = snapshot(case)

    response = followed(lejre_client, step(lejre_client, case, "confidential", confidential="1"))

    assert any("Assign the case to someone first" in message for message in page_messages(response))
    assert snapshot(case) == before


def test_the_assignee_marks_a_case_confidential_and_open_again(lejre_client, lejre_staff, lejre):
    case = make_case(lejre, assignee=lejre_staff)

    step(lejre_client, case, "confidential", confidential="1")
    case.refresh_from_db()
    assert case.confidential
    assert (
        "Only the assignee and the municipality's administrators see this case"
        in lejre_client.get(case_url(case)).text
    )

    step(lejre_client, case, "confidential", confidential="0")
    case.refresh_from_db()
    assert not case.confidential
    kinds = list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONFIDENTIAL).values_list("text", flat=True)
    )
    assert kinds == ["confidential", "open"]


def test_marking_a_colleague_s_case_confidential_takes_it_out_of_sight(lejre_client, colleague, lejre):
    case = make_case(lejre, assignee=colleague)

    response = step(lejre_client, case, "confidential", confidential="1")

    assert response.url == QUEUE
    case.refresh_from_db()
    assert case.confidential
    assert case not in queue(lejre_client)


def test_a_new_private_link_replaces_the_old_one_and_is_emailed(lejre_client, case):
    old = case.access_token

    followed(lejre_client, step(lejre_client, case, "link"))

    case.refresh_from_db()
    assert case.access_token != old
    assert Notification.objects.filter(template="case_link", recipient_email=case.applicant_email).exists()
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ACCESS_LINK).exists()


def test_an_anonymised_case_takes_no_more_steps(lejre_client, lejre):
    case = make_case(lejre, status=Status.RESOLVED, anonymised_at=timezone.now())
    before = snapshot(case)

    assert 'name="action"' not in lejre_client.get(case_url(case)).text
    response = followed(lejre_client, step(lejre_client, case, "note", text="Hej"))
    assert "The case is anonymised. Nothing more can be done with it." in page_messages(response)
    assert snapshot(case) == before


# --- Attachments -------------------------------------------------------------------------------


def test_an_attachment_downloads_with_safe_headers_and_is_logged(lejre_client, lejre_staff, lejre):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf")))
    attachment = case.attachments.get()

    response = lejre_client.get(attachment_url(case, attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="forretningsplan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.action, access.detail) == (
        case,
        lejre_staff,
        Action.DOWNLOAD,
        "forretningsplan.pdf",
    )


def test_an_attachment_is_only_found_under_its_own_case(lejre_client, lejre):
    case = make_case(lejre, attachments=checked(upload("a.pdf")))
    other = make_case(lejre)

    assert lejre_client.get(attachment_url(other, case.attachments.get())).status_code == 404
    assert not CaseAccess.objects.exists()


# --- The access log ----------------------------------------------------------------------------


def test_the_access_log_lists_views_downloads_and_exports_read_only(lejre_admin_client, lejre_admin, lejre):
    case = make_case(lejre, attachments=checked(upload("a.pdf")))
    lejre_admin_client.get(case_url(case))
    lejre_admin_client.get(attachment_url(case, case.attachments.get()))
    csv_rows(lejre_admin_client.get(EXPORT))

    response = lejre_admin_client.get(en("admin:counselling_caseaccess_changelist"))

    assert response.status_code == 200
    assert {access.action for access in response.context["cl"].result_list} == {
        Action.VIEW,
        Action.DOWNLOAD,
        Action.EXPORT,
    }
    assert case.reference in response.text
    access = CaseAccess.objects.first()
    assert lejre_admin_client.get(en("admin:counselling_caseaccess_add")).status_code == 403
    assert lejre_admin_client.get(en("admin:counselling_caseaccess_delete", access.pk)).status_code == 403
    before = CaseAccess.objects.values().get(pk=access.pk)
    lejre_admin_client.post(en("admin:counselling_caseaccess_change", access.pk), {"detail": "ændret"})
    assert CaseAccess.objects.values().get(pk=access.pk) == before


def test_contact_persons_do_not_read_the_access_log(lejre_client):
    assert lejre_client.get(en("admin:counselling_caseaccess_changelist")).status_code == 403

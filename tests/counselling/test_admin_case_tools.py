"""The case page's tools: files with a message to the applicant, file types in words, standard
replies per municipality, the print view and the way to the next case in the queue."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counselling import services
from counselling.admin.display import file_size, file_type
from counselling.models import CaseAccess, CaseAttachment, CaseEvent, ReplyTemplate
from portal.roles import CONTACT_PERSON
from tests.conftest import make_staff
from tests.counselling.admin_support import case_url, en, followed, page_messages, step
from tests.counselling.factories import checked, make_case, upload

pytestmark = pytest.mark.django_db


def print_url(case):
    return en("admin:counselling_case_print", case.pk)


# --- Files -------------------------------------------------------------------------------------


def test_staff_attach_files_to_a_message_and_the_applicant_s_page_gets_them(lejre_client, case):
    response = step(
        lejre_client,
        case,
        "message",
        text="Her er skabelonen til budgettet.",
        attachments=[upload("budget.xlsx"), upload("vejledning.pdf")],
    )

    assert "The applicant can download the 2 files from their private page." in " ".join(
        page_messages(followed(lejre_client, response))
    )
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.MESSAGE_OUT)
    files = list(CaseAttachment.objects.filter(case=case).order_by("name"))
    assert [(f.name, f.from_applicant, f.event_id) for f in files] == [
        ("budget.xlsx", False, event.pk),
        ("vejledning.pdf", False, event.pk),
    ]
    assert files[0].file.storage.exists(files[0].file.name)
    # What the private page lists: the applicant's visible events with their files.
    shown = services.applicant_events(case).prefetch_related("attachments")
    assert [a.name for e in shown for a in e.attachments.all()] == ["budget.xlsx", "vejledning.pdf"]


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_sent(lejre_client, case):
    response = step(
        lejre_client, case, "message", text="Se filen.", attachments=[upload("budget.pdf", content=b"MZ...")]
    )

    assert response.status_code == 200
    assert "does not match its name" in response.text
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE_OUT).exists()
    assert not CaseAttachment.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("content_type", "words"),
    [
        ("application/pdf", "PDF-dokument"),
        ("image/jpeg", "Billede (JPEG)"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word-dokument (DOCX)"),
        ("application/x-unknown", "Anden fil (application/x-unknown)"),
    ],
)
def test_file_types_read_in_words(content_type, words):
    assert str(file_type(content_type)) == words


@pytest.mark.parametrize(
    ("size", "text"),
    [(512, "512 bytes"), (2048, "2 kB"), (1_258_291, "1,2 MB"), (10 * 1024 * 1024, "10,0 MB")],
)
def test_file_sizes_are_danish_numbers_that_never_break_between_number_and_unit(size, text):
    assert file_size(size) == text.replace(" ", "\N{NO-BREAK SPACE}")


def test_the_case_page_shows_each_file_s_type_in_words(lejre_client, lejre):
    case = make_case(lejre, attachments=checked(upload("plan.pdf")))

    text = lejre_client.get(reverse("admin:counselling_case_change", args=[case.pk])).text

    assert "<td>PDF-dokument</td>" in text
    assert "application/pdf" not in text


# --- Standard replies --------------------------------------------------------------------------


@pytest.fixture
def replies(lejre, roskilde):
    return {
        "lejre": ReplyTemplate.objects.create(
            municipality=lejre, title="Tak for henvendelsen", text="Tak. Vi ringer til dig i næste uge."
        ),
        "roskilde": ReplyTemplate.objects.create(
            municipality=roskilde, title="Roskildes svar", text="Hilsen fra Roskilde."
        ),
    }


def test_the_case_page_offers_the_municipality_s_standard_replies_only(lejre_client, case, replies):
    text = lejre_client.get(case_url(case)).text

    assert "Tak for henvendelsen" in text
    assert 'data-text="Tak. Vi ringer til dig i næste uge."' in text
    assert "Roskilde" not in text


def test_insert_puts_the_standard_reply_into_the_message_without_javascript(lejre_client, case, replies):
    response = step(
        lejre_client,
        case,
        "message",
        insert="Insert",
        reply_template=replies["lejre"].pk,
        text="Kære Mette",
    )

    assert response.status_code == 200
    form = response.context["forms"]["message"]
    assert form["text"].value() == "Kære Mette\n\nTak. Vi ringer til dig i næste uge."
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE_OUT).exists()


def test_another_municipality_s_standard_reply_cannot_be_inserted(lejre_client, case, replies):
    response = step(lejre_client, case, "message", insert="Insert", reply_template=replies["roskilde"].pk)

    assert response.status_code == 200
    assert "Hilsen fra Roskilde" not in response.text
    assert "Choose one of the standard replies to insert it." in page_messages(response)


def test_roskilde_staff_never_see_lejre_s_standard_replies(roskilde_client, replies):
    response = roskilde_client.get(en("admin:counselling_replytemplate_changelist"))

    assert set(response.context["cl"].result_list) == {replies["roskilde"]}
    assert (
        roskilde_client.get(en("admin:counselling_replytemplate_change", replies["lejre"].pk)).status_code
        == 302
    )


def test_a_contact_person_reads_the_standard_replies_but_cannot_write_them(lejre_client, replies):
    assert lejre_client.get(en("admin:counselling_replytemplate_changelist")).status_code == 200
    assert lejre_client.get(en("admin:counselling_replytemplate_add")).status_code == 403
    response = lejre_client.post(
        en("admin:counselling_replytemplate_change", replies["lejre"].pk), {"title": "Ændret", "text": "x"}
    )
    assert response.status_code == 403
    replies["lejre"].refresh_from_db()
    assert replies["lejre"].title == "Tak for henvendelsen"


def test_an_administrator_writes_the_municipality_s_standard_replies(lejre_admin_client, lejre, replies):
    response = lejre_admin_client.post(
        en("admin:counselling_replytemplate_add"), {"title": "Afslag", "text": "Vi kan desværre ikke hjælpe."}
    )

    assert response.status_code == 302
    assert ReplyTemplate.objects.get(title="Afslag").municipality == lejre


def test_two_standard_replies_of_a_municipality_cannot_share_a_title(lejre_admin_client, replies):
    response = lejre_admin_client.post(
        en("admin:counselling_replytemplate_add"), {"title": "Tak for henvendelsen", "text": "Igen."}
    )

    assert response.status_code == 200
    assert "There is a standard reply with this title already." in response.text
    assert ReplyTemplate.objects.filter(title="Tak for henvendelsen").count() == 1


# --- The print view ----------------------------------------------------------------------------


def test_the_print_view_shows_the_whole_case_without_forms_and_logs_the_look(lejre_client, lejre_staff, case):
    services.add_note(case, by=lejre_staff, text="Ring tirsdag.")
    services.reply(case, text="Vi har lavet et budget.")

    response = lejre_client.get(print_url(case))

    assert response.status_code == 200
    for expected in [case.reference, case.description, "Ring tirsdag.", "Vi har lavet et budget."]:
        assert expected in response.text
    assert "<form" not in response.text.split('id="content-main"')[1]
    assert 'id="nav-sidebar"' not in response.text
    assert CaseAccess.objects.filter(case=case, detail="Print view").count() == 1


def test_the_print_view_of_another_municipality_s_case_is_as_if_missing(roskilde_client, case):
    response = roskilde_client.get(print_url(case))

    assert response.status_code == 302
    assert case.reference not in response.text


# --- The way through the queue -----------------------------------------------------------------


def test_next_and_previous_follow_the_queue_the_person_came_from(lejre_client, lejre):
    today = timezone.localdate()
    first, second, third = (make_case(lejre, deadline=today + datetime.timedelta(days=n)) for n in (1, 2, 3))
    make_case(lejre, deadline=today, kind="branch")  # filtered out below
    filters = urlencode({"kind__exact": "new_enterprise"})

    response = lejre_client.get(case_url(second), {"_changelist_filters": filters})

    preserved = "?" + urlencode({"_changelist_filters": filters})
    assert response.context["previous_case"] == case_url(first) + preserved
    assert response.context["next_case"] == case_url(third) + preserved
    assert (response.context["position"], response.context["total"]) == (2, 3)
    assert "Case 2 of 3 in the queue" in response.text


def test_the_first_case_of_the_queue_has_no_previous_case(lejre_client, lejre):
    first = make_case(lejre, deadline=timezone.localdate())
    make_case(lejre, deadline=timezone.localdate() + datetime.timedelta(days=4))

    response = lejre_client.get(case_url(first))

    assert response.context["previous_case"] is None
    assert response.context["next_case"] is not None


def test_the_neighbours_never_lead_to_another_municipality_s_case(lejre, roskilde):
    lejre_case = make_case(lejre)
    make_case(roskilde)
    client = Client()
    client.force_login(make_staff(lejre, CONTACT_PERSON, username="nabo", email="nabo@lejre.dk"))

    response = client.get(case_url(lejre_case))

    assert (response.context["previous_case"], response.context["next_case"]) == (None, None)
    assert response.context["total"] == 1


def test_a_broken_queue_filter_leaves_the_case_page_working(lejre_client, case):
    response = lejre_client.get(case_url(case), {"_changelist_filters": "created_at__year=99999"})

    assert response.status_code == 200
    assert response.context["next_case"] is None


def test_the_case_page_takes_as_many_queries_with_many_replies_and_cases_as_with_one(
    lejre_client, lejre, lejre_staff, django_assert_num_queries
):
    case = make_case(lejre)
    ReplyTemplate.objects.create(municipality=lejre, title="Et", text="Et")
    lejre_client.get(case_url(case))
    with CaptureQueriesContext(connection) as one:
        lejre_client.get(case_url(case))
    for n in range(10):
        ReplyTemplate.objects.create(municipality=lejre, title=f"Svar {n}", text=f"Tekst {n}")
        make_case(lejre)

    with django_assert_num_queries(len(one)):
        lejre_client.get(case_url(case))

"""Agreements in the admin: Lejre's staff write theirs with parties from the registry and
commitments, Roskilde's staff see nothing of them, the state moves along its table through the
decisions, publishing is a review decision, the signed document stays private, and bad input
comes back as form errors with nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kit.transitions import Conflict, TransitionNotAllowed
from partnerships import services
from partnerships.models import STATE_TRANSITIONS, Agreement, Organisation, Party, State
from tests.enterprises.factories import make_enterprise
from tests.partnerships.admin_helpers import (
    ADD,
    CHANGELIST,
    agreement_data,
    change_url,
    decision_url,
    errors_of,
)
from tests.partnerships.factories import make_agreement, make_commitment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


# --- Writing one ----------------------------------------------------------------------------------


def test_lejre_staff_write_an_agreement_with_an_enterprise_of_another_municipality(
    client, lejre_staff, lejre, roskilde
):
    other = make_enterprise(home_municipality=roskilde, name="Roskilde Café")
    organisation = Organisation.objects.create(municipality=lejre, name="Business Lejre")
    client.force_login(lejre_staff)

    response = client.post(
        ADD,
        agreement_data(
            parties=[{"enterprise": other.pk, "role": "Driver caféen"}, {"organisation": organisation.pk}],
            commitments=[{"position_kind": "flexjob", "target": "10"}],
        ),
    )

    assert response.status_code == 302, errors_of(response)
    agreement = Agreement.objects.get()
    assert agreement.municipality == lejre
    assert agreement.slug == "lokale-job-i-lejre"
    assert agreement.state == State.DRAFT and agreement.status == Agreement.Status.DRAFT
    assert {str(party) for party in agreement.parties.all()} == {"Roskilde Café", "Business Lejre"}
    assert agreement.commitments.get().target == 10


def test_an_unpublished_enterprise_of_another_municipality_nor_its_organisation_is_offered(
    client, lejre_staff, roskilde
):
    hidden = make_enterprise(home_municipality=roskilde, status="draft")
    theirs = Organisation.objects.create(municipality=roskilde, name="Roskilde Netværk")
    client.force_login(lejre_staff)

    response = client.post(
        ADD, agreement_data(parties=[{"enterprise": hidden.pk}, {"organisation": theirs.pk}])
    )

    assert "parties" in errors_of(response)
    assert not Agreement.objects.exists()


def test_roskilde_staff_see_nothing_of_lejre_s_agreements(client, roskilde_staff, lejre, roskilde):
    lejres = make_agreement(municipality=lejre, title="Lejres aftale")
    theirs = make_agreement(municipality=roskilde, title="Roskildes aftale")
    client.force_login(roskilde_staff)

    listed = client.get(CHANGELIST)
    assert list(listed.context["cl"].result_list) == [theirs]
    assert client.get(change_url(lejres)).status_code == 302
    assert client.get(decision_url(lejres, "terminate")).status_code == 404


# --- Bad input ---------------------------------------------------------------------------------


def test_an_end_before_the_start_is_a_form_error(client, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, agreement_data(start="2026-06-01", end="2026-05-31"))

    assert errors_of(response) == {"end": ["Aftalen kan ikke slutte, før den begynder."]}
    assert not Agreement.objects.exists()


def test_a_negative_target_is_a_form_error(client, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, agreement_data(commitments=[{"position_kind": "flexjob", "target": "-1"}]))

    assert "commitments" in errors_of(response)
    assert not Agreement.objects.exists()


def test_a_party_is_an_enterprise_or_an_organisation(client, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, agreement_data(parties=[{"role": "Ingen"}]))

    assert "parties" in errors_of(response)
    assert not Party.objects.exists()


# --- The state --------------------------------------------------------------------------------

EDGES = set(STATE_TRANSITIONS.edges())


@pytest.mark.parametrize("from_", list(State))
@pytest.mark.parametrize("to", list(State))
def test_change_state_follows_the_table(lejre, lejre_staff, from_, to):
    agreement = make_agreement(municipality=lejre, state=from_, end=datetime.date(2027, 12, 31))
    new_end = timezone.localdate() + datetime.timedelta(days=365)

    if (from_, to) in EDGES:
        services.change_state(agreement, to=to, by=lejre_staff, expected=from_, end=new_end, reason="Lukket")
        assert Agreement.objects.get(pk=agreement.pk).state == to
    else:
        with pytest.raises(TransitionNotAllowed):
            services.change_state(agreement, to=to, by=lejre_staff, expected=from_, end=new_end)
        assert Agreement.objects.get(pk=agreement.pk).state == from_


def test_a_state_seen_before_someone_changed_it_is_a_conflict(lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre, state=State.DRAFT)
    Agreement.objects.filter(pk=agreement.pk).update(state=State.TERMINATED)

    with pytest.raises(Conflict):
        services.change_state(agreement, to=State.ACTIVE, by=lejre_staff, expected=State.DRAFT)


def test_staff_activate_a_signed_draft(client, lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre, state=State.DRAFT)
    client.force_login(lejre_staff)

    response = client.post(decision_url(agreement, "activate"))

    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).state == State.ACTIVE


def test_staff_terminate_an_agreement_with_a_reason_and_a_date(client, lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(
        decision_url(agreement, "terminate"), {"terminated_on": "2026-10-01", "reason": "Virksomheden lukker"}
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == State.TERMINATED
    assert agreement.terminated_on == datetime.date(2026, 10, 1)
    assert agreement.termination_reason == "Virksomheden lukker"


def test_terminating_needs_a_reason(client, lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(
        decision_url(agreement, "terminate"), {"terminated_on": "2026-10-01", "reason": ""}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Agreement.objects.get(pk=agreement.pk).state == State.ACTIVE


def test_staff_prolong_an_expired_agreement_with_a_new_end(client, lejre, lejre_staff):
    agreement = make_agreement(
        municipality=lejre,
        state=State.EXPIRED,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    new_end = timezone.localdate() + datetime.timedelta(days=400)
    client.force_login(lejre_staff)

    response = client.post(decision_url(agreement, "prolong"), {"end": new_end.isoformat()})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.state, agreement.end) == (State.ACTIVE, new_end)


def test_a_prolongation_into_the_past_is_refused(client, lejre, lejre_staff):
    agreement = make_agreement(
        municipality=lejre,
        state=State.EXPIRED,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    client.force_login(lejre_staff)

    client.post(decision_url(agreement, "prolong"), {"end": "2025-06-30"})

    agreement.refresh_from_db()
    assert (agreement.state, agreement.end) == (State.EXPIRED, datetime.date(2025, 12, 31))


def test_a_decision_that_does_not_apply_is_left_alone(client, lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre, state=State.TERMINATED)
    client.force_login(lejre_staff)

    client.post(decision_url(agreement, "activate"))

    assert Agreement.objects.get(pk=agreement.pk).state == State.TERMINATED


# --- Review -------------------------------------------------------------------------------------


def test_staff_publish_their_draft_and_hide_it_again(client, lejre, lejre_staff):
    agreement = make_agreement(municipality=lejre, status=Agreement.Status.DRAFT)
    client.force_login(lejre_staff)

    client.post(decision_url(agreement, "publish"), {"note": ""})
    assert Agreement.objects.published().filter(pk=agreement.pk).exists()

    client.post(decision_url(agreement, "hide"), {"reason": "Genforhandles"})
    assert not Agreement.objects.published().filter(pk=agreement.pk).exists()


# --- The signed document ------------------------------------------------------------------------


def test_the_signed_document_is_kept_private_and_downloaded_by_own_staff_only(
    client, lejre, lejre_staff, roskilde_staff, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    agreement = make_agreement(municipality=lejre)
    client.force_login(lejre_staff)

    data = agreement_data(agreement, signed_upload=SimpleUploadedFile("underskrevet.pdf", PDF))
    response = client.post(change_url(agreement), data)

    assert response.status_code == 302, errors_of(response)
    agreement.refresh_from_db()
    assert agreement.signed_document_name == "underskrevet.pdf"
    assert "underskrevet" not in agreement.signed_document.name
    download = reverse("admin:partnerships_agreement_signed_document", args=[agreement.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"].startswith("private, no-store")

    client.force_login(roskilde_staff)
    assert client.get(download).status_code == 404


def test_a_file_that_is_not_what_its_name_says_is_refused(client, lejre, lejre_staff, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    agreement = make_agreement(municipality=lejre)
    client.force_login(lejre_staff)

    data = agreement_data(agreement, signed_upload=SimpleUploadedFile("aftale.pdf", b"MZ\x90\x00 not a pdf"))
    response = client.post(change_url(agreement), data)

    assert "signed_upload" in errors_of(response)
    agreement.refresh_from_db()
    assert not agreement.signed_document


# --- The list's queries -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 12])
def test_the_change_list_makes_the_same_queries_at_any_size(
    client, lejre, lejre_staff, django_assert_num_queries, size
):
    for _n in range(size):
        agreement = make_agreement(municipality=lejre, enterprises=[make_enterprise(home_municipality=lejre)])
        make_commitment(agreement)
    client.force_login(lejre_staff)
    client.get(CHANGELIST)  # the session and permissions cached as in every request after the first

    with django_assert_num_queries(QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size


#: The session, the user, the permissions, the counts and the rows, the filters' choices.
QUERIES = 9


@pytest.mark.parametrize(
    "name",
    ["agreement", "organisation", "productionunit", "result", "followupgroup", "meeting"],
)
def test_the_add_pages_open(client, lejre_staff, name):
    client.force_login(lejre_staff)

    assert client.get(reverse(f"admin:partnerships_{name}_add")).status_code == 200


def test_a_meeting_that_ends_before_it_starts_is_a_form_error(client, lejre, lejre_staff):
    from partnerships.models import Meeting
    from tests.partnerships.factories import make_group

    group = make_group(lejre)
    client.force_login(lejre_staff)

    response = client.post(
        reverse("admin:partnerships_meeting_add"),
        {
            "group": group.pk,
            "starts_at_0": "01.09.2026",
            "starts_at_1": "14:00",
            "ends_at_0": "01.09.2026",
            "ends_at_1": "13:00",
            "place": "Rådhuset",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "ends_at": ["Mødet skal slutte, efter det begynder."]
    }
    assert not Meeting.objects.exists()


def test_the_change_page_offers_the_decisions_that_apply(client, lejre, lejre_staff):
    draft = make_agreement(municipality=lejre, state=State.DRAFT, status=Agreement.Status.DRAFT)
    client.force_login(lejre_staff)

    page = client.get(change_url(draft)).text

    assert decision_url(draft, "activate") in page
    assert decision_url(draft, "publish") in page
    assert decision_url(draft, "prolong") not in page


def test_a_slug_that_names_a_page_beside_the_agreements_is_refused(client, lejre, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, agreement_data(slug="resultater"))

    assert errors_of(response)["slug"] == [
        "Adressen resultater bruges af en anden side. Vælg en anden, eller lad feltet stå tomt."
    ]
    assert not Agreement.objects.exists()

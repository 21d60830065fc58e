"""The representative's self-service under /konto/virksomheder/: create, edit, photos, claim, stories.

A representative reaches only their own enterprises; every page is checked for its owner, another
representative, staff of the home municipality, staff of another municipality, and anonymous.
"""

import pytest

from enterprises.models import Enterprise, EnterpriseChange
from outbox.models import Notification
from tests.enterprises.factories import make_category, make_enterprise, make_target_group
from tests.enterprises.test_forms import VALID_CVR, image_bytes, profile_data, upload

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
MINE = "/konto/virksomheder/"
CREATE = "/konto/virksomheder/opret/"
CLAIM = "/konto/virksomheder/tilknyt/"


def pages(enterprise):
    base = f"/konto/virksomheder/{enterprise.slug}/"
    return [base, base + "ret/", base + "billeder/", base + "historier/", base + "modtaget/"]


def edit_data(enterprise, **overrides):
    """The edit form as the browser posts it: every field with its current value."""
    current = {
        "name": enterprise.name,
        "cvr": enterprise.cvr,
        "summary": enterprise.summary,
        "sector": enterprise.sector,
        "positions_flexjob": enterprise.positions_flexjob,
        "positions_ordinary_hire": enterprise.positions_ordinary_hire,
    }
    return profile_data(enterprise.home_municipality, **{**current, **overrides})


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [MINE, CREATE, CLAIM])
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/konto/log-ind/?next={path}"


def test_anonymous_visitors_are_sent_to_log_in_from_an_enterprise_page(client, enterprise):
    for path in pages(enterprise):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/konto/log-ind/?next=")


def test_the_representative_reaches_every_page_of_their_enterprise(representative_client, enterprise):
    for path in pages(enterprise):
        assert representative_client.get(path).status_code == 200, path


def test_the_pages_are_in_english_under_en(representative_client, enterprise):
    response = representative_client.get("/en/konto/virksomheder/")

    assert response.status_code == 200
    assert "My enterprises" in response.text
    assert f'href="/en/konto/virksomheder/{enterprise.slug}/ret/"' in response.text


def test_another_representative_gets_404_on_every_page(client, enterprise, other_representative):
    client.force_login(other_representative)

    for path in pages(enterprise):
        assert client.get(path).status_code == 404, path


def test_staff_of_the_home_municipality_get_404_they_review_in_the_admin(lejre_client, enterprise):
    for path in pages(enterprise):
        assert lejre_client.get(path).status_code == 404, path


def test_staff_of_another_municipality_get_404(roskilde_client, enterprise):
    for path in pages(enterprise):
        assert roskilde_client.get(path).status_code == 404, path


def test_another_representative_cannot_post_an_edit(client, enterprise, other_representative):
    client.force_login(other_representative)

    response = client.post(
        f"/konto/virksomheder/{enterprise.slug}/ret/", edit_data(enterprise, summary="Hacked")
    )

    assert response.status_code == 404
    enterprise.refresh_from_db()
    assert enterprise.summary == "Frokost og catering."
    assert not EnterpriseChange.objects.exists()


# --- My enterprises -------------------------------------------------------------------------------


def test_the_list_shows_only_my_enterprises_with_status_note_and_pending_changes(
    client, representative, lejre
):
    mine = make_enterprise(
        name="Mit Værksted",
        home_municipality=lejre,
        representatives=[representative],
        status=Status.REJECTED,
        review_note="Beskrivelsen mangler.",
    )
    make_enterprise(
        name="Med Ændringer",
        home_municipality=lejre,
        representatives=[representative],
        pending_changes={"cvr": "13585628", "rsv_registered": True},
    )
    make_enterprise(name="Andres Bageri", home_municipality=lejre)
    client.force_login(representative)

    response = client.get("/en" + MINE)

    assert [e.name for e in response.context["enterprises"]] == ["Med Ændringer", "Mit Værksted"]
    assert "Andres Bageri" not in response.text
    assert "Rejected" in response.text
    assert "Beskrivelsen mangler." in response.text
    assert "13585628" in response.text
    assert "Waiting for review by Lejre Kommune" in response.text
    assert f'href="/en/konto/virksomheder/{mine.slug}/ret/"' in response.text


def test_the_list_links_a_published_profile_to_its_public_page(representative_client, enterprise):
    response = representative_client.get(MINE)

    assert f'href="{enterprise.get_absolute_url()}"' in response.text


def test_the_list_offers_to_create_or_claim_when_empty(representative_client):
    response = representative_client.get(MINE)

    assert response.status_code == 200
    assert f'href="{CREATE}"' in response.text
    assert f'href="{CLAIM}"' in response.text


# --- Create ---------------------------------------------------------------------------------------


def test_creating_a_profile_sends_it_for_review_and_mails_the_home_municipalitys_contact_person(
    representative_client, representative, lejre, lejre_staff, roskilde_staff, roskilde, on_commit, mailoutbox
):
    food = make_category()
    flex = make_target_group()
    data = profile_data(lejre, services=[food.pk], target_groups=[flex.pk], serves=[roskilde.pk])

    with on_commit():
        response = representative_client.post(CREATE, data)

    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert response.url == f"/konto/virksomheder/{enterprise.slug}/modtaget/"
    assert enterprise.status == Status.PENDING
    assert enterprise.cvr == VALID_CVR
    assert list(enterprise.representatives.all()) == [representative]
    assert list(enterprise.services.all()) == [food]
    assert list(enterprise.target_groups.all()) == [flex]
    assert list(enterprise.serves.all()) == [roskilde]
    assert enterprise.changes.get().kind == EnterpriseChange.Kind.SUBMITTED
    [message] = mailoutbox
    assert message.to == ["kontakt@lejre.dk"]
    assert "Grønt Køkken" in message.subject
    assert f"http://testserver/admin/enterprises/enterprise/{enterprise.pk}/change/" in message.body


def test_the_receipt_says_the_profile_waits_for_the_home_municipality(representative_client, lejre):
    representative_client.post(CREATE, profile_data(lejre))
    enterprise = Enterprise.objects.get()

    response = representative_client.get(f"/en/konto/virksomheder/{enterprise.slug}/modtaget/")

    assert "waits for review by a contact person of Lejre Kommune" in response.text


def test_creating_a_profile_stores_the_logo(representative_client, lejre, settings):
    data = profile_data(lejre, logo=upload("logo.png", image_bytes("PNG")))

    representative_client.post(CREATE, data)

    enterprise = Enterprise.objects.get()
    assert enterprise.logo.name.startswith("enterprises/logos/logo")
    assert (settings.MEDIA_ROOT / enterprise.logo.name).exists()


def test_nothing_is_saved_when_the_logo_is_not_a_picture(
    representative_client, lejre, lejre_staff, tmp_path, on_commit, mailoutbox
):
    data = profile_data(lejre, logo=upload("logo.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"))

    with on_commit():
        response = representative_client.post("/en" + CREATE, data)

    assert response.status_code == 400
    assert "The file is not a picture we can read." in response.text
    assert 'id="error-summary"' in response.text
    assert not Enterprise.objects.exists()
    assert not EnterpriseChange.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []
    assert list(tmp_path.iterdir()) == []


def test_a_registered_cvr_number_points_to_claiming_the_profile(representative_client, lejre, enterprise):
    response = representative_client.post("/en" + CREATE, profile_data(lejre, name="Kopi"))

    assert response.status_code == 400
    assert "already registered" in response.text
    assert 'href="/en/konto/virksomheder/tilknyt/"' in response.text
    assert Enterprise.objects.count() == 1


def test_the_create_form_is_prefilled_with_a_cvr_number_from_the_claim_page(representative_client):
    response = representative_client.get(CREATE + "?cvr=13585628")

    assert response.context["form"]["cvr"].value() == "13585628"


def test_the_form_is_labelled_grouped_and_uploads_files(representative_client):
    response = representative_client.get(CREATE)

    assert 'enctype="multipart/form-data"' in response.text
    assert response.text.count("<fieldset") >= 5
    assert 'for="id_cvr"' in response.text
    assert "<script" not in response.text.split("</main>")[0]
    assert "style=" not in response.text


# --- Edit -----------------------------------------------------------------------------------------


def test_a_new_cvr_number_on_a_published_profile_waits_for_review_and_the_public_keeps_the_old(
    client, representative, enterprise, lejre_staff, on_commit, mailoutbox
):
    client.force_login(representative)

    with on_commit():
        response = client.post(
            f"/en/konto/virksomheder/{enterprise.slug}/ret/",
            edit_data(enterprise, cvr="DK 29 40 34 73"),
            follow=True,
        )

    enterprise.refresh_from_db()
    assert enterprise.cvr == VALID_CVR
    assert enterprise.pending_changes == {"cvr": "29403473"}
    assert enterprise.status == Status.PUBLISHED
    assert messages_of(response) == [
        "These changes wait for review by Lejre Kommune before they are public: CVR number."
    ]
    public = client.get(enterprise.get_absolute_url())
    assert VALID_CVR in public.text and "29403473" not in public.text
    [message] = mailoutbox
    assert message.to == ["kontakt@lejre.dk"]
    assert "Changes to review" in message.subject or "Grønt Køkken" in message.subject


def test_a_new_summary_goes_live_at_once_and_is_recorded(representative_client, representative, enterprise):
    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/",
        edit_data(enterprise, summary="Frokost, catering og kantinedrift."),
        follow=True,
    )

    enterprise.refresh_from_db()
    assert enterprise.summary == "Frokost, catering og kantinedrift."
    assert enterprise.pending_changes == {}
    change = enterprise.changes.get()
    assert (change.kind, change.user, change.fields) == (
        EnterpriseChange.Kind.EDIT,
        representative,
        ["summary"],
    )
    assert messages_of(response) == ["These changes are public now: Short summary."]


def test_live_and_held_changes_are_told_apart(representative_client, enterprise):
    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/",
        edit_data(enterprise, phone="12 34 56 78", employment_services_share=80),
        follow=True,
    )

    enterprise.refresh_from_db()
    assert enterprise.phone == "12 34 56 78"
    assert enterprise.employment_services_share is None
    assert enterprise.pending_changes == {"employment_services_share": 80}
    assert messages_of(response) == [
        "These changes are public now: Phone.",
        "These changes wait for review by Lejre Kommune before they are public: "
        "Share of revenue from employment services.",
    ]


def test_saving_an_unchanged_profile_changes_nothing(representative_client, enterprise):
    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/", edit_data(enterprise), follow=True
    )

    assert messages_of(response) == ["Nothing was changed."]
    assert not EnterpriseChange.objects.exists()


def test_the_edit_page_shows_changes_waiting_for_review(representative_client, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(pending_changes={"rsv_registered": True})

    response = representative_client.get(f"/en/konto/virksomheder/{enterprise.slug}/ret/")

    assert "Waiting for review by Lejre Kommune" in response.text
    assert "Registered as RSV: Yes" in response.text


def test_a_new_logo_replaces_the_old_and_an_invalid_one_changes_nothing(representative_client, enterprise):
    path = f"/konto/virksomheder/{enterprise.slug}/ret/"
    representative_client.post(path, {**edit_data(enterprise), "logo": upload("ny.png")})
    enterprise.refresh_from_db()
    assert enterprise.logo.name.startswith("enterprises/logos/ny")

    response = representative_client.post(
        path, {**edit_data(enterprise, summary="Ændret"), "logo": upload("ondt.png", b"GIF89a nope")}
    )

    assert response.status_code == 400
    enterprise.refresh_from_db()
    assert enterprise.summary == "Frokost og catering."
    assert enterprise.logo.name.startswith("enterprises/logos/ny")


def test_an_edited_rejected_profile_goes_back_for_review(representative_client, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(status=Status.REJECTED)

    representative_client.post(
        f"/konto/virksomheder/{enterprise.slug}/ret/", edit_data(enterprise, phone="11")
    )

    enterprise.refresh_from_db()
    assert enterprise.status == Status.PENDING

"""The representative's self-service under /konto/virksomheder/: create, edit, photos, claim, stories.

A representative reaches only their own enterprises; every page is checked for its owner, another
representative, staff of the home municipality, staff of another municipality, and anonymous.
"""

import pytest
from django.test import Client

from enterprises.models import Enterprise, EnterpriseChange, EnterprisePhoto, SuccessStory
from outbox.models import Notification
from tests.conftest import make_user
from tests.enterprises.factories import make_category, make_enterprise, make_target_group
from tests.enterprises.test_forms import VALID_CVR, image_bytes, profile_data, upload

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
MINE = "/konto/virksomheder/"
CREATE = "/konto/virksomheder/opret/"
CLAIM = "/konto/virksomheder/tilknyt/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def enterprise(lejre, representative):
    """Lejre's published enterprise, represented by the cast's representative."""
    return make_enterprise(
        name="Grønt Køkken",
        home_municipality=lejre,
        representatives=[representative],
        summary="Frokost og catering.",
        cvr=VALID_CVR,
    )


@pytest.fixture
def other_representative(db):
    return make_user(username="anden@virksomhed.dk", email="anden@virksomhed.dk")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the outbox's on-commit delivery, so that mail reaches `mailoutbox`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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
    assert "Waiting for review by Lejre" in response.text
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

    assert "waits for review by a contact person of Lejre" in response.text


def test_creating_a_profile_stores_the_logo(representative_client, lejre, tmp_path):
    data = profile_data(lejre, logo=upload("logo.png", image_bytes("PNG")))

    representative_client.post(CREATE, data)

    enterprise = Enterprise.objects.get()
    assert enterprise.logo.name.startswith("enterprises/logos/logo")
    assert (tmp_path / enterprise.logo.name).exists()


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
        "These changes wait for review by Lejre before they are public: CVR number."
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
        "These changes wait for review by Lejre before they are public: "
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

    assert "Waiting for review by Lejre" in response.text
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


# --- Photos ---------------------------------------------------------------------------------------


def test_the_representative_adds_a_photo_with_a_caption(representative_client, representative, enterprise):
    response = representative_client.post(
        f"/konto/virksomheder/{enterprise.slug}/billeder/",
        {"image": upload("kok.jpg", image_bytes("JPEG")), "caption": "I køkkenet"},
    )

    assert response.status_code == 302
    photo = enterprise.photos.get()
    assert photo.caption == "I køkkenet"
    assert photo.image.name.startswith("enterprises/photos/kok")
    change = enterprise.changes.get()
    assert (change.user, change.fields) == (representative, ["photos"])
    overview = representative_client.get(f"/en/konto/virksomheder/{enterprise.slug}/")
    assert "Edited (Rikke " in overview.text and "– photos" in overview.text


def test_a_photo_that_is_not_a_picture_is_refused(representative_client, enterprise):
    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/billeder/",
        {"image": upload("foto.jpg", b"not a picture", "image/jpeg"), "caption": ""},
    )

    assert response.status_code == 400
    assert "The file is not a picture we can read." in response.text
    assert not EnterprisePhoto.objects.exists()


def test_a_photo_over_5_mb_is_refused(representative_client, enterprise):
    big = upload("stor.png", image_bytes("PNG", size=(1400, 1300), noise=True))

    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/billeder/", {"image": big, "caption": ""}
    )

    assert response.status_code == 400
    assert "a picture may be at most 5 MB" in response.text
    assert not EnterprisePhoto.objects.exists()


def test_deleting_a_photo_takes_a_post(representative_client, enterprise, tmp_path, on_commit):
    representative_client.post(f"/konto/virksomheder/{enterprise.slug}/billeder/", {"image": upload("a.png")})
    photo = enterprise.photos.get()
    delete = f"/konto/virksomheder/{enterprise.slug}/billeder/{photo.pk}/slet/"

    assert representative_client.get(delete).status_code == 405
    with on_commit():
        response = representative_client.post(delete)

    assert response.status_code == 302
    assert not EnterprisePhoto.objects.exists()
    assert not (tmp_path / photo.image.name).exists()


def test_nobody_else_deletes_a_photo(client, representative, other_representative, enterprise, lejre):
    photo = EnterprisePhoto.objects.create(enterprise=enterprise, image="enterprises/photos/a.png")
    mine = make_enterprise(home_municipality=lejre, representatives=[other_representative])
    client.force_login(other_representative)

    assert client.post(f"/konto/virksomheder/{enterprise.slug}/billeder/{photo.pk}/slet/").status_code == 404
    # Nor through their own enterprise's address.
    assert client.post(f"/konto/virksomheder/{mine.slug}/billeder/{photo.pk}/slet/").status_code == 404
    assert EnterprisePhoto.objects.filter(pk=photo.pk).exists()


# --- Claim ----------------------------------------------------------------------------------------


def test_claiming_a_profile_asks_its_home_municipality(
    client, other_representative, enterprise, lejre_staff, on_commit, mailoutbox
):
    client.force_login(other_representative)

    with on_commit():
        response = client.post("/en" + CLAIM, {"cvr": f"DK{VALID_CVR}"}, follow=True)

    assert response.redirect_chain[-1][0] == "/en/konto/virksomheder/"
    assert "Your request has been sent." in messages_of(response)[0]
    claim = enterprise.changes.get()
    assert (claim.kind, claim.user) == (EnterpriseChange.Kind.CLAIMED, other_representative)
    assert not enterprise.representatives.filter(pk=other_representative.pk).exists()
    [message] = mailoutbox
    assert message.to == ["kontakt@lejre.dk"]


def test_claiming_an_unpublished_profile_reveals_nothing_about_it(client, other_representative, lejre):
    hidden = make_enterprise(
        name="Hemmeligt Firma", home_municipality=lejre, status=Status.PENDING, summary="Intet at se her."
    )
    client.force_login(other_representative)

    response = client.post("/en" + CLAIM, {"cvr": hidden.cvr}, follow=True)

    assert "Your request has been sent." in messages_of(response)[0]
    assert "Hemmeligt" not in response.text
    assert "Intet at se her" not in response.text
    assert hidden.slug not in response.text


def test_claiming_twice_does_not_mail_the_municipality_twice(
    client, other_representative, enterprise, lejre_staff, on_commit, mailoutbox
):
    client.force_login(other_representative)

    with on_commit():
        client.post(CLAIM, {"cvr": VALID_CVR})
        client.post(CLAIM, {"cvr": VALID_CVR})

    assert enterprise.changes.count() == 1
    assert len(mailoutbox) == 1


def test_claiming_my_own_enterprise_takes_me_to_it(representative_client, enterprise):
    response = representative_client.post(CLAIM, {"cvr": VALID_CVR})

    assert response.url == f"/konto/virksomheder/{enterprise.slug}/"
    assert not EnterpriseChange.objects.exists()


def test_an_unknown_cvr_number_offers_to_create_a_profile(representative_client):
    response = representative_client.post("/en" + CLAIM, {"cvr": "29403473"})

    assert response.status_code == 200
    assert "No profile has the CVR number 29403473." in response.text
    assert 'href="/en/konto/virksomheder/opret/?cvr=29403473"' in response.text
    assert not EnterpriseChange.objects.exists()


def test_an_invalid_cvr_number_on_the_claim_form_says_what_is_wrong(representative_client):
    response = representative_client.post("/en" + CLAIM, {"cvr": "1234567X"})

    assert response.status_code == 400
    assert "A CVR number has only digits." in response.text


# --- Success stories ------------------------------------------------------------------------------


def test_a_story_is_sent_for_review_and_listed_with_its_status(
    representative_client, enterprise, lejre_staff, on_commit, mailoutbox
):
    path = f"/en/konto/virksomheder/{enterprise.slug}/historier/"
    data = {
        "title": "Fra ledig til kok",
        "text": "Anna kom i fleksjob og er nu souschef.",
        "date": "2025-03-01",
        "photo": upload("anna.webp", image_bytes("WEBP")),
    }

    with on_commit():
        response = representative_client.post(path, data, follow=True)

    story = SuccessStory.objects.get()
    assert (story.enterprise, story.status) == (enterprise, Status.PENDING)
    assert story.photo.name.startswith("enterprises/stories/anna")
    assert "waits for review by Lejre" in messages_of(response)[0]
    assert "Fra ledig til kok" in response.text
    assert "Waiting for review" in response.text
    [message] = mailoutbox
    assert message.to == ["kontakt@lejre.dk"]
    assert "Succeshistorie til godkendelse" in message.subject  # in the reviewer's language


def test_a_story_without_a_photo_is_fine(representative_client, enterprise):
    representative_client.post(
        f"/konto/virksomheder/{enterprise.slug}/historier/",
        {"title": "Ny aftale", "text": "Vi leverer til rådhuset.", "date": "2025-04-01"},
    )

    assert SuccessStory.objects.get().photo.name == ""


def test_a_story_with_a_photo_that_is_not_a_picture_is_not_saved(representative_client, enterprise):
    response = representative_client.post(
        f"/konto/virksomheder/{enterprise.slug}/historier/",
        {"title": "X", "text": "Y", "date": "2025-04-01", "photo": upload("x.png", b"\x89PNG but not")},
    )

    assert response.status_code == 400
    assert not SuccessStory.objects.exists()


def test_another_representative_cannot_send_a_story_for_my_enterprise(
    client, other_representative, enterprise
):
    client.force_login(other_representative)

    response = client.post(
        f"/konto/virksomheder/{enterprise.slug}/historier/", {"title": "X", "text": "Y", "date": "2025-04-01"}
    )

    assert response.status_code == 404
    assert not SuccessStory.objects.exists()


# --- The emails -----------------------------------------------------------------------------------


def test_the_decision_reaches_the_representative_with_its_reason(
    representative, enterprise, lejre_staff, on_commit, mailoutbox
):
    from enterprises import services

    representative.language = "en"
    representative.save()
    # Only what waits for review can be rejected (a published profile with nothing held cannot).
    Enterprise.objects.filter(pk=enterprise.pk).update(status=Status.PENDING)
    with on_commit():
        services.reject(enterprise=enterprise, reviewer=lejre_staff, reason="The CVR number is not yours.")

    [message] = mailoutbox
    assert message.to == [representative.email]
    assert message.subject == "Grønt Køkken is not approved"
    assert "The CVR number is not yours." in message.body
    assert "http://testserver/en/konto/virksomheder/" in message.body
    [(html, _mimetype)] = message.alternatives
    assert "The CVR number is not yours." in html


def test_a_published_profile_mail_links_to_the_public_page(
    representative, enterprise, lejre_staff, on_commit, mailoutbox
):
    from enterprises import services

    Enterprise.objects.filter(pk=enterprise.pk).update(status=Status.PENDING)
    with on_commit():
        services.publish(enterprise=enterprise, reviewer=lejre_staff)

    [message] = mailoutbox
    assert f"http://testserver{enterprise.get_absolute_url()}" in message.body


@pytest.mark.parametrize("what", ["new", "changes", "claim", "story"])
def test_every_review_mail_renders_with_the_name_and_the_admin_link(what):
    from django.template.loader import render_to_string

    context = {
        "enterprise": "Grønt <Køkken>",
        "what": what,
        "admin_path": "/admin/x/",
        "site_url": "http://s",
    }
    subject = render_to_string("emails/enterprise_review_subject.txt", context)
    text = render_to_string("emails/enterprise_review_body.txt", context)
    html = render_to_string("emails/enterprise_review_body.html", context)

    assert "Grønt <Køkken>" in subject and "Grønt <Køkken>" in text
    assert "Grønt &lt;Køkken&gt;" in html
    assert "http://s/admin/x/" in text and 'href="http://s/admin/x/"' in html


@pytest.mark.parametrize("decision", ["published", "rejected", "hidden", "story_published", "story_rejected"])
def test_every_decision_mail_renders_with_its_reason(decision):
    from django.template.loader import render_to_string

    context = {"enterprise": "Grønt Køkken", "decision": decision, "reason": "Fordi.", "path": "/p/"}
    subject = render_to_string("emails/enterprise_decision_subject.txt", context)
    text = render_to_string("emails/enterprise_decision_body.txt", context)
    html = render_to_string("emails/enterprise_decision_body.html", context)

    assert "Grønt Køkken" in subject
    assert "Fordi." in text and "Fordi." in html
    assert "{%" not in text


def test_a_client_can_be_a_stranger(enterprise):
    """Sanity check of the fixtures: a fresh client is anonymous."""
    assert Client().get(MINE).status_code == 302

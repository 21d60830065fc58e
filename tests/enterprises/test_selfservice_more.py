"""The representative's self-service, continued: photos, the claim, success stories and the mails.
Create and edit are in test_selfservice.py, whose helpers these tests share."""

import pytest
from django.test import Client

from enterprises.models import Enterprise, EnterpriseChange, EnterprisePhoto, SuccessStory
from tests.enterprises.factories import make_enterprise
from tests.enterprises.test_forms import VALID_CVR, image_bytes, upload
from tests.enterprises.test_selfservice import CLAIM, MINE, edit_data, messages_of

pytestmark = pytest.mark.django_db

Status = Enterprise.Status


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


def test_deleting_a_photo_takes_a_post(representative_client, enterprise, settings, on_commit):
    representative_client.post(f"/konto/virksomheder/{enterprise.slug}/billeder/", {"image": upload("a.png")})
    photo = enterprise.photos.get()
    delete = f"/konto/virksomheder/{enterprise.slug}/billeder/{photo.pk}/slet/"

    assert representative_client.get(delete).status_code == 405
    with on_commit():
        response = representative_client.post(delete)

    assert response.status_code == 302
    assert not EnterprisePhoto.objects.exists()
    assert not (settings.MEDIA_ROOT / photo.image.name).exists()


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


def test_a_description_posted_with_the_browser_s_line_breaks_is_not_a_change(
    representative_client, enterprise
):
    # Browsers send a textarea's line breaks as CR LF; the stored text has LF.
    Enterprise.objects.filter(pk=enterprise.pk).update(description="Vi laver mad.\n\nOg kaffe.")
    enterprise.refresh_from_db()

    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/",
        edit_data(enterprise, description="Vi laver mad.\r\n\r\nOg kaffe.", phone="+45 46 46 46 46"),
        follow=True,
    )

    assert messages_of(response) == ["These changes are public now: Phone."]
    enterprise.refresh_from_db()
    assert enterprise.description == "Vi laver mad.\n\nOg kaffe."

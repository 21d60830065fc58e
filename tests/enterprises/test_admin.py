"""The registry in the real admin: the review queue, decisions with reasons, and scoping.

Lejre's contact person reviews Lejre's enterprises; Roskilde's must stay out of reach through every
door: the list, search, filters, history, autocomplete, actions and the review pages.
"""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from enterprises import services
from enterprises.models import Enterprise, EnterpriseChange, EnterprisePhoto, ServiceCategory, SuccessStory
from outbox.models import Notification
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise, next_cvr
from tests.portal.test_admin import ADMIN_INDEX, assert_does_not_exist_redirect, changelist_objects, form_data

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
CHANGELIST = reverse("admin:enterprises_enterprise_changelist")
STORIES = reverse("admin:enterprises_successstory_changelist")


def change_url(enterprise):
    return reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])


def review_url(enterprise, decision):
    return reverse("admin:enterprises_enterprise_review", args=[enterprise.pk, decision])


def many_url(decision):
    return reverse("admin:enterprises_enterprise_review_many", args=[decision])


def admin_form_data(response):
    """The change form as posted untouched; file fields are left empty, as a browser leaves them."""
    return {name: value for name, value in form_data(response).items() if not isinstance(value, FieldFile)}


def mails(template="enterprise_decision"):
    return sorted(Notification.objects.filter(template=template).values_list("recipient_email", flat=True))


@pytest.fixture
def enterprises(lejre, roskilde, representative):
    return {
        "lejre": make_enterprise(
            name="Lejre Café",
            home_municipality=lejre,
            status=Status.PENDING,
            representatives=[representative],
            email="cafe@lejre-cafe.dk",
        ),
        "lejre_published": make_enterprise(name="Lejre Grønt", home_municipality=lejre),
        "roskilde": make_enterprise(
            name="Roskilde Værksted",
            home_municipality=roskilde,
            status=Status.PENDING,
            representatives=[representative],
        ),
    }


@pytest.fixture
def roskilde_enterprise(enterprises):
    return enterprises["roskilde"]


def unchanged(enterprise):
    before = Enterprise.objects.values().get(pk=enterprise.pk)
    return lambda: Enterprise.objects.values().get(pk=enterprise.pk) == before


# --- Who gets in -------------------------------------------------------------------------------


# --- The queue, scoped --------------------------------------------------------------------------


def test_the_queue_puts_waiting_profiles_first_then_held_changes(lejre_client, lejre, enterprises):
    held = make_enterprise(name="Aaa Holdt", home_municipality=lejre, pending_changes={"cvr": next_cvr()})
    Enterprise.objects.filter(pk=enterprises["lejre_published"].pk).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )

    result = list(lejre_client.get(CHANGELIST).context["cl"].result_list)

    assert result == [enterprises["lejre"], held, enterprises["lejre_published"]]


def test_search_finds_a_cvr_number_written_in_pairs(lejre_client, enterprises):
    cvr = enterprises["lejre"].cvr
    spaced = " ".join(cvr[i : i + 2] for i in range(0, 8, 2))

    assert changelist_objects(lejre_client.get(CHANGELIST, {"q": spaced})) == {enterprises["lejre"]}


# --- Review pages and actions on another municipality's enterprise ------------------------------


@pytest.mark.parametrize("decision", ["publish", "reject", "hide", "classify"])
def test_the_review_pages_of_a_roskilde_enterprise_are_404_for_lejre(
    lejre_client, roskilde_enterprise, decision
):
    is_unchanged = unchanged(roskilde_enterprise)

    assert lejre_client.get(review_url(roskilde_enterprise, decision)).status_code == 404
    response = lejre_client.post(
        review_url(roskilde_enterprise, decision), {"note": "", "reason": "Nej.", "classification": ""}
    )
    assert response.status_code == 404
    assert is_unchanged()
    assert not Notification.objects.exists()


def test_the_bulk_review_page_ignores_roskilde_ids(lejre_client, roskilde_enterprise):
    is_unchanged = unchanged(roskilde_enterprise)

    response = lejre_client.post(many_url("publish"), {"ids": [roskilde_enterprise.pk], "note": ""})

    assert response.status_code == 302
    assert is_unchanged()
    assert not EnterpriseChange.objects.exists()


def test_approving_a_claim_on_a_roskilde_enterprise_is_404_for_lejre(lejre_client, roskilde_enterprise):
    claimant = make_user()
    services.claim_enterprise(enterprise=roskilde_enterprise, user=claimant)
    claim = roskilde_enterprise.changes.get(kind=EnterpriseChange.Kind.CLAIMED)
    url = reverse("admin:enterprises_enterprise_approve_claim", args=[roskilde_enterprise.pk, claim.pk])

    assert lejre_client.get(url).status_code == 404
    assert lejre_client.post(url).status_code == 404
    assert not roskilde_enterprise.representatives.filter(pk=claimant.pk).exists()


def test_lejre_staff_cannot_move_an_enterprise_to_roskilde(lejre_client, roskilde, enterprises):
    enterprise = enterprises["lejre_published"]
    page = lejre_client.get(change_url(enterprise))
    assert 'name="home_municipality"' not in page.text  # staff are not offered the field
    data = admin_form_data(page)
    data["home_municipality"] = roskilde.pk

    lejre_client.post(change_url(enterprise), data)

    enterprise.refresh_from_db()
    assert enterprise.home_municipality.name == "Lejre"


# --- Decisions --------------------------------------------------------------------------------


def test_the_change_page_offers_the_decisions_that_apply(lejre_client, enterprises):
    response = lejre_client.get(change_url(enterprises["lejre"]))

    assert response.status_code == 200
    for decision in ("publish", "reject", "hide", "classify"):
        assert review_url(enterprises["lejre"], decision) in response.text
    published = lejre_client.get(change_url(enterprises["lejre_published"]))
    assert review_url(enterprises["lejre_published"], "reject") not in published.text


def test_publishing_with_a_note_publishes_and_mails_the_representative(
    lejre_client, lejre_staff, representative, enterprises
):
    enterprise = enterprises["lejre"]
    page = lejre_client.get(review_url(enterprise, "publish"))
    assert page.status_code == 200
    assert 'name="note"' in page.text

    response = lejre_client.post(review_url(enterprise, "publish"), {"note": "Velkommen i registret."})

    assert response.status_code == 302
    assert response.url == change_url(enterprise)
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PUBLISHED
    assert enterprise.review_note == "Velkommen i registret."
    assert enterprise.changes.filter(kind=EnterpriseChange.Kind.PUBLISHED, user=lejre_staff).exists()
    assert mails() == [representative.email]


def test_rejecting_needs_a_reason_and_then_mails_it(lejre_client, representative, enterprises):
    enterprise = enterprises["lejre"]

    response = lejre_client.post(review_url(enterprise, "reject"), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PENDING

    response = lejre_client.post(review_url(enterprise, "reject"), {"reason": "Beskriv det sociale formål."})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.status == Status.REJECTED
    assert enterprise.review_note == "Beskriv det sociale formål."
    assert mails() == [representative.email]
    assert Notification.objects.get().context["reason"] == "Beskriv det sociale formål."


def test_rejecting_held_changes_keeps_the_published_profile(lejre_client, lejre, representative):
    enterprise = make_enterprise(home_municipality=lejre, representatives=[representative])
    old_cvr, new_cvr = enterprise.cvr, next_cvr()
    services.update_enterprise(enterprise=enterprise, user=representative, fields={"cvr": new_cvr})

    page = lejre_client.get(change_url(enterprise))
    assert new_cvr in page.text and old_cvr in page.text  # shown as now → proposed
    lejre_client.post(review_url(enterprise, "reject"), {"reason": "Forkert nummer."})

    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.cvr, enterprise.pending_changes) == (Status.PUBLISHED, old_cvr, {})


def test_the_reject_action_leads_to_the_reason_page_which_rejects_the_selection(
    lejre_client, lejre, enterprises, representative
):
    second = make_enterprise(home_municipality=lejre, status=Status.PENDING, representatives=[representative])
    selected = [enterprises["lejre"].pk, second.pk, enterprises["lejre_published"].pk]

    page = lejre_client.post(
        CHANGELIST, {"action": "reject_with_reason", ACTION_CHECKBOX_NAME: selected, "index": "0"}
    )
    assert page.status_code == 200
    assert 'name="reason"' in page.text
    # The published one has nothing to reject: it is listed as left alone, not sent on.
    assert sorted(int(pk) for _name, pk in page.context["hidden"]) == sorted(selected[:2])

    response = lejre_client.post(many_url("reject"), {"ids": selected[:2], "reason": "Mangler oplysninger."})

    assert response.status_code == 302
    assert set(Enterprise.objects.filter(status=Status.REJECTED)) == {enterprises["lejre"], second}
    assert mails() == [representative.email, representative.email]


def test_the_publish_and_hide_actions_go_through_the_services(lejre_client, enterprises, representative):
    lejre_client.post(
        CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [enterprises["lejre"].pk], "index": "0"}
    )
    enterprises["lejre"].refresh_from_db()
    assert enterprises["lejre"].status == Status.PUBLISHED

    lejre_client.post(
        CHANGELIST, {"action": "hide", ACTION_CHECKBOX_NAME: [enterprises["lejre"].pk], "index": "0"}
    )
    enterprises["lejre"].refresh_from_db()
    assert enterprises["lejre"].status == Status.HIDDEN
    kinds = set(enterprises["lejre"].changes.values_list("kind", flat=True))
    assert kinds == {EnterpriseChange.Kind.PUBLISHED, EnterpriseChange.Kind.HIDDEN}


def test_a_publish_that_fails_validation_saves_nothing_and_says_why(lejre_client, lejre, representative):
    enterprise = make_enterprise(home_municipality=lejre, representatives=[representative])
    new_cvr = next_cvr()
    services.update_enterprise(enterprise=enterprise, user=representative, fields={"cvr": new_cvr})
    make_enterprise(home_municipality=lejre, cvr=new_cvr)
    is_unchanged = unchanged(enterprise)

    response = lejre_client.post(review_url(enterprise, "publish"), {"note": ""}, follow=True)

    assert is_unchanged()
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_setting_the_classification_needs_a_reason_and_records_it(lejre_client, lejre_staff, enterprises):
    enterprise = enterprises["lejre_published"]
    url = review_url(enterprise, "classify")

    response = lejre_client.post(url, {"classification": "other_actor", "reason": ""})
    assert response.context["form"].errors["reason"]

    lejre_client.post(url, {"classification": "other_actor", "reason": "70 % fra jobcentre i regnskabet."})

    enterprise.refresh_from_db()
    assert enterprise.classification == Enterprise.Classification.OTHER_ACTOR
    assert enterprise.classification_override_reason == "70 % fra jobcentre i regnskabet."
    change = enterprise.changes.get(kind=EnterpriseChange.Kind.RECLASSIFIED)
    assert change.user == lejre_staff


def test_an_open_claim_is_shown_and_approved_from_the_change_page(lejre_client, enterprises):
    enterprise = enterprises["lejre_published"]
    claimant = make_user(email="ny@lejre-groent.dk", first_name="Nina", last_name="Nielsen")
    services.claim_enterprise(enterprise=enterprise, user=claimant)
    claim = enterprise.changes.get(kind=EnterpriseChange.Kind.CLAIMED)
    url = reverse("admin:enterprises_enterprise_approve_claim", args=[enterprise.pk, claim.pk])

    page = lejre_client.get(change_url(enterprise))
    assert "ny@lejre-groent.dk" in page.text and url in page.text
    assert lejre_client.get(url).status_code == 200

    response = lejre_client.post(url)

    assert response.status_code == 302
    assert enterprise.representatives.filter(pk=claimant.pk).exists()
    assert url not in lejre_client.get(change_url(enterprise)).text


def test_an_open_claim_can_be_refused_with_a_reason_from_the_change_page(
    lejre_client, enterprises, mailoutbox, django_capture_on_commit_callbacks
):
    enterprise = enterprises["lejre_published"]
    claimant = make_user(email="nej@lejre-groent.dk")
    services.claim_enterprise(enterprise=enterprise, user=claimant)
    claim = enterprise.changes.get(kind=EnterpriseChange.Kind.CLAIMED)
    url = reverse("admin:enterprises_enterprise_refuse_claim", args=[enterprise.pk, claim.pk])
    assert url in lejre_client.get(change_url(enterprise)).text

    assert lejre_client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        response = lejre_client.post(url, {"reason": "Vi kender dig ikke i virksomheden."})

    assert response.status_code == 302
    assert not enterprise.representatives.filter(pk=claimant.pk).exists()
    assert url not in lejre_client.get(change_url(enterprise)).text
    assert any(
        "Vi kender dig ikke" in message.body for message in mailoutbox if message.to == [claimant.email]
    )


def test_refusing_a_claim_on_a_roskilde_enterprise_is_404_for_lejre(lejre_client, roskilde_enterprise):
    claimant = make_user()
    services.claim_enterprise(enterprise=roskilde_enterprise, user=claimant)
    claim = roskilde_enterprise.changes.get(kind=EnterpriseChange.Kind.CLAIMED)
    url = reverse("admin:enterprises_enterprise_refuse_claim", args=[roskilde_enterprise.pk, claim.pk])

    assert lejre_client.post(url, {"reason": "nej"}).status_code == 404
    assert roskilde_enterprise.changes.open_claims().exists()


# --- Editing in the admin -----------------------------------------------------------------------


def test_an_edit_in_the_admin_is_recorded_and_reclassifies(lejre_client, lejre_staff, enterprises):
    enterprise = enterprises["lejre_published"]
    data = admin_form_data(lejre_client.get(change_url(enterprise)))
    data["rsv_registered"] = "on"

    response = lejre_client.post(change_url(enterprise), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise.refresh_from_db()
    assert enterprise.classification == Enterprise.Classification.SOCIAL_ECONOMY
    change = enterprise.changes.get()
    assert (change.kind, change.fields, change.user) == (
        EnterpriseChange.Kind.EDIT,
        ["rsv_registered"],
        lejre_staff,
    )


def test_an_invalid_cvr_number_in_the_admin_says_what_is_wrong(lejre_client, enterprises):
    enterprise = enterprises["lejre_published"]
    data = admin_form_data(lejre_client.get(change_url(enterprise)))
    data["cvr"] = "12345678"

    response = lejre_client.post(change_url(enterprise), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cvr"]


def test_a_contact_person_deletes_a_photo_but_cannot_add_one(lejre_client, enterprises):
    enterprise = enterprises["lejre_published"]
    photo = EnterprisePhoto.objects.create(enterprise=enterprise, image="enterprises/photos/x.jpg")
    data = admin_form_data(lejre_client.get(change_url(enterprise)))
    assert data["photos-MAX_NUM_FORMS"] in ("0", 0)  # no new photos here
    data["photos-0-id"] = photo.pk
    data["photos-0-enterprise"] = enterprise.pk
    data["photos-0-DELETE"] = "on"

    response = lejre_client.post(change_url(enterprise), data)

    assert response.status_code == 302
    assert not EnterprisePhoto.objects.exists()


# --- Success stories ----------------------------------------------------------------------------


@pytest.fixture
def stories(enterprises):
    def story(enterprise, title):
        return SuccessStory.objects.create(
            enterprise=enterprise, title=title, text="Tekst.", date=datetime.date(2025, 1, 1)
        )

    return {
        "lejre": story(enterprises["lejre_published"], "Lejres historie"),
        "roskilde": story(enterprises["roskilde"], "Roskildes historie"),
    }


def test_lejre_staff_review_only_lejre_s_stories(lejre_client, stories):
    assert changelist_objects(lejre_client.get(STORIES)) == {stories["lejre"]}
    roskilde_url = reverse("admin:enterprises_successstory_change", args=[stories["roskilde"].pk])
    assert_does_not_exist_redirect(lejre_client.get(roskilde_url))


def test_publishing_a_story_mails_the_representative(lejre_client, lejre, stories, representative):
    stories["lejre"].enterprise.representatives.add(representative)
    selected = [stories["lejre"].pk, stories["roskilde"].pk]

    lejre_client.post(STORIES, {"action": "publish", ACTION_CHECKBOX_NAME: selected, "index": "0"})

    assert set(SuccessStory.objects.filter(status=Status.PUBLISHED)) == {stories["lejre"]}
    assert mails() == [representative.email]


def test_rejecting_a_story_asks_for_a_reason(lejre_client, stories):
    story = stories["lejre"]
    data = {"action": "reject_with_reason", ACTION_CHECKBOX_NAME: [story.pk]}

    page = lejre_client.post(STORIES, {**data, "index": "0"})
    assert page.status_code == 200 and 'name="reason"' in page.text
    assert page.context["form_action"] == reverse(
        "admin:enterprises_successstory_review_many", args=["reject"]
    )

    lejre_client.post(page.context["form_action"], {"ids": [story.pk], "reason": "Mangler samtykke."})

    story.refresh_from_db()
    assert (story.status, story.review_note) == (Status.REJECTED, "Mangler samtykke.")


# --- Vocabularies -------------------------------------------------------------------------------


def test_contact_persons_do_not_edit_the_shared_vocabularies(lejre_client):
    assert lejre_client.get(reverse("admin:enterprises_servicecategory_changelist")).status_code == 403


def test_municipal_administrators_add_terms_but_do_not_delete_them(lejre_admin_client):
    changelist = reverse("admin:enterprises_servicecategory_changelist")
    assert lejre_admin_client.get(changelist).status_code == 200

    response = lejre_admin_client.post(
        reverse("admin:enterprises_servicecategory_add"),
        {"name": "Vaskeri", "name_en": "Laundry", "slug": "vaskeri", "position": 20},
    )

    assert response.status_code == 302
    term = ServiceCategory.objects.get(slug="vaskeri")
    delete = reverse("admin:enterprises_servicecategory_delete", args=[term.pk])
    assert lejre_admin_client.get(delete).status_code == 403


def test_the_admin_index_lists_the_registry_for_contact_persons(lejre_client, enterprises):
    response = lejre_client.get(ADMIN_INDEX)

    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert {"Enterprise", "SuccessStory"} <= models
    assert "ServiceCategory" not in models

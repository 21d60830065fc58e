"""The registry's workflows: review by the home municipality, held changes, decisions, stories."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from enterprises import services
from enterprises.models import Enterprise, EnterpriseChange, SuccessStory
from kit.transitions import TransitionNotAllowed
from outbox.models import Notification
from tests.conftest import make_user
from tests.enterprises.factories import make_category, make_enterprise, make_target_group, next_cvr

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
Kind = EnterpriseChange.Kind


def new_fields(lejre, **overrides):
    return {
        "name": "Grønt Køkken",
        "cvr": next_cvr(),
        "home_municipality": lejre,
        "sector": Enterprise.Sector.FOOD,
        "summary": "Frokost og catering.",
        **overrides,
    }


def mails(template=None):
    notifications = Notification.objects.all()
    if template:
        notifications = notifications.filter(template=template)
    return sorted(notifications.values_list("recipient_email", flat=True))


@pytest.fixture
def published(lejre, representative):
    """Lejre's published enterprise, represented by the cast's representative."""
    return make_enterprise(
        name="Grønt Køkken",
        home_municipality=lejre,
        representatives=[representative],
        employment_services_share=10,
    )


# --- Creating a profile ------------------------------------------------------------------------


def test_a_new_profile_waits_for_review_and_mails_the_home_municipality_s_staff(
    lejre, lejre_staff, lejre_admin, roskilde_staff, representative
):
    category, group = make_category(), make_target_group()

    enterprise = services.create_enterprise(
        representative=representative,
        fields=new_fields(lejre),
        services=[category],
        target_groups=[group],
        serves=[lejre],
    )

    assert enterprise.status == Status.PENDING
    assert list(enterprise.representatives.all()) == [representative]
    assert list(enterprise.services.all()) == [category]
    assert category.name in enterprise.search_document
    # Lejre's contact person and administrator, never Roskilde's staff.
    assert mails("enterprise_review") == sorted([lejre_staff.email, lejre_admin.email])
    assert enterprise.changes.get().kind == Kind.SUBMITTED


def test_a_new_profile_is_classified_from_its_inputs(lejre, representative):
    enterprise = services.create_enterprise(
        representative=representative, fields=new_fields(lejre, employment_services_share=75)
    )

    assert enterprise.classification == Enterprise.Classification.OTHER_ACTOR
    assert "75" in enterprise.classification_reason


def test_a_profile_that_cannot_be_saved_leaves_nothing_behind(lejre, lejre_staff, representative):
    """The CVR check constraint fails: no enterprise, no history, no mail."""
    with pytest.raises(IntegrityError):
        services.create_enterprise(representative=representative, fields=new_fields(lejre, cvr="1234abcd"))

    assert not Enterprise.objects.exists()
    assert not EnterpriseChange.objects.exists()
    assert not Notification.objects.exists()


# --- Editing a published profile ---------------------------------------------------------------


def test_a_new_cvr_number_on_a_published_profile_waits_and_the_public_keeps_the_old(
    published, representative, lejre_staff
):
    old_cvr, new_cvr = published.cvr, next_cvr()

    changed = services.update_enterprise(enterprise=published, user=representative, fields={"cvr": new_cvr})

    published.refresh_from_db()
    assert changed == ["cvr"]
    assert published.cvr == old_cvr
    assert published.status == Status.PUBLISHED
    assert published.pending_changes == {"cvr": new_cvr}
    assert mails("enterprise_review") == [lejre_staff.email]
    assert published.changes.get().kind == Kind.SUBMITTED


def test_publishing_applies_the_held_changes_and_tells_the_representative(
    published, representative, lejre_staff
):
    new_cvr = next_cvr()
    services.update_enterprise(
        enterprise=published,
        user=representative,
        fields={"cvr": new_cvr, "rsv_registered": True, "rsv_verified_on": datetime.date(2025, 3, 1)},
    )

    services.publish(enterprise=published, reviewer=lejre_staff, note="Tjekket i CVR.")

    published.refresh_from_db()
    assert published.cvr == new_cvr
    assert published.rsv_registered
    assert published.rsv_verified_on == datetime.date(2025, 3, 1)
    assert published.pending_changes == {}
    assert published.classification == Enterprise.Classification.SOCIAL_ECONOMY
    assert published.review_note == "Tjekket i CVR."
    decision = published.changes.filter(kind=Kind.PUBLISHED).get()
    assert decision.fields == ["cvr", "rsv_registered", "rsv_verified_on"]
    assert decision.user == lejre_staff
    assert mails("enterprise_decision") == [representative.email]
    assert Notification.objects.get(template="enterprise_decision").context["reason"] == "Tjekket i CVR."


def test_other_edits_go_live_at_once_and_are_recorded(published, representative, lejre_staff):
    services.update_enterprise(
        enterprise=published, user=representative, fields={"summary": "Nu også aftensmad."}
    )

    published.refresh_from_db()
    assert published.summary == "Nu også aftensmad."
    assert published.pending_changes == {}
    change = published.changes.get()
    assert (change.kind, change.fields, change.user) == (Kind.EDIT, ["summary"], representative)
    assert not Notification.objects.exists()


def test_rejecting_held_changes_keeps_the_published_profile(published, representative, lejre_staff):
    old_cvr = published.cvr
    services.update_enterprise(
        enterprise=published, user=representative, fields={"cvr": next_cvr(), "employment_services_share": 90}
    )

    services.reject(enterprise=published, reviewer=lejre_staff, reason="CVR-nummeret findes ikke.")

    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.cvr == old_cvr
    assert published.employment_services_share == 10
    assert published.pending_changes == {}
    assert published.review_note == "CVR-nummeret findes ikke."
    assert mails("enterprise_decision") == [representative.email]


def test_rejecting_a_new_profile_says_why_and_an_edit_sends_it_back(lejre, representative, lejre_staff):
    enterprise = services.create_enterprise(representative=representative, fields=new_fields(lejre))

    services.reject(enterprise=enterprise, reviewer=lejre_staff, reason="Beskriv jeres sociale formål.")
    enterprise.refresh_from_db()
    assert enterprise.status == Status.REJECTED
    assert enterprise.changes.filter(kind=Kind.REJECTED, note="Beskriv jeres sociale formål.").exists()

    services.update_enterprise(
        enterprise=enterprise, user=representative, fields={"social_purpose": "Job til udsatte unge."}
    )
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PENDING


def test_publishing_a_held_cvr_number_taken_meanwhile_saves_nothing(
    published, representative, lejre_staff, lejre
):
    new_cvr = next_cvr()
    services.update_enterprise(enterprise=published, user=representative, fields={"cvr": new_cvr})
    make_enterprise(home_municipality=lejre, cvr=new_cvr)
    history, outbox = EnterpriseChange.objects.count(), Notification.objects.count()

    with pytest.raises(ValidationError):
        services.publish(enterprise=published, reviewer=lejre_staff)

    published.refresh_from_db()
    assert published.pending_changes == {"cvr": new_cvr}
    assert published.cvr != new_cvr
    assert EnterpriseChange.objects.count() == history
    assert Notification.objects.count() == outbox


# --- Decisions that do not apply are refused -------------------------------------------------


def snapshot():
    """Everything a refused decision must leave as it was."""
    return (
        list(Enterprise.objects.values().order_by("pk")),
        list(SuccessStory.objects.values().order_by("pk")),
        EnterpriseChange.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        (Status.DRAFT, "publish"),  # never sent for review
        (Status.DRAFT, "reject"),
        (Status.REJECTED, "reject"),  # rejected already
        (Status.PUBLISHED, "publish"),  # nothing held back to approve
        (Status.PUBLISHED, "reject"),
        (Status.HIDDEN, "reject"),
        (Status.HIDDEN, "hide"),
    ],
)
def test_a_decision_that_does_not_apply_to_the_profile_is_refused_and_changes_nothing(
    lejre, lejre_staff, representative, status, decision
):
    enterprise = make_enterprise(home_municipality=lejre, status=status, representatives=[representative])
    before = snapshot()
    service = {"publish": services.publish, "reject": services.reject, "hide": services.hide}[decision]
    reason = {"note": "Fint."} if decision == "publish" else {"reason": "Nej."}

    with pytest.raises(TransitionNotAllowed):
        service(enterprise=enterprise, reviewer=lejre_staff, **reason)

    assert snapshot() == before


def test_a_decision_reads_the_status_of_the_row_not_of_a_stale_copy(lejre, lejre_staff, representative):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)
    stale = Enterprise.objects.get(pk=enterprise.pk)
    services.reject(enterprise=enterprise, reviewer=lejre_staff, reason="Mangler formål.")
    before = snapshot()

    # A colleague still has the profile open as "waiting for review" and rejects it too.
    with pytest.raises(TransitionNotAllowed):
        services.reject(enterprise=stale, reviewer=lejre_staff, reason="Igen.")

    assert snapshot() == before


def test_a_decision_records_who_decided_when_and_why(lejre, lejre_staff):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)
    moment = datetime.datetime(2026, 4, 1, 9, 0, tzinfo=datetime.UTC)

    with time_machine.travel(moment, tick=False):
        services.publish(enterprise=enterprise, reviewer=lejre_staff, note="Velkommen.")

    enterprise.refresh_from_db()
    assert (enterprise.reviewed_by, enterprise.reviewed_at, enterprise.review_note) == (
        lejre_staff,
        moment,
        "Velkommen.",
    )
    assert enterprise.published_at == moment


def test_a_draft_begun_in_the_admin_is_sent_for_review_before_it_is_published(
    lejre, lejre_staff, lejre_admin
):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.DRAFT)

    services.submit(enterprise=enterprise, user=lejre_staff)

    enterprise.refresh_from_db()
    assert enterprise.status == Status.PENDING
    assert enterprise.submitted_at is not None
    assert enterprise.changes.get().kind == Kind.SUBMITTED
    assert mails("enterprise_review") == sorted([lejre_staff.email, lejre_admin.email])
    services.publish(enterprise=enterprise, reviewer=lejre_admin)
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PUBLISHED


def test_a_hidden_profile_can_be_published_again_and_keeps_its_first_publication_date(published, lejre_staff):
    first = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    Enterprise.objects.filter(pk=published.pk).update(published_at=first)
    services.hide(enterprise=published, reviewer=lejre_staff, reason="Lukket for vinteren.")

    services.publish(enterprise=published, reviewer=lejre_staff)

    published.refresh_from_db()
    assert (published.status, published.published_at) == (Status.PUBLISHED, first)


# --- Hiding and classifying ---------------------------------------------------------------------


def test_hiding_takes_the_profile_off_the_directory_and_tells_the_representative(
    published, representative, lejre_staff
):
    services.hide(enterprise=published, reviewer=lejre_staff, reason="Virksomheden er lukket.")

    published.refresh_from_db()
    assert published.status == Status.HIDDEN
    assert not Enterprise.objects.published().filter(pk=published.pk).exists()
    assert published.changes.get().kind == Kind.HIDDEN
    assert mails("enterprise_decision") == [representative.email]


def test_staff_set_the_classification_with_a_recorded_reason(published, lejre_staff):
    services.set_classification(
        enterprise=published,
        reviewer=lejre_staff,
        classification=Enterprise.Classification.OTHER_ACTOR,
        reason="Regnskabet viser, at 70 % kommer fra jobcentre.",
    )

    published.refresh_from_db()
    assert published.classification == Enterprise.Classification.OTHER_ACTOR
    assert published.classification_override_reason == "Regnskabet viser, at 70 % kommer fra jobcentre."
    assert "Regnskabet viser" in published.classification_reason
    change = published.changes.get()
    assert change.kind == Kind.RECLASSIFIED
    assert change.user == lejre_staff
    assert "Regnskabet viser" in change.note


def test_removing_the_override_derives_the_classification_again(published, lejre_staff):
    services.set_classification(
        enterprise=published, reviewer=lejre_staff, classification="other_actor", reason="Tjek."
    )

    services.set_classification(enterprise=published, reviewer=lejre_staff, classification="", reason="")

    published.refresh_from_db()
    assert published.classification_override == ""
    assert published.classification_override_reason == ""
    assert published.classification == Enterprise.Classification.NOT_ASSESSED


# --- Claims ------------------------------------------------------------------------------------


def test_a_claim_asks_the_home_municipality_and_approval_makes_a_representative(published, lejre_staff):
    claimant = make_user(email="ny@virksomhed.dk")

    services.claim_enterprise(enterprise=published, user=claimant)
    assert mails("enterprise_review") == [lejre_staff.email]

    services.approve_claim(enterprise=published, user=claimant, reviewer=lejre_staff)
    assert published.representatives.filter(pk=claimant.pk).exists()
    assert published.changes.filter(kind=Kind.EDIT, fields=["representatives"], user=lejre_staff).exists()
    assert "ny@virksomhed.dk" in mails("enterprise_decision")  # the claimant hears of it


# --- Success stories ---------------------------------------------------------------------------


def story_fields(**overrides):
    return {
        "title": "Fra praktik til fast job",
        "text": "Anna startede i praktik.",
        "date": datetime.date(2025, 1, 1),
        **overrides,
    }


def test_a_story_waits_for_review_and_mails_the_home_municipality(published, representative, lejre_staff):
    story = services.submit_story(enterprise=published, user=representative, fields=story_fields())

    assert story.status == Status.PENDING
    assert not SuccessStory.objects.published().exists()
    assert mails("enterprise_review") == [lejre_staff.email]


def test_a_published_story_shows_while_its_enterprise_is_published(published, representative, lejre_staff):
    story = services.submit_story(enterprise=published, user=representative, fields=story_fields())

    services.review_story(story=story, reviewer=lejre_staff, publish=True)
    assert list(SuccessStory.objects.published()) == [story]
    assert Notification.objects.get(template="enterprise_decision").context["decision"] == "story_published"

    services.hide(enterprise=published, reviewer=lejre_staff, reason="")
    assert not SuccessStory.objects.published().exists()


def test_a_rejected_story_says_why(published, representative, lejre_staff):
    story = services.submit_story(enterprise=published, user=representative, fields=story_fields())

    services.review_story(story=story, reviewer=lejre_staff, publish=False, reason="Spørg Anna først.")

    story.refresh_from_db()
    assert story.status == Status.REJECTED
    assert story.review_note == "Spørg Anna først."
    decision = Notification.objects.get(template="enterprise_decision")
    assert (decision.recipient_email, decision.context["reason"]) == (
        representative.email,
        "Spørg Anna først.",
    )


@pytest.mark.parametrize(
    ("status", "publish"),
    [(Status.PUBLISHED, True), (Status.REJECTED, False), (Status.DRAFT, True), (Status.DRAFT, False)],
)
def test_a_story_decision_that_does_not_apply_is_refused_and_changes_nothing(
    published, lejre_staff, status, publish
):
    story = SuccessStory.objects.create(enterprise=published, status=status, **story_fields())
    before = snapshot()

    with pytest.raises(TransitionNotAllowed):
        services.review_story(story=story, reviewer=lejre_staff, publish=publish, reason="Nej.")

    assert snapshot() == before


def test_a_story_decision_reads_the_status_of_the_row_not_of_a_stale_copy(
    published, representative, lejre_staff
):
    story = services.submit_story(enterprise=published, user=representative, fields=story_fields())
    stale = SuccessStory.objects.get(pk=story.pk)
    services.review_story(story=story, reviewer=lejre_staff, publish=True, reason="Flot historie.")
    before = snapshot()

    # A colleague still sees the story waiting and rejects it: it is published meanwhile.
    with pytest.raises(TransitionNotAllowed):
        services.review_story(story=stale, reviewer=lejre_staff, publish=False, reason="Nej.")

    assert snapshot() == before
    story.refresh_from_db()
    assert (story.status, story.review_note, story.reviewed_by) == (
        Status.PUBLISHED,
        "Flot historie.",
        lejre_staff,
    )


def test_staff_may_publish_a_story_they_rejected(published, representative, lejre_staff):
    story = services.submit_story(enterprise=published, user=representative, fields=story_fields())
    services.review_story(story=story, reviewer=lejre_staff, publish=False, reason="Mangler samtykke.")

    services.review_story(story=story, reviewer=lejre_staff, publish=True, reason="Samtykket er givet.")

    assert list(SuccessStory.objects.published()) == [story]


def test_reviewers_are_the_active_staff_of_the_municipality_with_an_address(
    lejre, lejre_staff, lejre_admin, roskilde_staff
):
    make_user(is_staff=True, municipality=lejre, groups=["Kontaktperson"], is_active=False)
    make_user(is_staff=True, municipality=lejre, groups=["Kontaktperson"], email="")
    make_user(is_staff=False, municipality=lejre, email="borger@lejre.dk")

    assert set(services.reviewers(lejre)) == {lejre_staff, lejre_admin}


def test_a_refused_claim_tells_the_claimant_why_and_they_may_ask_again(published, lejre_staff):
    claimant = make_user(email="ny@virksomhed.dk")
    services.claim_enterprise(enterprise=published, user=claimant)
    assert published.changes.open_claims().filter(user=claimant).exists()

    services.refuse_claim(enterprise=published, user=claimant, reviewer=lejre_staff, reason="Ukendt i CVR")

    assert not published.changes.open_claims().exists()
    assert not published.representatives.filter(pk=claimant.pk).exists()
    refusal = Notification.objects.get(template="enterprise_decision", recipient_email="ny@virksomhed.dk")
    assert refusal.context["reason"] == "Ukendt i CVR"
    services.claim_enterprise(enterprise=published, user=claimant)
    assert published.changes.open_claims().filter(user=claimant).exists()


# --- Slugs ----------------------------------------------------------------------------------------


def test_a_new_profile_s_address_spells_danish_letters_as_danes_do(lejre, representative):
    enterprise = services.create_enterprise(
        representative=representative, fields=new_fields(lejre, name="Grøn Pleje på Ærø")
    )

    assert enterprise.slug == "groen-pleje-paa-aeroe"


def test_a_slug_already_taken_gets_a_number(lejre):
    make_enterprise(name="Grøn Pleje", home_municipality=lejre)

    assert services.unique_slug("Grøn Pleje") == "groen-pleje-2"
    assert services.unique_slug("Å") == "aa"

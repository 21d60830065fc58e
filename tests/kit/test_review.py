"""The review kit: its table, its services (lock, check, record), the staff preview of an unpublished
page and the admin mixin's decisions, through its first clients: enterprises and success stories."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from enterprises import services
from enterprises.models import Enterprise, EnterpriseChange, SuccessStory
from kit import review
from kit.review import REVIEW_TRANSITIONS
from kit.transitions import TransitionNotAllowed
from outbox.models import Notification
from tests.conftest import make_user, requires_postgres
from tests.enterprises.factories import make_enterprise, next_cvr

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
UTC = datetime.UTC

#: The expected review table, written out: a row per status, a column per status it may go to.
EXPECTED = """
             draft  pending  published  rejected  hidden
draft          .       x         .          .        x
pending        .       .         x          x        x
published      .       .         .          .        x
rejected       .       x         x          .        x
hidden         .       .         x          .        .
"""

#: Which decisions apply to an object in each status (no held changes), written out.
EXPECTED_DECISIONS = {
    "draft": {"submit", "hide"},
    "pending": {"publish", "reject", "hide"},
    "published": {"hide"},
    "rejected": {"submit", "publish", "hide"},
    "hidden": {"publish"},
}


def expected_pairs():
    header, *rows = (line.split() for line in EXPECTED.strip().splitlines())
    return {(row[0], to): mark == "x" for row in rows for to, mark in zip(header, row[1:], strict=True)}


@pytest.mark.parametrize(("from_status", "to_status"), sorted(expected_pairs()))
def test_the_review_table_is_the_written_one(from_status, to_status):
    assert REVIEW_TRANSITIONS.allowed(from_status, to_status) == expected_pairs()[from_status, to_status]


@pytest.mark.parametrize("status", sorted(EXPECTED_DECISIONS))
def test_the_decisions_that_apply_in_each_status(status):
    story = SuccessStory(status=status)
    assert {d for d in ("submit", "publish", "reject", "hide") if story.can(d)} == EXPECTED_DECISIONS[status]


def test_a_published_object_with_held_changes_may_be_published_and_rejected():
    enterprise = Enterprise(status=Status.PUBLISHED, pending_changes={"cvr": "12345674"})
    assert enterprise.can("publish") and enterprise.can("reject") and enterprise.can("hide")
    assert not enterprise.can("submit")


# --- The services ---------------------------------------------------------------------------------


@pytest.fixture
def story(lejre):
    enterprise = make_enterprise(home_municipality=lejre)
    return SuccessStory.objects.create(
        enterprise=enterprise, title="Fra praktik til job", text="Tekst.", date=datetime.date(2025, 1, 1)
    )


def test_the_services_record_when_it_was_sent_who_decided_when_and_why(story, lejre_staff, lejre_admin):
    sent, decided, hidden = (datetime.datetime(2026, 5, day, 10, tzinfo=UTC) for day in (1, 2, 3))
    story.status = Status.DRAFT
    story.save()

    with time_machine.travel(sent, tick=False):
        review.submit(story, by=lejre_staff)
    with time_machine.travel(decided, tick=False):
        decision = review.publish(story, by=lejre_staff, note="Flot.")
    with time_machine.travel(hidden, tick=False):
        review.hide(story, by=lejre_admin, reason="Forældet.")

    assert (decision.before, decision.after, decision.held) == ("pending", "published", [])
    story.refresh_from_db()
    assert (story.status, story.submitted_at, story.published_at) == (Status.HIDDEN, sent, decided)
    assert (story.reviewed_by, story.reviewed_at, story.review_note) == (lejre_admin, hidden, "Forældet.")


def test_publishing_approves_held_changes_and_rejecting_drops_them(lejre, lejre_staff):
    first, second = next_cvr(), next_cvr()
    enterprise = make_enterprise(home_municipality=lejre, pending_changes={"cvr": first})

    decision = review.publish(enterprise, by=lejre_staff)
    assert (decision.after, decision.held, decision.obj.cvr) == ("published", ["cvr"], first)

    Enterprise.objects.filter(pk=enterprise.pk).update(pending_changes={"cvr": second})
    decision = review.reject(enterprise, by=lejre_staff, reason="Forkert.")
    enterprise.refresh_from_db()
    assert (decision.after, decision.held) == ("published", ["cvr"])
    assert (enterprise.status, enterprise.cvr, enterprise.pending_changes) == (Status.PUBLISHED, first, {})
    assert enterprise.review_note == "Forkert."


def test_a_refusal_in_prepare_saves_nothing(story, lejre_staff):
    def refuse(obj):
        raise ValidationError("Nej.")

    with pytest.raises(ValidationError):
        review.publish(story, by=lejre_staff, prepare=refuse)

    story.refresh_from_db()
    assert (story.status, story.reviewed_by) == (Status.PENDING, None)


def test_published_and_pending_are_read_from_the_status(lejre):
    made = {status: make_enterprise(home_municipality=lejre, status=status) for status in Status.values}

    assert list(Enterprise.objects.published()) == [made["published"]]
    assert list(Enterprise.objects.pending()) == [made["pending"]]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_staff_publishing_the_same_profile_at_once_one_publishes_and_the_other_is_refused(
    migration_groups,
):
    from tests.conftest import make_municipality, make_staff

    lejre = make_municipality(name="Lejre", code="350", slug="lejre")
    first, second = (
        make_staff(lejre, "Kontaktperson", username=f"k{n}", email=f"k{n}@lejre.dk") for n in (1, 2)
    )
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(person):
        try:
            barrier.wait()
            services.publish(enterprise=enterprise, reviewer=person, note=f"Ja, {person.username}.")
            outcomes.append("decided")
        except TransitionNotAllowed:
            outcomes.append("refused")
        finally:
            connection.close()

    # Both click "publish" on the profile they see waiting; it must be published once.
    threads = [threading.Thread(target=decide, args=(person,)) for person in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    assert EnterpriseChange.objects.filter(enterprise=enterprise).count() == 1
    enterprise.refresh_from_db()
    assert enterprise.status == Status.PUBLISHED
    assert enterprise.review_note == f"Ja, {enterprise.reviewed_by.username}."


# --- The staff preview ----------------------------------------------------------------------------

NOT_PUBLISHED = [Status.DRAFT, Status.PENDING, Status.REJECTED, Status.HIDDEN]
BANNER = "Forhåndsvisning: Siden er ikke offentlig"


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_staff_of_the_home_municipality_see_an_unpublished_profile_as_a_marked_preview(
    client, lejre, lejre_staff, status
):
    enterprise = make_enterprise(name="Lejre Kladde", home_municipality=lejre, status=status)
    client.force_login(lejre_staff)

    response = client.get(enterprise.get_absolute_url())

    assert response.status_code == 200
    assert response.context["preview"] is True
    assert BANNER in response.text
    assert f"Status: {enterprise.get_status_display()}" in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_an_unpublished_profile_is_404_for_everyone_else(
    client, lejre, roskilde_staff, representative, status
):
    enterprise = make_enterprise(home_municipality=lejre, status=status, representatives=[representative])
    url = enterprise.get_absolute_url()

    assert client.get(url).status_code == 404
    for person in (roskilde_staff, representative, make_user(is_staff=True)):
        client.force_login(person)
        assert client.get(url).status_code == 404, person


def test_the_superuser_sees_any_municipality_s_preview(superuser_client, roskilde):
    enterprise = make_enterprise(home_municipality=roskilde, status=Status.PENDING)

    assert BANNER in superuser_client.get(enterprise.get_absolute_url()).text


def test_a_published_profile_has_no_banner_for_staff(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre)

    response = lejre_client.get(enterprise.get_absolute_url())

    assert response.status_code == 200
    assert BANNER not in response.text
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_preview_shows_the_stories_that_will_be_public(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)
    for title, status in (("Offentlig historie", Status.PUBLISHED), ("Ventende historie", Status.PENDING)):
        SuccessStory.objects.create(
            enterprise=enterprise, title=title, text="Tekst.", date=datetime.date(2025, 1, 1), status=status
        )

    response = lejre_client.get(enterprise.get_absolute_url())

    assert "Offentlig historie" in response.text
    assert "Ventende historie" not in response.text


def test_view_on_site_of_a_pending_profile_leads_its_reviewer_to_the_preview(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)
    content_type = ContentType.objects.get_for_model(Enterprise)

    response = lejre_client.get(
        reverse("admin:view_on_site", args=[content_type.pk, enterprise.pk]), follow=True
    )

    assert response.status_code == 200
    assert BANNER in response.text


# --- The admin mixin ------------------------------------------------------------------------------

CHANGELIST = reverse("admin:enterprises_enterprise_changelist")


def change_url(obj):
    return reverse(f"admin:enterprises_{obj._meta.model_name}_change", args=[obj.pk])


def review_url(obj, decision):
    return reverse(f"admin:enterprises_{obj._meta.model_name}_review", args=[obj.pk, decision])


def messages_of(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def test_the_decision_page_is_a_template_file(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)

    response = lejre_client.get(review_url(enterprise, "reject"))

    assert response.status_code == 200
    assert "admin/kit/decision.html" in [template.name for template in response.templates]
    assert 'name="reason"' in response.text


def test_a_draft_is_offered_to_be_sent_for_review_not_to_be_published(lejre_client, lejre):
    draft = make_enterprise(home_municipality=lejre, status=Status.DRAFT)

    page = lejre_client.get(change_url(draft)).text

    assert review_url(draft, "submit") in page
    assert review_url(draft, "publish") not in page
    assert review_url(draft, "reject") not in page
    assert draft.get_absolute_url() in page  # the preview


def test_sending_a_draft_for_review_from_the_admin(lejre_client, lejre, lejre_staff):
    draft = make_enterprise(home_municipality=lejre, status=Status.DRAFT)

    response = lejre_client.post(review_url(draft, "submit"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PENDING
    assert draft.changes.get().kind == EnterpriseChange.Kind.SUBMITTED


def test_the_publish_action_leaves_a_draft_as_it_was_and_says_so(lejre_client, lejre):
    draft = make_enterprise(home_municipality=lejre, status=Status.DRAFT)
    pending = make_enterprise(home_municipality=lejre, status=Status.PENDING)

    response = lejre_client.post(
        CHANGELIST,
        {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk, pending.pk], "index": "0"},
        follow=True,
    )

    draft.refresh_from_db()
    pending.refresh_from_db()
    assert (draft.status, pending.status) == (Status.DRAFT, Status.PUBLISHED)
    assert messages_of(response) == [
        ("success", "Offentliggjort: 1 virksomhed."),
        ("warning", "1 virksomhed blev ikke ændret: Afgørelsen gælder ikke her."),
    ]


def test_a_decision_someone_else_made_first_is_reported_and_not_made_twice(
    lejre_client, lejre, lejre_admin, representative
):
    enterprise = make_enterprise(
        home_municipality=lejre, status=Status.PENDING, representatives=[representative]
    )
    page = lejre_client.get(review_url(enterprise, "reject"))
    assert page.status_code == 200
    services.reject(enterprise=enterprise, reviewer=lejre_admin, reason="Mangler formål.")
    history, outbox = EnterpriseChange.objects.count(), Notification.objects.count()

    response = lejre_client.post(review_url(enterprise, "reject"), {"reason": "Igen."}, follow=True)

    assert messages_of(response) == [
        ("warning", "1 virksomhed blev ikke ændret: Afgørelsen gælder ikke her.")
    ]
    enterprise.refresh_from_db()
    assert (enterprise.review_note, enterprise.reviewed_by) == ("Mangler formål.", lejre_admin)
    assert (EnterpriseChange.objects.count(), Notification.objects.count()) == (history, outbox)


@pytest.mark.parametrize("ids", [["abc"], ["-1"], ["99999999999999999999"], []])
def test_forged_ids_on_the_bulk_page_find_nothing(lejre_client, ids):
    response = lejre_client.post(
        reverse("admin:enterprises_enterprise_review_many", args=["publish"]), {"ids": ids, "note": ""}
    )

    assert response.status_code == 302
    assert not EnterpriseChange.objects.exists()


def test_an_unknown_decision_is_404(lejre_client, lejre):
    enterprise = make_enterprise(home_municipality=lejre, status=Status.PENDING)

    assert lejre_client.get(review_url(enterprise, "delete")).status_code == 404


def test_a_story_s_change_page_offers_its_decisions_and_no_choice_of_reviewer(lejre_client, story):
    page = lejre_client.get(change_url(story))

    assert page.status_code == 200
    assert review_url(story, "publish") in page.text and review_url(story, "reject") in page.text
    assert 'name="reviewed_by"' not in page.text
    assert 'name="status"' not in page.text


def test_publishing_a_story_with_a_note_sends_the_note(lejre_client, story, representative):
    story.enterprise.representatives.add(representative)

    lejre_client.post(review_url(story, "publish"), {"note": "Tak for historien."})

    story.refresh_from_db()
    assert (story.status, story.review_note) == (Status.PUBLISHED, "Tak for historien.")
    mail = Notification.objects.get(template="enterprise_decision")
    assert (mail.recipient_email, mail.context["reason"]) == (representative.email, "Tak for historien.")


def test_a_roskilde_story_s_decision_page_is_404_for_lejre(lejre_client, roskilde):
    other = SuccessStory.objects.create(
        enterprise=make_enterprise(home_municipality=roskilde),
        title="Roskildes",
        text="Tekst.",
        date=datetime.date(2025, 1, 1),
    )

    assert lejre_client.get(review_url(other, "publish")).status_code == 404
    assert lejre_client.post(review_url(other, "publish"), {"note": ""}).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.PENDING

"""Notifications in both languages: each recipient in theirs (the mentor's and the contact
person's account, the mentee's account or else the request's language), with the link to the
page where they act; sent after the cause's transaction commits, and never without it."""

import pytest
from django.db import transaction

from mentoring import emails, services
from mentoring.models import Match
from outbox.models import Notification
from tests.conftest import make_user
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

M = Match.Status


@pytest.fixture
def english_mentor():
    return make_user(first_name="Mads", language="en", email="mads@mumm.dk")


def _scene(lejre, lejre_staff, mentor, *, status=M.PROPOSED, mentee_user=None, language="en"):
    offer = make_offer(municipality=lejre, mentor=mentor, mentor_name="Mads Mumm", company="Restaurant Mumm")
    request = make_request(
        municipality=lejre,
        mentee_user=mentee_user,
        mentee_name="Ida Holm",
        mentee_email="ida@insp.dk",
        language=language,
        contact_person=lejre_staff,
    )
    return make_match(offer=offer, request=request, status=status)


def test_a_mentee_without_an_account_gets_their_mail_in_the_requests_language_with_the_private_link(
    lejre, lejre_staff, english_mentor, mailoutbox, django_capture_on_commit_callbacks
):
    match = _scene(lejre, lejre_staff, english_mentor, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        services.ask_question(match, by=english_mentor, question="How many of you work in the kitchen?")

    [row] = Notification.objects.all()
    token = match.request.access_token
    assert (row.template, row.recipient_email, row.recipient_user, row.language) == (
        emails.QUESTION, "ida@insp.dk", None, "en"
    )  # fmt: skip
    assert row.context["path"] == f"/en/mentorer/forloeb/{token}/"
    [mail] = mailoutbox
    assert mail.to == ["ida@insp.dk"]
    assert mail.subject == "Mads Mumm has a question for you"
    assert "How many of you work in the kitchen?" in mail.body
    assert f"http://testserver/en/mentorer/forloeb/{token}/" in mail.body


def test_a_danish_request_without_an_account_gets_danish_mail_and_the_danish_link(
    lejre, lejre_staff, english_mentor, mailoutbox, django_capture_on_commit_callbacks
):
    match = _scene(lejre, lejre_staff, english_mentor, language="da")

    with django_capture_on_commit_callbacks(execute=True):
        services.ask_question(match, by=english_mentor, question="Hvor mange er I?")

    [mail] = mailoutbox
    assert mail.subject == "Mads Mumm har et spørgsmål til dig"
    assert f"http://testserver/mentorer/forloeb/{match.request.access_token}/" in mail.body


def test_the_mentor_gets_their_mail_in_their_own_language_with_the_link_to_their_account(
    lejre, lejre_staff, english_mentor, mailoutbox, django_capture_on_commit_callbacks
):
    match = _scene(lejre, lejre_staff, english_mentor, status=M.DECLINED, language="da")

    with django_capture_on_commit_callbacks(execute=True):
        proposed = services.propose(match.request, offer=match.offer, by=lejre_staff)

    [mail] = mailoutbox
    assert mail.to == ["mads@mumm.dk"]
    assert mail.subject == "Will you be mentor for Ida Holm?"
    assert f"http://testserver/en/konto/mentorer/forloeb/{proposed.pk}/" in mail.body
    assert "Answer by " in mail.body and "The contact person in Lejre Municipality proposes you" in mail.body


def test_a_mentee_with_an_account_reads_in_their_account_language_not_the_requests(
    lejre, lejre_staff, english_mentor
):
    mentee = make_user(first_name="Ida", language="en")
    match = _scene(lejre, lejre_staff, english_mentor, status=M.PROPOSED, mentee_user=mentee, language="da")

    services.accept(match, by=english_mentor)

    row = Notification.objects.get(template=emails.ACCEPTED)
    assert (row.recipient_user, row.language) == (mentee, "en")
    assert row.context["path"] == f"/en/konto/mentorer/forloeb/{match.pk}/"
    assert row.context["mentor_email"] == "mads@mumm.dk"


def test_the_contact_person_reads_in_their_language_with_the_link_to_the_case_handling(
    lejre, lejre_staff, english_mentor
):
    lejre_staff.language = "en"
    lejre_staff.save(update_fields=["language"])
    match = _scene(lejre, lejre_staff, english_mentor)

    services.decline(match, by=english_mentor, reason="No time this spring.")

    row = Notification.objects.get(template=emails.STAFF_UPDATE)
    assert (row.recipient_user, row.language) == (lejre_staff, "en")
    assert row.context["admin_path"] == f"/admin/mentoring/match/{match.pk}/change/"
    assert (row.context["status"], row.context["reason"]) == ("declined", "No time this spring.")


def test_without_a_contact_person_on_the_request_every_contact_person_of_the_municipality_hears(
    lejre, lejre_staff, english_mentor
):
    from kit.staff import CONTACT_PERSON
    from tests.conftest import make_staff

    colleague = make_staff(lejre, CONTACT_PERSON, username="kollega", email="kollega@lejre.dk")
    match = _scene(lejre, lejre_staff, english_mentor)
    match.request.__class__.objects.filter(pk=match.request_id).update(contact_person=None)
    match.request.refresh_from_db()

    services.cancel(match, by=english_mentor, reason="I am moving.")

    assert sorted(
        Notification.objects.filter(template=emails.STAFF_UPDATE).values_list("recipient_email", flat=True)
    ) == sorted([lejre_staff.email, colleague.email])


def test_a_step_rolled_back_leaves_no_mail(lejre, lejre_staff, english_mentor):
    match = _scene(lejre, lejre_staff, english_mentor)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.accept(match, by=english_mentor)
        raise RuntimeError("the view failed after the step")

    assert not Notification.objects.exists()
    match.refresh_from_db()
    assert match.status == M.PROPOSED

"""A company's subcontracting offer, posted on the public site, is reviewed by a contact person of
its municipality with the kit's decisions; the representative who posted it hears the decision."""

import pytest
from django.core import mail

from outbox.models import Notification
from procurement.models import Notice, NoticeChange
from tests.procurement.admin_helpers import change_url, decision_url
from tests.procurement.factories import make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(lejre, representative):
    return make_notice(
        municipality=lejre,
        kind=Notice.Kind.SUBCONTRACTING,
        title="Bogføring og debitorstyring",
        company_name="Hvalsø Emballage ApS",
        company_cvr="12345674",
        submitted_by=representative,
        status=Notice.Status.PENDING,
        published_at=None,
        not_split_reason="",
    )


def test_a_contact_person_publishes_an_offer_and_its_submitter_is_told(
    client, lejre_staff, offer, representative, django_capture_on_commit_callbacks
):
    client.force_login(lejre_staff)
    assert decision_url(offer, "publish") in client.get(change_url(offer)).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url(offer, "publish"), {"note": "Fint tilbud."})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.reviewed_by, offer.review_note) == (
        Notice.Status.PUBLISHED,
        lejre_staff,
        "Fint tilbud.",
    )
    assert list(offer.changes.values_list("kind", flat=True)) == [NoticeChange.Kind.PUBLISHED]
    [row] = Notification.objects.filter(template="procurement_offer_decision")
    assert (row.recipient_email, row.context["decision"]) == (representative.email, "published")
    [message] = mail.outbox
    assert message.to == [representative.email]
    assert message.subject == 'Dit tilbud "Bogføring og debitorstyring" er offentliggjort'
    assert "Fint tilbud." in message.body


def test_a_contact_person_rejects_an_offer_with_a_reason_its_submitter_reads(
    client, lejre_staff, offer, representative, django_capture_on_commit_callbacks
):
    client.force_login(lejre_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url(offer, "reject"), {"reason": "Skriv prisen på opgaven."})

    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.review_note) == (Notice.Status.REJECTED, "Skriv prisen på opgaven.")
    assert not offer.changes.exists()  # nothing public happened: no follower hears of it
    [message] = mail.outbox
    assert message.to == [representative.email]
    assert message.subject == 'Dit tilbud "Bogføring og debitorstyring" er ikke godkendt'
    assert "Skriv prisen på opgaven." in message.body


def test_a_reason_is_required_to_reject(client, lejre_staff, offer):
    client.force_login(lejre_staff)

    response = client.post(decision_url(offer, "reject"), {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    offer.refresh_from_db()
    assert offer.status == Notice.Status.PENDING
    assert not Notification.objects.exists()


def test_the_offers_waiting_come_first_in_the_list(client, lejre_staff, lejre, offer):
    make_notice(municipality=lejre, title="Et andet udbud")
    client.force_login(lejre_staff)

    response = client.get("/admin/procurement/notice/")

    assert response.context["cl"].result_list[0] == offer


def test_roskilde_staff_cannot_decide_on_lejre_s_offer(client, roskilde_staff, offer):
    client.force_login(roskilde_staff)

    client.post(decision_url(offer, "publish"), {"note": ""})
    client.post(decision_url(offer, "reject"), {"reason": "Nej."})

    offer.refresh_from_db()
    assert offer.status == Notice.Status.PENDING
    assert not Notification.objects.exists()

"""Staff work mail: the alerts about new cases, replies and profiles to review.

They follow the contact person's choice of at once or a digest, link to their item from the digest
too, and carry no one-click unsubscribe: they are work, not a newsletter, and a mail client's
"unsubscribe" button must not silently stop a contact person's case alerts.
"""

import datetime

import pytest
import time_machine
from django.db import transaction

from counselling import services as counselling
from enterprises import services as enterprises
from outbox.digests import send_digests
from outbox.models import Notification
from portal.models import User
from tests.counselling.factories import make_case
from tests.enterprises.factories import make_enterprise
from tests.enterprises.test_forms import VALID_CVR

# A Monday morning in Copenhagen, after the digests' hour.
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_no_unsubscribe(message):
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert "/konto/afmeld/" not in message.body
    assert "/konto/afmeld/" not in html_of(message)


def test_a_digest_links_each_item_to_its_page(lejre, lejre_staff, representative, on_commit, mailoutbox):
    lejre_staff.email_frequency = User.EmailFrequency.DAILY
    lejre_staff.save()
    with time_machine.travel(MONDAY - datetime.timedelta(hours=2), tick=False):
        case = make_case(lejre)
        with transaction.atomic():
            enterprise = enterprises.create_enterprise(
                representative=representative,
                fields={
                    "name": "Grønt Køkken",
                    "home_municipality": lejre,
                    "summary": "Frokost.",
                    "cvr": VALID_CVR,
                },
            )
    held = Notification.objects.filter(recipient_user=lejre_staff, status=Notification.Status.HELD)
    assert set(held.values_list("template", flat=True)) == {"case_alert", "enterprise_review"}
    mailoutbox.clear()

    with time_machine.travel(MONDAY, tick=False), on_commit():
        assert send_digests() == 1

    [digest] = mailoutbox
    case_link = f"http://testserver/admin/counselling/case/{case.pk}/change/"
    enterprise_link = f"http://testserver/admin/enterprises/enterprise/{enterprise.pk}/change/"
    assert case_link in digest.body
    assert enterprise_link in digest.body
    assert f'<a href="{case_link}"' in html_of(digest)
    assert f'<a href="{enterprise_link}"' in html_of(digest)
    assert_no_unsubscribe(digest)


def test_a_new_case_alert_carries_no_unsubscribe(lejre, lejre_staff, on_commit, mailoutbox):
    with on_commit():
        make_case(lejre)

    [alert] = [message for message in mailoutbox if message.to == ["kontakt@lejre.dk"]]
    assert_no_unsubscribe(alert)


def test_a_reply_alert_carries_no_unsubscribe(lejre, lejre_staff, on_commit, mailoutbox):
    case = make_case(lejre)
    mailoutbox.clear()

    with on_commit():
        counselling.reply(case, text="Her er vores budget.")

    [alert] = [message for message in mailoutbox if message.to == ["kontakt@lejre.dk"]]
    assert_no_unsubscribe(alert)


def test_a_review_request_carries_no_unsubscribe(lejre, lejre_staff, representative, on_commit, mailoutbox):
    enterprise = make_enterprise(
        name="Grønt Køkken", home_municipality=lejre, representatives=[representative]
    )

    with on_commit():
        enterprises.claim_enterprise(enterprise=enterprise, user=representative)

    [request] = mailoutbox
    assert request.to == ["kontakt@lejre.dk"]
    assert_no_unsubscribe(request)

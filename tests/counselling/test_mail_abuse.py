"""The intake cannot be used to mail strangers: the receipt echoes no free text of the form (only
the reference, the municipality's own details and the private link), and one address gets at most
RECEIPT_LIMIT_PER_HOUR receipts an hour, wherever the requests come from."""

import pytest
from django.test import Client

from counselling.models import Case
from outbox.models import Notification
from tests.counselling.test_intake import form_data

pytestmark = pytest.mark.django_db

SPAM = "Vind en iPhone på http://evil.example/"


def submit(municipality, address, *, ip, **overrides):
    client = Client(REMOTE_ADDR=ip)
    data = form_data(municipality, applicant_email=address, **overrides)
    return client.post("/start/", data)


def test_the_receipt_echoes_no_free_text(lejre, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        submit(lejre, "offer@example.dk", ip="192.0.2.1", applicant_name=SPAM, organisation=SPAM)

    [receipt] = [mail for mail in mailoutbox if mail.to == ["offer@example.dk"]]
    case = Case.objects.get()
    for text in (receipt.subject, receipt.body, receipt.alternatives[0].content):
        assert "evil.example" not in text
        assert "iPhone" not in text
    assert case.reference in receipt.body
    assert case.applicant_name == SPAM  # the case itself keeps what was typed, for the staff


def test_one_address_gets_at_most_three_receipts_an_hour_from_any_number_of_senders(lejre, settings):
    settings.INTAKE_LIMIT_PER_HOUR = 100
    for n in range(5):
        assert (
            submit(
                lejre, "Offer@Example.dk" if n % 2 else "offer@example.dk", ip=f"192.0.2.{n + 1}"
            ).status_code
            == 303
        )

    assert Case.objects.count() == 5  # every request is received
    receipts = Notification.objects.filter(template="case_receipt")
    assert receipts.count() == 3


def test_the_limit_is_per_address(lejre, settings):
    settings.RECEIPT_LIMIT_PER_HOUR = 1
    for address in ("a@example.dk", "b@example.dk"):
        submit(lejre, address, ip="192.0.2.9")

    assert Notification.objects.filter(template="case_receipt").count() == 2


def test_no_address_is_kept_in_the_cache_s_keys(lejre):
    from kit.ratelimits import address_scope

    assert "@" not in address_scope("offer@example.dk")
    assert address_scope(" Offer@Example.DK ") == address_scope("offer@example.dk")

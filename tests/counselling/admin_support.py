"""What the admin tests of counselling share: addresses, a step on the case page, the CSV rows."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone, translation

from counselling.models import Case, CaseAccess, CaseEvent

Action = CaseAccess.Action


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


QUEUE = en("admin:counselling_case_changelist")
EXPORT = en("admin:counselling_case_export")


def case_url(case):
    return en("admin:counselling_case_change", case.pk)


def history_url(case):
    return en("admin:counselling_case_history", case.pk)


def attachment_url(case, attachment):
    return en("admin:counselling_case_attachment", case.pk, attachment.pk)


def queue(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def step(client, case, action, **data):
    return client.post(case_url(case), {"action": action, **data})


def page_messages(response):
    return [str(message) for message in response.wsgi_request._messages]


def followed(client, response):
    """The page a redirect leads to, with the messages the step left."""
    assert response.status_code == 302, response.content[:500]
    return client.get(response.url)


def snapshot(case):
    """The case row and its timeline, to check that a refused step changed nothing."""
    return (Case.objects.values().get(pk=case.pk), CaseEvent.objects.filter(case=case).count())


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)

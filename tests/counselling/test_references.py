"""References are unique and gap-free per municipality and year, even when many requests arrive at
once (PostgreSQL: the counter row is locked while a submission takes the next number).

Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_core.
"""

import threading

import pytest
from django.db import connection, transaction

from counselling import emails, services
from counselling.models import Case, CaseAttachment, CaseCounter
from outbox.models import Notification
from tests.conftest import make_municipality, requires_postgres
from tests.counselling.factories import checked, intake_data, make_case, upload

THREADS = 10


def submit_concurrently(municipalities, per_municipality=THREADS, name=lambda n: f"Ansøger {n}"):
    """Start one thread per submission, released together; returns (results, errors)."""
    jobs = [(municipality, n) for municipality in municipalities for n in range(per_municipality)]
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []
    lock = threading.Lock()

    def work(municipality, n):
        try:
            barrier.wait(timeout=30)
            case = services.submit_request(
                municipality=municipality,
                data=intake_data(applicant_name=name(n)),
                attachments=checked(upload("plan.pdf")),
                language="da",
            )
            with lock:
                results.append(case)
        except Exception as error:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a submission hung"
    return results, errors


def numbers(municipality):
    return sorted(Case.objects.filter(municipality=municipality).values_list("number", flat=True))


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gap_free_numbers(migration_groups, lejre, lejre_staff, settings):
    settings.RECEIPT_LIMIT_PER_HOUR = 1000  # every thread's request is to the same address
    results, errors = submit_concurrently([lejre])
    assert errors == []
    assert len(results) == THREADS
    assert numbers(lejre) == list(range(1, THREADS + 1))
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == THREADS
    year = results[0].year
    assert sorted(references) == [f"LEJ-{year}-{n:04d}" for n in range(1, THREADS + 1)]
    assert CaseCounter.objects.get(municipality=lejre, year=year).last_number == THREADS
    # Each submission committed whole: its receipt, its alert, its file.
    assert Notification.objects.filter(template="case_receipt").count() == THREADS
    assert Notification.objects.filter(template="case_alert", recipient_user=lejre_staff).count() == THREADS
    assert CaseAttachment.objects.count() == THREADS


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_municipalities_in_parallel_count_on_their_own(lejre, roskilde):
    results, errors = submit_concurrently([lejre, roskilde], per_municipality=5)
    assert errors == []
    assert numbers(lejre) == [1, 2, 3, 4, 5]
    assert numbers(roskilde) == [1, 2, 3, 4, 5]
    assert {c.reference.split("-")[0] for c in results} == {"LEJ", "ROS"}


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_submission_leaves_no_gap(lejre, monkeypatch):
    first = make_case(lejre)
    assert first.number == 1

    # Rolled back by the caller after the number was taken.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_request(municipality=lejre, data=intake_data(), language="da")
        raise RuntimeError("the view failed afterwards")

    # Rolled back inside the service.
    original = emails.queue_notification

    def failing(**kwargs):
        if kwargs["template"] == "case_receipt":
            raise RuntimeError("outbox down")
        return original(**kwargs)

    monkeypatch.setattr(emails, "queue_notification", failing)
    with pytest.raises(RuntimeError):
        services.submit_request(municipality=lejre, data=intake_data(), language="da")
    monkeypatch.setattr(emails, "queue_notification", original)

    assert make_case(lejre).number == 2
    assert numbers(lejre) == [1, 2]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_leave_no_gap(lejre, monkeypatch, settings):
    settings.RECEIPT_LIMIT_PER_HOUR = 1000  # every thread's request is to the same address
    original = emails.queue_notification

    def failing(**kwargs):
        if kwargs["template"] == "case_receipt" and kwargs["context"]["name"].startswith("Fejl"):
            raise RuntimeError("outbox down")
        return original(**kwargs)

    monkeypatch.setattr(emails, "queue_notification", failing)
    results, errors = submit_concurrently(
        [lejre], name=lambda n: f"Fejl {n}" if n % 3 == 0 else f"Ansøger {n}"
    )
    failed = len([n for n in range(THREADS) if n % 3 == 0])
    assert len(errors) == failed
    assert all(isinstance(error, RuntimeError) for error in errors)
    assert numbers(lejre) == list(range(1, THREADS - failed + 1))
    assert CaseAttachment.objects.count() == THREADS - failed


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_municipality_mid_year(db):
    # No counter row yet: the racing submissions create it once between them.
    fresh = make_municipality(name="Solrød")
    results, errors = submit_concurrently([fresh], per_municipality=8)
    assert errors == []
    assert numbers(fresh) == list(range(1, 9))
    assert CaseCounter.objects.filter(municipality=fresh).count() == 1

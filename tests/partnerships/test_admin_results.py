"""Results in the admin: the list's filters, confirmation, bad input as form errors, and the CSV
out and in (a round trip; a bad file shows each row's error and imports nothing)."""

import html

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Result, ResultImport
from tests.enterprises.factories import make_target_group
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:partnerships_result_changelist")
ADD = reverse("admin:partnerships_result_add")
EXPORT = reverse("admin:partnerships_result_export")
IMPORT = reverse("admin:partnerships_result_import")


def result_data(commitment, **fields):
    return {"commitment": commitment.pk, "year": "2026", "quarter": "2", "count": "4", "note": "", **fields}


def test_roskilde_staff_see_none_of_lejre_s_results(client, lejre, roskilde, roskilde_staff):
    make_result(make_commitment(make_agreement(municipality=lejre)))
    theirs = make_result(make_commitment(make_agreement(municipality=roskilde)))
    client.force_login(roskilde_staff)

    response = client.get(CHANGELIST)

    assert list(response.context["cl"].result_list) == [theirs]


def test_the_list_filters_by_year_quarter_and_confirmation(client, lejre, lejre_staff):
    commitment = make_commitment(make_agreement(municipality=lejre))
    confirmed = make_result(commitment, year=2026, quarter=1)
    waiting = make_result(commitment, year=2026, quarter=2, confirmed=False)
    make_result(commitment, year=2027, quarter=1)
    client.force_login(lejre_staff)

    def listed(**params):
        return set(client.get(CHANGELIST, params).context["cl"].result_list)

    assert listed(year="2026", quarter="2") == {waiting}
    assert listed(year="2026", confirmed="yes") == {confirmed}
    assert listed(confirmed="no") == {waiting}


def test_staff_confirm_the_results_a_representative_reported(client, lejre, lejre_staff, roskilde_staff):
    commitment = make_commitment(make_agreement(municipality=lejre))
    waiting = make_result(commitment, confirmed=False, by_representative=True)
    client.force_login(roskilde_staff)
    client.post(CHANGELIST, {"action": "confirm", ACTION_CHECKBOX_NAME: [waiting.pk]})
    assert Result.objects.get(pk=waiting.pk).confirmed_at is None

    client.force_login(lejre_staff)
    client.post(CHANGELIST, {"action": "confirm", ACTION_CHECKBOX_NAME: [waiting.pk]})

    waiting.refresh_from_db()
    assert waiting.confirmed_by == lejre_staff and waiting.confirmed_at is not None


def test_a_result_already_confirmed_keeps_who_confirmed_it(client, lejre, lejre_staff, lejre_admin):
    commitment = make_commitment(make_agreement(municipality=lejre))
    confirmed = make_result(commitment, confirmed_by=lejre_admin)
    client.force_login(lejre_staff)

    client.post(CHANGELIST, {"action": "confirm", ACTION_CHECKBOX_NAME: [confirmed.pk]})

    assert Result.objects.get(pk=confirmed.pk).confirmed_by == lejre_admin


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": "2025", "quarter": "4"}, None),  # before the agreement (2026–2027)
        ({"year": "2028", "quarter": "1"}, None),  # after it
        ({"count": "-1"}, "count"),
        ({"quarter": "5"}, "quarter"),
    ],
)
def test_bad_results_are_form_errors(client, lejre, lejre_staff, fields, field):
    commitment = make_commitment(make_agreement(municipality=lejre))
    client.force_login(lejre_staff)

    response = client.post(ADD, result_data(commitment, **fields))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert (field or "quarter") in errors
    assert not Result.objects.exists()


def test_a_quarter_that_overlaps_the_period_is_taken(client, lejre, lejre_staff):
    import datetime

    agreement = make_agreement(municipality=lejre, start=datetime.date(2026, 3, 15))
    client.force_login(lejre_staff)

    response = client.post(ADD, result_data(make_commitment(agreement), quarter="1"))

    assert response.status_code == 302
    result = Result.objects.get()
    assert result.confirmed_by == lejre_staff and result.reported_by == lejre_staff


def test_a_quarter_reported_twice_is_a_form_error_not_a_500(client, lejre, lejre_staff):
    commitment = make_commitment(make_agreement(municipality=lejre))
    make_result(commitment, year=2026, quarter=2)
    client.force_login(lejre_staff)

    response = client.post(ADD, result_data(commitment))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["quarter"] == [
        "Kvartal 2 af 2026 er allerede indberettet for denne forpligtelse."
    ]
    assert Result.objects.count() == 1


def test_another_municipality_s_commitment_is_not_offered(client, lejre, roskilde, lejre_staff):
    theirs = make_commitment(make_agreement(municipality=roskilde))
    client.force_login(lejre_staff)

    response = client.post(ADD, result_data(theirs))

    assert "commitment" in response.context["adminform"].form.errors


# --- CSV out and in -----------------------------------------------------------------------------


def csv_file(text, name="resultater.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def body(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_export_imports_back_as_the_same_results(client, lejre, roskilde, lejre_staff, on_commit):
    youth = make_target_group(slug="unge", name="Unge")
    agreement = make_agreement(municipality=lejre, slug="lokale-job")
    flex = make_commitment(agreement)
    young = make_commitment(agreement, position_kind="wage_subsidy", target_group=youth)
    make_result(flex, year=2026, quarter=1, count=3)
    make_result(flex, year=2026, quarter=2, count=0)
    make_result(young, year=2027, quarter=4, count=12)
    make_result(make_commitment(make_agreement(municipality=roskilde)), count=99)
    client.force_login(lejre_staff)

    exported = body(client.get(EXPORT))
    before = set(
        Result.objects.filter(commitment__agreement=agreement).values_list(
            "commitment", "year", "quarter", "count"
        )
    )
    Result.objects.filter(commitment__agreement=agreement).delete()
    with on_commit():
        response = client.post(IMPORT, {"file": csv_file(exported)})

    job = ResultImport.objects.get()
    assert response.url == reverse("admin:partnerships_result_import_progress", args=[job.pk])
    assert (job.status, job.rows_total, job.rows_done, job.errors) == ("done", 3, 3, [])
    after = set(
        Result.objects.filter(commitment__agreement=agreement).values_list(
            "commitment", "year", "quarter", "count"
        )
    )
    assert after == before
    assert exported.splitlines()[0] == "agreement,position_kind,target_group,year,quarter,count"
    assert "99" not in exported
    page = client.get(response.url)
    assert "3 af 3" in page.text or "3 of 3" in page.text


BAD = """agreement,position_kind,target_group,year,quarter,count
lokale-job,flexjob,,2026,1,3
lokale-job,flexjob,,2026,1,4
roskildes,flexjob,,2026,2,1
lokale-job,flexjob,,2030,1,1
lokale-job,flexjob,,2026,3,-2
lokale-job,small_jobs,,2026,3,2
"""


def test_a_bad_file_shows_each_row_s_error_and_imports_nothing(
    client, lejre, roskilde, lejre_staff, on_commit
):
    make_commitment(make_agreement(municipality=lejre, slug="lokale-job"))
    make_commitment(make_agreement(municipality=roskilde, slug="roskildes"))
    client.force_login(lejre_staff)

    with on_commit():
        response = client.post(IMPORT, {"file": csv_file(BAD)})

    job = ResultImport.objects.get()
    assert job.status == "failed"
    assert [error["row"] for error in job.errors] == [3, 4, 5, 6, 7]
    assert not Result.objects.exists()
    page = client.get(response.url)
    for error in job.errors:
        for message in error["errors"]:
            assert html.escape(message) in page.text


def test_the_progress_page_refreshes_itself_while_the_import_waits(
    client, lejre, lejre_staff, roskilde_staff
):
    job = ResultImport.objects.create(municipality=lejre, uploaded_by=lejre_staff, file="x.csv")
    url = reverse("admin:partnerships_result_import_progress", args=[job.pk])
    client.force_login(lejre_staff)

    assert '<meta http-equiv="refresh"' in client.get(url).text

    client.force_login(roskilde_staff)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("resultater.xlsx", b"PK\x03\x04"),
        ("resultater.csv", b"\x00\x01\x02binary"),
        ("store.csv", b"a" * (2 * 1024 * 1024 + 1)),
    ],
)
def test_only_a_csv_of_reasonable_size_is_taken(client, lejre_staff, name, content):
    client.force_login(lejre_staff)

    response = client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})

    # Larger than the request may be: refused before Django reads it.
    assert response.status_code == 413 or "file" in response.context["form"].errors
    assert not ResultImport.objects.exists()


def test_a_file_without_our_header_is_refused_as_a_whole(client, lejre, lejre_staff, on_commit):
    client.force_login(lejre_staff)

    with on_commit():
        client.post(IMPORT, {"file": csv_file("a,b\n1,2\n")})

    job = ResultImport.objects.get()
    assert job.status == "failed" and job.errors[0]["row"] == 1


def test_an_upload_whose_task_never_came_is_run_by_the_sweep_once(client, lejre, lejre_staff):
    import datetime

    import time_machine

    from partnerships import csv_results

    make_commitment(make_agreement(municipality=lejre, slug="lokale-job"))
    client.force_login(lejre_staff)
    # No on_commit(): the task is never queued, as when the broker is down.
    client.post(IMPORT, {"file": csv_file("agreement,position_kind,target_group,year,quarter,count\n"
                                          "lokale-job,flexjob,,2026,1,3\n")})  # fmt: skip
    job = ResultImport.objects.get()
    assert job.status == "waiting"

    assert csv_results.resume_waiting_imports() == 0  # not yet: the task may still come
    later = job.created_at + datetime.timedelta(minutes=11)
    with time_machine.travel(later):
        assert csv_results.resume_waiting_imports() == 1
        assert csv_results.resume_waiting_imports() == 0
    job.refresh_from_db()
    assert job.status == "done"
    assert Result.objects.get().count == 3
    # The task arriving after all runs nothing a second time.
    assert csv_results.run_import(job.pk) is None
    assert Result.objects.count() == 1

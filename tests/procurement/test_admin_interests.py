"""The enterprises interested in a notice, as its buyer's staff see them: on the notice's page, on
their own read-only list and as CSV (formula-escaped), the contact details only of those that
share their profile; another municipality's staff get nothing."""

import csv
import io

import pytest
from django.urls import reverse

from procurement.models import Interest
from tests.enterprises.factories import make_enterprise
from tests.procurement.admin_helpers import change_url
from tests.procurement.factories import make_interest, make_lot, make_notice

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:procurement_interest_changelist")
EXPORT = reverse("admin:procurement_interest_export")


def notice_export(notice):
    return reverse("admin:procurement_notice_interests_export", args=[notice.pk])


def rows(response):
    assert response.status_code == 200, response
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def interested(lejre, roskilde):
    notice = make_notice(municipality=lejre, title="Kantinedrift på rådhuset")
    lot = make_lot(notice, title="Frokostordning")
    sharing = make_enterprise(
        home_municipality=roskilde, name="Café Væksthuset", email="hej@vaeksthuset.dk", phone="46 46 46 46"
    )
    private = make_enterprise(home_municipality=lejre, name="Køkkenet i Hvalsø", email="hemmelig@hvalsoe.dk")
    make_interest(notice, sharing, lot=lot, message="Vi kan levere 80 kuverter.", share_profile=True)
    make_interest(notice, private, message='=HYPERLINK("http://example.com/x","Klik")')
    return notice


def test_the_buyer_exports_the_interested_enterprises_formula_escaped(client, lejre_staff, interested):
    client.force_login(lejre_staff)

    exported = rows(client.get(notice_export(interested)))

    by_name = {row["Virksomhed"]: row for row in exported}
    assert set(by_name) == {"Café Væksthuset", "Køkkenet i Hvalsø"}
    assert by_name["Køkkenet i Hvalsø"]["Besked"] == '\'=HYPERLINK("http://example.com/x","Klik")'
    assert by_name["Café Væksthuset"]["Besked"] == "Vi kan levere 80 kuverter."


def test_only_an_enterprise_that_shares_its_profile_shows_its_contact_details(
    client, lejre_staff, interested
):
    client.force_login(lejre_staff)

    by_name = {row["Virksomhed"]: row for row in rows(client.get(notice_export(interested)))}
    page = client.get(change_url(interested)).text

    assert by_name["Café Væksthuset"]["E-mail"] == "hej@vaeksthuset.dk"
    assert by_name["Café Væksthuset"]["Telefon"] == "46 46 46 46"
    assert by_name["Køkkenet i Hvalsø"]["E-mail"] == ""
    assert "hej@vaeksthuset.dk" in page
    assert "Køkkenet i Hvalsø" in page
    assert "hemmelig@hvalsoe.dk" not in page
    assert notice_export(interested) in page  # the CSV among the page's tools


def test_the_interests_list_and_its_export_show_the_own_municipality_s_only(
    client, lejre_staff, interested, roskilde
):
    theirs = make_notice(municipality=roskilde, title="Roskildes kantine")
    make_interest(theirs, make_enterprise(home_municipality=roskilde, name="Roskilde Mad"), message="Hej")
    client.force_login(lejre_staff)

    listed = client.get(CHANGELIST).context["cl"].result_list
    exported = rows(client.get(EXPORT))

    assert {interest.notice for interest in listed} == {interested}
    assert {row["Virksomhed"] for row in exported} == {"Café Væksthuset", "Køkkenet i Hvalsø"}


def test_another_municipality_s_staff_get_nothing_of_the_interests(client, roskilde_staff, interested):
    client.force_login(roskilde_staff)

    assert client.get(notice_export(interested)).status_code == 404
    assert rows(client.get(EXPORT)) == []
    assert list(client.get(CHANGELIST).context["cl"].result_list) == []


def test_staff_cannot_change_or_delete_an_interest(client, lejre_admin, interested):
    interest = Interest.objects.filter(notice=interested).first()
    client.force_login(lejre_admin)

    client.post(reverse("admin:procurement_interest_change", args=[interest.pk]), {"message": "x"})
    client.post(reverse("admin:procurement_interest_delete", args=[interest.pk]), {"post": "yes"})

    interest.refresh_from_db()
    assert interest.message == "Vi kan levere 80 kuverter." or interest.message.startswith("=HYPERLINK")


def test_anonymous_visitors_are_sent_to_log_in(client, interested):
    response = client.get(notice_export(interested))

    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("count", [1, 6])
def test_the_interests_list_runs_a_fixed_number_of_queries(
    client, lejre_staff, lejre, django_assert_num_queries, count
):
    notice = make_notice(municipality=lejre)
    for n in range(count):
        lot = make_lot(notice, number=n + 1)
        make_interest(notice, make_enterprise(home_municipality=lejre), lot=lot, share_profile=n % 2 == 0)
    client.force_login(lejre_staff)
    client.get(CHANGELIST)

    # session, user, permissions (own, groups), count, count of all, the administrator check of
    # the header, the staff member's municipality, the page, the date hierarchy's range and days
    with django_assert_num_queries(11):
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count

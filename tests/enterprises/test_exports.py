"""Open data at /virksomheder/export.csv and export.json, and the sitemap of published profiles."""

import codecs
import csv
import io

import pytest
from django.contrib.sitemaps.views import sitemap
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from enterprises.models import Enterprise
from enterprises.sitemaps import EnterpriseSitemap
from enterprises.views import EXPORT_FIELDS
from kit.exports import spreadsheet_safe
from portal.urls import urlpatterns as portal_urlpatterns
from tests.conftest import make_municipality
from tests.enterprises.factories import make_category, make_enterprise, make_target_group

pytestmark = pytest.mark.django_db

# The sitemap is wired in portal/urls.py by the main engineer; these tests bring their own.
urlpatterns = [
    *portal_urlpatterns,
    path("sitemap.xml", sitemap, {"sitemaps": {"enterprises": EnterpriseSitemap}}, name="sitemap"),
]

NOT_PUBLISHED = ["draft", "pending", "rejected", "hidden"]


@pytest.fixture
def registry(lejre, roskilde):
    catering = make_category("catering-test", "Catering og café")
    flex = make_target_group("fleks-test", "Fleksjobbere")
    insp = make_enterprise(
        name="INSP! Mad",
        home_municipality=roskilde,
        serves=[lejre],
        services=[catering],
        target_groups=[flex],
        legal_form="association",
        address="Bondetinget 1\n4000 Roskilde",
        website="https://insp.example",
        email="mad@insp.example",
        phone="+45 12 34 56 78",
        summary="Frokost og catering.",
        employees=12,
        positions_flexjob=3,
        rsv_registered=True,
    )
    musholm = make_enterprise(name="Musholm", home_municipality=lejre, sector="tourism")
    for status in NOT_PUBLISHED:
        make_enterprise(name=f"Skjult {status}", home_municipality=roskilde, status=status)
    return {"insp": insp, "musholm": musholm}


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


# --- CSV ------------------------------------------------------------------------------------------


def test_the_csv_has_every_published_profile_and_nothing_else(client, registry):
    response = client.get(reverse("enterprise_export_csv"))
    rows = csv_rows(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="virksomheder.csv"' in response["Content-Disposition"]
    assert [row["name"] for row in rows] == ["INSP! Mad", "Musholm"]
    insp = rows[0]
    assert list(insp) == EXPORT_FIELDS
    assert insp["cvr"] == registry["insp"].cvr
    assert insp["home_municipality"] == "Roskilde Kommune"
    assert insp["municipalities_served"] == "Lejre Kommune"
    assert insp["services"] == "catering-test"
    assert insp["target_groups"] == "fleks-test"
    assert insp["address"] == "Bondetinget 1\n4000 Roskilde"
    assert insp["phone"] == "'+45 12 34 56 78"  # a leading + is a formula to a spreadsheet
    assert insp["rsv_registered"] == "true"
    assert insp["classification"] == "social_economy"
    assert insp["classification_reason"] == registry["insp"].classification_reason
    assert insp["positions_flexjob"] == "3"
    assert insp["profile_url"] == "http://testserver/virksomheder/insp-mad/"


@pytest.mark.parametrize(
    "name, cell",
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Ærlig Mad = god mad", "Ærlig Mad = god mad"),
    ],
)
def test_csv_cells_are_escaped_against_formula_injection(client, roskilde, name, cell):
    make_enterprise(name=name, slug="formel", summary=name, home_municipality=roskilde)

    row = csv_rows(client.get(reverse("enterprise_export_csv")))[0]

    assert row["name"] == cell
    assert row["summary"] == cell


def test_spreadsheet_safe_writes_values_as_text():
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(False) == "false"
    assert spreadsheet_safe(["a", "=b"]) == "a; =b"
    assert spreadsheet_safe(["=a", "b"]) == "'=a; b"
    assert spreadsheet_safe(7) == "7"


def test_the_exports_follow_the_directory_filters(client, registry):
    rows = csv_rows(client.get(reverse("enterprise_export_csv"), {"kommune": "lejre", "sektor": "tourism"}))
    data = client.get(reverse("enterprise_export_json"), {"q": "frokost"}).json()

    assert [row["name"] for row in rows] == ["Musholm"]
    assert [enterprise["name"] for enterprise in data["enterprises"]] == ["INSP! Mad"]


# --- JSON -----------------------------------------------------------------------------------------


def test_the_json_export_has_a_stable_shape(client, registry):
    response = client.get(reverse("enterprise_export_json"))
    data = response.json()

    assert response["Content-Type"] == "application/json"
    assert set(data) == {"generated", "count", "fields", "enterprises"}
    assert data["count"] == 2 and data["fields"] == EXPORT_FIELDS
    insp = data["enterprises"][0]
    assert list(insp) == EXPORT_FIELDS
    assert insp["municipalities_served"] == ["Lejre Kommune"]
    assert insp["services"] == ["catering-test"]
    assert insp["rsv_registered"] is True
    assert insp["employees"] == 12
    assert insp["phone"] == "+45 12 34 56 78"  # no spreadsheet escaping in JSON
    assert data["enterprises"][1]["employees"] is None
    assert "Skjult" not in response.content.decode()


def test_the_json_export_keeps_danish_letters_readable(client, roskilde):
    make_enterprise(name="Ærø Øl & Å", home_municipality=roskilde)

    assert "Ærø Øl & Å".encode() in client.get(reverse("enterprise_export_json")).content


def test_the_english_exports_link_to_english_profiles(client, registry):
    data = client.get("/en/virksomheder/export.json").json()

    assert data["enterprises"][0]["profile_url"] == "http://testserver/en/virksomheder/insp-mad/"


# --- Query counts ---------------------------------------------------------------------------------


def export_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries)


@pytest.mark.parametrize("url", ["/virksomheder/export.csv", "/virksomheder/export.json"])
def test_an_export_runs_the_same_queries_for_3_and_30_enterprises(client, lejre, url):
    categories = [make_category() for _ in range(3)]
    groups = [make_target_group() for _ in range(2)]

    def add(n):
        for _ in range(n):
            make_enterprise(services=categories, target_groups=groups, serves=[lejre, make_municipality()])

    add(3)
    few = export_queries(client, url)
    add(27)

    assert export_queries(client, url) == few


# --- Sitemap --------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_the_sitemap_lists_published_profiles_in_both_languages_only(client, registry):
    response = client.get("/sitemap.xml")
    xml = response.content.decode()

    assert response.status_code == 200
    assert "http://testserver/virksomheder/insp-mad/" in xml
    assert "http://testserver/en/virksomheder/insp-mad/" in xml
    assert "http://testserver/virksomheder/musholm/" in xml
    assert "skjult" not in xml.lower()
    assert xml.count("<url>") == 4


def test_the_sitemap_items_are_the_published_enterprises(registry):
    assert set(EnterpriseSitemap().items()) == set(Enterprise.objects.published())

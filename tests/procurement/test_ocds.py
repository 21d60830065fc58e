import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from procurement.models import ClauseFollowUp, Notice, NoticeDocument
from tests.conftest import make_municipality
from tests.enterprises.factories import make_enterprise
from tests.procurement import ocds_schema
from tests.procurement.factories import make_award, make_notice

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def make_document(notice, **kwargs):
    n = NoticeDocument.objects.filter(notice=notice).count() + 1
    defaults = {"title": f"Bilag {n}", "key": f"key-{notice.pk}-{n}", "position": n}
    return NoticeDocument.objects.create(notice=notice, **{**defaults, **kwargs})


def make_full_notice(municipality, **kwargs):
    """A reserved tender in two lots with social clauses and objectives, documents and an award."""
    notice = make_notice(
        municipality=municipality,
        title="Grøn pleje af kommunens arealer",
        slug="groen-pleje",
        kind=Notice.Kind.TENDER,
        procedure=Notice.Procedure.RESTRICTED,
        estimated_value=Decimal("1200000.00"),
        reserved_participation=Notice.ReservedParticipation.SHELTERED_WORKSHOPS,
        reserved_execution=True,
        social_objective=True,
        social_objectives=["opp", "acc-all"],
        social_clauses="To pladser i fleksjob i hele kontraktens løbetid.",
        contract_start=datetime.date(2027, 3, 1),
        contract_end=datetime.date(2029, 2, 28),
        cpv_codes=["77310000", "77314000"],
        lots=[
            {
                "title": "Slagelse by",
                "description": "Parker og grønne områder i Slagelse by.",
                "estimated_value": Decimal("700000"),
                "cpv_codes": ["77313000"],
                "reserved_participation": Notice.ReservedParticipation.SHELTERED_WORKSHOPS,
            },
            {
                "title": "Korsør",
                "estimated_value": Decimal("500000.50"),
                "social_clauses": "Én elevplads.",
            },
        ],
        **kwargs,
    )
    make_document(notice, title="Udbudsbetingelser", url="https://example.dk/betingelser.pdf")
    make_document(notice, title="Kravspecifikation", file="notices/x/y/abc", content_type="application/pdf")
    lot = notice.lots.get(number=1)
    winner = make_enterprise(name="Grønne Hænder", cvr="99000023")
    award = make_award(
        notice, lot=lot, enterprise=winner, winner_name="Grønne Hænder", winner_cvr="99000023", value=650000
    )
    ClauseFollowUp.objects.create(
        award=award, period_end=datetime.date(2027, 12, 31), promised="To pladser i fleksjob"
    )
    return notice


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def assert_valid(package):
    assert ocds_schema.errors(package) == []
    assert ocds_schema.open_codelist_errors(package) == []


def test_the_merged_schema_rejects_a_wrong_value_so_the_validation_is_real(client, lejre):
    make_full_notice(lejre)
    package = get_json(client, reverse("procurement:ocds_package"))
    package["releases"][0]["tender"]["lots"][0]["otherRequirements"]["reservedParticipation"] = "res-ws"
    package["releases"][0]["tender"]["contractTerms"]["reservedExecution"] = "yes"
    package["releases"][0]["tender"]["status"] = "open"
    assert len(ocds_schema.errors(package)) == 3


def test_a_full_notice_is_a_valid_release_with_lots_reservations_social_criteria_documents_and_award(
    client, settings
):
    settings.OCDS_OCID_PREFIX = "ocds-test01"
    slagelse = make_municipality(
        name="Slagelse", code="330", slug="slagelse", website="https://www.slagelse.dk"
    )
    with time_machine.travel(AT, tick=False):
        notice = make_full_notice(slagelse, contact_name="Inge Indkøb", contact_phone="58 57 36 00")
        package = get_json(client, reverse("procurement:ocds_release", kwargs={"slug": notice.slug}))

    assert_valid(package)
    assert package["uri"] == f"{settings.SITE_URL}/udbud/groen-pleje/ocds.json"
    assert package["version"] == "1.1"
    assert package["publisher"]["name"] == "Indgangen"
    assert len(package["extensions"]) == 5
    assert package["extensions"][0].endswith("/ocds_lots_extension/v1.1.5/extension.json")

    [release] = package["releases"]
    assert release["ocid"] == f"ocds-test01-{notice.pk}"
    assert release["id"] == f"ocds-test01-{notice.pk}-20261201T120000Z"
    assert release["date"] == "2026-12-01T13:00:00+01:00"
    assert release["tag"] == ["tender"]
    assert release["initiationType"] == "tender"
    assert release["buyer"] == {"id": "DK-KOMMUNE-330", "name": "Slagelse Kommune"}
    parties = {party["id"]: party for party in release["parties"]}
    assert parties["DK-KOMMUNE-330"]["roles"] == ["buyer", "procuringEntity"]
    assert "identifier" not in parties["DK-KOMMUNE-330"]  # no CVR number for a municipality here
    assert parties["DK-KOMMUNE-330"]["contactPoint"] == {
        "name": "Inge Indkøb",
        "email": "indkob@example.dk",
        "telephone": "58 57 36 00",
    }
    assert parties["DK-CVR-99000023"] == {
        "id": "DK-CVR-99000023",
        "name": "Grønne Hænder",
        "identifier": {"scheme": "DK-CVR", "id": "99000023", "legalName": "Grønne Hænder"},
        "roles": ["supplier"],
    }

    tender = release["tender"]
    assert tender["id"] == f"notice-{notice.pk}"
    assert tender["title"] == "Grøn pleje af kommunens arealer"
    assert tender["status"] == "active"
    assert tender["procurementMethod"] == "selective"
    # The procedure's label in Danish (the model's labels get their Danish with the public pages).
    with translation.override("da"):
        assert tender["procurementMethodDetails"] == gettext("Restricted procedure")
    assert tender["mainProcurementCategory"] == "services"
    assert tender["value"] == {"amount": 1200000, "currency": "DKK"}
    assert tender["tenderPeriod"] == {
        "startDate": "2026-12-01T13:00:00+01:00",
        "endDate": "2026-12-21T13:00:00+01:00",
    }
    assert tender["enquiryPeriod"] == {"endDate": "2026-12-11T13:00:00+01:00"}
    assert tender["contractPeriod"] == {
        "startDate": "2027-03-01T00:00:00+01:00",
        "endDate": "2029-02-28T23:59:59+01:00",
    }
    assert tender["items"] == [
        {
            "id": "lot-1",
            "description": "Slagelse by",
            "classification": {"scheme": "CPV", "id": "77313000", "description": "Vedligeholdelse af parker"},
            "relatedLot": "1",
        },
        {
            "id": "lot-2",
            "description": "Korsør",
            "classification": {
                "scheme": "CPV",
                "id": "77310000",
                "description": "Tilplantning og vedligeholdelse af grønne områder",
            },
            "additionalClassifications": [
                {"scheme": "CPV", "id": "77314000", "description": "Vedligeholdelse af arealer"}
            ],
            "relatedLot": "2",
        },
    ]
    first, second = tender["lots"]
    assert first == {
        "id": "1",
        "title": "Slagelse by",
        "description": "Parker og grønne områder i Slagelse by.",
        "status": "complete",
        "value": {"amount": 700000, "currency": "DKK"},
        "otherRequirements": {"reservedParticipation": ["shelteredWorkshop"]},
        "hasSustainability": True,
        "sustainability": [
            {"goal": "social.disadvantagedEmploymentOpportunities", "strategies": ["reservedParticipation"]},
            {"goal": "social.accessibility", "strategies": ["reservedParticipation"]},
        ],
    }
    assert second["status"] == "active"
    assert second["value"] == {"amount": 500000.5, "currency": "DKK"}
    assert second["contractTerms"] == {"socialStandards": "Én elevplads."}

    assert tender["otherRequirements"] == {"reservedParticipation": ["shelteredWorkshop"]}
    assert tender["contractTerms"] == {
        "reservedExecution": True,
        "socialStandards": "To pladser i fleksjob i hele kontraktens løbetid.",
    }
    assert tender["hasSustainability"] is True
    assert tender["sustainability"] == [
        {
            "goal": goal,
            "strategies": ["reservedParticipation", "contractPerformanceConditions"],
            "description": "To pladser i fleksjob i hele kontraktens løbetid.",
        }
        for goal in ["social.disadvantagedEmploymentOpportunities", "social.accessibility"]
    ]
    notice_page, link, file = tender["documents"]
    assert notice_page["documentType"] == "tenderNotice"
    assert notice_page["url"] == f"{settings.SITE_URL}/udbud/groen-pleje/"
    assert link["url"] == "https://example.dk/betingelser.pdf"
    assert file["url"] == f"{settings.SITE_URL}/udbud/groen-pleje/dokumenter/key-{notice.pk}-2/"
    assert file["format"] == "application/pdf"

    [award] = release["awards"]
    assert award["status"] == "active"
    assert award["date"] == "2026-11-01T00:00:00+01:00"
    assert award["value"] == {"amount": 650000, "currency": "DKK"}
    assert award["suppliers"] == [{"id": "DK-CVR-99000023", "name": "Grønne Hænder"}]
    assert award["relatedLots"] == ["1"]


def test_a_companys_offer_names_the_company_by_its_cvr_number_as_the_buyer(client, lejre):
    notice = make_notice(
        municipality=lejre,
        kind=Notice.Kind.SUBCONTRACTING,
        procedure="",
        company_name="Eksempel Produktion A/S",
        company_cvr="99000031",
        cpv_codes=["79211000"],
    )
    package = get_json(client, reverse("procurement:ocds_release", kwargs={"slug": notice.slug}))
    assert_valid(package)
    [release] = package["releases"]
    assert release["buyer"] == {"id": "DK-CVR-99000031", "name": "Eksempel Produktion A/S"}
    assert release["parties"][0]["identifier"] == {
        "scheme": "DK-CVR",
        "id": "99000031",
        "legalName": "Eksempel Produktion A/S",
    }
    assert "procurementMethod" not in release["tender"]
    assert release["tender"]["items"][0]["classification"]["id"] == "79211000"


@pytest.mark.parametrize(
    ("fields", "tag", "status"),
    [
        ({"stage": Notice.Stage.PLANNED, "kind": Notice.Kind.PLANNED}, ["planning"], "planning"),
        ({"kind": Notice.Kind.MARKET_DIALOGUE}, ["planning"], "planning"),
        ({"stage": Notice.Stage.AWARDED}, ["award"], "complete"),
        ({"stage": Notice.Stage.CANCELLED}, ["tenderCancellation"], "cancelled"),
        ({"submission_deadline": AT, "questions_deadline": None}, ["tender"], "active"),  # closed
    ],
)
def test_the_tag_and_tender_status_follow_the_stage(client, lejre, fields, tag, status):
    notice = make_notice(municipality=lejre, **fields)
    package = get_json(client, reverse("procurement:ocds_release", kwargs={"slug": notice.slug}))
    assert_valid(package)
    assert package["releases"][0]["tag"] == tag
    assert package["releases"][0]["tender"]["status"] == status


def test_drafts_notices_under_review_hidden_and_before_their_ted_date_are_never_in_a_package(client, lejre):
    public = make_notice(municipality=lejre, title="Offentligt")
    hidden = [
        make_notice(municipality=lejre, status=Notice.Status.DRAFT),
        make_notice(municipality=lejre, status=Notice.Status.PENDING),
        make_notice(municipality=lejre, status=Notice.Status.REJECTED),
        make_notice(municipality=lejre, status=Notice.Status.HIDDEN),
        make_notice(municipality=lejre, ted_published_on=datetime.date.today() + datetime.timedelta(days=3)),
    ]
    package = get_json(client, reverse("procurement:ocds_package"))
    assert [release["tender"]["title"] for release in package["releases"]] == ["Offentligt"]
    assert package["releases"][0]["ocid"].endswith(f"-{public.pk}")
    for notice in hidden:
        assert (
            client.get(reverse("procurement:ocds_release", kwargs={"slug": notice.slug})).status_code == 404
        )


@pytest.mark.parametrize("size", [1, 6])
def test_the_package_takes_a_fixed_number_of_queries(client, lejre, django_assert_num_queries, size):
    for n in range(size):
        notice = make_notice(municipality=lejre, cpv_codes=["90910000"], lots=[{"cpv_codes": ["90911200"]}])
        make_document(notice, url="https://example.dk/a.pdf")
        make_award(notice, winner_cvr=f"9900{n:04d}")
    # notices, their CPV codes, lots, the lots' CPV codes, documents, awards
    with django_assert_num_queries(6):
        package = get_json(client, reverse("procurement:ocds_package"))
    assert len(package["releases"]) == size
    assert_valid(package)


def test_the_english_address_gives_the_same_danish_data(client, lejre):
    make_full_notice(lejre)
    danish = get_json(client, reverse("procurement:ocds_package"))
    english = get_json(client, "/en/udbud/ocds.json")
    assert english["releases"] == danish["releases"]
    assert english["uri"].endswith("/en/udbud/ocds.json")

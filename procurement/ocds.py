"""The public notices in the Open Contracting Data Standard (OCDS) 1.1.5: one release per notice,
in a release package of all of them or of one.

Beside the core the releases use five extensions (their versions below): lots; otherRequirements
for the reserved participation (eForms BT-71); contractTerms for reserved execution (BT-736) and
the social clauses; sustainability for the social objectives (BT-06 soc-obj, BT-775) and how they
are pursued; submissionTerms is declared for the terms a notice may come to carry. The mapping of
the eForms codes follows the OCDS eForms guidance. A company's subcontracting offer is a release
like any other, its buyer the company, identified by its CVR number.

The tests validate the output against the schemas (tests/procurement/ocds-1.1.5/, the core merged
with the extensions by JSON Merge Patch), offline.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from kit.urls import absolute_url
from procurement.models import (
    COPENHAGEN,
    Kind,
    Lot,
    Notice,
    Procedure,
    ReservedParticipation,
    SocialObjective,
    Stage,
)

#: The extensions' extension.json at the versions the schemas in the tests were copied from: lots
#: at its tag v1.1.5, the four without tags at the commit copied.
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/"
    "143e56e3166073b5d317826a745e46b9889e379b/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_contractTerms_extension/"
    "316ea6708268b0efa7fe8fc2273c891107ac90ce/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_submissionTerms_extension/"
    "449ade63333a50f1e8cd2b0704c0a3c5e329a8a8/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/"
    "b8d93a0edb8e0ac2f27f733cccf3884e392346e9/extension.json",
]

#: eForms BT-71 → the otherRequirements extension's reservedParticipation codelist.
RESERVED_PARTICIPATION = {
    ReservedParticipation.SHELTERED_WORKSHOPS: "shelteredWorkshop",
    ReservedParticipation.PUBLIC_SERVICE_MISSION: "publicServiceMissionOrganization",
}

#: eForms BT-775 → the sustainability extension's sustainabilityGoal codelist.
SUSTAINABILITY_GOALS = {
    SocialObjective.EMPLOYMENT: "social.disadvantagedEmploymentOpportunities",
    SocialObjective.WORKING_CONDITIONS: "social.laborRightsPromotion",
    SocialObjective.ACCESSIBILITY: "social.accessibility",
    SocialObjective.GENDER_EQUALITY: "social.genderEquality",
    SocialObjective.ETHNIC_EQUALITY: "social.ethnicEquality",
    SocialObjective.HUMAN_RIGHTS: "social.humanRightsInSupplyChains",
    SocialObjective.OTHER: "social",
}

#: Our procedures → OCDS's method (closed codelist). A negotiated procedure we publish has a call
#: for competition, so it is selective (eForms neg-w-call); the rest are open to any bidder.
PROCUREMENT_METHODS = {
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "selective",
    Procedure.BELOW_THRESHOLD: "open",
    Procedure.LIGHT_REGIME: "open",
    Procedure.FUNCTIONAL: "open",
}

#: Planning, not yet a call for tenders.
PLANNING_KINDS = {Kind.PLANNED, Kind.MARKET_DIALOGUE}


def release_notices():
    """The public notices with everything a release reads: a fixed number of queries."""
    return (
        Notice.objects.public()
        .select_related("municipality")
        .prefetch_related(
            "cpv_codes",
            Prefetch("lots", queryset=Lot.objects.prefetch_related("cpv_codes")),
            "documents",
            "awards",
        )
        .order_by("pk")
    )


def release_package(notices, *, uri, now=None):
    """A release package (a dict, ready for JSON) of a release for each of `notices`."""
    now = now or timezone.now()
    # The data is in Danish whatever the page's language: the labels of the codes too.
    with translation.override(settings.LANGUAGE_CODE):
        releases = [release(notice, now=now) for notice in notices]
    return {
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": moment(now),
        "publisher": {"name": "Indgangen", "uri": settings.SITE_URL + "/"},
        "releases": releases,
    }


def ocid(notice):
    return f"{settings.OCDS_OCID_PREFIX}-{notice.pk}"


def release(notice, *, now=None):
    """One notice as an OCDS release: its current state, dated by its last change."""
    parties = {}
    buyer = buyer_party(notice)
    parties[buyer["id"]] = buyer
    awards = []
    lot_ids = {lot.pk: lot_id(lot) for lot in notice.lots.all()}
    for award in notice.awards.all():
        supplier = supplier_party(award)
        known = parties.setdefault(supplier["id"], supplier)
        if known is not supplier:
            known["roles"] = sorted({*known["roles"], "supplier"})
        awards.append(award_release(award, notice, supplier, lot_ids))
    result = {
        "ocid": ocid(notice),
        "id": f"{ocid(notice)}-{notice.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}",
        "date": moment(notice.updated_at),
        "tag": tags(notice),
        "initiationType": "tender",
        "language": "da",
        "parties": list(parties.values()),
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": tender(notice, lot_ids, now=now),
    }
    if awards:
        result["awards"] = awards
    return result


def tags(notice):
    if notice.stage == Stage.CANCELLED:
        return ["tenderCancellation"]
    if notice.stage == Stage.AWARDED:
        return ["award"]
    if notice.stage == Stage.PLANNED or notice.kind in PLANNING_KINDS:
        return ["planning"]
    return ["tender"]


def tender_status(notice):
    if notice.stage == Stage.CANCELLED:
        return "cancelled"
    if notice.stage == Stage.AWARDED:
        return "complete"
    if notice.stage == Stage.PLANNED or notice.kind in PLANNING_KINDS:
        return "planning"
    # Open, or closed and being evaluated: active until it is awarded or cancelled.
    return "active"


# --- Parties ---------------------------------------------------------------------------------------


def cvr_party(cvr, name, roles):
    return {
        "id": f"DK-CVR-{cvr}",
        "name": name,
        "identifier": {"scheme": "DK-CVR", "id": cvr, "legalName": name},
        "roles": roles,
    }


def buyer_party(notice):
    """The company for its own offer, identified by its CVR number; else the municipality, which
    has no CVR number here, so it is named by its municipality code without an identifier."""
    if notice.company_cvr:
        party = cvr_party(notice.company_cvr, notice.company_name, ["buyer", "procuringEntity"])
    else:
        municipality = notice.municipality
        party = {
            "id": f"DK-KOMMUNE-{municipality.code}",
            "name": municipality.full_name,
            "roles": ["buyer", "procuringEntity"],
        }
        if municipality.website:
            party["details"] = {"url": municipality.website}
    contact = {
        key: value
        for key, value in (
            ("name", notice.contact_name or notice.department),
            ("email", notice.contact_email),
            ("telephone", notice.contact_phone),
        )
        if value
    }
    if contact:
        party["contactPoint"] = contact
    return party


def supplier_party(award):
    if award.winner_cvr:
        return cvr_party(award.winner_cvr, award.winner_name, ["supplier"])
    return {"id": f"supplier-{award.pk}", "name": award.winner_name, "roles": ["supplier"]}


# --- The tender ------------------------------------------------------------------------------------


def tender(notice, lot_ids, *, now=None):
    lots = list(notice.lots.all())
    result = {
        "id": f"notice-{notice.pk}",
        "title": notice.title,
        "description": notice.description,
        "status": tender_status(notice),
        "mainProcurementCategory": "services",
    }
    if notice.procedure:
        result["procurementMethod"] = PROCUREMENT_METHODS[notice.procedure]
        result["procurementMethodDetails"] = str(Procedure(notice.procedure).label)
    elif notice.kind == Kind.SUBCONTRACTING:
        result["procurementMethodDetails"] = str(Kind(notice.kind).label)
    if notice.estimated_value is not None:
        result["value"] = value(notice.estimated_value)
    if notice.submission_deadline:
        period = {"endDate": moment(notice.submission_deadline)}
        if notice.published_at and notice.published_at <= notice.submission_deadline:
            period["startDate"] = moment(notice.published_at)
        result["tenderPeriod"] = period
    if notice.questions_deadline:
        result["enquiryPeriod"] = {"endDate": moment(notice.questions_deadline)}
    if notice.contract_start or notice.contract_end:
        result["contractPeriod"] = contract_period(notice.contract_start, notice.contract_end)
    items = tender_items(notice, lots, lot_ids)
    if items:
        result["items"] = items
    if lots:
        result["lots"] = [lot_release(lot, notice, lot_ids) for lot in lots]
    result.update(social_terms(notice))
    result["documents"] = documents(notice)
    return result


def tender_items(notice, lots, lot_ids):
    """An item per lot (its own CPV codes, else the notice's), or one for an undivided notice: the
    first code classifies it, the others are additional classifications."""
    notice_codes = list(notice.cpv_codes.all())
    if not lots:
        return [item("1", notice.title, notice_codes)] if notice_codes else []
    return [
        {
            **item(f"lot-{lot_ids[lot.pk]}", lot.title, list(lot.cpv_codes.all()) or notice_codes),
            "relatedLot": lot_ids[lot.pk],
        }
        for lot in lots
        if list(lot.cpv_codes.all()) or notice_codes
    ]


def item(identifier, description, codes):
    result = {"id": identifier, "description": description, "classification": classification(codes[0])}
    if codes[1:]:
        result["additionalClassifications"] = [classification(code) for code in codes[1:]]
    return result


def classification(code):
    # OCDS gives the eight digits, without the check digit.
    return {"scheme": "CPV", "id": code.code, "description": code.name}


def lot_id(lot):
    return str(lot.number)


def lot_release(lot, notice, lot_ids):
    result = {"id": lot_ids[lot.pk], "title": lot.title, "status": lot_status(lot, notice)}
    if lot.description:
        result["description"] = lot.description
    if lot.estimated_value is not None:
        result["value"] = value(lot.estimated_value)
    # A lot shares the notice's social objectives; its own reservation and clauses are its own.
    result.update(
        social_terms(
            lot,
            objectives=notice.social_objectives if notice.social_objective else (),
        )
    )
    return result


def lot_status(lot, notice):
    if notice.stage == Stage.TENDERING and any(award.lot_id == lot.pk for award in notice.awards.all()):
        return "complete"
    return tender_status(notice)


def social_terms(obj, *, objectives=None):
    """otherRequirements, contractTerms and sustainability of a notice or a lot, where it has any.

    The social objectives (BT-775) become sustainability goals; the ways they are pursued are the
    strategies: reserved participation, and the social clauses as contract performance
    conditions. A reservation or clauses without a named objective pursue the social goal in
    general; a reservation for sheltered workshops pursues the employment of disadvantaged people."""
    result = {}
    reserved = RESERVED_PARTICIPATION.get(obj.reserved_participation)
    if reserved:
        result["otherRequirements"] = {"reservedParticipation": [reserved]}
    terms = {}
    if obj.reserved_execution:
        terms["reservedExecution"] = True
    if obj.social_clauses:
        terms["socialStandards"] = obj.social_clauses
    if terms:
        result["contractTerms"] = terms

    if objectives is None:
        objectives = obj.social_objectives if obj.social_objective else ()
    strategies = []
    if reserved:
        strategies.append("reservedParticipation")
    if obj.social_clauses or obj.reserved_execution:
        strategies.append("contractPerformanceConditions")
    goals = list(
        dict.fromkeys(SUSTAINABILITY_GOALS[code] for code in objectives if code in SUSTAINABILITY_GOALS)
    )
    if not goals and (strategies or getattr(obj, "social_objective", False)):
        if obj.reserved_participation == ReservedParticipation.SHELTERED_WORKSHOPS:
            goals = [SUSTAINABILITY_GOALS[SocialObjective.EMPLOYMENT]]
        else:
            goals = ["social"]
    if goals:
        result["hasSustainability"] = True
        entries = []
        for goal in goals:
            entry = {"goal": goal}
            if strategies:
                entry["strategies"] = strategies
            if obj.social_clauses:
                entry["description"] = obj.social_clauses
            entries.append(entry)
        result["sustainability"] = entries
    return result


def documents(notice):
    """The notice page itself (the tender notice) and the documents, files by their address here."""
    result = [
        {
            "id": "notice",
            "documentType": "tenderNotice",
            "title": notice.title,
            "url": absolute_url(notice),
            "format": "text/html",
            "language": "da",
        }
    ]
    for document in notice.documents.all():
        entry = {"id": str(document.pk), "documentType": "biddingDocuments", "title": document.title}
        if document.url:
            entry["url"] = document.url
        else:
            entry["url"] = absolute_url(
                reverse("procurement:document", kwargs={"slug": notice.slug, "key": document.key})
            )
            if document.content_type:
                entry["format"] = document.content_type
        result.append(entry)
    return result


def award_release(award, notice, supplier, lot_ids):
    result = {
        "id": f"award-{award.pk}",
        "status": "cancelled" if notice.stage == Stage.CANCELLED else "active",
        "date": moment(start_of_day(award.awarded_on)),
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
    }
    if award.value is not None:
        result["value"] = value(award.value)
    if award.lot_id in lot_ids:
        result["relatedLots"] = [lot_ids[award.lot_id]]
    return result


# --- Values ----------------------------------------------------------------------------------------


def value(amount):
    amount = Decimal(amount)
    return {
        "amount": int(amount) if amount == amount.to_integral_value() else float(amount),
        "currency": "DKK",
    }


def moment(when):
    """An ISO 8601 date-time in Copenhagen time, to the second."""
    return timezone.localtime(when, COPENHAGEN).replace(microsecond=0).isoformat()


def start_of_day(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=COPENHAGEN)


def contract_period(start, end):
    period = {}
    if start:
        period["startDate"] = moment(start_of_day(start))
    if end:
        period["endDate"] = moment(
            datetime.datetime.combine(end, datetime.time(23, 59, 59), tzinfo=COPENHAGEN)
        )
    return period

"""The registry's models: the classification rule of seed 004, the CVR constraint, the vocabularies."""

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import translation

from enterprises.models import OTHER_ACTOR_SHARE, RSV_CRITERIA, Enterprise, ServiceCategory, TargetGroup
from tests.enterprises.factories import make_enterprise, next_cvr

pytestmark = pytest.mark.django_db

Classification = Enterprise.Classification
ALL_CRITERIA = {name: True for name, _label in RSV_CRITERIA}


def classify(**fields):
    return Enterprise(**fields).derive_classification()


# --- derive_classification ---------------------------------------------------------------------


def test_an_enterprise_with_nothing_known_is_not_assessed():
    classification, reason = classify()

    assert classification == Classification.NOT_ASSESSED
    assert reason


def test_most_revenue_from_employment_services_makes_an_other_actor():
    classification, reason = classify(employment_services_share=OTHER_ACTOR_SHARE + 1)

    assert classification == Classification.OTHER_ACTOR
    assert str(OTHER_ACTOR_SHARE + 1) in reason


def test_an_other_actor_stays_one_even_when_registered_and_meeting_every_criterion():
    """Seed 004: anyone can call itself social-economy; the revenue decides."""
    classification, _reason = classify(employment_services_share=80, rsv_registered=True, **ALL_CRITERIA)

    assert classification == Classification.OTHER_ACTOR


def test_exactly_half_from_employment_services_is_not_an_other_actor():
    classification, _reason = classify(employment_services_share=OTHER_ACTOR_SHARE, **ALL_CRITERIA)

    assert classification == Classification.SOCIAL_ECONOMY


def test_an_rsv_registration_makes_a_social_economy_enterprise():
    classification, reason = classify(rsv_registered=True)

    assert classification == Classification.SOCIAL_ECONOMY
    assert "RSV" in reason


def test_the_five_criteria_and_a_known_share_make_a_social_economy_enterprise():
    classification, _reason = classify(employment_services_share=10, **ALL_CRITERIA)

    assert classification == Classification.SOCIAL_ECONOMY


def test_the_five_criteria_without_a_known_share_are_not_enough():
    classification, _reason = classify(**ALL_CRITERIA)

    assert classification == Classification.NOT_ASSESSED


@pytest.mark.parametrize("missing", [name for name, _label in RSV_CRITERIA])
def test_four_criteria_of_five_are_not_enough(missing):
    classification, _reason = classify(employment_services_share=10, **{**ALL_CRITERIA, missing: False})

    assert classification == Classification.NOT_ASSESSED


def test_the_municipality_s_override_wins_and_gives_its_reason():
    classification, reason = classify(
        employment_services_share=90,
        classification_override=Classification.SOCIAL_ECONOMY,
        classification_override_reason="Omsætningen er nu mest fra caféen.",
    )

    assert classification == Classification.SOCIAL_ECONOMY
    assert "Omsætningen er nu mest fra caféen." in reason


def test_the_override_can_also_say_not_assessed():
    classification, _reason = classify(
        rsv_registered=True,
        classification_override=Classification.NOT_ASSESSED,
        classification_override_reason="RSV-registreringen er ophørt.",
    )

    assert classification == Classification.NOT_ASSESSED


# --- Constraints -------------------------------------------------------------------------------


@pytest.mark.parametrize("cvr", ["1234567a", "1234567", "123456789", "12 45678", ""])
def test_the_database_refuses_a_cvr_number_that_is_not_eight_digits(lejre, cvr):
    enterprise = make_enterprise(home_municipality=lejre)

    # PostgreSQL refuses nine digits already by the column's length.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(cvr=cvr)


def test_two_enterprises_cannot_share_a_cvr_number(lejre):
    first = make_enterprise(home_municipality=lejre)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_enterprise(home_municipality=lejre, cvr=first.cvr)


def test_the_database_refuses_a_share_over_100_per_cent(lejre):
    enterprise = make_enterprise(home_municipality=lejre)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(employment_services_share=101)


def test_a_valid_cvr_number_is_accepted(lejre):
    cvr = next_cvr()

    assert make_enterprise(home_municipality=lejre, cvr=cvr).cvr == cvr


# --- Small things ------------------------------------------------------------------------------


def test_positions_on_special_terms_add_up_every_kind():
    enterprise = Enterprise(
        positions_flexjob=1, positions_wage_subsidy=2, positions_small_jobs=3, positions_ordinary_hire=4
    )

    assert enterprise.positions_on_special_terms() == 10


def test_the_criteria_checklist_has_the_five_rsv_criteria_in_order():
    enterprise = Enterprise(criterion_social_purpose=True)

    assert [met for _label, met in enterprise.criteria()] == [True, False, False, False, False]


def test_a_profile_lives_at_its_slug(lejre):
    enterprise = make_enterprise(home_municipality=lejre, name="INSP! Mad", slug="insp-mad")

    assert str(enterprise) == "INSP! Mad"
    assert enterprise.get_absolute_url().endswith("/virksomheder/insp-mad/")


# --- The vocabularies (seeded by a data migration) ----------------------------------------------


def test_the_service_categories_of_seed_000_and_the_common_trades_are_seeded():
    slugs = set(ServiceCategory.objects.values_list("slug", flat=True))

    assert {
        "bogfoering",
        "fakturering-og-debitorstyring",
        "kontrol-og-overvaagning",
        "service-og-opdatering-af-software",
        "hosting-it-og-hjemmesider",
        "pluk-pak-og-forsendelse",
        "genanvendelse-af-restprodukter-og-emballage",
        "catering-og-cafe",
        "rengoering",
        "groen-pleje",
        "haandvaerk",
        "hoteldrift",
        "dagligvarer",
        "landsbyservice",
        "beskaeftigelses-og-afklaringsforloeb",
    } <= slugs
    assert not ServiceCategory.objects.filter(name_en="").exists()


def test_the_target_groups_of_the_issue_are_seeded_in_order():
    names = list(TargetGroup.objects.filter(slug__in=SEEDED_TARGET_GROUPS).values_list("name", flat=True))

    assert names == [
        "Førtidspensionister",
        "Fleksjobbere",
        "Aktivitetsparate",
        "Personer på ledighedsydelse",
        "Udsatte unge",
        "Andre",
    ]


SEEDED_TARGET_GROUPS = [
    "foertidspensionister",
    "fleksjobbere",
    "aktivitetsparate",
    "personer-paa-ledighedsydelse",
    "udsatte-unge",
    "andre",
]


def test_a_term_is_named_in_the_visitor_s_language():
    term = TargetGroup.objects.get(slug="udsatte-unge")

    with translation.override("en"):
        assert str(term) == "Vulnerable young people"
    with translation.override("da"):
        assert str(term) == "Udsatte unge"


def test_seeding_the_vocabularies_again_adds_no_duplicates():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("enterprises.migrations.0002_vocabularies")
    before = (ServiceCategory.objects.count(), TargetGroup.objects.count())

    migration.seed(apps, None)

    assert (ServiceCategory.objects.count(), TargetGroup.objects.count()) == before

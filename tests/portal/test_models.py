import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from portal.models import ContactPerson, Guide, Municipality, OpeningHours, User
from tests.conftest import (
    make_closed_day,
    make_contact_person,
    make_guide,
    make_municipality,
    make_opening_hours,
    make_user,
    requires_postgres,
)

pytestmark = pytest.mark.django_db


# --- Municipality ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["26", "2650", "abc", "26a", " 26"])
def test_a_municipality_code_that_is_not_three_digits_is_refused(code):
    municipality = Municipality(name="Roskilde", code=code, slug="roskilde")

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()

    assert "code" in error.value.message_dict


def test_a_three_digit_municipality_code_is_accepted():
    Municipality(name="Roskilde", code="265", slug="roskilde").full_clean()


def test_the_database_refuses_a_municipality_code_that_is_not_three_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Roskilde", code="2x5", slug="roskilde")


def test_a_municipality_reads_as_its_official_name_and_links_to_its_page(roskilde):
    assert str(roskilde) == "Roskilde Kommune"
    assert roskilde.get_absolute_url() == "/kommuner/roskilde/"


def test_a_municipality_is_named_by_its_official_name_when_it_has_one(roskilde):
    assert roskilde.full_name == "Roskilde Kommune"
    roskilde.official_name = "Roskilde Kommune (Rådhuset)"
    assert roskilde.full_name == "Roskilde Kommune (Rådhuset)"


def test_the_capital_s_municipality_is_named_in_the_genitive():
    assert Municipality(name="København", code="101").full_name == "Københavns Kommune"


def test_the_map_link_searches_the_address_on_openstreetmap(roskilde):
    roskilde.address = "Rådhusbuen 1,\n4000 Roskilde"

    assert (
        roskilde.get_map_url()
        == "https://www.openstreetmap.org/search?query=R%C3%A5dhusbuen+1%2C+4000+Roskilde"
    )


def test_the_municipality_intro_is_in_english_on_english_pages_when_there_is_one(roskilde):
    roskilde.intro, roskilde.intro_en = "Velkommen", "Welcome"

    with translation.override("en"):
        assert roskilde.localized_intro == "Welcome"
    with translation.override("da"):
        assert roskilde.localized_intro == "Velkommen"
    roskilde.intro_en = ""
    with translation.override("en"):
        assert roskilde.localized_intro == "Velkommen"


def test_a_municipality_schedule_keeps_the_kinds_apart_and_includes_closed_days(roskilde):
    make_opening_hours(roskilde, weekday=0, opens="10:00", closes="15:00", kind=OpeningHours.Kind.VISIT)
    make_opening_hours(roskilde, weekday=0, opens="08:00", closes="12:00", kind=OpeningHours.Kind.PHONE)
    make_closed_day(roskilde, datetime.date(2026, 6, 5), "Grundlovsdag")

    visit, phone = roskilde.visit_schedule(), roskilde.phone_schedule()

    assert visit.by_weekday[0] == [(datetime.time(10), datetime.time(15))]
    assert phone.by_weekday[0] == [(datetime.time(8), datetime.time(12))]
    assert datetime.date(2026, 6, 5) in visit.closed_dates
    assert visit.closed_reason(datetime.date(2026, 6, 5)) == "Grundlovsdag"


# --- Opening hours -----------------------------------------------------------------------------


@pytest.mark.parametrize("closes", [datetime.time(10), datetime.time(9)])
def test_opening_hours_that_close_before_or_when_they_open_are_refused(roskilde, closes):
    hours = OpeningHours(
        municipality=roskilde, kind=OpeningHours.Kind.VISIT, weekday=0, opens=datetime.time(10), closes=closes
    )

    with pytest.raises(ValidationError) as error:
        hours.full_clean()

    assert "closes" in error.value.message_dict


def test_the_database_refuses_opening_hours_that_close_before_they_open(roskilde):
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(
            municipality=roskilde,
            kind=OpeningHours.Kind.VISIT,
            weekday=0,
            opens=datetime.time(15),
            closes=datetime.time(10),
        )


def test_the_database_refuses_a_weekday_beyond_sunday(roskilde):
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(
            municipality=roskilde,
            kind=OpeningHours.Kind.VISIT,
            weekday=7,
            opens=datetime.time(10),
            closes=datetime.time(15),
        )


def test_opening_hours_read_as_kind_day_and_times(roskilde):
    hours = make_opening_hours(roskilde, weekday=0, opens="10:00", closes="15:30")

    with translation.override("en"):
        assert str(hours) == "Opening hours: Monday 10.00–15.30"


def test_a_municipality_has_each_date_closed_only_once(roskilde):
    make_closed_day(roskilde, datetime.date(2026, 6, 5))

    with pytest.raises(IntegrityError), transaction.atomic():
        make_closed_day(roskilde, datetime.date(2026, 6, 5))


# --- Contact persons ---------------------------------------------------------------------------


def test_a_contact_person_with_an_unknown_area_is_refused(roskilde):
    person = ContactPerson(municipality=roskilde, name="Rasmus", areas=["startup", "astrology"])

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert "astrology" in error.value.message_dict["areas"][0]


def test_a_contact_person_with_known_areas_is_accepted(roskilde):
    ContactPerson(municipality=roskilde, name="Rasmus", areas=["startup", "funding"]).full_clean()


def test_a_contact_person_cannot_be_linked_to_a_user_of_another_municipality(roskilde, lejre_staff):
    person = ContactPerson(municipality=roskilde, name="Rasmus", user=lejre_staff)

    with pytest.raises(ValidationError) as error:
        person.full_clean()

    assert "user" in error.value.message_dict


def test_a_contact_person_can_be_linked_to_a_user_of_the_same_municipality(lejre, lejre_staff):
    ContactPerson(municipality=lejre, name="Lene", user=lejre_staff).full_clean()


def test_area_labels_are_in_the_active_language_and_skip_unknown_areas(roskilde):
    person = make_contact_person(roskilde, areas=["jobcenter", "gone"])

    with translation.override("en"):
        assert person.area_labels() == ["Jobcentre"]


def test_public_contact_persons_leave_out_the_private_ones(roskilde):
    public = make_contact_person(roskilde, is_public=True)
    make_contact_person(roskilde, is_public=False)

    assert list(ContactPerson.objects.public()) == [public]


# --- Guides ------------------------------------------------------------------------------------


def test_a_guide_is_in_english_on_english_pages_and_in_danish_otherwise():
    guide = Guide(
        title="Kom i gang",
        summary="Kort",
        body="Tekst",
        title_en="Get started",
        summary_en="Short",
        body_en="Text",
    )

    with translation.override("en"):
        assert (guide.localized_title, guide.localized_summary, guide.localized_body) == (
            "Get started",
            "Short",
            "Text",
        )
    with translation.override("da"):
        assert (guide.localized_title, guide.localized_summary, guide.localized_body) == (
            "Kom i gang",
            "Kort",
            "Tekst",
        )


def test_a_guide_without_english_text_falls_back_to_danish():
    guide = Guide(title="Kom i gang", summary="Kort", body="Tekst")

    with translation.override("en"):
        assert (guide.localized_title, guide.localized_summary, guide.localized_body) == (
            "Kom i gang",
            "Kort",
            "Tekst",
        )


def test_a_guide_links_to_its_page():
    assert Guide(slug="kom-i-gang").get_absolute_url() == "/vejledning/kom-i-gang/"


def test_guide_querysets_select_published_national_and_a_municipality_s_own(lejre, roskilde):
    national = make_guide(None)
    national_draft = make_guide(None, is_published=False)
    lejre_guide = make_guide(lejre)
    lejre_draft = make_guide(lejre, is_published=False)
    roskilde_guide = make_guide(roskilde)

    assert set(Guide.objects.published()) == {national, lejre_guide, roskilde_guide}
    assert set(Guide.objects.national()) == {national}
    assert set(Guide.objects.for_public_municipality(lejre)) == {national, lejre_guide}
    assert national_draft not in Guide.objects.for_public_municipality(lejre)
    assert lejre_draft not in Guide.objects.for_public_municipality(lejre)


# --- Users -------------------------------------------------------------------------------------


def test_two_accounts_cannot_share_an_email_address_whatever_its_case(db):
    make_user(email="rikke@virksomhed.dk")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(email="Rikke@Virksomhed.DK")


def test_many_accounts_may_have_no_email_address(db):
    make_user(email="")
    make_user(email="")

    assert User.objects.filter(email="").count() == 2


def test_a_user_reads_as_their_full_name_or_username(db):
    assert str(make_user(username="lene", first_name="Lene", last_name="Holm")) == "Lene Holm"
    assert str(make_user(username="anon", first_name="", last_name="")) == "anon"


def test_municipalities_are_ordered_by_name(db):
    make_municipality(name="Roskilde", code="265", slug="roskilde")
    make_municipality(name="Lejre", code="350", slug="lejre")

    assert [m.name for m in Municipality.objects.all()] == ["Lejre", "Roskilde"]


# --- The database schema -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "name"),
    [
        ("portal_municipality", "portal_municipality_code_three_digits"),
        ("portal_openinghours", "portal_openinghours_closes_after_opens"),
        ("portal_openinghours", "portal_openinghours_weekday_valid"),
        ("portal_closedday", "portal_closedday_unique_per_municipality"),
        ("portal_user", "portal_user_email_unique"),
    ],
)
def test_the_named_constraints_exist_in_the_database(table, name):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)

    assert name in constraints


@requires_postgres
def test_on_postgresql_the_code_constraint_is_a_real_check_constraint():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            ["portal_municipality_code_three_digits"],
        )
        (definition,) = cursor.fetchone()

    assert definition.startswith("CHECK")
    assert "[0-9]{3}" in definition

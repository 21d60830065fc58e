"""The real admin, through the test client: each municipality's staff see and edit only their own rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import Notification
from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours, User
from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN
from tests.conftest import PASSWORD, make_contact_person, make_guide, make_opening_hours, make_user

pytestmark = pytest.mark.django_db

ADMIN_INDEX = reverse("admin:index")


# --- Helpers -----------------------------------------------------------------------------------


def url(model, action, *args):
    return reverse(f"admin:portal_{model._meta.model_name}_{action}", args=args)


def _post_value(value):
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def form_data(response):
    """POST data for an admin add/change page, as a browser would submit it untouched.

    Built from the page's forms rather than written out by hand, so a new model field does not
    break every test that posts the form.
    """
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [_post_value(item) for item in value]
            else:
                value = _post_value(value)
            data[form.add_prefix(name)] = value
    return data


def add_inline_form(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    return data


def changelist_objects(response):
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def assert_does_not_exist_redirect(response):
    """The admin answers an object outside the user's queryset as if it did not exist."""
    assert response.status_code == 302
    assert response.url == ADMIN_INDEX


@pytest.fixture
def people(lejre, roskilde):
    return {
        "lejre": make_contact_person(lejre, name="Lene Lejre"),
        "roskilde": make_contact_person(roskilde, name="Rasmus Roskilde"),
    }


@pytest.fixture
def guides(lejre, roskilde):
    return {
        "lejre": make_guide(lejre, title="Lejres vejledning"),
        "roskilde": make_guide(roskilde, title="Roskildes vejledning"),
        "national": make_guide(None, title="National vejledning"),
    }


# --- Who gets in -------------------------------------------------------------------------------


def test_the_admin_login_page_answers_and_logs_staff_in(client, lejre_staff):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert 'name="password"' in response.text
    response = client.post(
        reverse("admin:login") + f"?next={ADMIN_INDEX}", {"username": "lejre-kontakt", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == ADMIN_INDEX


# --- Staff without a municipality ---------------------------------------------------------------

SCOPED_MODELS = [ContactPerson, Guide, Notification, Municipality]


@pytest.fixture
def unplaced_client(client, db):
    """A staff member whose municipality nobody has set yet, with a contact person's rights."""
    client.force_login(make_user(is_staff=True, groups=[CONTACT_PERSON, MUNICIPAL_ADMIN]))
    return client


def test_staff_without_a_municipality_cannot_add_a_guide(unplaced_client):
    """A guide they added would belong to no municipality: a "national" guide, which only
    superusers may write."""
    add_url = url(Guide, "add")

    assert unplaced_client.get(add_url).status_code == 403
    response = unplaced_client.post(
        add_url, {"topic": "funding", "slug": "ingen-kommune", "title": "Ingen kommune", "body": "Tekst."}
    )
    assert response.status_code == 403
    assert not Guide.objects.exists()


def test_staff_without_a_municipality_see_none_of_the_scoped_admins_on_the_index(unplaced_client):
    response = unplaced_client.get(ADMIN_INDEX)

    assert response.status_code == 200
    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert models.isdisjoint(model.__name__ for model in SCOPED_MODELS), models


def test_the_same_staff_member_gets_in_once_a_municipality_is_set(client, lejre, people):
    staff = make_user(is_staff=True, groups=[CONTACT_PERSON])
    client.force_login(staff)
    assert client.get(url(ContactPerson, "changelist")).status_code == 403

    User.objects.filter(pk=staff.pk).update(municipality=lejre)

    assert changelist_objects(client.get(url(ContactPerson, "changelist"))) == {people["lejre"]}


# --- Lists, search and object pages ------------------------------------------------------------


def test_a_contact_person_may_not_delete_contact_persons_or_guides(lejre_client, people, guides):
    assert lejre_client.get(url(ContactPerson, "delete", people["lejre"].pk)).status_code == 403
    assert lejre_client.get(url(Guide, "delete", guides["lejre"].pk)).status_code == 403


def test_the_delete_action_deletes_the_own_municipality_s_rows(lejre_admin_client, people):
    lejre_admin_client.post(
        url(ContactPerson, "changelist"),
        {"action": "delete_selected", "_selected_action": [people["lejre"].pk], "post": "yes"},
    )

    assert not ContactPerson.objects.filter(pk=people["lejre"].pk).exists()
    assert ContactPerson.objects.filter(pk=people["roskilde"].pk).exists()


def test_lejre_staff_open_their_own_contact_person(lejre_client, people):
    response = lejre_client.get(url(ContactPerson, "change", people["lejre"].pk))

    assert response.status_code == 200
    assert "municipality" not in response.context["adminform"].form.fields


def test_lejre_staff_see_only_lejre_s_guides_not_even_national_ones(lejre_client, guides):
    response = lejre_client.get(url(Guide, "changelist"))

    assert changelist_objects(response) == {guides["lejre"]}


def test_a_superuser_sees_every_municipality_s_contact_persons_and_guides(superuser_client, people, guides):
    assert changelist_objects(superuser_client.get(url(ContactPerson, "changelist"))) == set(people.values())
    assert changelist_objects(superuser_client.get(url(Guide, "changelist"))) == set(guides.values())
    response = superuser_client.get(url(ContactPerson, "change", people["roskilde"].pk))
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.fields


def test_staff_may_neither_add_nor_delete_a_municipality(lejre_admin_client, lejre):
    assert lejre_admin_client.get(url(Municipality, "add")).status_code == 403
    assert lejre_admin_client.get(url(Municipality, "delete", lejre.pk)).status_code == 403


def test_a_contact_person_sees_the_municipality_s_own_details_read_only(lejre_client, lejre):
    response = lejre_client.get(url(Municipality, "change", lejre.pk))

    assert response.status_code == 200
    assert not {"name", "phone", "response_days"} & set(response.context["adminform"].form.fields)


# --- The user admin ----------------------------------------------------------------------------


def test_the_admin_index_does_not_list_users_for_staff(lejre_admin_client):
    response = lejre_admin_client.get(ADMIN_INDEX)

    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert "User" not in models
    assert "ContactPerson" in models


def test_the_user_admin_is_open_to_a_superuser(superuser_client, lejre_staff):
    response = superuser_client.get(reverse("admin:portal_user_changelist"))

    assert response.status_code == 200
    assert lejre_staff in response.context["cl"].result_list


def _user_change(superuser_client, user, **changes):
    change_url = reverse("admin:portal_user_change", args=[user.pk])
    data = form_data(superuser_client.get(change_url))
    # The dates are split into a date and a time input.
    for name in ["date_joined", "last_login"]:
        value = getattr(user, name)
        data.pop(name, None)
        if value is not None:
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M:%S")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return superuser_client.post(change_url, {**data, "_save": "Save"})


def test_the_user_admin_refuses_staff_without_a_municipality(superuser_client, representative):
    response = _user_change(
        superuser_client, representative, is_staff="on", is_superuser=None, municipality=""
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["municipality"]
    representative.refresh_from_db()
    assert not representative.is_staff


def test_the_user_admin_refuses_to_take_a_staff_member_s_municipality_away(superuser_client, lejre_staff):
    response = _user_change(superuser_client, lejre_staff, municipality="")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["municipality"]
    lejre_staff.refresh_from_db()
    assert lejre_staff.municipality is not None


def test_the_user_admin_makes_staff_of_someone_with_a_municipality(superuser_client, representative, lejre):
    response = _user_change(superuser_client, representative, is_staff="on", municipality=lejre.pk)

    assert response.status_code == 302
    representative.refresh_from_db()
    assert (representative.is_staff, representative.municipality) == (True, lejre)


def test_the_user_admin_lets_a_superuser_be_without_a_municipality(superuser_client, representative):
    response = _user_change(
        superuser_client, representative, is_staff="on", is_superuser="on", municipality=""
    )

    assert response.status_code == 302
    representative.refresh_from_db()
    assert (representative.is_superuser, representative.municipality) == (True, None)


def test_the_user_admin_leaves_non_staff_without_a_municipality_alone(superuser_client, representative):
    response = _user_change(superuser_client, representative, first_name="Rikke Marie", municipality="")

    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.first_name == "Rikke Marie"


# --- Saving the municipality with its opening hours --------------------------------------------


def test_a_municipal_admin_saves_the_municipality_with_new_opening_hours(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data["phone"] = "46 46 46 46"
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="10:00", closes="12:00")
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="13:00", closes="15:00")
    add_inline_form(data, "opening_hours", kind="phone", weekday="0", opens="09:00", closes="14:00")
    add_inline_form(data, "closed_days", date="2026-06-05", reason="Grundlovsdag")

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 302, response.context["errors"] if response.context else response
    lejre.refresh_from_db()
    assert lejre.phone == "46 46 46 46"
    assert lejre.code == "350", "the code is read-only for staff"
    assert sorted((h.kind, h.opens, h.closes) for h in lejre.opening_hours.all()) == [
        ("phone", datetime.time(9), datetime.time(14)),
        ("visit", datetime.time(10), datetime.time(12)),
        ("visit", datetime.time(13), datetime.time(15)),
    ]
    assert lejre.closed_days.get().reason == "Grundlovsdag"


def test_a_municipal_admin_cannot_change_the_code_or_slug(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))

    lejre_admin_client.post(change_url, {**data, "code": "999", "slug": "hijacked", "_save": "Save"})

    lejre.refresh_from_db()
    assert (lejre.code, lejre.slug) == ("350", "lejre")


def test_it_refuses_overlapping_opening_hours_and_saves_nothing(lejre_admin_client, lejre):
    make_opening_hours(lejre, weekday=1, opens="10:00", closes="15:00")
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data["phone"] = "11 11 11 11"
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="10:00", closes="15:00")
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="14:00", closes="16:00")
    before = OpeningHours.objects.count()

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "overlapper" in str(formset.non_form_errors()), "reported above the inline, in Danish"
    assert "mandag" in str(formset.non_form_errors())
    assert OpeningHours.objects.count() == before
    lejre.refresh_from_db()
    assert lejre.phone == ""


def test_it_refuses_an_overlap_with_existing_opening_hours(lejre_admin_client, lejre):
    make_opening_hours(lejre, weekday=0, opens="10:00", closes="15:00")
    change_url = url(Municipality, "change", lejre.pk)
    data = add_inline_form(
        form_data(lejre_admin_client.get(change_url)),
        "opening_hours",
        kind="visit",
        weekday="0",
        opens="08:00",
        closes="10:30",
    )

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert OpeningHours.objects.filter(municipality=lejre).count() == 1


def test_it_allows_the_same_hours_for_phone_and_visits_and_ranges_that_touch(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="10:00", closes="12:00")
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="12:00", closes="15:00")
    add_inline_form(data, "opening_hours", kind="phone", weekday="0", opens="10:00", closes="15:00")

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    assert OpeningHours.objects.filter(municipality=lejre).count() == 3


def test_it_refuses_opening_hours_that_close_before_they_open_and_saves_nothing(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data["phone"] = "11 11 11 11"
    add_inline_form(data, "opening_hours", kind="visit", weekday="1", opens="09:00", closes="12:00")
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="15:00", closes="10:00")
    before = OpeningHours.objects.count()

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "closes" in formset.forms[1].errors
    assert OpeningHours.objects.count() == before
    lejre.refresh_from_db()
    assert lejre.phone == ""


def test_a_deleted_range_does_not_count_as_an_overlap(lejre_admin_client, lejre):
    old = make_opening_hours(lejre, weekday=0, opens="10:00", closes="15:00")
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data["opening_hours-0-DELETE"] = "on"
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="12:00", closes="16:00")

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    assert not OpeningHours.objects.filter(pk=old.pk).exists()
    assert OpeningHours.objects.get(municipality=lejre).opens == datetime.time(12)


def test_a_municipal_admin_cannot_edit_roskilde_s_hours_through_lejre_s_form(
    lejre_admin_client, lejre, roskilde
):
    theirs = make_opening_hours(roskilde, weekday=0, opens="10:00", closes="15:00")
    make_opening_hours(lejre, weekday=0, opens="10:00", closes="15:00")
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    data["opening_hours-0-id"] = theirs.pk
    data["opening_hours-0-opens"] = "06:00"

    # Django ignores a row outside the inline's queryset rather than saving it.
    lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    theirs.refresh_from_db()
    assert theirs.opens == datetime.time(10)
    assert theirs.municipality == roskilde


def test_a_contact_person_may_not_change_the_municipality_s_own_details(lejre_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_client.get(change_url))

    lejre_client.post(change_url, {**data, "name": "Ny", "phone": "11 11 11 11", "_save": "Save"})

    lejre.refresh_from_db()
    assert (lejre.name, lejre.phone) == ("Lejre", "")


def test_a_contact_person_can_maintain_the_opening_hours_and_closed_days(lejre_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_client.get(change_url))
    add_inline_form(data, "opening_hours", kind="visit", weekday="0", opens="10:00", closes="15:00")
    add_inline_form(data, "closed_days", date="2026-06-05", reason="Grundlovsdag")

    lejre_client.post(change_url, {**data, "_save": "Save"})

    assert lejre.opening_hours.count() == 1
    assert lejre.closed_days.count() == 1


# --- Creating rows: the municipality is the staff member's own --------------------------------


def test_a_municipal_admin_creating_a_contact_person_gets_their_own_municipality(lejre_admin_client, lejre):
    add_url = url(ContactPerson, "add")
    data = form_data(lejre_admin_client.get(add_url))
    data.update({"name": "Ny Kontakt", "areas": ["startup", "funding"], "position": "0"})

    response = lejre_admin_client.post(add_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    person = ContactPerson.objects.get(name="Ny Kontakt")
    assert person.municipality == lejre
    assert person.areas == ["startup", "funding"]


def test_a_staff_member_cannot_place_a_new_contact_person_in_another_municipality(
    lejre_admin_client, lejre, roskilde
):
    add_url = url(ContactPerson, "add")
    data = form_data(lejre_admin_client.get(add_url))
    data.update({"name": "Ny Kontakt", "municipality": roskilde.pk, "position": "0"})

    lejre_admin_client.post(add_url, {**data, "_save": "Save"})

    assert ContactPerson.objects.get(name="Ny Kontakt").municipality == lejre


def test_a_contact_person_may_not_add_contact_persons(lejre_client):
    assert lejre_client.get(url(ContactPerson, "add")).status_code == 403


def test_a_contact_person_creating_a_guide_gets_their_own_municipality(lejre_client, lejre):
    add_url = url(Guide, "add")
    data = form_data(lejre_client.get(add_url))
    data.update({"topic": "funding", "slug": "lejre-puljer", "title": "Puljer i Lejre", "body": "Søg her."})

    response = lejre_client.post(add_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    assert Guide.objects.get(slug="lejre-puljer").municipality == lejre


def test_a_superuser_chooses_the_municipality_of_a_new_contact_person(superuser_client, roskilde):
    add_url = url(ContactPerson, "add")
    data = form_data(superuser_client.get(add_url))
    data.update({"name": "Ny Kontakt", "municipality": roskilde.pk, "position": "0"})

    response = superuser_client.post(add_url, {**data, "_save": "Save"})

    assert response.status_code == 302
    assert ContactPerson.objects.get(name="Ny Kontakt").municipality == roskilde


def test_the_staff_user_choices_are_the_own_municipality_s_staff(
    lejre_admin_client, lejre_staff, roskilde_staff
):
    make_user(municipality=lejre_staff.municipality, is_staff=False, username="not-staff")

    response = lejre_admin_client.get(url(ContactPerson, "add"))

    choices = set(response.context["adminform"].form.fields["user"].queryset)
    assert lejre_staff in choices
    assert roskilde_staff not in choices
    assert all(user.is_staff for user in choices)


def test_it_refuses_the_same_closed_day_twice_with_a_form_error_not_a_crash(lejre_admin_client, lejre):
    change_url = url(Municipality, "change", lejre.pk)
    data = form_data(lejre_admin_client.get(change_url))
    add_inline_form(data, "closed_days", date="2026-06-05", reason="Grundlovsdag")
    add_inline_form(data, "closed_days", date="2026-06-05", reason="Igen")

    response = lejre_admin_client.post(change_url, {**data, "_save": "Save"})

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][1].formset.non_form_errors()
    assert not ClosedDay.objects.exists()

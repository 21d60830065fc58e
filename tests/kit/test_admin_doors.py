"""Every door of every admin, for everyone who may knock.

Parametrised over the admin registry × six people × the doors of the admin (change list, search,
filter parameters, date filters, change, history, delete, autocomplete, "view on site", forged
and foreign action selections, exports). Each scoped model has a row in Lejre and one in Roskilde;
Lejre's staff and Roskilde's staff hold every permission there is, so what keeps Lejre's row from
Roskilde's staff is the scoping alone, never a missing permission.

A new admin joins by adding its model to one of the maps below; the first tests fail until it does,
and fail when the admin of a scoped model does not inherit the kit's base.
"""

import datetime
from itertools import count

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from counselling.models import CaseAccess, ReplyTemplate
from enterprises.models import Enterprise, ServiceCategory, SuccessStory, TargetGroup
from events.models import Event, Registration
from kit.admin import MunicipalityScopedAdmin, SuperuserOnlyMixin, municipality_lookup
from mentoring.models import ExpertiseArea, Match, MentorOffer, MentorRequest
from outbox.models import Notification
from partnerships.models import Agreement, FollowUpGroup, Meeting, Organisation, ProductionUnit, Result
from portal.models import ContactPerson, Guide, Municipality, User
from procurement.models import Award, ClauseFollowUp, CpvCode, Interest, Notice
from tests.conftest import make_contact_person, make_guide, make_municipality, make_user
from tests.counselling.factories import make_case
from tests.enterprises.factories import make_enterprise
from tests.events.factories import make_event, make_registration
from tests.mentoring.factories import make_match, make_offer, make_request
from tests.partnerships.factories import (
    make_agreement,
    make_commitment,
    make_group,
    make_meeting,
    make_result,
)
from tests.procurement.factories import make_award, make_interest, make_notice

pytestmark = pytest.mark.django_db

_sequence = count(1)

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")


# --- The rows: one per municipality, each carrying a word that appears nowhere else ----------------


def _case(municipality, marker):
    return make_case(municipality, applicant_name=marker, organisation=marker)


def _story(municipality, marker):
    enterprise = make_enterprise(home_municipality=municipality)
    return SuccessStory.objects.create(
        enterprise=enterprise, title=marker, text="Om os", date=datetime.date(2026, 5, 1)
    )


def _access(municipality, marker):
    case = make_case(municipality)
    return CaseAccess.objects.create(
        municipality=municipality, case=case, reference=marker, action=CaseAccess.Action.VIEW
    )


def _renamed(municipality, marker):
    municipality.name = marker
    municipality.save()
    return municipality


def _notification(municipality, marker):
    return Notification.objects.create(
        municipality=municipality,
        template="account_exists",
        context={"name": "Ole"},
        recipient_email=f"{marker}@example.dk",
        language="da",
        dedupe_key=f"doors:{marker}",
    )


def _notice(municipality, marker):
    return make_notice(municipality=municipality, title=marker, slug=marker)


def _interest(municipality, marker):
    notice = make_notice(municipality=municipality)
    return make_interest(notice, make_enterprise(home_municipality=municipality), message=marker)


def _award(municipality, marker):
    return make_award(make_notice(municipality=municipality), winner_name=marker)


def _follow_up(municipality, marker):
    award = make_award(make_notice(municipality=municipality))
    return ClauseFollowUp.objects.create(
        award=award, period_end=datetime.date(2026, 12, 31), promised=marker, positions_promised=2
    )


def _unit(municipality, marker):
    return ProductionUnit.objects.create(
        enterprise=make_enterprise(home_municipality=municipality),
        p_number=f"{1000000000 + next(_sequence)}",
        name=marker,
        ordinary_employees=20,
    )


def _result(municipality, marker):
    agreement = make_agreement(municipality=municipality, title=marker, slug=marker)
    return make_result(make_commitment(agreement), confirmed=False)


def _meeting(municipality, marker):
    starts_at = datetime.datetime(2026, 9, 1, 14, tzinfo=datetime.UTC)
    return make_meeting(make_group(municipality, name=marker), starts_at)


#: Models owned by a municipality: a factory making one row of `municipality` whose search field
#: holds `marker`. The municipality itself, renamed, for Municipality.
SCOPED = {
    Municipality: lambda municipality, marker: _renamed(municipality, marker),
    ContactPerson: lambda municipality, marker: make_contact_person(municipality, name=marker),
    Guide: lambda municipality, marker: make_guide(municipality, title=marker),
    Notification: _notification,
    Enterprise: lambda municipality, marker: make_enterprise(home_municipality=municipality, name=marker),
    SuccessStory: _story,
    "counselling.case": _case,
    CaseAccess: _access,
    ReplyTemplate: lambda municipality, marker: ReplyTemplate.objects.create(
        municipality=municipality, title=marker, text="Tak for din henvendelse."
    ),
    Notice: _notice,
    Interest: _interest,
    Award: _award,
    ClauseFollowUp: _follow_up,
    Agreement: lambda municipality, marker: make_agreement(
        municipality=municipality, title=marker, slug=marker
    ),
    Organisation: lambda municipality, marker: Organisation.objects.create(
        municipality=municipality, name=marker
    ),
    ProductionUnit: _unit,
    Result: _result,
    FollowUpGroup: lambda municipality, marker: make_group(municipality, name=marker),
    Meeting: _meeting,
    Event: lambda municipality, marker: make_event(municipality=municipality, title=marker, slug=marker),
    Registration: lambda municipality, marker: make_registration(
        make_event(municipality=municipality), name=marker, email=f"{marker}@example.dk"
    ),
    MentorOffer: lambda municipality, marker: make_offer(
        municipality=municipality, mentor_name=marker, slug=marker
    ),
    MentorRequest: lambda municipality, marker: make_request(municipality=municipality, mentee_name=marker),
    Match: lambda municipality, marker: make_match(
        offer=make_offer(municipality=municipality, mentor_name=marker),
        request=make_request(municipality=municipality, mentee_name=marker),
    ),
}


def _login_record(model, **fields):
    common = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "lejre-kontakt",
              "http_accept": "*/*", "path_info": "/konto/log-ind/"}  # fmt: skip
    return lambda: model.objects.create(**common, **fields)


#: Managed by superusers alone: accounts, roles, and the log-in records of everyone.
SUPERUSER_ONLY = {
    User: lambda: make_user(username="someone", email="someone@example.dk"),
    Group: lambda: Group.objects.get_or_create(name="Kontaktperson")[0],
    AccessAttempt: _login_record(AccessAttempt, get_data="", post_data="", failures_since_start=3),
    AccessLog: _login_record(AccessLog),
    AccessFailureLog: _login_record(AccessFailureLog),
}

#: Shared by every municipality: the vocabularies of the registry, and CPV 2008 (read-only).
SHARED = {ServiceCategory, TargetGroup, CpvCode, ExpertiseArea}


def _model(key):
    if isinstance(key, str):
        from django.apps import apps

        return apps.get_model(key)
    return key


SCOPED_MODELS = {_model(key): factory for key, factory in SCOPED.items()}


def model_id(model):
    return model._meta.label


# --- The registry is complete ----------------------------------------------------------------


def test_every_registered_admin_is_in_a_door_map():
    registered = set(admin.site._registry)
    mapped = set(SCOPED_MODELS) | set(SUPERUSER_ONLY) | SHARED

    assert sorted(map(model_id, registered - mapped)) == []
    assert sorted(map(model_id, mapped - registered)) == []


@pytest.mark.parametrize("model", sorted(admin.site._registry, key=model_id), ids=model_id)
def test_every_admin_of_a_scoped_model_inherits_the_base(model):
    model_admin = admin.site._registry[model]
    if municipality_lookup(model) is not None:
        assert isinstance(model_admin, MunicipalityScopedAdmin)
        assert model in SCOPED_MODELS
    if model in SUPERUSER_ONLY:
        assert isinstance(model_admin, SuperuserOnlyMixin)


# --- The people -------------------------------------------------------------------------------

ROLES = ["anonymous", "representative", "unplaced", "own", "other", "superuser"]


def _with_every_permission(user):
    user.user_permissions.set(Permission.objects.all())
    return User.objects.get(pk=user.pk)  # without the cached permissions


@pytest.fixture
def place(db):
    return {"lejre": make_municipality(name="Lejre", code="350", slug="lejre"),
            "roskilde": make_municipality(name="Roskilde", code="265", slug="roskilde")}  # fmt: skip


def person(role, place):
    n = next(_sequence)
    if role == "anonymous":
        return None
    if role == "representative":
        return make_user(username=f"rep{n}@virksomhed.dk", email=f"rep{n}@virksomhed.dk")
    if role == "superuser":
        return make_user(username=f"super{n}", is_staff=True, is_superuser=True)
    municipality = {"unplaced": None, "own": place["lejre"], "other": place["roskilde"]}[role]
    return _with_every_permission(make_user(username=f"staff{n}", is_staff=True, municipality=municipality))


@pytest.fixture
def knock(client, place):
    """knock(role) logs the client in as that person and returns it."""

    def knock(role):
        user = person(role, place)
        if user is not None:
            client.force_login(user)
        return client

    return knock


def marker(model, municipality):
    """A word that appears nowhere but in the row (short: a case reference holds 20 characters)."""
    return {"lejre": "ljmark", "roskilde": "rkmark"}[municipality] + model._meta.model_name


def rows_of(model, place):
    factory = SCOPED_MODELS[model]
    return {
        "lejre": factory(place["lejre"], marker(model, "lejre")),
        "roskilde": factory(place["roskilde"], marker(model, "roskilde")),
    }


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def listed(response):
    assert response.status_code == 200, response
    return set(response.context["cl"].result_list)


def snapshot(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def sent_to_login(response):
    return response.status_code == 302 and response.url.startswith(LOGIN)


def as_if_missing(response):
    """How the admin answers an object outside the user's queryset: as if it did not exist."""
    return response.status_code == 302 and response.url == INDEX


scoped = pytest.mark.parametrize("model", sorted(SCOPED_MODELS, key=model_id), ids=model_id)
roles = pytest.mark.parametrize("role", ROLES)


# --- The change list, search and filters ------------------------------------------------------


@scoped
@roles
def test_the_change_list(knock, place, model, role):
    rows = rows_of(model, place)

    response = knock(role).get(url(model, "changelist"))

    if role in ("anonymous", "representative"):
        assert sent_to_login(response)
    elif role == "unplaced":
        assert response.status_code == 403
    else:
        seen = listed(response)
        expected = {"own": {"lejre"}, "other": {"roskilde"}, "superuser": {"lejre", "roskilde"}}[role]
        assert {key for key, row in rows.items() if row in seen} == expected
    if role != "superuser":
        assert marker(model, "lejre") not in response.text or role == "own"


@scoped
@pytest.mark.parametrize("role", ["own", "other"])
def test_search(knock, place, model, role):
    rows = rows_of(model, place)

    response = knock(role).get(url(model, "changelist"), {"q": marker(model, "lejre")})

    seen = listed(response)
    assert (rows["lejre"] in seen) == (role == "own")
    assert rows["roskilde"] not in seen


@scoped
def test_the_municipality_filter_is_not_offered_to_staff_and_opens_nothing(knock, place, model):
    rows = rows_of(model, place)
    lookup = municipality_lookup(model)
    parameter = "id__exact" if lookup == "pk" else f"{lookup}__id__exact"
    client = knock("other")

    response = client.get(url(model, "changelist"), {parameter: place["lejre"].pk})

    if response.status_code == 200:
        assert rows["lejre"] not in listed(response)
    else:
        assert response.status_code in (302, 400)
    filters = listed_filters(client.get(url(model, "changelist")))
    assert not any(name.startswith(lookup) for name in filters if lookup != "pk")


def listed_filters(response):
    return [
        parameter for spec in response.context["cl"].filter_specs for parameter in spec.expected_parameters()
    ]


def date_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "get_internal_type", None)
        and field.get_internal_type() in ("DateField", "DateTimeField")
    ]


@scoped
@pytest.mark.parametrize("role", ["own", "superuser"])
@pytest.mark.parametrize("year", ["10000", "9999", "0", "-1", "2147483648", "1e3", "٢٠٢٦"])
def test_a_date_filter_out_of_range_is_refused_as_the_admin_refuses_bad_filters(
    knock, place, model, role, year
):
    rows_of(model, place)
    client = knock(role)
    changelist = url(model, "changelist")

    for field in date_fields(model):
        for params in ({f"{field}__year": year}, {f"{field}__year": "2026", f"{field}__month": "13"}):
            response = client.get(changelist, params)
            assert response.status_code in (200, 302), (field, params)
            if response.status_code == 302:
                assert response.url.endswith("?e=1")


# --- One object: change, history, delete ------------------------------------------------------


@scoped
@roles
@pytest.mark.parametrize("action", ["change", "history", "delete"])
def test_an_object_s_pages(knock, place, model, role, action):
    rows = rows_of(model, place)
    lejre_row = rows["lejre"]

    response = knock(role).get(url(model, action, lejre_row.pk))

    if role in ("anonymous", "representative"):
        assert sent_to_login(response)
    elif role in ("unplaced", "other"):
        assert as_if_missing(response) or response.status_code == 403
    elif action == "delete":
        assert response.status_code in (200, 403)  # read-only admins and protected rows refuse
    else:
        assert response.status_code == 200


@scoped
@pytest.mark.parametrize("role", ["anonymous", "representative", "unplaced", "other"])
def test_posting_to_another_s_object_changes_nothing(knock, place, model, role):
    lejre_row = rows_of(model, place)["lejre"]
    before = snapshot(lejre_row)
    client = knock(role)

    client.post(url(model, "change", lejre_row.pk), {"name": "x", "title": "x"})
    client.post(url(model, "delete", lejre_row.pk), {"post": "yes"})

    assert snapshot(lejre_row) == before


# --- Autocomplete ------------------------------------------------------------------------------


def autocomplete_sources(model):
    """(app_label, model_name, field_name) of every relation to `model` from a registered model."""
    return [
        (source._meta.app_label, source._meta.model_name, field.name)
        for source in admin.site._registry
        for field in source._meta.get_fields()
        if (field.many_to_one or field.many_to_many)
        and not field.auto_created
        and field.related_model is model
    ]


AUTOCOMPLETE_TARGETS = [
    model
    for model in SCOPED_MODELS
    if autocomplete_sources(model) and admin.site._registry[model].search_fields
]


@pytest.mark.parametrize("model", sorted(AUTOCOMPLETE_TARGETS, key=model_id), ids=model_id)
@roles
def test_the_autocomplete(knock, place, model, role):
    rows = rows_of(model, place)
    sources = autocomplete_sources(model)
    client = knock(role)

    for app_label, model_name, field_name in sources:
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""},
        )
        if role in ("anonymous", "representative"):
            assert sent_to_login(response)
        elif role == "unplaced":
            assert response.status_code == 403
        else:
            ids = {row["id"] for row in response.json()["results"]}
            assert (str(rows["lejre"].pk) in ids) == (role in ("own", "superuser"))


# --- View on site ------------------------------------------------------------------------------


PUBLIC_PAGES = [model for model in SCOPED_MODELS if hasattr(model, "get_absolute_url")]


@pytest.mark.parametrize("model", sorted(PUBLIC_PAGES, key=model_id), ids=model_id)
@roles
def test_view_on_site(knock, place, model, role):
    lejre_row = rows_of(model, place)["lejre"]
    content_type = ContentType.objects.get_for_model(model)

    response = knock(role).get(reverse("admin:view_on_site", args=[content_type.pk, lejre_row.pk]))

    if role in ("anonymous", "representative"):
        assert sent_to_login(response)
    elif role in ("unplaced", "other"):
        assert response.status_code == 404
        assert lejre_row.get_absolute_url() not in response.text
    else:
        assert response.status_code == 302


# --- Actions and exports -----------------------------------------------------------------------


def actions_of(model, request):
    return list(admin.site._registry[model].get_actions(request))


@scoped
@pytest.mark.parametrize("role", ["own", "other", "superuser"])
@pytest.mark.parametrize("selected", ["abc", str(10**30), "-1.5", "1\x00"])
def test_a_forged_selection_is_a_bad_request(knock, rf, place, model, role, selected):
    rows = rows_of(model, place)
    before = {key: snapshot(row) for key, row in rows.items()}
    client = knock(role)
    changelist = url(model, "changelist")
    actions = listed_actions(client.get(changelist))

    action = actions[0] if actions else "delete_selected"

    response = client.post(
        changelist, {"action": action, ACTION_CHECKBOX_NAME: [rows["lejre"].pk, selected], "index": 0}
    )

    # Where the person has no action at all, the post is only a look at the list.
    assert response.status_code == (400 if actions else 200)
    assert {key: snapshot(row) for key, row in rows.items()} == before


@scoped
def test_no_action_reaches_another_municipality_s_row(knock, place, model, client):
    lejre_row = rows_of(model, place)["lejre"]
    before = snapshot(lejre_row)
    client = knock("other")
    changelist = url(model, "changelist")
    for name in listed_actions(client.get(changelist)):
        response = client.post(changelist, {"action": name, ACTION_CHECKBOX_NAME: [lejre_row.pk], "index": 0})
        assert response.status_code in (200, 302), name
        assert marker(model, "lejre") not in body(response), name
        for confirm in ({"post": "yes"}, {"apply": "1", "reason": "x"}):
            client.post(changelist, {"action": name, ACTION_CHECKBOX_NAME: [lejre_row.pk], **confirm})

    assert snapshot(lejre_row) == before


def listed_actions(response):
    form = response.context["action_form"]
    if form is None:  # the admin offers this person no action
        return []
    return [value for value, _label in form.fields["action"].choices if value]


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def export_urls(model):
    model_admin = admin.site._registry[model]
    names = [pattern.name for pattern in model_admin.get_urls() if (pattern.name or "").endswith("_export")]
    urls = []
    for name in names:
        try:
            urls.append(reverse(f"admin:{name}"))
        except NoReverseMatch:  # an export of one object: covered by its object's pages
            continue
    return urls


EXPORTED = [model for model in SCOPED_MODELS if export_urls(model)]


@pytest.mark.parametrize("model", sorted(EXPORTED, key=model_id), ids=model_id)
@roles
def test_exports(knock, place, model, role):
    rows_of(model, place)
    client = knock(role)

    for export in export_urls(model):
        response = client.get(export)
        text = body(response)
        if role in ("anonymous", "representative"):
            assert sent_to_login(response)
        elif role in ("unplaced", "other"):
            assert marker(model, "lejre") not in text
        else:
            assert response.status_code == 200
            assert marker(model, "lejre") in text
            for year in ("10000", "0", "2147483648"):
                refused = client.get(export, {f"{date_fields(model)[0]}__year": year})
                assert refused.status_code == 302 and refused.url.endswith("?e=1")


# --- Superuser-only and shared admins ------------------------------------------------------------


@pytest.mark.parametrize("model", sorted(SUPERUSER_ONLY, key=model_id), ids=model_id)
@roles
def test_superuser_only_admins(knock, place, model, role):
    client = knock(role)
    target = SUPERUSER_ONLY[model]()

    for page in (url(model, "changelist"), url(model, "change", target.pk), url(model, "add")):
        response = client.get(page)
        if role in ("anonymous", "representative"):
            assert sent_to_login(response)
        elif role == "superuser":
            # The log-in records are read (and deleted), never added by hand.
            assert response.status_code == (
                403 if page.endswith("/add/") and model not in (User, Group) else 200
            )
        else:
            assert response.status_code in (302, 403)
            assert not (response.status_code == 302 and response.url != INDEX)


@pytest.mark.parametrize("model", sorted(SHARED, key=model_id), ids=model_id)
@roles
def test_shared_admins_let_in_only_staff(knock, model, role):
    response = knock(role).get(url(model, "changelist"))

    if role in ("anonymous", "representative"):
        assert sent_to_login(response)
    elif role == "unplaced":
        assert response.status_code in (200, 403)
    else:
        assert response.status_code == 200

"""The representative's alert settings under /konto/udbud/: what each enterprise follows, row or
not, and the form that writes its subscription. Only the enterprises they represent."""

import pytest

from procurement.models import Notice, Subscription
from tests.conftest import make_municipality, make_user
from tests.enterprises.factories import make_category, make_enterprise
from tests.procurement.factories import cpv

pytestmark = pytest.mark.django_db

LIST = "/konto/udbud/"


@pytest.fixture
def bookkeeping(db):
    return make_category("bogfoering", "Bogføring")


@pytest.fixture
def packing(db):
    return make_category("pakning", "Pluk og pak")


@pytest.fixture
def enterprise(representative, bookkeeping):
    return make_enterprise(name="Regnskabshuset", services=[bookkeeping], representatives=[representative])


def edit(enterprise):
    return f"/konto/udbud/{enterprise.slug}/"


def form_data(**overrides):
    return {"follows_services": "on", "cpv_text": "", **overrides}


# --- Who gets in ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, enterprise):
    for path in (LIST, edit(enterprise)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/")


def test_another_representative_or_staff_get_404_and_cannot_post(client, enterprise, lejre_staff):
    for user in (make_user(), lejre_staff):
        client.force_login(user)
        assert client.get(edit(enterprise)).status_code == 404
        assert client.post(edit(enterprise), form_data(paused="on")).status_code == 404
    assert not Subscription.objects.exists()


def test_the_account_home_links_to_the_alert_settings(representative_client):
    response = representative_client.get("/konto/")

    assert b'href="/konto/udbud/"' in response.content


# --- The list -------------------------------------------------------------------------------------


def test_without_a_row_the_list_shows_that_it_follows_the_services(representative_client, enterprise):
    make_enterprise(name="Fremmed", services=[make_category()], representatives=[make_user()])

    response = representative_client.get(LIST)

    text = response.content.decode()
    assert "Regnskabshuset" in text
    assert "Fremmed" not in text
    assert "Følger jeres ydelser:" in text
    assert "Bogføring" in text
    assert "Alle typer" in text
    assert f'href="{edit(enterprise)}"' in text


def test_the_list_shows_a_row_s_codes_kinds_municipalities_and_pause(
    representative_client, enterprise, packing
):
    subscription = Subscription.objects.create(enterprise=enterprise, paused=True, kinds=[Notice.Kind.TENDER])
    subscription.categories.set([packing])
    subscription.cpv_codes.set([cpv("45000000")])
    subscription.municipalities.set([make_municipality(name="Slagelse")])

    text = representative_client.get(LIST).content.decode()

    assert "Beskederne er sat på pause." in text
    assert "Pluk og pak" in text
    assert "45000000-7" in text
    assert "Slagelse" in text


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_runs_the_same_queries_whatever_the_number_of_enterprises(
    count, client, bookkeeping, packing, django_assert_num_queries
):
    user = make_user()
    for _ in range(count):
        enterprise = make_enterprise(services=[bookkeeping], representatives=[user])
        subscription = Subscription.objects.create(enterprise=enterprise)
        subscription.categories.set([packing])
        subscription.cpv_codes.set([cpv("45000000")])
        subscription.municipalities.set([make_municipality()])
    client.force_login(user)

    # The session and the user; the enterprises with their subscriptions, then their services,
    # categories, CPV codes and municipalities.
    with django_assert_num_queries(7):
        assert client.get(LIST).status_code == 200


# --- The form -------------------------------------------------------------------------------------


def test_saving_the_form_writes_the_subscription(representative_client, enterprise, packing):
    slagelse = make_municipality(name="Slagelse")

    response = representative_client.post(
        edit(enterprise),
        form_data(
            categories=[packing.pk],
            cpv_text="45000000-7, 90910000\n79211000-6",
            kinds=[Notice.Kind.TENDER, Notice.Kind.SUBCONTRACTING],
            municipalities=[slagelse.pk],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    subscription = Subscription.objects.get(enterprise=enterprise)
    assert subscription.follows_services is True
    assert subscription.paused is False
    assert list(subscription.categories.all()) == [packing]
    assert sorted(subscription.cpv_codes.values_list("code", flat=True)) == [
        "45000000",
        "79211000",
        "90910000",
    ]
    assert subscription.kinds == ["tender", "subcontracting"]
    assert list(subscription.municipalities.all()) == [slagelse]


def test_saving_again_updates_the_same_row(representative_client, enterprise):
    representative_client.post(edit(enterprise), form_data(cpv_text="45000000"))
    representative_client.post(edit(enterprise), form_data(paused="on"))

    subscription = Subscription.objects.get(enterprise=enterprise)
    assert subscription.paused is True
    assert subscription.follows_services is True
    assert not subscription.cpv_codes.exists()
    assert "45000000-7" not in representative_client.get(edit(enterprise)).content.decode()


def test_the_form_shows_the_current_codes(representative_client, enterprise):
    representative_client.post(edit(enterprise), form_data(cpv_text="45000000"))

    assert "45000000-7" in representative_client.get(edit(enterprise)).content.decode()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("12345678", "12345678 er ikke en kode i CPV 2008"),
        ("45000000-1", "Kontrolcifferet i 45000000-1 er forkert: koden er 45000000-7."),
        ("4500", "Du skrev 4500."),
    ],
)
def test_a_bad_cpv_code_is_named_and_nothing_is_saved(representative_client, enterprise, written, message):
    response = representative_client.post(edit(enterprise), form_data(cpv_text=f"90910000, {written}"))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("count", [1, 4])
def test_the_form_runs_the_same_queries_whatever_the_number_of_codes_and_choices(
    count, representative_client, enterprise, django_assert_num_queries
):
    subscription = Subscription.objects.create(enterprise=enterprise)
    subscription.cpv_codes.set(
        [cpv(code) for code in ["45000000", "90910000", "79211000", "72000000"][:count]]
    )
    for _ in range(count):
        make_category()
        make_municipality()

    # The session and the user; the enterprise with its subscription, then its services,
    # categories, CPV codes and municipalities; the choices of categories and of municipalities.
    with django_assert_num_queries(9):
        assert representative_client.get(edit(enterprise)).status_code == 200


def test_the_pages_are_in_english_under_en(representative_client, enterprise):
    text = representative_client.get(f"/en{LIST}").content.decode()

    assert "Procurement alerts" in text
    assert "Follows your services:" in text
    assert f'href="/en{edit(enterprise)}"' in text

"""A company's subcontracting offer from /udbud/tilbyd/: held for review, the contact persons asked
by mail, nothing half-saved on bad input, rate limited, and the poster's page of offers."""

import datetime

import pytest
from django.utils import timezone

from outbox.models import Notification
from procurement.models import Interest, Notice
from tests.enterprises.factories import make_category
from tests.procurement.factories import make_interest, make_notice

pytestmark = pytest.mark.django_db

URL = "/udbud/tilbyd/"


@pytest.fixture
def bookkeeping(db):
    return make_category("bogfoering", "Bogføring")


def offer_data(where, category, **overrides):
    return {
        "company_name": "Lejre Revision ApS",
        "company_cvr": "99 00 00 07",
        "municipality": where.pk,
        "title": "Bogføring og fakturering",
        "description": "Vi søger en virksomhed til bogføring og debitorstyring, ca. 10 timer om ugen.",
        "categories": [category.pk],
        "cpv_codes": "79211000, 79221000-9",
        "contact_name": "Lone Berg",
        "contact_email": "lone@revision.example",
        "contact_phone": "46 46 00 00",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        **overrides,
    }


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=/udbud/tilbyd/")


def test_the_form_is_filled_in_from_the_representative_s_enterprise(representative_client, enterprise):
    form = representative_client.get(URL).context["form"]

    assert form.initial["company_name"] == "Grønt Køkken"
    assert form.initial["company_cvr"] == enterprise.cvr
    assert form.initial["municipality"] == enterprise.home_municipality_id
    assert form.initial["contact_email"] == "rep@virksomhed.dk"


def test_an_offer_is_held_for_review_and_the_contact_persons_are_asked(
    representative_client,
    representative,
    lejre,
    lejre_staff,
    roskilde_staff,
    bookkeeping,
    on_commit,
    mailoutbox,
):
    with on_commit():
        response = representative_client.post(URL, offer_data(lejre, bookkeeping))

    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/udbud/tilbyd/{notice.slug}/modtaget/"
    assert notice.kind == Notice.Kind.SUBCONTRACTING
    assert notice.status == Notice.Status.PENDING
    assert notice.submitted_at is not None
    assert notice.stage == Notice.Stage.TENDERING
    assert notice.submitted_by == representative
    assert (notice.company_name, notice.company_cvr, notice.municipality) == (
        "Lejre Revision ApS",
        "99000007",
        lejre,
    )
    assert notice.slug == "bogfoering-og-fakturering"
    assert list(notice.categories.all()) == [bookkeeping]
    assert sorted(code.full_code for code in notice.cpv_codes.all()) == ["79211000-6", "79221000-9"]
    deadline = timezone.localtime(notice.submission_deadline)
    assert (deadline.hour, deadline.minute) == (12, 0)
    [mail] = mailoutbox
    assert mail.to == ["kontakt@lejre.dk"]
    assert "Bogføring og fakturering" in mail.subject
    assert Notification.objects.get().dedupe_key.startswith(f"procurement-offer-review:notice:{notice.pk}:")
    receipt = representative_client.get(response["Location"]).text
    assert "venter på at blive tjekket af en kontaktperson i Lejre Kommune" in receipt


def test_the_offer_is_not_public_while_it_waits(client, representative_client, lejre, bookkeeping):
    representative_client.post(URL, offer_data(lejre, bookkeeping))
    notice = Notice.objects.get()

    assert client.get("/udbud/").context["notices"] == []
    client.logout()
    assert client.get(notice.get_absolute_url()).status_code == 404


def test_a_planned_offer_without_deadline_is_planned(representative_client, lejre, bookkeeping):
    representative_client.post(URL, offer_data(lejre, bookkeeping, deadline="", planned="on", cpv_codes=""))

    notice = Notice.objects.get()
    assert (notice.stage, notice.submission_deadline, list(notice.cpv_codes.all())) == (
        Notice.Stage.PLANNED,
        None,
        [],
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cpv_codes": "79211000, 12345678"}, "12345678 er ikke en kode i CPV 2008"),
        ({"cpv_codes": "79211000-1"}, "Kontrolcifferet i 79211000-1 er forkert: koden er 79211000-6"),
        ({"cpv_codes": "bogføring"}, "En CPV-kode er otte cifre og et kontrolciffer"),
        ({"company_cvr": "12345678"}, "Kontrolcifferet passer ikke"),
        ({"deadline": "2020-01-01"}, "Datoen er passeret. Angiv en dato i fremtiden."),
        ({"categories": []}, "Dette felt er påkrævet."),
        ({"title": ""}, "Dette felt er påkrævet."),
        ({"municipality": "999999"}, "»999999« er ikke et af valgene."),
    ],
)
def test_bad_input_is_put_into_words_and_nothing_is_saved(
    representative_client, lejre, lejre_staff, bookkeeping, overrides, message, mailoutbox
):
    response = representative_client.post(URL, offer_data(lejre, bookkeeping, **overrides))

    assert response.status_code == 400
    assert message in response.text
    assert not Notice.objects.exists()
    assert not Notification.objects.exists()


def test_every_bad_cpv_code_is_named(representative_client, lejre, bookkeeping):
    response = representative_client.post(URL, offer_data(lejre, bookkeeping, cpv_codes="11111111, 22222222"))

    assert "11111111 er ikke en kode" in response.text
    assert "22222222 er ikke en kode" in response.text


def test_offers_are_rate_limited_per_account_and_a_mistake_costs_no_try(
    representative_client, lejre, bookkeeping, settings
):
    settings.OFFER_LIMIT_PER_HOUR = 1
    assert representative_client.post(URL, offer_data(lejre, bookkeeping, title="")).status_code == 400
    assert representative_client.post(URL, offer_data(lejre, bookkeeping)).status_code == 302

    response = representative_client.post(URL, offer_data(lejre, bookkeeping, title="Endnu en"))

    assert response.status_code == 429
    assert Notice.objects.count() == 1


def test_two_offers_of_the_same_title_get_their_own_addresses(representative_client, lejre, bookkeeping):
    representative_client.post(URL, offer_data(lejre, bookkeeping))
    representative_client.post(URL, offer_data(lejre, bookkeeping))

    assert sorted(Notice.objects.values_list("slug", flat=True)) == [
        "bogfoering-og-fakturering",
        "bogfoering-og-fakturering-2",
    ]


def test_the_receipt_is_only_for_the_one_who_posted(
    client, representative_client, lejre, bookkeeping, lejre_staff
):
    representative_client.post(URL, offer_data(lejre, bookkeeping))
    notice = Notice.objects.get()
    client.force_login(lejre_staff)

    assert client.get(f"/udbud/tilbyd/{notice.slug}/modtaget/").status_code == 404


# --- The poster's page ------------------------------------------------------------------------------


def test_my_page_shows_my_offers_with_their_status_and_my_enterprises_interests(
    representative_client, representative, enterprise, other_enterprise, lejre
):
    make_notice(
        municipality=lejre,
        title="Mit tilbud",
        submitted_by=representative,
        status=Notice.Status.PENDING,
        published_at=None,
        kind=Notice.Kind.SUBCONTRACTING,
    )
    make_notice(
        municipality=lejre,
        title="Afvist tilbud",
        submitted_by=representative,
        status=Notice.Status.REJECTED,
        review_note="Ikke en underleverance.",
        published_at=None,
    )
    make_notice(municipality=lejre, title="Andres tilbud", status=Notice.Status.PENDING, published_at=None)
    marked = make_notice(municipality=lejre, title="Kantinedrift")
    make_interest(marked, enterprise)
    make_interest(make_notice(municipality=lejre, title="Andres interesse"), other_enterprise)

    text = representative_client.get("/udbud/mine/").text

    assert "Mit tilbud" in text and "Venter på gennemsyn" in text or "Mit tilbud" in text
    assert "Afvist tilbud" in text and "Ikke en underleverance." in text
    assert "Andres tilbud" not in text
    assert "Kantinedrift" in text
    assert "Andres interesse" not in text
    assert Interest.objects.count() == 2


def test_my_page_needs_a_log_in(client, db):
    assert client.get("/udbud/mine/").status_code == 302


def test_the_account_page_links_my_offers(representative_client):
    assert 'href="/udbud/mine/"' in representative_client.get("/konto/").text


def test_the_offer_form_and_my_page_are_in_english_under_en(representative_client):
    assert "Offer a task to other enterprises" in representative_client.get("/en/udbud/tilbyd/").text
    assert "My offers and interests" in representative_client.get("/en/udbud/mine/").text


def test_staff_may_post_an_offer_as_anyone_and_it_waits_like_anyone_s(lejre_client, lejre, bookkeeping):
    lejre_client.post(URL, offer_data(lejre, bookkeeping))

    assert Notice.objects.get().status == Notice.Status.PENDING

"""The public list at /udbud/: only public notices, the filters, bad filter values, the rows, the
pages and a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from procurement.models import Notice
from tests.enterprises.factories import make_category
from tests.procurement.factories import make_notice

pytestmark = pytest.mark.django_db

URL = "/udbud/"


def titles(response):
    return [notice.title for notice in response.context["notices"]]


def test_the_list_shows_public_notices_and_never_drafts_offers_under_review_or_embargoed_ones(client, lejre):
    make_notice(municipality=lejre, title="Rengøring af skoler")
    make_notice(municipality=lejre, title="Kladde", status=Notice.Status.DRAFT, published_at=None)
    make_notice(municipality=lejre, title="Til gennemsyn", status=Notice.Status.PENDING, published_at=None)
    make_notice(
        municipality=lejre,
        title="Før TED",
        ted_published_on=timezone.localdate() + datetime.timedelta(days=2),
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Rengøring af skoler"]
    assert "Før TED" not in response.text


def test_a_notice_is_listed_from_its_ted_publication_date(client, lejre, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
    make_notice(municipality=lejre, title="Fra i morgen", ted_published_on=datetime.date(2026, 12, 2))
    assert titles(client.get(URL)) == []

    # Midnight in Copenhagen is 23.00 UTC the day before.
    time_machine.move_to(datetime.datetime(2026, 12, 1, 23, 0, 1, tzinfo=datetime.UTC), tick=False)
    assert titles(client.get(URL)) == ["Fra i morgen"]


def test_a_row_says_buyer_kind_phase_deadline_time_left_lots_and_whether_it_is_social(
    client, lejre, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 11, 0, tzinfo=datetime.UTC), tick=False)
    make_notice(
        municipality=lejre,
        title="Kantinedrift",
        department="Center for Ejendomme",
        submission_deadline=datetime.datetime(2026, 12, 13, 14, 0, tzinfo=datetime.UTC),
        questions_deadline=None,
        social_clauses="To fleksjob.",
        lots=[{"title": "Kantine A"}, {"title": "Kantine B", "reserved_participation": "res-ws"}],
    )

    text = client.get(URL).text

    assert "Lejre Kommune, Center for Ejendomme" in text
    assert "Kommunalt udbud" in text
    assert "Åben" in text
    assert "13. december 2026 kl. 15.00" in text
    assert "12 dage og 3 timer tilbage" in text
    assert "2 delaftaler" in text
    assert "Reserveret" in text
    assert "Sociale klausuler" in text


def test_a_company_s_offer_names_the_company_as_buyer(client, lejre):
    make_notice(
        municipality=lejre,
        kind=Notice.Kind.SUBCONTRACTING,
        company_name="Bogholderiet ApS",
        company_cvr="99000007",
        title="Bogføring",
    )

    text = client.get(URL).text

    assert "Bogholderiet ApS" in text
    assert "Underleverance eller sideproduktion fra en virksomhed" in text


def test_open_notices_come_first_then_planned_then_closed(client, lejre):
    now = timezone.now()
    make_notice(
        municipality=lejre,
        title="Lukket",
        submission_deadline=now - datetime.timedelta(days=1),
        questions_deadline=None,
    )
    make_notice(
        municipality=lejre,
        title="Planlagt",
        stage=Notice.Stage.PLANNED,
        submission_deadline=None,
        questions_deadline=None,
    )
    make_notice(
        municipality=lejre, title="Åben senere", submission_deadline=now + datetime.timedelta(days=30)
    )
    make_notice(municipality=lejre, title="Åben snart", submission_deadline=now + datetime.timedelta(days=12))

    assert titles(client.get(URL)) == ["Åben snart", "Åben senere", "Planlagt", "Lukket"]


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def spread(lejre, roskilde):
    """One notice for each filter to find."""
    now = timezone.now()
    cleaning = make_category("rengoering", "Rengøring")
    catering = make_category("catering", "Catering")
    return {
        "rengøring": make_notice(
            municipality=lejre, title="Rengøring", categories=[cleaning], cpv_codes=["90911200"]
        ),
        "kantine": make_notice(
            municipality=roskilde,
            title="Kantine",
            submission_deadline=now + datetime.timedelta(days=5),
            questions_deadline=None,
            lots=[{"title": "Frokost", "categories": [catering], "cpv_codes": ["55320000"]}],
        ),
        "reserveret": make_notice(
            municipality=lejre,
            title="Reserveret",
            reserved_participation=Notice.ReservedParticipation.SHELTERED_WORKSHOPS,
        ),
        "klausul": make_notice(municipality=roskilde, title="Klausul", social_clauses="To fleksjob."),
        "reserveret delaftale": make_notice(
            municipality=roskilde,
            title="Reserveret delaftale",
            lots=[{"title": "A", "reserved_participation": "res-ws"}, {"title": "B"}],
        ),
        "planlagt": make_notice(
            municipality=lejre,
            title="Planlagt",
            stage=Notice.Stage.PLANNED,
            submission_deadline=None,
            questions_deadline=None,
        ),
        "lukket": make_notice(
            municipality=lejre,
            title="Lukket",
            submission_deadline=now - datetime.timedelta(hours=1),
            questions_deadline=None,
        ),
        "tilbud": make_notice(
            municipality=lejre, title="Tilbud", kind=Notice.Kind.SUBCONTRACTING, company_name="Firma ApS"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("art=subcontracting", {"Tilbud"}),
        ("kategori=rengoering", {"Rengøring"}),
        ("kategori=catering", {"Kantine"}),  # the category of a lot
        ("cpv=90910000", {"Rengøring"}),  # cleaning covers 90911200, cleaning of housing
        ("cpv=90910000-9", {"Rengøring"}),
        ("cpv=90000000", {"Rengøring"}),
        ("cpv=55000000", {"Kantine"}),  # the lot's code
        ("cpv=90920000", set()),  # a neighbour is not a sub-code
        ("kommune=roskilde", {"Kantine", "Klausul", "Reserveret delaftale"}),
        ("social=on", {"Reserveret", "Klausul", "Reserveret delaftale"}),
        ("snart=on", {"Kantine"}),
        ("planlagt=on", {"Planlagt"}),
        ("kommune=roskilde&social=on", {"Klausul", "Reserveret delaftale"}),
    ],
)
def test_each_filter_finds_its_notices(client, spread, query, expected):
    assert set(titles(client.get(f"{URL}?{query}"))) == expected


def test_open_only_leaves_out_planned_and_closed_notices(client, spread):
    found = set(titles(client.get(f"{URL}?aaben=on")))

    assert "Lukket" not in found and "Planlagt" not in found
    assert {"Rengøring", "Kantine", "Tilbud"} <= found


def test_a_notice_whose_notice_and_lot_both_match_is_listed_once(client, lejre):
    cleaning = make_category("rengoering", "Rengøring")
    make_notice(
        municipality=lejre,
        title="Dobbelt",
        categories=[cleaning],
        cpv_codes=["90910000"],
        social_clauses="Ja",
        lots=[
            {
                "title": "A",
                "categories": [cleaning],
                "cpv_codes": ["90911000"],
                "reserved_participation": "res-ws",
            },
            {"title": "B", "categories": [cleaning], "cpv_codes": ["90911200"]},
        ],
    )

    response = client.get(f"{URL}?kategori=rengoering&cpv=90910000&social=on")

    assert titles(response) == ["Dobbelt"]
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cpv=abc", "En CPV-kode er otte cifre og et kontrolciffer"),
        ("cpv=12345678", "12345678 er ikke en kode i CPV 2008"),
        ("cpv=90910000-1", "Kontrolcifferet i 90910000-1 er forkert: koden er 90910000-9"),
        ("kommune=atlantis", "er ikke et af valgene. Vælg et fra listen."),
        ("art=spaceship", "er ikke et af valgene. Vælg et fra listen."),
        ("kategori=nope", "er ikke et af valgene. Vælg et fra listen."),
    ],
)
def test_a_bad_filter_value_is_put_into_words_and_the_other_filters_still_apply(
    client, spread, query, message
):
    response = client.get(f"{URL}?{query}&kommune=roskilde" if "kommune" not in query else f"{URL}?{query}")

    assert response.status_code == 200
    assert "Nogle filtre kunne ikke bruges" in response.text
    assert message in response.text
    if "kommune" not in query:
        assert set(titles(response)) == {"Kantine", "Klausul", "Reserveret delaftale"}


def test_a_page_number_out_of_range_shows_the_last_page(client, lejre):
    for n in range(22):
        make_notice(municipality=lejre, title=f"Udbud {n:02d}")

    response = client.get(f"{URL}?side=99")

    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(titles(response)) == 2


def test_the_pages_keep_the_filters(client, lejre):
    for n in range(21):
        make_notice(municipality=lejre, title=f"Udbud {n:02d}")

    text = client.get(f"{URL}?kommune=lejre").text

    assert "?kommune=lejre&amp;side=2" in text


# --- Queries ----------------------------------------------------------------------------------------


def fill(municipality, count):
    category = make_category("rengoering", "Rengøring")
    for n in range(count):
        make_notice(
            municipality=municipality,
            categories=[category],
            cpv_codes=["90910000"],
            social_clauses="Ja" if n % 2 else "",
            lots=[
                {"title": "A", "categories": [category]},
                {"title": "B", "reserved_participation": "res-ws"},
            ],
        )


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, lejre, count, django_assert_num_queries):
    fill(lejre, count)

    # The municipalities and categories of the filters, the count and the page.
    with django_assert_num_queries(4):
        client.get(URL)
    # Each value chosen is looked up once (the category, the municipality, the CPV code).
    with django_assert_num_queries(7):
        client.get(f"{URL}?cpv=90910000&kategori=rengoering&social=on&aaben=on&kommune=lejre")


# --- Language and navigation ---------------------------------------------------------------------


def test_the_list_is_in_english_under_en(client, lejre):
    make_notice(municipality=lejre, title="Rengøring")

    response = client.get("/en/udbud/")

    assert response.status_code == 200
    assert "Procurement notices" in response.text
    assert "1 notice found." in response.text
    assert "Municipal tender" in response.text


def test_the_main_menu_links_the_list(client, db):
    response = client.get("/")

    assert 'href="/udbud/"' in response.text
    assert 'aria-current="page"><span>Udbud</span>' in client.get(URL).text


@pytest.mark.parametrize("query", ["cpv=%00", "kategori=%00", "side=-1", "cpv=" + "9" * 500, "aaben=maybe"])
def test_no_filter_value_breaks_the_page(client, spread, query):
    assert client.get(f"{URL}?{query}").status_code in (200, 400)


def test_staff_see_the_public_list_too_without_their_drafts(lejre_client, roskilde_client, lejre):
    make_notice(municipality=lejre, title="Offentligt")
    make_notice(municipality=lejre, title="Kladde", status=Notice.Status.DRAFT, published_at=None)

    assert titles(lejre_client.get(URL)) == ["Offentligt"]
    assert titles(roskilde_client.get(URL)) == ["Offentligt"]

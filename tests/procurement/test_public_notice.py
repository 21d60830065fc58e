"""A notice's public page: what it shows, deadlines in Copenhagen time across the daylight-saving
changes, its documents, the staff preview, the embargo and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from procurement.models import ClauseFollowUp, Notice, NoticeDocument
from procurement.templatetags.procurement_tags import dkk, time_left
from tests.enterprises.factories import make_category
from tests.procurement.factories import make_award, make_notice

pytestmark = pytest.mark.django_db

CPH = datetime.timezone(datetime.timedelta(hours=1))  # winter time, for readable deadlines below


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


# --- Money and time ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "danish", "english"),
    [
        (Decimal("1250000"), "1.250.000 kr.", "DKK 1,250,000"),
        (Decimal("1250000.00"), "1.250.000 kr.", "DKK 1,250,000"),
        (Decimal("999.5"), "999,50 kr.", "DKK 999.50"),
        (Decimal("0"), "0 kr.", "DKK 0"),
    ],
)
def test_an_amount_is_written_as_the_language_writes_it(value, danish, english):
    with translation.override("da"):
        assert dkk(value) == danish
    with translation.override("en"):
        assert dkk(value) == english


@pytest.mark.parametrize(
    ("now", "deadline", "expected"),
    [
        (utc(2026, 12, 1, 9, 0), utc(2026, 12, 13, 12, 0), "12 dage og 3 timer tilbage"),
        (utc(2026, 12, 1, 9, 0), utc(2026, 12, 2, 9, 0), "1 dag tilbage"),
        (utc(2026, 12, 1, 9, 0), utc(2026, 12, 1, 11, 30), "2 timer og 30 minutter tilbage"),
        (utc(2026, 12, 1, 9, 0), utc(2026, 12, 1, 9, 1), "1 minut tilbage"),
        (utc(2026, 12, 1, 9, 0), utc(2026, 12, 1, 9, 0, 20), "1 minut tilbage"),
        # Summer time starts on Sunday 28 March 2027 at 02.00: noon Saturday to noon Monday is
        # two days on Copenhagen's clocks, though only 47 hours pass.
        (utc(2027, 3, 27, 11, 0), utc(2027, 3, 29, 10, 0), "2 dage tilbage"),
        # And it ends on Sunday 31 October 2027 at 03.00: noon to noon is two days, 49 hours.
        (utc(2027, 10, 30, 10, 0), utc(2027, 11, 1, 11, 0), "2 dage tilbage"),
        (utc(2027, 10, 30, 10, 0), utc(2027, 11, 1, 14, 0), "2 dage og 3 timer tilbage"),
    ],
)
def test_the_time_left_is_counted_on_copenhagen_s_clocks(now, deadline, expected):
    with translation.override("da"):
        assert time_left(deadline, now) == expected


def test_no_time_is_left_after_the_deadline():
    assert time_left(utc(2026, 12, 1, 9, 0), utc(2026, 12, 1, 9, 0)) is None
    assert time_left(None) is None


def test_the_page_shows_a_deadline_past_the_change_to_summer_time_in_summer_time(client, lejre, time_machine):
    time_machine.move_to(utc(2027, 3, 17, 8, 0), tick=False)  # 09.00 winter time
    notice = make_notice(
        municipality=lejre,
        questions_deadline=utc(2027, 3, 24, 11, 0),  # 12.00 winter time
        submission_deadline=utc(2027, 4, 2, 10, 0),  # 12.00 summer time
    )

    text = client.get(notice.get_absolute_url()).text

    assert "24. marts 2027 kl. 12.00" in text
    assert "7 dage og 3 timer tilbage" in text
    assert "2. april 2027 kl. 12.00" in text
    assert "16 dage og 3 timer tilbage" in text


def test_the_page_shows_a_deadline_past_the_change_to_winter_time_in_winter_time(client, lejre, time_machine):
    time_machine.move_to(utc(2027, 10, 29, 7, 0), tick=False)  # 09.00 summer time
    notice = make_notice(
        municipality=lejre, questions_deadline=None, submission_deadline=utc(2027, 11, 2, 11, 0)
    )

    text = client.get(notice.get_absolute_url()).text

    assert "2. november 2027 kl. 12.00" in text
    assert "4 dage og 3 timer tilbage" in text


# --- What the page shows --------------------------------------------------------------------------


@pytest.fixture
def full_notice(lejre):
    cleaning = make_category("rengoering", "Rengøring", name_en="Cleaning")
    return make_notice(
        municipality=lejre,
        title="Rengøring af Lejre Rådhus",
        description="Daglig rengøring af rådhuset.",
        department="Center for Ejendomme",
        categories=[cleaning],
        cpv_codes=["90910000"],
        procedure=Notice.Procedure.LIGHT_REGIME,
        reserved_participation=Notice.ReservedParticipation.SHELTERED_WORKSHOPS,
        reserved_execution=True,
        social_objective=True,
        social_objectives=["opp", "acc-all"],
        social_clauses="Mindst to medarbejdere i fleksjob.",
        suitable_for_small=True,
        estimated_value=Decimal("1250000"),
        contract_start=datetime.date(2027, 2, 1),
        contract_end=datetime.date(2029, 1, 31),
        contact_name="Mette Kragh Jensen",
        contact_phone="46 46 46 46",
        ted_notice_number="123456-2026",
        lots=[
            {
                "title": "Rådhuset",
                "estimated_value": Decimal("750000"),
                "categories": [cleaning],
                "cpv_codes": ["90911200"],
                "reserved_participation": "res-ws",
                "description": "Stueetagen.",
            },
            {"title": "Biblioteket", "estimated_value": Decimal("500000")},
        ],
    )


def test_the_page_shows_everything_public_about_the_notice(client, full_notice):
    text = client.get(full_notice.get_absolute_url()).text

    for expected in [
        "Rengøring af Lejre Rådhus",
        "Daglig rengøring af rådhuset.",
        "Lejre Kommune, Center for Ejendomme",
        "Light-regimet for sociale og andre specifikke tjenesteydelser",
        "Rengøring",
        "90910000-9",
        "Forbeholdt beskyttede værksteder og virksomheder, der integrerer handicappede",
        "Kontrakten skal udføres inden for rammerne af programmer for beskyttet beskæftigelse.",
        "Beskæftigelse for udsatte grupper, Tilgængelighed for alle",
        "Mindst to medarbejdere i fleksjob.",
        "Egnet for små virksomheder.",
        "1.250.000 kr.",
        "1. februar 2027",
        "31. januar 2029",
        "Mette Kragh Jensen",
        'href="tel:+4546464646"',
        "indkob@example.dk",
        "123456-2026",
        "Delt i 2 delaftaler",
        "Delaftale 1: Rådhuset",
        "Stueetagen.",
        "90911200-8",
        "750.000 kr.",
        "Delaftale 2: Biblioteket",
        "500.000 kr.",
    ]:
        assert expected in text, expected
    assert "Hvorfor det ikke er delt" not in text


def test_the_cpv_labels_follow_the_language(client, full_notice):
    text = client.get(f"/en{full_notice.get_absolute_url()}").text

    assert "Cleaning services" in text
    assert "DKK 1,250,000" in text
    assert "Lot 1: Rådhuset" in text
    assert "Reserved for sheltered workshops" in text


def test_a_notice_without_lots_gives_the_buyer_s_reason(client, lejre):
    notice = make_notice(municipality=lejre, not_split_reason="Én leverandør skal have det samlede ansvar.")

    text = client.get(notice.get_absolute_url()).text

    assert "Hvorfor det ikke er delt i delaftaler" in text
    assert "Én leverandør skal have det samlede ansvar." in text


def test_awards_and_only_confirmed_clause_follow_ups_are_shown(client, lejre, lejre_staff):
    notice = make_notice(
        municipality=lejre,
        stage=Notice.Stage.AWARDED,
        social_clauses="To fleksjob.",
        lots=[{"title": "Rådhuset"}],
    )
    lot = notice.lots.get()
    award = make_award(notice, lot=lot, winner_name="Grøn Rengøring ApS", value=Decimal("740000"))
    ClauseFollowUp.objects.create(
        award=award,
        period_end=datetime.date(2027, 6, 30),
        promised="To fleksjob",
        positions_promised=2,
        positions_filled=2,
        report="Begge ansat i marts.",
        confirmed_by=lejre_staff,
        confirmed_at=timezone.now(),
    )
    ClauseFollowUp.objects.create(
        award=award, period_end=datetime.date(2027, 12, 31), promised="Ubekræftet løfte"
    )

    text = client.get(notice.get_absolute_url()).text

    assert "Tildelt" in text
    assert "Grøn Rengøring ApS" in text
    assert "740.000 kr." in text
    assert "1. november 2026" in text
    assert "2 af 2 stillinger besat" in text
    assert "Begge ansat i marts." in text
    assert "Ubekræftet løfte" not in text


# --- Who sees it ------------------------------------------------------------------------------------


@pytest.fixture
def draft(lejre):
    return make_notice(
        municipality=lejre, title="Kladde til udbud", status=Notice.Status.DRAFT, published_at=None
    )


@pytest.fixture
def embargoed(lejre):
    return make_notice(
        municipality=lejre,
        title="Venter på TED",
        ted_published_on=timezone.localdate() + datetime.timedelta(days=3),
    )


def test_a_draft_is_a_404_for_anonymous_visitors_and_representatives(client, representative_client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert representative_client.get(draft.get_absolute_url()).status_code == 404


def test_lejre_staff_preview_their_draft_marked_and_uncached(lejre_client, draft):
    response = lejre_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Forhåndsvisning" in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Markér interesse" not in response.text


def test_roskilde_staff_get_a_404_for_lejre_s_draft(roskilde_client, draft):
    assert roskilde_client.get(draft.get_absolute_url()).status_code == 404


def test_an_embargoed_notice_is_a_404_to_the_public_and_a_preview_to_its_staff(
    client, lejre_staff, roskilde_staff, embargoed
):
    assert client.get(embargoed.get_absolute_url()).status_code == 404
    client.force_login(roskilde_staff)
    assert client.get(embargoed.get_absolute_url()).status_code == 404
    client.force_login(lejre_staff)
    response = client.get(embargoed.get_absolute_url())
    assert response.status_code == 200
    assert "Forhåndsvisning" in response.text


def test_the_page_is_in_english_under_en(client, full_notice):
    response = client.get(f"/en{full_notice.get_absolute_url()}")

    assert response.status_code == 200
    assert "What is bought" in response.text
    assert '<html lang="en">' in response.text


# --- Documents ------------------------------------------------------------------------------------


def add_document(notice, *, key="k" * 40, content=b"%PDF-1.4 udbudsbetingelser"):
    document = NoticeDocument(
        notice=notice,
        title="Udbudsbetingelser",
        key=key,
        name="betingelser.pdf",
        content_type="application/pdf",
    )
    document.file.save(key, ContentFile(content), save=False)
    document.size = len(content)
    document.save()
    return document


def test_the_page_lists_files_and_links(client, lejre):
    notice = make_notice(municipality=lejre)
    add_document(notice)
    NoticeDocument.objects.create(
        notice=notice, title="Kravspecifikation", key="l" * 40, url="https://example.dk/krav"
    )

    text = client.get(notice.get_absolute_url()).text

    assert f'href="/udbud/{notice.slug}/dokumenter/{"k" * 40}/"' in text
    assert 'href="https://example.dk/krav"' in text


def test_a_public_notice_s_file_is_served_as_a_download(client, lejre):
    notice = make_notice(municipality=lejre)
    document = add_document(notice)

    response = client.get(f"/udbud/{notice.slug}/dokumenter/{document.key}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 udbudsbetingelser"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="betingelser.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_draft_s_or_embargoed_notice_s_file_is_a_404_except_to_its_staff(
    client, lejre_client, draft, embargoed, roskilde_staff
):
    for notice, key in [(draft, "d" * 40), (embargoed, "e" * 40)]:
        add_document(notice, key=key)
        url = f"/udbud/{notice.slug}/dokumenter/{key}/"
        assert lejre_client.get(url).status_code == 200
        assert "no-store" in lejre_client.get(url)["Cache-Control"]
    lejre_client.logout()
    for notice, key in [(draft, "d" * 40), (embargoed, "e" * 40)]:
        url = f"/udbud/{notice.slug}/dokumenter/{key}/"
        assert client.get(url).status_code == 404
        client.force_login(roskilde_staff)
        assert client.get(url).status_code == 404
        client.logout()


def test_a_document_of_another_notice_a_link_or_a_missing_file_is_a_404(client, lejre):
    notice, other = make_notice(municipality=lejre), make_notice(municipality=lejre)
    document = add_document(other)
    link = NoticeDocument.objects.create(notice=notice, title="Link", key="l" * 40, url="https://example.dk/")
    missing = add_document(notice, key="m" * 40)
    missing.file.storage.delete(missing.file.name)

    assert client.get(f"/udbud/{notice.slug}/dokumenter/{document.key}/").status_code == 404
    assert client.get(f"/udbud/{notice.slug}/dokumenter/{link.key}/").status_code == 404
    assert client.get(f"/udbud/{notice.slug}/dokumenter/{missing.key}/").status_code == 404
    assert client.get(f"/udbud/{notice.slug}/dokumenter/nope/").status_code == 404


# --- Queries --------------------------------------------------------------------------------------


def big_notice(municipality, size):
    category = make_category("rengoering", "Rengøring")
    notice = make_notice(
        municipality=municipality,
        categories=[category],
        cpv_codes=["90910000", "90911000"][:size],
        lots=[
            {"title": f"Delaftale {n}", "categories": [category], "cpv_codes": ["90911200"]}
            for n in range(size)
        ],
    )
    for n in range(size):
        NoticeDocument.objects.create(
            notice=notice, title=f"Bilag {n}", key=f"{n}" * 40, url="https://example.dk/"
        )
        award = make_award(notice, lot=notice.lots.all()[n])
        ClauseFollowUp.objects.create(
            award=award, period_end=datetime.date(2027, 1, 1), promised="x", confirmed_at=timezone.now()
        )
    return notice


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_runs_a_fixed_number_of_queries(client, lejre, size, django_assert_num_queries):
    notice = big_notice(lejre, size)

    # The notice with its municipality, then its categories, CPV codes, documents, lots, the
    # lots' categories and CPV codes, the awards and their confirmed follow-ups.
    with django_assert_num_queries(9):
        client.get(notice.get_absolute_url())

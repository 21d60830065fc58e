"""The public directory at /virksomheder/ and the profile pages at /virksomheder/<slug>/."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from enterprises.models import Enterprise, EnterprisePhoto, SuccessStory
from tests.conftest import make_municipality, make_user, requires_postgres
from tests.enterprises.factories import make_category, make_enterprise, make_target_group

pytestmark = pytest.mark.django_db

Status = Enterprise.Status
NOT_PUBLISHED = [Status.DRAFT, Status.PENDING, Status.REJECTED, Status.HIDDEN]


def directory(client, **params):
    return client.get(reverse("enterprise_directory"), params)


def names(response):
    return [enterprise.name for enterprise in response.context["enterprises"]]


def options(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet]}


@pytest.fixture
def catalogue(lejre, roskilde):
    """Three published enterprises, and one of every unpublished status that would match everything."""
    catering = make_category("catering-test", "Catering og café")
    it = make_category("it-test", "Hosting, it og hjemmesider")
    flex = make_target_group("fleks-test", "Fleksjobbere")
    youth = make_target_group("unge-test", "Udsatte unge")
    specialisterne = make_enterprise(
        name="Specialisterne",
        summary="IT-konsulenter med autisme tester software.",
        home_municipality=roskilde,
        sector=Enterprise.Sector.IT,
        services=[it],
        target_groups=[flex],
        rsv_registered=True,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    insp = make_enterprise(
        name="INSP! Mad",
        summary="Frokost og catering lavet af unge i Roskilde.",
        home_municipality=roskilde,
        sector=Enterprise.Sector.FOOD,
        services=[catering],
        target_groups=[youth, flex],
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    grennesminde = make_enterprise(
        name="Grennesminde",
        summary="Gartneri og café for unge med særlige behov.",
        home_municipality=lejre,
        serves=[roskilde],
        sector=Enterprise.Sector.GREEN,
        services=[catering],
        target_groups=[youth],
        employment_services_share=80,
        published_at=timezone.now() - datetime.timedelta(days=10),
    )
    hidden = [
        make_enterprise(
            name=f"Skjult {status} Specialisterne",
            summary="Catering IT café unge.",
            home_municipality=roskilde,
            serves=[lejre],
            sector=Enterprise.Sector.FOOD,
            services=[catering, it],
            target_groups=[flex, youth],
            rsv_registered=True,
            status=status,
        )
        for status in NOT_PUBLISHED
    ]
    return {
        "specialisterne": specialisterne,
        "insp": insp,
        "grennesminde": grennesminde,
        "hidden": hidden,
        "catering": catering,
        "it": it,
        "flex": flex,
        "youth": youth,
    }


# --- Listing and search ---------------------------------------------------------------------------


def test_the_directory_lists_published_enterprises_by_name(client, catalogue):
    response = directory(client)

    assert response.status_code == 200
    assert names(response) == ["Grennesminde", "INSP! Mad", "Specialisterne"]
    assert "3 virksomheder" in response.text or "3 enterprises" in response.text


def test_unpublished_enterprises_never_appear_in_the_list_search_or_counts(client, catalogue, settings):
    settings.PAGE_CACHE = False  # the counts are read from the template's context, every time
    for params in [{}, {"q": "Skjult"}, {"q": "Specialisterne"}, {"kommune": "roskilde"}, {"rsv": "1"}]:
        response = directory(client, **params)
        assert not any(name.startswith("Skjult") for name in names(response)), params
        assert not re.search(r"Skjult (draft|pending|rejected|hidden)", response.text), params
    counts = directory(client).context["facets"]
    assert {o.value: o.count for o in counts["municipalities"]} == {"lejre": 1, "roskilde": 3}
    assert options(directory(client), "categories")["it-test"] == 1
    assert counts["rsv"].count == 1


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_an_unpublished_profile_is_not_found_by_anyone(client, catalogue, lejre_staff, status):
    enterprise = Enterprise.objects.get(status=status)
    representative = make_user()
    enterprise.representatives.add(representative)
    url = reverse("enterprise", args=[enterprise.slug])

    assert client.get(url).status_code == 404
    client.force_login(representative)
    assert client.get(url).status_code == 404
    client.force_login(lejre_staff)
    assert client.get(url).status_code == 404


def test_a_word_in_the_summary_finds_the_enterprise(client, catalogue):
    assert names(directory(client, q="autisme")) == ["Specialisterne"]


def test_a_search_without_matches_says_so(client, catalogue):
    response = directory(client, q="ubådsværft")

    assert names(response) == []
    assert response.context["page"].paginator.count == 0
    assert 'role="status"' in response.text


def test_a_misspelled_name_still_finds_the_enterprise(client, catalogue):
    assert names(directory(client, q="Specalisterne")) == ["Specialisterne"]
    assert names(directory(client, q="grenesminde")) == ["Grennesminde"]


def test_a_search_needs_no_accents(client, catalogue):
    # Grennesminde's summary and INSP!'s service "Catering og café" say café.
    assert sorted(names(directory(client, q="cafe"))) == ["Grennesminde", "INSP! Mad"]
    assert names(directory(client, q="saerlige")) == ["Grennesminde"]  # æ is ae, as unaccent has it
    assert names(directory(client, q="særlige")) == ["Grennesminde"]


def test_a_search_that_finds_nothing_suggests_the_closest_name_as_a_link(client, catalogue):
    response = directory(client, q="Spesjalisterna", kommune="roskilde", side="2")

    assert names(response) == []
    assert response.context["suggestion"] == "Specialisterne"
    assert '<a href="/virksomheder/?q=Specialisterne&amp;kommune=roskilde">Mente du Specialisterne?</a>' in (
        response.text
    )
    assert names(client.get(response.context["suggestion_url"])) == ["Specialisterne"]


def test_no_suggestion_names_what_the_filters_or_the_review_leave_out(client, catalogue):
    assert directory(client, q="Spesjalisterna", kommune="lejre").context["suggestion"] is None
    assert directory(client, q="Skjult drafd").context["suggestion"] is None
    assert directory(client, q="ubådsværft").context["suggestion"] is None
    assert "Mente du" not in directory(client, q="ubådsværft").text


@requires_postgres
def test_danish_stemming_finds_other_forms_of_a_word(client, catalogue):
    assert "Specialisterne" in names(directory(client, q="konsulent"))


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed quote',
        "' OR 1=1 --",
        "'; DROP TABLE enterprises_enterprise; --",
        "a & b | !c <-> d:*",
        "-",
        "OR",
        "og i på",
        "%_\\",
        "<script>alert(1)</script>",
        "\u2028\u00e6\u00f8\u00e5 \U0001f600",
        "x" * 10_000,
        "Speciali " * 2_000,
    ],
)
def test_a_junk_query_never_errors(client, catalogue, q):
    response = directory(client, q=q)

    assert response.status_code == 200
    assert len(response.context["filters"].q) <= 200


def test_a_query_is_shown_back_escaped(client, catalogue):
    response = directory(client, q='<b>"x"</b>')

    assert "<b>&quot;x&quot;</b>" not in response.text
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in response.text


# --- Filters and counts ---------------------------------------------------------------------------


def test_the_municipality_filter_includes_enterprises_serving_it(client, catalogue):
    assert names(directory(client, kommune="roskilde")) == ["Grennesminde", "INSP! Mad", "Specialisterne"]
    assert names(directory(client, kommune="lejre")) == ["Grennesminde"]
    assert names(directory(client, kommune="atlantis")) == []


def test_several_service_categories_mean_any_of_them(client, catalogue):
    assert names(directory(client, kategori="it-test")) == ["Specialisterne"]
    assert names(directory(client, kategori=["it-test", "catering-test"])) == [
        "Grennesminde",
        "INSP! Mad",
        "Specialisterne",
    ]


def test_target_group_sector_rsv_and_classification_filters(client, catalogue):
    assert names(directory(client, maalgruppe="fleks-test")) == ["INSP! Mad", "Specialisterne"]
    assert names(directory(client, sektor="green")) == ["Grennesminde"]
    assert names(directory(client, rsv="1")) == ["Specialisterne"]
    assert names(directory(client, klassifikation="other_actor")) == ["Grennesminde"]
    assert names(directory(client, klassifikation="social_economy")) == ["Specialisterne"]


def test_filters_combine_with_each_other_and_the_search(client, catalogue):
    assert names(directory(client, kommune="roskilde", maalgruppe="unge-test", sektor="food")) == [
        "INSP! Mad"
    ]
    assert names(directory(client, q="unge", kategori="catering-test", kommune="lejre")) == ["Grennesminde"]


def test_an_unknown_filter_value_is_ignored_not_an_error(client, catalogue):
    response = directory(client, sektor="space", klassifikation="'; --", sorter="x", side="abc", rsv="maybe")

    assert response.status_code == 200
    assert len(names(response)) == 3


def test_counts_respect_the_other_filters_and_the_search(client, catalogue):
    response = directory(client, sektor="food")

    assert options(response, "categories")["catering-test"] == 1
    assert options(response, "categories")["it-test"] == 0
    assert options(response, "municipalities") == {"lejre": 0, "roskilde": 1}
    # A facet is not narrowed by itself: the other sectors still say what choosing them gives.
    assert options(response, "sectors")["it"] == 1
    assert options(response, "sectors")["green"] == 1

    searched = directory(client, q="unge")
    assert options(searched, "target_groups")["unge-test"] == 2
    assert options(searched, "classifications")["other_actor"] == 1


def test_a_served_home_municipality_is_counted_once(client, catalogue, lejre):
    catalogue["grennesminde"].serves.add(lejre)

    assert options(directory(client), "municipalities") == {"lejre": 1, "roskilde": 3}


def test_the_filter_form_works_without_javascript(client, catalogue):
    response = directory(client, kategori="catering-test", maalgruppe="unge-test", rsv="1")
    html = response.text

    assert re.search(r'<form method="get" action="/virksomheder/" id="directory-search"', html)
    assert '<button type="submit"' in html
    assert html.count("<fieldset") == 2 and html.count("<legend") == 2
    # The filters sit after the results, outside the form, and belong to it by its id.
    assert re.search(r'value="catering-test" id="[^"]+" form="directory-search" checked', html)
    assert re.search(r'id="id_rsv" name="rsv" value="1" form="directory-search" checked', html)
    for field in ("id_kommune", "id_sektor", "id_klassifikation", "id_sorter"):
        assert re.search(rf'<select id="{field}" name="\w+" form="directory-search"', html)
    for field in ("id_q", "id_kommune", "id_sektor", "id_klassifikation", "id_sorter", "id_rsv"):
        assert f'for="{field}"' in html


def test_the_results_come_before_the_filters_which_fold_without_javascript(client, catalogue):
    plain = directory(client).text
    filtered = directory(client, kategori="catering-test", rsv="1").text

    assert plain.index('id="id_q"') < plain.index('id="results-heading"') < plain.index('id="id_kommune"')
    assert '<details class="details directory-filters">' in plain  # folded
    assert '<details class="details directory-filters" open>' in filtered  # open while something is chosen
    assert "Filtrér og sortér (2 valgt)" in filtered


# --- Sorting and pagination -----------------------------------------------------------------------


def test_the_newest_come_first_when_sorted_by_newest(client, catalogue):
    assert names(directory(client, sorter="nyeste")) == ["INSP! Mad", "Grennesminde", "Specialisterne"]


def test_a_search_is_sorted_by_relevance_unless_asked_otherwise(client, catalogue):
    response = directory(client, q="unge")

    assert response.context["filters"].sort == "relevans"
    assert [option["value"] for option in response.context["sort_options"]][0] == "relevans"
    assert names(directory(client, q="unge", sorter="navn")) == ["Grennesminde", "INSP! Mad"]


def test_relevance_sorting_without_a_search_falls_back_to_name(client, catalogue):
    response = directory(client, sorter="relevans")

    assert response.context["filters"].sort == "navn"
    assert "relevans" not in [option["value"] for option in response.context["sort_options"]]


@requires_postgres
def test_a_match_in_the_name_ranks_above_a_match_in_the_summary(client, catalogue):
    make_enterprise(name="Café Ravnsborg", summary="Frokost.")
    make_enterprise(name="Byens Værksted", summary="Vi driver også en lille café.")

    assert names(directory(client, q="café"))[0] == "Café Ravnsborg"


def test_the_directory_pages_by_twenty_and_keeps_the_filters_in_the_links(client, roskilde):
    for n in range(25):
        make_enterprise(name=f"Kaffe {n:02d}", home_municipality=roskilde)

    first = directory(client, q="kaffe", kommune="roskilde", sorter="navn")
    second = directory(client, q="kaffe", kommune="roskilde", sorter="navn", side="2")

    assert len(names(first)) == 20 and names(first)[0] == "Kaffe 00"
    assert names(second) == [f"Kaffe {n}" for n in range(20, 25)]
    assert 'aria-label="' in first.text and 'class="pagination' in first.text
    assert 'href="?q=kaffe&amp;kommune=roskilde&amp;sorter=navn&amp;side=2"' in first.text
    assert 'aria-current="page"' in second.text
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text


def test_a_page_past_the_end_shows_the_last_page(client, roskilde):
    for n in range(21):
        make_enterprise(name=f"Kaffe {n:02d}", home_municipality=roskilde)

    assert names(directory(client, side="99")) == ["Kaffe 20"]


# --- Both languages -------------------------------------------------------------------------------


def test_the_directory_and_profiles_are_in_danish_and_english(client, catalogue):
    danish = client.get("/virksomheder/")
    english = client.get("/en/virksomheder/")
    profile = client.get("/en/virksomheder/specialisterne/")

    assert '<html lang="da">' in danish.text and 'href="/virksomheder/specialisterne/"' in danish.text
    assert '<html lang="en">' in english.text and 'href="/en/virksomheder/specialisterne/"' in english.text
    assert "enterprises found" in english.text
    assert profile.status_code == 200 and '<html lang="en">' in profile.text
    with translation.override("da"):
        assert reverse("enterprise_directory") == "/virksomheder/"
    with translation.override("en"):
        assert reverse("enterprise", args=["x"]) == "/en/virksomheder/x/"


# --- Profile --------------------------------------------------------------------------------------


def test_the_profile_shows_the_public_fields_and_the_classification_with_its_reason(client, catalogue):
    enterprise = catalogue["grennesminde"]
    Enterprise.objects.filter(pk=enterprise.pk).update(
        address="Grennesmindevej 1\n4000 Roskilde",
        website="https://grennesminde.example",
        email="kontakt@grennesminde.example",
        phone="46 00 00 00",
        description="Et gartneri.",
        social_purpose="Uddannelse af unge.",
        legal_form=Enterprise.LegalForm.SELF_GOVERNING,
        employees=42,
        positions_flexjob=7,
        positions_wage_subsidy=3,
        criterion_social_purpose=True,
        is_example=True,
    )

    response = client.get(enterprise.get_absolute_url())
    html = response.text

    assert response.status_code == 200
    for text in [
        "Grennesminde",
        "Gartneri og café",
        "Et gartneri.",
        "Uddannelse af unge.",
        "Grennesmindevej 1<br>4000 Roskilde",
        "https://grennesminde.example",
        "mailto:kontakt@grennesminde.example",
        "tel:+4546000000",
        enterprise.cvr,
        "Catering og café",
        "Udsatte unge",
        "Roskilde",
        enterprise.classification_reason,
    ]:
        assert text in html, text
    assert enterprise.classification == Enterprise.Classification.OTHER_ACTOR
    assert "badge-example" in html
    assert '<td class="align-text-right">7</td>' in html and '<td class="align-text-right">10</td>' in html
    assert html.count("<li>", html.index('class="unstyled-list criteria"')) >= 5


def test_the_profile_shows_only_published_success_stories(client, catalogue):
    enterprise = catalogue["insp"]
    for status in Status.values:
        SuccessStory.objects.create(
            enterprise=enterprise, title=f"Historie {status}", text="Tekst", date="2026-01-05", status=status
        )

    html = client.get(enterprise.get_absolute_url()).text

    assert "Historie published" in html
    for status in NOT_PUBLISHED:
        assert f"Historie {status}" not in html


def organization(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_profile_carries_schema_org_organization_markup(client, catalogue):
    enterprise = catalogue["specialisterne"]

    data = organization(client.get(enterprise.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Specialisterne"
    assert data["identifier"]["value"] == enterprise.cvr
    assert data["mainEntityOfPage"] == "http://testserver/virksomheder/specialisterne/"
    assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": "Roskilde Kommune"}]


def test_a_name_cannot_break_out_of_the_json_ld_block(client, roskilde):
    enterprise = make_enterprise(
        name='Evil </script><script>alert(1)</script> & "Co"', slug="evil", home_municipality=roskilde
    )

    response = client.get(enterprise.get_absolute_url())

    assert "<script>alert(1)" not in response.text
    assert response.text.count("</script>") == 1  # the JSON-LD block; the pages need no other script
    assert organization(response)["name"] == enterprise.name


def test_the_profile_has_no_inline_script_or_style(client, catalogue):
    html = client.get(catalogue["insp"].get_absolute_url()).text

    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert scripts == [' type="application/ld+json"']
    assert "style=" not in html and "<style" not in html


# --- A fixed number of queries --------------------------------------------------------------------


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def populate(n, municipality, categories, groups, other):
    for i in range(n):
        make_enterprise(
            name=f"Virksomhed med kaffe {i}",
            home_municipality=municipality,
            serves=[other],
            services=categories,
            target_groups=groups,
            published_at=timezone.now(),
        )


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "kaffe"}, {"kommune": "roskilde", "kategori": ["a", "b"], "maalgruppe": "c", "rsv": "1"}],
)
def test_the_directory_runs_the_same_queries_for_3_and_30_enterprises(client, lejre, roskilde, params):
    categories = [make_category(slug) for slug in ("a", "b")]
    groups = [make_target_group("c")]
    populate(3, roskilde, categories, groups, lejre)
    few = count_queries(client, "/virksomheder/", params)
    populate(27, roskilde, categories, groups, lejre)
    make_municipality()
    make_category()

    many = count_queries(client, "/virksomheder/", params)

    assert few == many
    assert many <= 7


def test_a_search_with_results_or_a_suggestion_runs_a_fixed_number_of_queries(client, lejre, roskilde):
    categories = [make_category(slug) for slug in ("a", "b")]
    groups = [make_target_group("c")]
    make_enterprise(name="Specialisterne", home_municipality=roskilde)
    populate(3, roskilde, categories, groups, lejre)
    found = count_queries(client, "/virksomheder/", {"q": "kaffe"})
    suggested = count_queries(client, "/virksomheder/", {"q": "Spesjalisterna"})
    populate(27, roskilde, categories, groups, lejre)

    # The three vocabularies, the counts with the total, the page, its services and target groups.
    assert count_queries(client, "/virksomheder/", {"q": "kaffe"}) == found == 7
    # No page of results to fetch (with its relations), one query for the suggestion.
    assert count_queries(client, "/virksomheder/", {"q": "Spesjalisterna"}) == suggested == 5


def test_the_profile_runs_the_same_queries_however_much_it_shows(client, lejre, roskilde):
    enterprise = make_enterprise(home_municipality=roskilde, name="Kaffe")
    few = count_queries(client, enterprise.get_absolute_url())
    enterprise.services.set([make_category() for _ in range(5)])
    enterprise.target_groups.set([make_target_group() for _ in range(5)])
    enterprise.serves.set([lejre, make_municipality(), make_municipality()])
    for n in range(5):
        EnterprisePhoto.objects.create(
            enterprise=enterprise, image=f"enterprises/photos/{n}.jpg", caption=f"F{n}"
        )
        SuccessStory.objects.create(
            enterprise=enterprise, title=f"S{n}", text="T", date="2026-01-01", status=Status.PUBLISHED
        )

    many = count_queries(client, enterprise.get_absolute_url())

    assert few == many
    assert many <= 8


def test_the_classification_reason_is_shown_in_the_page_s_language(client, db):
    enterprise = make_enterprise(rsv_registered=True)

    danish = client.get(enterprise.get_absolute_url())
    english = client.get("/en" + enterprise.get_absolute_url())

    assert "Registreret som socialøkonomisk virksomhed (RSV)." in danish.text
    assert "Registered as a social-economy enterprise (RSV)." in english.text

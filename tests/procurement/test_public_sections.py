"""What procurement adds to the portal's pages: a municipality's open notices, the account
page's link and the sitemap's public notices."""

import datetime

import pytest
from django.utils import timezone

from procurement.models import Notice
from tests.procurement.factories import make_notice

pytestmark = pytest.mark.django_db


def test_the_municipality_page_lists_its_open_notices_soonest_first_at_most_five(client, lejre, roskilde):
    now = timezone.now()
    for days in range(7, 0, -1):
        make_notice(
            municipality=lejre,
            title=f"Udbud om {days} dage",
            submission_deadline=now + datetime.timedelta(days=days),
            questions_deadline=None,
        )
    make_notice(
        municipality=lejre,
        title="Lukket",
        submission_deadline=now - datetime.timedelta(days=1),
        questions_deadline=None,
    )
    make_notice(municipality=lejre, title="Kladde", status=Notice.Status.DRAFT, published_at=None)
    make_notice(municipality=roskilde, title="Roskildes")

    text = client.get(lejre.get_absolute_url()).text

    section = text[text.index('id="procurement-heading"') :]
    listed = [f"Udbud om {days} dage" for days in range(1, 8) if f"Udbud om {days} dage" in section]
    assert listed == [f"Udbud om {days} dage" for days in range(1, 6)]
    assert section.index("Udbud om 1 dage") < section.index("Udbud om 5 dage")
    for absent in ("Lukket", "Kladde", "Roskildes"):
        assert absent not in section
    assert 'href="/udbud/?kommune=lejre"' in section


def test_a_municipality_without_open_notices_says_so(client, roskilde):
    assert "Roskilde Kommune har ingen åbne udbud lige nu." in client.get(roskilde.get_absolute_url()).text


@pytest.mark.parametrize("count", [0, 9])
def test_the_section_costs_the_municipality_page_one_query(client, lejre, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(count):
        make_notice(municipality=lejre)
    with CaptureQueriesContext(connection) as queries:
        client.get(lejre.get_absolute_url())

    assert len([q for q in queries.captured_queries if 'FROM "procurement_notice"' in q["sql"]]) == 1


def test_the_sitemap_lists_public_notices_in_both_languages_and_nothing_else(client, lejre):
    public = make_notice(municipality=lejre, slug="rengoering")
    make_notice(municipality=lejre, slug="kladde", status=Notice.Status.DRAFT, published_at=None)
    make_notice(
        municipality=lejre, slug="embargo", ted_published_on=timezone.localdate() + datetime.timedelta(days=1)
    )

    text = client.get("/sitemap.xml").text

    assert f"http://testserver/udbud/{public.slug}/" in text
    assert f"http://testserver/en/udbud/{public.slug}/" in text
    assert "kladde" not in text
    assert "embargo" not in text

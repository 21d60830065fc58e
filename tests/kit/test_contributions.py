"""kit.contributions: what each app adds to portal's pages, found in `<app>/contributions.py`,
in the order of INSTALLED_APPS, and rendered by `{% page_sections %}`."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from counselling.demo_loader import CounsellingDemo
from enterprises.demo_loader import EnterprisesDemo
from enterprises.sitemaps import EnterpriseSitemap
from events.demo_loader import EventsDemo
from events.sitemaps import EventSitemap
from kit import contributions
from kit.contributions import ACCOUNT_HOME, ADMIN_INDEX, CASE_ADMIN, MUNICIPALITY_PAGE, Contribution, Section
from mentoring.demo_loader import MentoringDemo
from mentoring.sitemaps import OfferSitemap
from partnerships.demo_loader import PartnershipsDemo
from portal.demo_loader import PortalDemo
from procurement.demo_loader import ProcurementDemo
from procurement.sitemaps import NoticeSitemap


def test_each_app_s_sections_are_found_in_its_own_module():
    assert [s.template for s in contributions.sections(ACCOUNT_HOME)] == [
        "enterprises/account/_home_section.html",
        "procurement/_account_section.html",
        "procurement/account/_home_section.html",
        "partnerships/_account_section.html",
        "mentoring/account/_home_section.html",
    ]
    assert [s.template for s in contributions.sections(ADMIN_INDEX)] == [
        "admin/enterprises/review_overview.html",
        "admin/counselling/overview.html",
        "partnerships/_admin_index_section.html",
        "admin/mentoring/_index_section.html",
    ]
    assert [s.template for s in contributions.sections(MUNICIPALITY_PAGE)] == [
        "counselling/_municipality_section.html",
        "procurement/_municipality_section.html",
        "mentoring/_municipality_section.html",
        "events/_municipality_section.html",
    ]
    assert contributions.stylesheets(ADMIN_INDEX) == ["kit/admin_index.css", "counselling/admin.css"]
    assert contributions.stylesheets(ACCOUNT_HOME) == []
    assert [s.template for s in contributions.sections(CASE_ADMIN)] == ["admin/mentoring/_case_section.html"]


def test_a_page_fetches_the_relations_its_sections_read_with_its_object():
    assert contributions.select_related(MUNICIPALITY_PAGE) == ["counselling"]
    assert contributions.select_related(ACCOUNT_HOME) == []


def test_the_sitemaps_come_from_the_apps():
    assert contributions.sitemaps() == {
        "enterprises": EnterpriseSitemap,
        "procurement": NoticeSitemap,
        "mentoring": OfferSitemap,
        "events": EventSitemap,
    }


def test_the_demo_loaders_run_portal_first_then_the_registry_then_the_apps_on_it():
    assert contributions.demo_loaders() == [
        ("portal", PortalDemo),
        ("enterprises", EnterprisesDemo),
        ("counselling", CounsellingDemo),
        ("procurement", ProcurementDemo),
        ("partnerships", PartnershipsDemo),
        ("mentoring", MentoringDemo),
        ("events", EventsDemo),
    ]


def fake(monkeypatch, *found):
    monkeypatch.setattr(contributions, "contributions", lambda: found)


def contribution(label, sections=(), sitemaps=None):
    return Contribution(app_label=label, sections=tuple(sections), sitemaps=sitemaps or {}, demo_loader=None)


def test_two_apps_may_not_contribute_a_sitemap_of_the_same_name(monkeypatch):
    fake(
        monkeypatch,
        contribution("a", sitemaps={"news": object}),
        contribution("b", sitemaps={"news": object}),
    )

    with pytest.raises(ValueError, match='"news"'):
        contributions.sitemaps()


def render(slot, context=None, **arguments):
    request = RequestFactory().get("/")
    request.user = None
    template = Template("{% load kit_contributions %}{% page_sections slot thing=thing %}")
    return template.render(
        Context({"request": request, "slot": slot, "thing": arguments.get("thing"), **(context or {})})
    )


def test_sections_render_in_order_each_with_its_own_context_and_none_leaves_one_out(
    monkeypatch, tmp_path, settings
):
    (tmp_path / "first.html").write_text("[first {{ word }} {{ page_secret|default:'-' }}]")
    (tmp_path / "second.html").write_text("[second {{ thing }}]")
    (tmp_path / "hidden.html").write_text("[hidden]")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    fake(
        monkeypatch,
        contribution(
            "a",
            [
                Section("page", "first.html", lambda request, **kw: {"word": "one"}),
                Section("page", "hidden.html", lambda request, **kw: None),
                Section("elsewhere", "hidden.html"),
            ],
        ),
        contribution("b", [Section("page", "second.html", lambda request, *, thing: {"thing": thing})]),
    )

    html = render("page", {"page_secret": "leaked"}, thing="two")

    assert html == "[first one -][second two]"


# --- The pages portal owns render what the apps contribute ---------------------------------------


@pytest.mark.django_db
def test_the_account_home_shows_the_registry_s_section(representative_client):
    response = representative_client.get("/konto/")

    assert response.status_code == 200
    assert '<h2 id="enterprises-heading" class="h4">Mine virksomheder</h2>' in response.text
    assert 'href="/konto/virksomheder/"' in response.text
    # Portal's own sections are still around it.
    assert response.text.index("enterprises-heading") < response.text.index("mail-heading")


@pytest.mark.django_db
def test_the_sitemap_of_the_site_lists_the_registry_s_published_profiles(client, lejre):
    from tests.enterprises.factories import make_enterprise

    make_enterprise(name="Grøn Pleje", slug="groen-pleje", home_municipality=lejre)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert "http://testserver/virksomheder/groen-pleje/" in response.text


@pytest.mark.django_db
def test_the_admin_index_links_the_stylesheet_of_the_case_overview(lejre_client):
    response = lejre_client.get("/admin/")

    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/counselling/admin.css">' in response.text
    assert "case-overview" in response.text

"""The impact overview at /partnerskaber/resultater/ and an agreement's page, without JavaScript, at
1280 and 320 px: the bars and their tables, no horizontal scrolling of the page, axe-core clean.
Screenshots to /tmp/part-shots/."""

import re
from pathlib import Path

import pytest

from partnerships.models import PositionKind
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.enterprises.factories import make_enterprise, make_target_group
from tests.partnerships.factories import make_agreement, make_commitment, make_result

pytestmark = [requires_chromium, pytest.mark.browser]

SHOTS = Path("/tmp/part-shots")


@pytest.fixture
def agreements(cast):
    enterprise = make_enterprise(name="Grønt Værksted", home_municipality=cast.roskilde)
    task_force = make_agreement(
        municipality=cast.roskilde,
        title="Taskforce for 30 fleksjob",
        slug="taskforce-30-fleksjob",
        enterprises=[enterprise],
    )
    flexjob = make_commitment(
        task_force, position_kind=PositionKind.FLEXJOB, target=30, attribution_percent=10
    )
    for quarter, count in ((1, 3), (2, 5), (3, 4), (4, 2)):
        make_result(flexjob, quarter=quarter, count=count)
    small = make_commitment(
        task_force,
        position_kind=PositionKind.SMALL_JOBS,
        target=12,
        deadweight_percent=25,
        target_group=make_target_group(name="Unge ledige"),
    )
    make_result(small, quarter=2, count=6)
    other = make_agreement(municipality=cast.lejre, title="Kantine")
    make_result(make_commitment(other, position_kind=PositionKind.WAGE_SUBSIDY, target=4), count=1)
    return task_force


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_overview_reads_without_javascript_at_both_widths(new_context, cast, agreements, width):
    page = new_context(viewport={"width": width, "height": 900}, java_script_enabled=False).new_page()
    page.goto("/partnerskaber/resultater/")

    expect(page.locator("h1")).to_have_text("Resultater af partnerskaberne")
    table = page.locator("table.impact-table").first
    # The kinds' names are the models' (translated with them): either language will do here.
    expect(table.locator("tbody tr").first).to_contain_text(re.compile("Fleksjob|Flex job"))
    expect(table.locator("tbody tr").first).to_contain_text("14")
    expect(page.locator(".impact-bar-count.bar-w-45").first).to_be_visible()
    assert no_horizontal_scroll(page)
    shoot(page, f"overview-{width}")

    page.goto("/partnerskaber/taskforce-30-fleksjob/")
    expect(page.locator("h1")).to_have_text("Taskforce for 30 fleksjob")
    assert no_horizontal_scroll(page)
    shoot(page, f"agreement-{width}")

    page.goto("/partnerskaber/")
    shoot(page, f"list-{width}")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_pages_pass_axe(new_context, cast, agreements, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    for path in ("/partnerskaber/", "/partnerskaber/resultater/", "/partnerskaber/taskforce-30-fleksjob/"):
        page.goto(path)
        assert_no_violations(page, path)

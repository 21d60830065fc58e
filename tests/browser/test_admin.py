"""A Roskilde contact person logs in to the admin and sees Roskilde's contact persons, not Lejre's."""

import re

import pytest

from tests.browser.conftest import describe_violations, expect, requires_chromium, run_axe
from tests.conftest import PASSWORD

pytestmark = [requires_chromium, pytest.mark.browser]


def test_a_roskilde_contact_person_sees_roskildes_contact_persons_and_none_of_lejres(page, cast):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
    # Django's own admin markup is not ours to fix: its axe results are printed, not asserted.
    print("axe-core on the admin log-in page (informational):")
    print(describe_violations(run_axe(page)) or "no violations")

    page.locator("#id_username").fill(cast.roskilde_staff.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/portal/contactperson/")
    results = page.locator("#result_list")
    roskilde_contacts = cast.roskilde_public_contacts + cast.roskilde_private_contacts
    assert roskilde_contacts
    for person in roskilde_contacts:
        expect(results).to_contain_text(person.name)
    assert cast.lejre_contacts
    for person in cast.lejre_contacts:
        expect(results).not_to_contain_text(person.name)
    expect(results.locator("tbody tr")).to_have_count(len(roskilde_contacts))

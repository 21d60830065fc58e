"""The whole loop of issue 11 in Chromium: a representative finds a notice and marks interest in a
lot on the public site; the buyer's contact person sees the interest on the notice in the admin,
with the message and the shared profile, and exports it; Roskilde's staff do not see the notice."""

import re

import pytest

from kit.staff import CONTACT_PERSON
from tests.browser.conftest import expect, requires_chromium
from tests.browser.test_admin_queue import log_in
from tests.browser.test_procurement_public import cpv_vocabulary, notices, shoot  # noqa: F401 - fixtures
from tests.conftest import PASSWORD, make_user

pytestmark = [requires_chromium, pytest.mark.browser]


def test_the_buyer_sees_in_the_admin_the_interest_a_representative_marked(new_context, cast, notices):  # noqa: F811
    public = new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto("/konto/log-ind/?next=/udbud/kantinedrift-paa-lejre-raadhus/")
    public.locator("#id_username").fill(cast.representative.email)
    public.locator("#id_password").fill(PASSWORD)
    with public.expect_navigation():
        public.locator("main form button[type=submit]").click()
    public.locator("#id_lot").select_option(label="Delaftale 1: Frokostordning")
    public.locator("#id_message").fill("Vi kan levere frokost til 120 fra januar.")
    public.locator("#id_share_profile").check()
    with public.expect_navigation():
        public.get_by_role("button", name="Markér interesse").click()
    expect(public.locator(".messages")).to_contain_text("Grønt Køkken er markeret som interesseret")

    buyer = make_user(
        username="lejre-indkob",
        email="indkob@lejre.example",
        first_name="Mette",
        is_staff=True,
        municipality=cast.lejre,
        groups=[CONTACT_PERSON],
    )
    staff = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(staff, buyer)
    staff.goto("/admin/procurement/notice/")
    expect(staff.locator("#result_list")).to_contain_text("Kantinedrift på Lejre Rådhus")
    expect(staff.locator("#result_list")).not_to_contain_text("Vinduespudsning i Roskilde")
    with staff.expect_navigation():
        staff.get_by_role("link", name="Kantinedrift på Lejre Rådhus").click()
    expect(staff).to_have_url(re.compile(r"/admin/procurement/notice/\d+/change/$"))
    main = staff.locator("#content")
    expect(main).to_contain_text("Grønt Køkken")
    expect(main).to_contain_text("Vi kan levere frokost til 120 fra januar.")
    shoot(staff, "admin-notice-interests")
    with staff.expect_download() as download:
        staff.get_by_role("link", name=re.compile("CSV")).first.click()
    assert "Grønt Køkken" in download.value.path().read_text(encoding="utf-8-sig")

    # Roskilde's contact person sees none of it.
    other = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(other, cast.roskilde_staff)
    other.goto("/admin/procurement/notice/")
    expect(other.locator("#content")).not_to_contain_text("Kantinedrift på Lejre Rådhus")

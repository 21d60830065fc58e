"""Issue 12's whole loop for a contact person in Chromium: create an agreement with a commitment,
give it a follow-up group, record a meeting and open its pack, report a quarter, and see the
quarter in the staff overview; Roskilde's staff see none of it."""

import pytest

from kit.staff import CONTACT_PERSON
from partnerships.models import Agreement, Meeting, Result
from tests.browser.conftest import expect, requires_chromium
from tests.browser.test_admin_queue import log_in
from tests.conftest import make_user

pytestmark = [requires_chromium, pytest.mark.browser]


def save(page):
    with page.expect_navigation():
        page.locator("input[name=_save]").click()


def test_a_contact_person_keeps_an_agreement_its_group_and_a_quarter_and_sees_it_in_the_overview(
    new_context, cast
):
    staff = make_user(
        username="roskilde-partnerskab",
        email="partnerskab@roskilde.example",
        first_name="Rosa",
        is_staff=True,
        municipality=cast.roskilde,
        groups=[CONTACT_PERSON],
    )
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, staff)

    page.goto("/admin/partnerships/agreement/add/")
    page.locator("#id_kind").select_option("purchase")
    page.locator("#id_title").fill("Frivillig indkøbsaftale om fleksjob")
    page.locator("#id_purpose").fill("Flere fleksjob i socialøkonomiske virksomheder.")
    page.locator("#id_start").fill("01.01.2026")
    page.locator("#id_end").fill("31.12.2027")
    page.locator("#commitments-group .add-row a").click()
    page.locator("#id_commitments-0-position_kind").select_option("flexjob")
    page.locator("#id_commitments-0-target").fill("30")
    save(page)
    expect(page.locator(".messagelist")).to_be_visible()
    agreement = Agreement.objects.get(title="Frivillig indkøbsaftale om fleksjob")
    assert agreement.municipality == cast.roskilde
    assert agreement.commitments.get().target == 30

    page.goto("/admin/partnerships/followupgroup/add/")
    page.locator("#id_name").fill("Følgegruppen for indkøbsaftalen")
    page.locator("#id_chair").fill("Borgmesteren")
    page.locator("#id_agreement").select_option(str(agreement.pk))
    save(page)
    group = agreement.follow_up_groups.get()

    page.goto("/admin/partnerships/meeting/add/")
    page.locator("#id_group").select_option(str(group.pk))
    page.locator("#id_starts_at_0").fill("15.03.2026")
    page.locator("#id_starts_at_1").fill("10:00")
    page.locator("#id_place").fill("Roskilde Rådhus")
    page.locator("#id_agenda").fill("Status på fleksjob\nNæste kvartal")
    save(page)
    meeting = Meeting.objects.get(group=group)
    page.goto(f"/admin/partnerships/meeting/{meeting.pk}/pack/")
    expect(page.locator("#content")).to_contain_text("Status på fleksjob")

    page.goto("/admin/partnerships/result/add/")
    page.locator("#id_commitment").select_option(str(agreement.commitments.get().pk))
    page.locator("#id_year").fill("2026")
    page.locator("#id_quarter").fill("1")
    page.locator("#id_count").fill("4")
    save(page)
    assert Result.objects.get(commitment__agreement=agreement).count == 4

    page.goto("/admin/partnerships/agreement/overview/")
    overview = page.locator("#content")
    expect(overview).to_contain_text("Fleksjob")
    expect(overview).to_contain_text("4")
    expect(overview).to_contain_text("30")

    other = new_context(viewport={"width": 1280, "height": 900}).new_page()
    lejre = make_user(
        username="lejre-partnerskab",
        email="partnerskab@lejre.example",
        is_staff=True,
        municipality=cast.lejre,
        groups=[CONTACT_PERSON],
    )
    log_in(other, lejre)
    other.goto("/admin/partnerships/agreement/")
    expect(other.locator("#content")).not_to_contain_text("Frivillig indkøbsaftale om fleksjob")
    response = other.goto(f"/admin/partnerships/meeting/{meeting.pk}/pack/")
    assert response.status == 404

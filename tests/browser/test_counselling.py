"""Startup help end to end in Chromium: a visitor asks for help with a file attached, a Roskilde
contact person triages the case and writes to them, and the visitor answers from their private
page. axe-core runs on every public page of the flow, in both languages."""

import pytest

from counselling.models import Case, CaseAttachment, CaseEvent, Status
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.conftest import PASSWORD
from tests.counselling.factories import make_case, pdf_bytes

pytestmark = [requires_chromium, pytest.mark.browser]

#: The admin's triage pages build on Django's admin markup, which is not ours to fix: they fail on
#: these impacts only; the public pages on any violation.
SERIOUS = {"serious", "critical"}


def assert_accessible(page, where):
    assert_no_violations(page, where)


def log_in_to_admin(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()


def test_a_request_is_sent_triaged_answered_and_replied_to(new_context, cast, tmp_path):
    visitor = new_context().new_page()
    console_errors = []
    visitor.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    # The visitor starts from Roskilde's page; the form comes with Roskilde chosen.
    visitor.goto("/kommuner/roskilde/")
    with visitor.expect_navigation():
        visitor.locator("main a[href*='/start/']").first.click()
    expect(visitor.locator("#id_municipality")).to_have_value(cast.roskilde.slug)
    assert_accessible(visitor, "the intake form")

    visitor.locator("#id_applicant_name").fill("Rikke <b>Holm</b>")
    visitor.locator("#id_applicant_email").fill("rikke@social-kaffe.example")
    visitor.locator("#id_organisation").fill("Social Kaffe")
    visitor.locator("input[name=kind][value=new_enterprise]").check()
    visitor.locator("input[name=stage][value=planning]").check()
    visitor.locator("#id_description").fill("En café med job til unge i fleksjob. <script>alert(1)</script>")
    visitor.locator("input[name=needs][value=funding]").check()
    visitor.locator("input[name=needs][value=mentor]").check()
    visitor.locator("input[name=preferred_contact][value=email]").check()
    plan = tmp_path / "forretningsplan.pdf"
    plan.write_bytes(pdf_bytes())
    visitor.locator("#id_attachments").set_input_files(str(plan))

    # Without consent nothing is stored, and the error summary says why.
    with visitor.expect_navigation():
        visitor.locator("main form [type=submit]").click()
    expect(visitor.locator("#id_consent")).to_have_attribute("aria-invalid", "true")
    assert not Case.objects.exists()
    assert_accessible(visitor, "the intake form with errors")
    console_errors.clear()  # the form with errors comes back as a 400, which Chromium logs

    visitor.locator("#id_attachments").set_input_files(str(plan))  # files must be chosen again
    visitor.locator("#id_consent").check()
    with visitor.expect_navigation():
        visitor.locator("main form [type=submit]").click()
    case = Case.objects.get()
    assert case.municipality == cast.roskilde
    assert CaseAttachment.objects.filter(case=case, name="forretningsplan.pdf").exists()
    expect(visitor.locator("main")).to_contain_text(case.reference)
    expect(visitor.locator("main")).to_contain_text("Rikke <b>Holm</b>")  # shown as text
    assert_accessible(visitor, "the receipt")
    with visitor.expect_navigation():
        visitor.locator("main a[href*='/sag/']:not([download])").first.click()
    private_url = visitor.url
    assert case.access_token in private_url
    assert_accessible(visitor, "the private page")

    # The contact person finds it in the queue, takes it, moves it on and writes to the visitor.
    staff = new_context().new_page()
    log_in_to_admin(staff, cast.roskilde_staff)
    staff.goto("/admin/counselling/case/")
    with staff.expect_navigation():
        staff.locator("#result_list").get_by_role("link", name=case.reference).click()
    expect(staff.locator("#content")).to_contain_text("forretningsplan.pdf")
    staff.locator("#step-assign summary").click()  # the steps after the answer are folded
    with staff.expect_navigation():
        staff.locator("input[name=to_me]").click()
    case.refresh_from_db()
    assert case.assignee == cast.roskilde_staff
    for status in (Status.TRIAGE, Status.IN_PROGRESS, Status.WAITING):
        staff.locator("#step-status summary").click()
        staff.locator("#id_status_status").select_option(status.value)
        with staff.expect_navigation():
            staff.locator("#id_status_status").locator("xpath=ancestor::form").locator(
                "[type=submit]"
            ).click()
        case.refresh_from_db()
        assert case.status == status
    staff.locator("#id_message_text").fill("Tak for din henvendelse. Kan du sende jeres budget?")
    with staff.expect_navigation():
        staff.locator("#id_message_text").locator("xpath=ancestor::form").locator(
            "[type=submit].default"
        ).click()
    assert case.events.filter(kind=CaseEvent.Kind.MESSAGE_OUT).exists()

    # The visitor sees the message on their page and answers with the budget.
    visitor.goto(private_url)
    expect(visitor.locator("main")).to_contain_text("Kan du sende jeres budget?")
    budget = tmp_path / "budget.pdf"
    budget.write_bytes(pdf_bytes())
    visitor.locator("main form textarea").fill("Her er budgettet.")
    visitor.locator("main form input[type=file]").set_input_files(str(budget))
    with visitor.expect_navigation():
        visitor.locator("main form textarea").locator("xpath=ancestor::form").locator("[type=submit]").click()
    expect(visitor.locator("main")).to_contain_text("Her er budgettet.")
    assert_accessible(visitor, "the private page after answering")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # the answer took it off "waiting"
    assert case.attachments.count() == 2

    # A copy of their data, behind a link that expires.
    with visitor.expect_navigation():
        visitor.locator("form[action*='/kopi/'] [type=submit]").click()
    assert_accessible(visitor, "the data copy page")
    with visitor.expect_download() as download:
        visitor.locator("main a[href*='/kopi/']").click()
    assert download.value.suggested_filename == f"{case.reference}.json"

    # The contact person sees the answer on the timeline.
    staff.reload()
    expect(staff.locator("#content")).to_contain_text("Her er budgettet.")
    expect(staff.locator("#content")).to_contain_text("budget.pdf")
    assert not console_errors, console_errors


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["da", "en"])
def test_the_private_page_fits_320_px(new_context, cast, prefix):
    case = make_case(cast.roskilde)
    page = new_context(viewport={"width": 320, "height": 700}).new_page()
    page.goto(f"{prefix}/sag/{case.access_token}/")
    expect(page.locator("h1")).to_contain_text(case.reference)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, f"the private page at {prefix or '/'}")


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["da", "en"])
def test_without_javascript_a_request_is_refused_then_sent_and_answered(new_context, cast, prefix):
    # (Playwright cannot evaluate scripts in a page without JavaScript: only the page itself is used.)
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{prefix}/start/?kommune=roskilde")
    page.locator("#id_applicant_name").fill("Mette Jensen")
    page.locator("#id_applicant_email").fill("mette@example.dk")
    page.locator("input[name=kind][value=branch]").check()
    page.locator("input[name=stage][value=idea]").check()
    page.locator("#id_description").fill("En filial af vores værksted.")
    page.locator("input[name=preferred_contact][value=meeting]").check()
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    expect(page.locator("#id_consent")).to_have_attribute("aria-invalid", "true")
    assert not Case.objects.exists()

    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert Case.objects.exists(), page.locator("main").inner_text()
    case = Case.objects.get()
    expect(page.locator("main")).to_contain_text(case.reference)
    with page.expect_navigation():
        page.locator("main a[href*='/sag/']:not([download])").first.click()
    page.locator("main form textarea").fill("Vi kan også mødes.")
    with page.expect_navigation():
        page.locator("main form textarea").locator("xpath=ancestor::form").locator("[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Vi kan også mødes.")
    assert case.events.filter(kind=CaseEvent.Kind.MESSAGE_IN).exists()


def test_the_triage_pages_of_the_admin_pass_axe(new_context, cast):
    """The custom admin pages a contact person works in: the index with its overview, the queue,
    the case page with a full timeline and a form error, its history and the access log."""
    from counselling import services
    from tests.counselling.factories import checked, upload

    staff = cast.roskilde_staff
    case = make_case(cast.roskilde, attachments=checked(upload("plan.pdf")))
    services.assign(case, staff, by=staff, expected_assignee_id=None)
    services.change_status(case, Status.TRIAGE, by=staff, expected_status=Status.NEW)
    services.add_note(case, by=staff, text="Ring tirsdag.")
    services.send_message(case, by=staff, text="Kan du sende budgettet?")
    services.reply(case, text="Her er det.", attachments=checked(upload("budget.pdf")))
    services.refer(case, by=staff, partner="jobcenter", text="Løntilskud")
    page = new_context().new_page()
    log_in_to_admin(page, staff)

    for prefix in ("", "/en"):
        for path in (
            "/admin/",
            "/admin/counselling/case/",
            "/admin/counselling/case/?overdue=yes",
            f"/admin/counselling/case/{case.pk}/change/",
            f"/admin/counselling/case/{case.pk}/history/",
        ):
            page.goto(prefix + path)
            assert_no_violations(page, prefix + path, impacts=SERIOUS)
    # A step with an error re-renders the case page with the message beside the field.
    page.goto(f"/admin/counselling/case/{case.pk}/change/")
    page.locator("#id_message_text").fill("")
    with page.expect_navigation():
        page.locator("#id_message_text").locator("xpath=ancestor::form").locator("[type=submit]").click()
    assert_no_violations(page, "the case page with an error", impacts=SERIOUS)

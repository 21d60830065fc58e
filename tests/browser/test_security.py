"""Pages load nothing from other hosts, and the Content Security Policy holds without breaking them."""

import pytest

from tests.browser.conftest import PUBLIC_PAGES, is_local, open_public_page, public_pages, requires_chromium
from tests.conftest import PASSWORD

pytestmark = [requires_chromium, pytest.mark.browser]


def test_no_public_page_requests_anything_from_another_host(page, cast):
    # One walk through all pages rather than a test each: several times faster, and it names every
    # offending page and URL at once.
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    foreign = {}
    for name, path, submit_empty in PUBLIC_PAGES:
        requested.clear()
        # "load" comes after the stylesheets, images and deferred scripts have loaded.
        open_public_page(page, path, cast, submit_empty)
        assert requested, f"no request recorded for {name}"
        offenders = [url for url in requested if not is_local(url)]
        if offenders:
            foreign[f"{name} ({path})"] = offenders

    assert foreign == {}


# The browser reports a blocked inline script or style as a console error and as a
# `securitypolicyviolation` event; an init script (which CSP does not govern) logs the events too.
REPORT_CSP_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('securitypolicyviolation: ' + event.violatedDirective
    + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
});
"""


def csp_console(page):
    """The console errors the page reports about the content security policy, as they come."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    return errors


def csp_errors(errors):
    return [text for text in errors if "securitypolicyviolation" in text or "Content Security Policy" in text]


@pytest.mark.parametrize("path, submit_empty", public_pages())
def test_the_content_security_policy_forbids_inline_code_and_the_page_breaks_none_of_it(
    page, cast, path, submit_empty
):
    errors = csp_console(page)

    response = open_public_page(page, path, cast, submit_empty)
    page.wait_for_load_state("networkidle")

    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert csp_errors(errors) == []


#: The admin pages staff work in, as a Roskilde contact person sees them.
ADMIN_PAGES = [
    "/admin/",
    "/admin/counselling/case/",
    "/admin/counselling/replytemplate/",
    "/admin/portal/contactperson/",
    "/admin/portal/municipality/",
    "/admin/enterprises/enterprise/",
    "/admin/outbox/notification/",
    "/admin/procurement/notice/",
    "/admin/procurement/notice/add/",
    "/admin/procurement/interest/",
    "/admin/procurement/award/add/",
    "/admin/password_change/",
]


def test_no_admin_page_breaks_the_content_security_policy(page, cast):
    errors = csp_console(page)
    page.goto("/admin/login/")
    page.locator("#id_username").fill(cast.roskilde_staff.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()

    for path in ADMIN_PAGES:
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "'unsafe-inline'" not in response.headers.get("content-security-policy", ""), path
    assert csp_errors(errors) == []

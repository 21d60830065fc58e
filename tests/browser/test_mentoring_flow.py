"""Issue 13's whole loop in Chromium, through the real pages: a representative asks for a mentor,
a Roskilde contact person proposes the suggested mentor in the admin, the mentor accepts, the
match is started and completed, and both sides give their feedback, each step with its mail in
the outbox. Once at 1280 px, once at 360 px with JavaScript off on the public and account side;
screenshots of the key pages go to /tmp/mentorshots/."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import formats, translation

from mentoring.models import Feedback, Match, MentorRequest
from outbox.models import Notification
from tests.browser.conftest import expect, requires_chromium
from tests.browser.test_admin_queue import log_in as log_in_to_admin
from tests.conftest import PASSWORD, make_user
from tests.mentoring.factories import make_offer

pytestmark = [requires_chromium, pytest.mark.browser]

SHOTS = Path("/tmp/mentorshots")


@pytest.fixture
def mumm(cast):
    """Restaurant Mumm's published offer in Roskilde: kitchen routines and menu, one place free."""
    # The live server's database is flushed between tests, the vocabulary's migration with it.
    importlib.import_module("mentoring.migrations.0002_expertise_areas").load(apps, None)
    mentor = make_user(
        username="jonas-baek", email="jonas@restaurant-mumm.example", first_name="Jonas", last_name="Bæk"
    )
    return make_offer(
        mentor=mentor,
        municipality=cast.roskilde,
        slug="restaurant-mumm",
        mentor_name="Jonas Bæk",
        mentor_title="Køkkenchef",
        company="Restaurant Mumm",
        headline="Køkkenrutiner, menukort og køkkenledelse",
        description="Vi mødes i jeres køkken og i vores.",
        expertise=["koekken-og-produktion", "menu-og-sortiment"],
        sectors=["food"],
        capacity=1,
        format_on_site=True,
    )


def log_in(page, user):
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def submit(page, button):
    with page.expect_navigation():
        button.click()


def shoot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def outbox():
    """The mail queued so far, as (template, recipient) pairs in the order queued."""
    return [(n.template, n.recipient_email) for n in Notification.objects.order_by("pk")]


def queued_since(before):
    """The mail queued since the outbox held `before` rows, sorted."""
    return sorted(outbox()[len(before) :])


def danish_date(day):
    with translation.override("da"):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.mark.parametrize(
    "width, javascript", [pytest.param(1280, True, id="1280-js"), pytest.param(360, False, id="360-no-js")]
)
def test_a_request_becomes_a_proposal_an_accepted_match_and_a_completed_one_with_feedback(
    new_context, cast, mumm, width, javascript
):
    viewport = {"width": width, "height": 900}
    mentee, mentor, staff = cast.representative, mumm.mentor, cast.roskilde_staff
    # The request has no contact person of its own until Rosa proposes a mentor: from then on the
    # mail about it goes to her alone, not to every Roskilde contact person.
    staff_addresses = [staff.email]
    assert staff.email in staff_addresses

    # 1. The representative asks for a mentor and sees the request on their mentoring page.
    asking = new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    log_in(asking, mentee)
    asking.goto("/konto/mentorer/anmodning/ny/")
    asking.locator("#id_municipality").select_option(str(cast.roskilde.pk))
    asking.get_by_label("Køkken- og produktionsrutiner").check()
    asking.get_by_label("Menu og sortiment").check()
    asking.get_by_label("Ledelse").check()
    asking.locator("#id_goals").fill("Faste rutiner i køkkenet og et menukort, der kan betale sig.")
    asking.locator("#id_description").fill("Vi er et socialøkonomisk spisested med seks ansatte i fleksjob.")
    shoot(asking, "1-request-form", width)
    submit(asking, asking.get_by_role("button", name="Send anmodningen"))

    expect(asking.locator(".messages")).to_contain_text("Roskilde")
    expect(asking.locator("#requests-heading ~ ul")).to_contain_text("Køkken- og produktionsrutiner")
    mentor_request = MentorRequest.objects.get(mentee_user=mentee)
    assert mentor_request.municipality == cast.roskilde
    assert sorted(mentor_request.needs.values_list("slug", flat=True)) == [
        "koekken-og-produktion",
        "ledelse",
        "menu-og-sortiment",
    ]
    assert outbox() == []

    # 2. The contact person finds it waiting for a match, sees the suggestion and proposes it.
    admin = new_context(viewport=viewport).new_page()
    log_in_to_admin(admin, staff)
    admin.goto("/admin/mentoring/mentorrequest/")
    submit(admin, admin.locator("#result_list").get_by_role("link", name=mentee.get_full_name()))
    suggestions = admin.locator(".mentoring-suggestions")
    expect(suggestions).to_contain_text("Jonas Bæk, Restaurant Mumm")
    expect(suggestions.locator(".help").first).to_contain_text(
        "2 af 3 behov: køkken- og produktionsrutiner, menu og sortiment; samme kommune; 1 ledig plads"
    )
    admin.locator(f"#id_message_{mumm.pk}").fill("I to laver begge mad med mening.")
    shoot(admin, "2-admin-request-suggestions", width)
    submit(admin, suggestions.get_by_role("button", name="Foreslå Jonas Bæk"))

    expect(admin.locator(".messagelist")).to_contain_text("Jonas Bæk")
    match = Match.objects.get(request=mentor_request)
    assert match.status == Match.Status.PROPOSED
    assert match.proposed_by == staff
    assert outbox() == [("mentoring_proposal", mentor.email)]

    # 3. The mentor sees the proposal with its answer-by date, opens it and accepts.
    mentoring = new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    log_in(mentoring, mentor)
    mentoring.goto("/konto/mentorer/")
    proposal = mentoring.locator("main li.card", has_text=mentee.get_full_name())
    expect(proposal).to_contain_text("Foreslået")
    expect(proposal).to_contain_text(f"Svar senest {danish_date(match.answer_due)}")
    shoot(mentoring, "3-mentor-proposal-list", width)
    submit(mentoring, proposal.get_by_role("link"))
    message = mentoring.locator("main dt", has_text="Besked fra kontaktpersonen").locator("+ dd")
    expect(message).to_have_text("I to laver begge mad med mening.")
    expect(mentoring.locator("main")).to_contain_text("Faste rutiner i køkkenet")
    shoot(mentoring, "3-mentor-proposal", width)
    sent = outbox()
    submit(mentoring, mentoring.get_by_role("button", name="Accepter mentee"))

    expect(mentoring.locator(".messages")).to_contain_text("Du har accepteret forløbet.")
    expect(mentoring.locator("main")).to_contain_text(mentee.email)
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    assert queued_since(sent) == [("mentoring_accepted", mentee.email)] + [
        ("mentoring_staff_update", address) for address in staff_addresses
    ]

    # 4. The mentor marks it started after the first meeting, the mentee marks it completed.
    sent = outbox()
    submit(mentoring, mentoring.get_by_role("button", name="Vi er gået i gang"))
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert queued_since(sent) == [("mentoring_started", mentee.email)]

    asking.goto("/konto/mentorer/")
    submit(asking, asking.locator("main li.card", has_text="Restaurant Mumm").get_by_role("link"))
    sent = outbox()
    submit(asking, asking.get_by_role("button", name="Forløbet er afsluttet"))
    expect(asking.locator(".messages")).to_contain_text("Forløbet er afsluttet")
    match.refresh_from_db()
    assert match.status == Match.Status.COMPLETED
    assert match.request.status == MentorRequest.Status.CLOSED
    assert queued_since(sent) == sorted(
        [("mentoring_completed", mentor.email), ("mentoring_completed", mentee.email)]
        + [("mentoring_staff_update", address) for address in staff_addresses]
    )

    # 5. Both give their feedback, each on their own match page.
    sent = outbox()
    asking.locator("[name=feedback-rating][value='5']").check()
    asking.locator("#id_feedback-comment").fill("Vores køkken kører nu efter faste rutiner.")
    submit(asking, asking.get_by_role("button", name="Send din feedback"))
    expect(asking.locator(".messages")).to_contain_text("Tak for din feedback")

    mentoring.reload()
    mentoring.locator("[name=feedback-rating][value='4']").check()
    mentoring.locator("#id_feedback-comment").fill("Et engageret hold, der tog rådene til sig.")
    submit(mentoring, mentoring.get_by_role("button", name="Send din feedback"))
    expect(mentoring.locator("main")).to_contain_text("Du gav 4 ud af 5")
    expect(mentoring.locator("main")).to_contain_text("Den anden part har givet sin feedback.")
    shoot(mentoring, "4-completed-with-feedback", width)

    assert sorted(Feedback.objects.filter(match=match).values_list("side", "rating", "comment")) == [
        ("mentee", 5, "Vores køkken kører nu efter faste rutiner."),
        ("mentor", 4, "Et engageret hold, der tog rådene til sig."),
    ]
    match.refresh_from_db()
    assert match.status == Match.Status.COMPLETED
    assert queued_since(sent) == []  # feedback queues no mail

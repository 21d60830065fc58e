"""The waiting list from the visitors' side, without JavaScript, at 1280 and 360 px: a visitor
takes the one place of an event, a second is wait-listed, the first cancels from the link in their
mail, the second is offered the place and takes it. Screenshots to /tmp/evshots/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from events.models import Event, Registration
from outbox.models import Notification
from tests.browser.conftest import expect, requires_chromium

pytestmark = [requires_chromium, pytest.mark.browser]

SHOTS = Path("/tmp/evshots")


@pytest.fixture
def workshop(cast):
    starts = (timezone.now() + datetime.timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    return Event.objects.create(
        municipality=cast.roskilde,
        kind=Event.Kind.WORKSHOP,
        title="Workshop om finansiering",
        slug="workshop-om-finansiering",
        summary="Den Sociale Kapitalfond og Det Sociale Vækstprogram fortæller om finansiering.",
        programme="09.30 Velkommen\n10.00 Den Sociale Kapitalfond\n11.00 Det Sociale Vækstprogram",
        target_audience="Socialøkonomiske iværksættere",
        organiser="Roskilde Kommune",
        contact_name="Mette Hansen",
        contact_email="mette@roskilde.example",
        place_name="Roskilde Bibliotek",
        address="Dronning Margrethes Vej 14, 4000 Roskilde",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=1,
        status=Event.Status.PUBLISHED,
    )


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def register(page, *, name, email):
    page.goto("/arrangementer/")
    page.get_by_role("link", name="Workshop om finansiering").click()
    expect(page.locator("h1")).to_have_text("Workshop om finansiering")
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Organisation").fill("INSP!")


def mail_path(template, email):
    """The private link in the newest mail of `template` to `email` (the outbox row's context)."""
    return Notification.objects.filter(template=template, recipient_email=email).latest("pk").context["path"]


@pytest.mark.parametrize("width", [1280, 360])
def test_a_freed_place_goes_to_the_first_on_the_waiting_list(new_context, workshop, width):
    viewport = {"width": width, "height": 900}
    anna = new_context(viewport=viewport, java_script_enabled=False).new_page()
    bo = new_context(viewport=viewport, java_script_enabled=False).new_page()

    # Anna takes the one place.
    register(anna, name="Anna Berg", email="anna@example.dk")
    expect(anna.locator(".badge")).to_have_text("1 ledig plads")
    assert no_horizontal_scroll(anna)
    shoot(anna, f"event-{width}")
    anna.get_by_role("button", name="Tilmeld").click()
    expect(anna.locator("h1")).to_have_text("Din tilmelding")
    expect(anna.locator(".font-lead")).to_have_text("Du har fået en plads.")
    expect(anna.get_by_role("link", name="Føj til din kalender (.ics)")).to_be_visible()
    shoot(anna, f"registered-{width}")

    # The event is full: Bo goes on the waiting list.
    anna.goto("/arrangementer/")
    expect(anna.locator(".badge").first).to_have_text("Fuldt booket – venteliste")
    shoot(anna, f"list-full-{width}")
    register(bo, name="Bo Nielsen", email="bo@example.dk")
    bo.get_by_role("button", name="Skriv mig på ventelisten").click()
    expect(bo.locator(".font-lead")).to_have_text("Du er nummer 1 på ventelisten.")
    shoot(bo, f"waiting-{width}")

    # Anna cannot come after all, and cancels from the link in her mail.
    anna.goto(mail_path("events_registered", "anna@example.dk"))
    anna.get_by_role("button", name="Jeg kan ikke komme").click()
    expect(anna.locator(".font-lead")).to_have_text("Din tilmelding er annulleret.")
    shoot(anna, f"cancelled-{width}")

    # Bo is offered the place by mail, and takes it.
    bo.goto(mail_path("events_offered", "bo@example.dk"))
    expect(bo.locator(".font-lead")).to_have_text("Der er blevet en plads ledig, og den er tilbudt dig.")
    assert no_horizontal_scroll(bo)
    shoot(bo, f"offered-{width}")
    bo.get_by_role("button", name="Tag pladsen").click()
    expect(bo.locator(".font-lead")).to_have_text("Du har fået en plads.")
    shoot(bo, f"took-the-place-{width}")

    assert sorted(workshop.registrations.values_list("email", "status")) == [
        ("anna@example.dk", Registration.Status.CANCELLED),
        ("bo@example.dk", Registration.Status.CONFIRMED),
    ]

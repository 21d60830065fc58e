"""Contact persons review offers, keep requests and broker matches of their municipality;
administrators may also delete them. As migration 0003_roles granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

MODELS = ("mentoroffer", "offersector", "mentorrequest", "match", "matchevent", "checkin", "feedback")

KEEP = [f"mentoring.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]

ROLES = {
    CONTACT_PERSON: KEEP,
    MUNICIPAL_ADMIN: [*KEEP, *[f"mentoring.delete_{model}" for model in MODELS]],
}

"""Contact persons keep their municipality's events and registrations; administrators may also
delete them. As migration 0002_roles granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

MODELS = ("event", "registration")

KEEP = [f"events.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]

ROLES = {
    CONTACT_PERSON: KEEP,
    MUNICIPAL_ADMIN: [*KEEP, *[f"events.delete_{model}" for model in MODELS]],
}

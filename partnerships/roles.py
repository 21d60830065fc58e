"""Contact persons keep their municipality's agreements, commitments, results and follow-up
groups; administrators may also delete them. As migration 0002_roles granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

MODELS = (
    "organisation",
    "agreement",
    "party",
    "productionunit",
    "commitment",
    "result",
    "followupgroup",
    "member",
    "meeting",
    "action",
)

KEEP = [f"partnerships.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]

ROLES = {
    CONTACT_PERSON: KEEP,
    MUNICIPAL_ADMIN: [*KEEP, *[f"partnerships.delete_{model}" for model in MODELS]],
}

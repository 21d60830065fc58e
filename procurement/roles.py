"""Contact persons publish their municipality's notices, review companies' offers, see who is
interested and record awards and the follow-up of social clauses; administrators may also delete.
As migration 0003_roles granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

MODELS = ("notice", "lot", "noticedocument", "award", "clausefollowup")

PUBLISH = [
    *[f"procurement.{action}_{model}" for model in MODELS for action in ("view", "add", "change")],
    "procurement.view_interest",
    "procurement.view_noticechange",
]

ROLES = {
    CONTACT_PERSON: PUBLISH,
    MUNICIPAL_ADMIN: [*PUBLISH, *[f"procurement.delete_{model}" for model in MODELS]],
}

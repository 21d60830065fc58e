"""Contact persons triage their municipality's cases; administrators may also reopen closed cases
and read the access log. As migration 0002_roles granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

TRIAGE = [
    "counselling.view_case",
    "counselling.change_case",
    "counselling.export_case",
    "counselling.view_caseevent",
    "counselling.view_caseattachment",
]

ROLES = {
    CONTACT_PERSON: TRIAGE,
    MUNICIPAL_ADMIN: [*TRIAGE, "counselling.reopen_case", "counselling.view_caseaccess"],
}

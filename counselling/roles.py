"""Contact persons triage their municipality's cases; administrators may also reopen closed cases
and read the access log. As migrations 0002_roles and 0005 granted them: administrators write
their municipality's standard replies, contact persons use them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

TRIAGE = [
    "counselling.view_case",
    "counselling.change_case",
    "counselling.export_case",
    "counselling.view_caseevent",
    "counselling.view_caseattachment",
    "counselling.view_replytemplate",
]

REPLY_TEMPLATES = [f"counselling.{action}_replytemplate" for action in ("add", "change", "delete")]

ROLES = {
    CONTACT_PERSON: TRIAGE,
    MUNICIPAL_ADMIN: [*TRIAGE, "counselling.reopen_case", "counselling.view_caseaccess", *REPLY_TEMPLATES],
}

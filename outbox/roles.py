"""Staff see their municipality's outbox (and can send a row again); only superusers see the rest.
As portal's migration 0004_outbox_permissions granted it, on the model then in portal, and outbox's
0001_initial carried over to this app."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

ROLES = {
    CONTACT_PERSON: ["outbox.view_notification"],
    MUNICIPAL_ADMIN: ["outbox.view_notification"],
}

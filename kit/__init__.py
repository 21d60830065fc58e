"""The shared kit: what every app of the portal builds on, written once.

It sits at the bottom of the dependency graph (import-linter keeps it there): the kit imports
Django and the libraries, never `portal`, `enterprises` or the other apps, and reaches their
models only through settings (`AUTH_USER_MODEL`) or the model it is handed. It is an app of its
own rather than `portal/lib/` so that the arrow "every app may use the kit, the kit uses no app"
is one rule about one package, and `portal` is left with the entrance and the settings.

Modules:
    admin        the municipality-scoped admin base, read-only and superuser-only mixins
    ratelimits   named, atomic rate limits
    uploads      content sniffing, size and format table, multiple-file field, storages
    transitions  status tables with gated edges and guarded updates
    review       the review-and-publish workflow (draft, pending, published, rejected, hidden)
    staff        who is staff of a municipality, and the roles' permissions
    text, urls   Danish-aware slugs, absolute URLs
"""

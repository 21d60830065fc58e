"""The shared kit: what every app of the portal builds on, written once.

It sits at the bottom of the dependency graph (import-linter keeps it there): the kit imports
Django and the libraries, never `portal`, `enterprises` or the other apps, and reaches their
models only through settings (`AUTH_USER_MODEL`) or the model it is handed. It is an app of its
own rather than `portal/lib/` so that the arrow "every app may use the kit, the kit uses no app"
is one rule about one package, and `portal` is left with the entrance and the settings.

Modules:
    scoping        `visible_to(user)`: the queryset rule every door of a municipality's data reads through
    admin          the municipality-scoped admin base, read-only and superuser-only mixins, the scoped site
    admin_review   the admin's review decisions (publish, reject, hide) with their pages as templates
    review         the review-and-publish workflow (draft, pending, published, rejected, hidden)
    transitions    status tables with gated edges and guarded updates
    staff          who is staff of a municipality, who administers it, and the roles' permissions
    ratelimits     named, atomic rate limits, with the shared 429 page (templates/too_many.html)
    http           the visitor's address behind proxies; the headers of a page behind a secret link
    middleware     one size limit for every request body, larger where uploads are expected
    uploads        content sniffing, the size and format table, the multiple-file field, storages,
                   pictures re-encoded without metadata, media serving
    exports        CSV exports: declared columns, escaped against formulas
    calendar       the head of an iCalendar file, the host in its UIDs, and the .ics response
    forms          the filter form of a public list (every filter optional, a bad value in words)
    refusals       `Refused`: a service's refusal, with its reason in words
    contributions  what each app adds to portal's pages, sitemaps and demo data
    demo           the demo loader base behind `manage.py load_demo`
    text, urls, validators
                   Danish-aware slugs and matching, absolute URLs, CVR numbers
"""

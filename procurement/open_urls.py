"""The open formats under /udbud/: Atom feeds, the iCalendar feed of deadlines, OCDS. A plain list
that procurement/urls.py includes, before the notice page's `<slug>/` (a notice slug is never
"feed": services.unique_slug keeps it free)."""

from django.urls import path

from procurement import feeds, open_views

urlpatterns = [
    path("feed/", feeds.NoticeFeed(), name="feed"),
    path("feed/kategori/<slug:slug>/", feeds.CategoryFeed(), name="feed_category"),
    path("feed/kommune/<slug:slug>/", feeds.MunicipalityFeed(), name="feed_municipality"),
    path("frister.ics", open_views.deadlines_ics, name="deadlines_ics"),
    path(
        "kommune/<slug:slug>/frister.ics",
        open_views.deadlines_ics_municipality,
        name="deadlines_ics_municipality",
    ),
    path("ocds.json", open_views.ocds_package, name="ocds_package"),
    path("<slug:slug>/ocds.json", open_views.ocds_release, name="ocds_release"),
]

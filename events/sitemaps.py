from django.contrib.sitemaps import Sitemap

from events.models import Event


class EventSitemap(Sitemap):
    """The published events, past ones too (they keep their summary), in Danish and under /en/."""

    changefreq = "weekly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at

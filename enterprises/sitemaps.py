from django.contrib.sitemaps import Sitemap

from enterprises.models import Enterprise


class EnterpriseSitemap(Sitemap):
    """The published profiles, in Danish and under /en/, each naming the other as an alternate."""

    changefreq = "weekly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Enterprise.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, enterprise):
        return enterprise.updated_at

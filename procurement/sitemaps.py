from django.contrib.sitemaps import Sitemap

from procurement.models import Notice


class NoticeSitemap(Sitemap):
    """The public notices, in Danish and under /en/, each naming the other as an alternate."""

    changefreq = "daily"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Notice.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, notice):
        return notice.updated_at

from django.contrib.sitemaps import Sitemap

from mentoring.models import MentorOffer


class OfferSitemap(Sitemap):
    """The published mentor offers, in Danish and under /en/, each naming the other as an alternate."""

    changefreq = "weekly"
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return MentorOffer.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, offer):
        return offer.updated_at

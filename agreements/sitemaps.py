"""sitemap.xml: every published record, in each of the site's languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Agreement, FocusArea, Mission, Source
from partnerships.models import Organization, Partnership, Person, Place


class PublishedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000
    model = None

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at


def sitemap_for(model_class):
    return type(f"{model_class.__name__}Sitemap", (PublishedSitemap,), {"model": model_class})


class FocusAreaSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return FocusArea.objects.order_by("pk")


class PageSitemap(Sitemap):
    """The list and picture pages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            "home",
            "partnerships:partnership-list",
            "agreements:agreement-list",
            "partnerships:place-list",
            "partnerships:organization-list",
            "partnerships:person-list",
            "partnerships:country-list",
            "agreements:focus-area-list",
            "agreements:source-list",
            "partnerships:partnership-map",
            "agreements:timeline",
            "agreements:network",
            "agreements:statistics",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "places": sitemap_for(Place),
    "organizations": sitemap_for(Organization),
    "people": sitemap_for(Person),
    "partnerships": sitemap_for(Partnership),
    "agreements": sitemap_for(Agreement),
    "missions": sitemap_for(Mission),
    "sources": sitemap_for(Source),
    "focus-areas": FocusAreaSitemap,
}

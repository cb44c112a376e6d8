"""Feeds, sitemap, robots.txt and the full data dump: the open-data URLs outside /api/."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from agreements import feeds, open_data
from agreements.sitemaps import SITEMAPS

app_name = "open-data"

urlpatterns = [
    path("feeds/agreements/", feeds.AgreementFeed(), name="agreement-feed"),
    path(
        "feeds/agreements/country/<str:code>/",
        feeds.CountryAgreementFeed(),
        name="country-agreement-feed",
    ),
    path(
        "feeds/agreements/focus/<slug:slug>/",
        feeds.FocusAreaAgreementFeed(),
        name="focus-area-agreement-feed",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", open_data.robots_txt, name="robots"),
    path("data/latest.json", open_data.latest_dump, name="latest-dump"),
]

"""Feeds, sitemap, robots.txt and the full data dump: the open-data URLs outside /api/."""

app_name = "open-data"

urlpatterns = []

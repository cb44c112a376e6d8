"""Root URL configuration: the project package wires both apps together.

Public pages sit under a language prefix (/de/, /ja/; English has none) so that
a shared link opens in the language it was sent in.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from agreements import views as agreement_views
from partnerships import views

admin.site.site_header = _("Partnership Directory: curation")
admin.site.site_title = _("Partnership Directory admin")
admin.site.index_title = _("Curate the directory")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("map/world.svg", views.world_basemap, name="world-basemap"),
    # The assistant's pages sit in the admin's path, behind its sign-in.
    path(f"{settings.ADMIN_URL}assistant/", include("assistant.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("agreements.api.urls")),
    path("", include("agreements.open_data_urls")),
]
urlpatterns += i18n_patterns(
    path("", agreement_views.home, name="home"),
    path("search/", agreement_views.search, name="search"),
    path("", include("partnerships.public_urls")),
    path("", include("agreements.urls")),
    prefix_default_language=False,
)

# A lost database connection answers 503 with a plain page, anything else 500.
handler500 = "partnerships.outage.server_error"

"""Root URL configuration: the project package wires both apps together."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from agreements import views as agreement_views
from partnerships import views

admin.site.site_header = _("Partnership Directory: curation")
admin.site.site_title = _("Partnership Directory admin")
admin.site.index_title = _("Curate the directory")

urlpatterns = [
    path("", agreement_views.home, name="home"),
    path("search/", agreement_views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("partnerships.public_urls")),
    path("", include("agreements.urls")),
]

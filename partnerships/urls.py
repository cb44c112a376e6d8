"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from partnerships import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("partnerships.public_urls")),
    path("", include("agreements.urls")),
]

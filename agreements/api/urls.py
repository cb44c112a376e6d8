"""The read-only JSON API under /api/v1/ (Django REST framework + drf-spectacular)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agreements.api import views

app_name = "api"

router = DefaultRouter()
# One address per resource: no .json twins of every URL (?format=json still works).
router.include_format_suffixes = False
router.register("places", views.PlaceViewSet, basename="place")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("sources", views.SourceViewSet, basename="source")
router.register("missions", views.MissionViewSet, basename="mission")
router.register("focus-areas", views.FocusAreaViewSet, basename="focus-area")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, not inline, so the
    # page works under a Content-Security-Policy without 'unsafe-inline' scripts.
    path(
        "v1/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/", include(router.urls)),
]

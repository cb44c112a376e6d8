from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "partnerships/<slug:slug>/",
        views.PartnershipDetailView.as_view(),
        name="partnership-detail",
    ),
]

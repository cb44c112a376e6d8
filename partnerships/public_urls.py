from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("map/", views.PartnershipMapView.as_view(), name="partnership-map"),
    path(
        "partnerships/<slug:slug>/",
        views.PartnershipDetailView.as_view(),
        name="partnership-detail",
    ),
    path("places/", views.PlaceListView.as_view(), name="place-list"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
]

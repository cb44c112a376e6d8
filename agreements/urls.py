from django.urls import path

from agreements import pictures, views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("timeline/", pictures.TimelineView.as_view(), name="timeline"),
    path("network/", pictures.NetworkView.as_view(), name="network"),
    path("statistics/", pictures.StatisticsView.as_view(), name="statistics"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("focus-areas/", views.FocusAreaListView.as_view(), name="focus-area-list"),
    path("focus-areas/<slug:slug>/", views.FocusAreaDetailView.as_view(), name="focus-area-detail"),
]

from django.contrib import admin
from django.urls import path

from assistant import views

app_name = "assistant"

urlpatterns = [
    path("release/", admin.site.admin_view(views.release_import), name="release-import"),
]

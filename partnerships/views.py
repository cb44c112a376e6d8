from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from partnerships.models import Organization, Partnership, Person, Place


@require_safe
def home(request):
    """Show what the directory is and where to start."""
    return render(request, "home.html")


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


class VisibleRecordMixin:
    """Show published records to everybody and drafts to signed-in staff."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class PlaceDetailView(VisibleRecordMixin, DetailView):
    model = Place

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class OrganizationDetailView(VisibleRecordMixin, DetailView):
    model = Organization

    def get_queryset(self):
        return super().get_queryset().select_related("place", "parent")


class PersonDetailView(VisibleRecordMixin, DetailView):
    model = Person

    def get_queryset(self):
        return super().get_queryset().prefetch_related("positions__organization")


class PartnershipDetailView(VisibleRecordMixin, DetailView):
    model = Partnership

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members__place", "members__organization")

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from agreements.filters import AgreementFilter, SourceFilter, agreement_facets, source_facets
from agreements.models import Agreement, FocusArea, Mission, Source
from partnerships.listing import FilteredListView
from partnerships.models import Organization, Partnership, Person, Place
from partnerships.search import clean_query
from partnerships.views import (
    VisibleRecordMixin,
    country_rows,
    map_context,
    partnership_groups,
)

SEARCH_RESULTS_PER_KIND = 10


@require_safe
def home(request):
    """Say what the directory holds and offer ways in: search, countries, topics, latest."""
    context = {
        "counts": {
            "partnerships": Partnership.objects.published().count(),
            "agreements": Agreement.objects.published().count(),
            "places": Place.objects.published().count(),
            "organizations": Organization.objects.published().count(),
        },
        "latest": Agreement.objects.published().for_directory()[:6],
        "countries": sorted(country_rows(), key=lambda row: -row["places"])[:12],
        "focus_areas": FocusArea.objects.with_agreement_counts().filter(agreement_count__gt=0),
    }
    groups, truncated = partnership_groups(Partnership.objects.published())
    context.update(
        map_context(
            groups,
            dom_id="home-map",
            title=_("World map of the directory's partnerships"),
            caption=_("Every partnership in the directory, partner places joined by a line."),
            truncated=truncated,
        )
    )
    return render(request, "home.html", context)


@require_safe
def search(request):
    """Search every kind of record at once; each group links to its full filtered list."""
    query = clean_query(request.GET.get("q"))
    groups = []
    if query:
        for title, queryset, list_url in (
            (
                _("Places"),
                Place.objects.published().select_related("parent"),
                "partnerships:place-list",
            ),
            (
                _("Organizations"),
                Organization.objects.published(),
                "partnerships:organization-list",
            ),
            (_("People"), Person.objects.published(), "partnerships:person-list"),
            (_("Partnerships"), Partnership.objects.published(), "partnerships:partnership-list"),
            (_("Agreements"), Agreement.objects.published(), "agreements:agreement-list"),
        ):
            results = list(queryset.search(query)[: SEARCH_RESULTS_PER_KIND + 1])
            groups.append(
                {
                    "title": title,
                    "results": results[:SEARCH_RESULTS_PER_KIND],
                    "more": len(results) > SEARCH_RESULTS_PER_KIND,
                    "list_url": list_url,
                }
            )
    context = {
        "query": query,
        "groups": groups,
        "total": sum(len(group["results"]) for group in groups),
    }
    return render(request, "search.html", context)


class AgreementListView(FilteredListView):
    model = Agreement
    filterset_class = AgreementFilter

    def get_base_queryset(self):
        return Agreement.objects.published().for_directory()

    def get_facets(self, queryset):
        return agreement_facets(self.request, queryset)


class AgreementDetailView(VisibleRecordMixin, DetailView):
    model = Agreement


class SourceListView(FilteredListView):
    model = Source
    filterset_class = SourceFilter

    def get_base_queryset(self):
        return (
            Source.objects.published()
            .annotate(record_count=Count("citations"))
            .order_by("-published_on", "title", "pk")
        )

    def get_facets(self, queryset):
        return source_facets(self.request, queryset)


class SourceDetailView(VisibleRecordMixin, DetailView):
    model = Source

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = (
            Agreement.objects.published().filter(citations__source=self.object).for_directory()
        )
        return context


class MissionDetailView(VisibleRecordMixin, DetailView):
    model = Mission


class FocusAreaListView(ListView):
    model = FocusArea

    def get_queryset(self):
        return FocusArea.objects.with_agreement_counts().order_by("name")


class FocusAreaDetailView(DetailView):
    model = FocusArea

    def get_queryset(self):
        return FocusArea.objects.with_agreement_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = (
            Agreement.objects.published().filter(focus_areas=self.object).for_directory()[:25]
        )
        return context

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from agreements.filters import AgreementFilter, SourceFilter, agreement_facets, source_facets
from agreements.models import Agreement, AgreementParty, FocusArea, Mission, Source
from partnerships.exports import Column, member_countries, member_refs
from partnerships.listing import FilteredListView
from partnerships.models import Organization, Partnership, Person, Place
from partnerships.search import clean_query
from partnerships.views import (
    ListMapMixin,
    VisibleRecordMixin,
    country_rows,
    map_context,
    partnership_groups,
    place_groups,
)

SEARCH_RESULTS_PER_KIND = 10


HOME_MAP_LIMIT = 150


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
    # A taste of the map; the map page draws more, with filters.
    groups, truncated = partnership_groups(Partnership.objects.published(), HOME_MAP_LIMIT)
    context.update(
        map_context(
            groups,
            dom_id="home-map",
            title=_("World map of the directory's partnerships"),
            caption=_("Every partnership in the directory, partner places joined by a line."),
            truncated=truncated,
            limit=HOME_MAP_LIMIT,
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


class AgreementListView(ListMapMixin, FilteredListView):
    model = Agreement
    filterset_class = AgreementFilter
    export_name = "agreements"
    export_columns = (
        Column("title"),
        Column("title_original"),
        Column("kind"),
        Column("signed"),
        Column("signed_precision", lambda agreement: agreement.signed_on_precision or None),
        Column("valid_from", "valid_from_date"),
        Column("valid_until", "valid_until_date"),
        Column("validity"),
        Column("parties", lambda agreement: member_refs(agreement.parties.all())),
        Column("countries", lambda agreement: member_countries(agreement.parties.all())),
        Column(
            "focus_areas", lambda agreement: [area.name for area in agreement.focus_areas.all()]
        ),
    )

    def get_base_queryset(self):
        return Agreement.objects.published().for_directory()

    def get_facets(self, queryset):
        return agreement_facets(self.request, queryset)

    map_dom_id = "agreement-map"
    map_title = _("Map of these agreements")
    map_caption = _("The parties' places, joined by a line for each agreement.")

    def map_groups(self, queryset):
        return place_groups(queryset, "title", AgreementParty.objects, "agreement")


class AgreementDetailView(VisibleRecordMixin, DetailView):
    model = Agreement


class SourceListView(FilteredListView):
    model = Source
    filterset_class = SourceFilter
    export_name = "sources"
    export_columns = (
        Column("title"),
        Column("kind"),
        Column("publisher"),
        Column("published"),
        Column("language"),
        Column("source_url", "url"),  # where the source itself lives; "url" is its page here
    )

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

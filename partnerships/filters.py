import django_filters
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from partnerships.listing import SortFilter, YearFilter, choice_facet, decade_facet
from partnerships.models import (
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipStatus,
    Person,
    Place,
    PlaceKind,
    country_name,
    localized_country_choices,
)

# A list filtered by a search shows at most this many of the best matches.
SEARCH_RESULT_LIMIT = 5000


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``q`` runs the model's ranked search."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)

    def search(self, queryset, name, value):
        # Run the search once and filter by its ids: as a subquery it would run
        # again inside every facet count of the page.
        matches = self._meta.model.objects.search(value).values_list("pk", flat=True)
        return queryset.filter(pk__in=list(matches[:SEARCH_RESULT_LIMIT]))


class PartnershipFilter(SearchFilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country (either side)"), choices=localized_country_choices, method="filter_country"
    )
    place = django_filters.CharFilter(label=_("Place"), method="filter_place", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnershipKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PartnershipStatus.choices)
    established_from = YearFilter(
        label=_("Established from (year)"), field_name="established_on__year", lookup_expr="gte"
    )
    established_to = YearFilter(
        label=_("Established until (year)"), field_name="established_on__year", lookup_expr="lte"
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("established_on", "established")),
        field_labels={
            "name": _("Name, A to Z"),
            "-name": _("Name, Z to A"),
            "established": _("Oldest first"),
            "-established": _("Newest first"),
        },
    )

    class Meta:
        model = Partnership
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.involving(country=value)

    def filter_place(self, queryset, name, value):
        return queryset.involving(slug=value)


def partnership_facets(request, queryset) -> list:
    matching = Partnership.objects.filter(pk__in=queryset.values("pk"))
    members = PartnershipMember.objects.filter(partnership__in=matching.values("pk"))
    years = (
        matching.filter(established_on__isnull=False)
        .annotate(year=ExtractYear("established_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return [
        choice_facet(
            request,
            _("Kind"),
            "kind",
            matching.values_list("kind").annotate(n=Count("pk")).order_by("-n"),
            PartnershipKind.choices,
        ),
        choice_facet(
            request,
            _("Status"),
            "status",
            matching.values_list("status").annotate(n=Count("pk")).order_by("-n"),
            PartnershipStatus.choices,
        ),
        choice_facet(
            request,
            _("Country"),
            "country",
            members.filter(place__isnull=False)
            .values_list("place__country")
            .annotate(n=Count("partnership", distinct=True))
            .order_by("-n", "place__country"),
            country_name,
        ),
        decade_facet(
            request, _("Decade established"), ("established_from", "established_to"), years
        ),
    ]


class PlaceFilter(SearchFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=localized_country_choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlaceKind.choices)

    class Meta:
        model = Place
        fields = []


def place_facets(request, queryset) -> list:
    matching = Place.objects.filter(pk__in=queryset.values("pk"))
    return [
        choice_facet(
            request,
            _("Kind"),
            "kind",
            matching.values_list("kind").annotate(n=Count("pk")).order_by("-n"),
            PlaceKind.choices,
        ),
        choice_facet(
            request,
            _("Country"),
            "country",
            matching.values_list("country").annotate(n=Count("pk")).order_by("-n", "country"),
            country_name,
        ),
    ]


class OrganizationFilter(SearchFilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=localized_country_choices, field_name="place__country"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    sort = SortFilter(
        label=_("Sort by"),
        fields=(("name", "name"),),
        field_labels={"name": _("Name, A to Z"), "-name": _("Name, Z to A")},
    )

    class Meta:
        model = Organization
        fields = []


def organization_facets(request, queryset) -> list:
    matching = Organization.objects.filter(pk__in=queryset.values("pk"))
    return [
        choice_facet(
            request,
            _("Kind"),
            "kind",
            matching.values_list("kind").annotate(n=Count("pk")).order_by("-n"),
            OrganizationKind.choices,
        ),
        choice_facet(
            request,
            _("Country"),
            "country",
            matching.exclude(place=None)
            .values_list("place__country")
            .annotate(n=Count("pk"))
            .order_by("-n", "place__country"),
            country_name,
        ),
    ]


class PersonFilter(SearchFilterSet):
    sort = SortFilter(
        label=_("Sort by"),
        fields=(("name", "name"),),
        field_labels={"name": _("Name, A to Z"), "-name": _("Name, Z to A")},
    )

    class Meta:
        model = Person
        fields = []

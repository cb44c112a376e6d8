import django_filters
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Citation,
    FocusArea,
    Source,
    SourceKind,
    Validity,
)
from partnerships.filters import SearchFilterSet
from partnerships.listing import (
    SortFilter,
    YearFilter,
    choice_facet,
    counted,
    decade_facet,
    facet,
)
from partnerships.models import OrganizationKind, country_name, localized_country_choices


class AgreementFilter(SearchFilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=localized_country_choices, method="filter_country"
    )
    place = django_filters.CharFilter(label=_("Place"), method="filter_place", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind of agreement"), choices=AgreementKind.choices)
    organization_kind = django_filters.ChoiceFilter(
        label=_("Kind of organization"),
        choices=OrganizationKind.choices,
        field_name="parties__organization__kind",
        distinct=True,
    )
    focus = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        to_field_name="slug",
        queryset=FocusArea.objects.all(),
    )
    signed_from = YearFilter(
        label=_("Signed from (year)"), field_name="signed_on__year", lookup_expr="gte"
    )
    signed_to = YearFilter(
        label=_("Signed until (year)"), field_name="signed_on__year", lookup_expr="lte"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Validity.choices, field_name="validity"
    )
    language = django_filters.CharFilter(
        label=_("Source language"), method="filter_language", max_length=16
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(("signed_on", "signed"), ("title", "title")),
        field_labels={
            "signed": _("Signing date, oldest first"),
            "-signed": _("Signing date, newest first"),
            "title": _("Title, A to Z"),
            "-title": _("Title, Z to A"),
        },
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.involving(country=value)

    def filter_place(self, queryset, name, value):
        return queryset.involving(slug=value)

    def filter_language(self, queryset, name, value):
        return queryset.filter(
            pk__in=Citation.objects.filter(source__language=value).values("agreement")
        )


def agreement_facets(request, queryset) -> list:
    """Count what each filter option would give within the current results."""
    matching = Agreement.objects.filter(pk__in=queryset.values("pk"))
    parties = AgreementParty.objects.filter(agreement__in=matching.values("pk"))
    by_country = (
        parties.annotate(country=Coalesce("place__country", "organization__place__country"))
        .values("country")
        .annotate(n=Count("agreement", distinct=True))
        .order_by("-n", "country")
        .values_list("country", "n")
    )
    # An agreement names a focus area once (the through table is unique), so no DISTINCT.
    by_focus = (
        Agreement.focus_areas.through.objects.filter(agreement__in=matching.values("pk"))
        .values("focusarea__slug", "focusarea__name")
        .annotate(n=Count("agreement"))
        .order_by("-n", "focusarea__name")
    )
    by_year = (
        matching.filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
        .values_list("year", "n")
    )
    years = counted(by_year)
    return [
        choice_facet(
            request,
            _("Kind of agreement"),
            "kind",
            matching.values_list("kind").annotate(n=Count("pk")).order_by("-n"),
            AgreementKind.choices,
        ),
        choice_facet(request, _("Country"), "country", by_country, country_name),
        facet(
            request,
            _("Focus area"),
            [
                ({"focus": row["focusarea__slug"]}, gettext(row["focusarea__name"]), row["n"])
                for row in counted(by_focus)
            ],
            key="focus",
        ),
        choice_facet(
            request,
            _("Status"),
            "status",
            matching.with_validity().values_list("validity").annotate(n=Count("pk")).order_by("-n"),
            Validity.choices,
        ),
        decade_facet(request, _("Decade signed"), ("signed_from", "signed_to"), years),
        facet(
            request,
            _("Year signed"),
            [({"signed_from": year, "signed_to": year}, year, count) for year, count in years],
            key="year",
        ),
        choice_facet(
            request,
            _("Kind of organization"),
            "organization_kind",
            parties.filter(organization__isnull=False)
            .values_list("organization__kind")
            .annotate(n=Count("agreement", distinct=True))
            .order_by("-n"),
            OrganizationKind.choices,
        ),
        choice_facet(
            request,
            _("Source language"),
            "language",
            Citation.objects.filter(agreement__in=matching.values("pk"))
            .values_list("source__language")
            .annotate(n=Count("agreement", distinct=True))
            .order_by("-n"),
        ),
    ]


class SourceFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SourceKind.choices)
    language = django_filters.CharFilter(label=_("Language"), max_length=16)
    sort = SortFilter(
        label=_("Sort by"),
        fields=(("published_on", "published"), ("title", "title")),
        field_labels={
            "published": _("Oldest first"),
            "-published": _("Newest first"),
            "title": _("Title, A to Z"),
            "-title": _("Title, Z to A"),
        },
    )

    class Meta:
        model = Source
        fields = []


def source_facets(request, queryset) -> list:
    matching = Source.objects.filter(pk__in=queryset.values("pk"))
    return [
        choice_facet(
            request,
            _("Kind"),
            "kind",
            matching.values_list("kind").annotate(n=Count("pk")).order_by("-n"),
            SourceKind.choices,
        ),
        choice_facet(
            request,
            _("Language"),
            "language",
            matching.values_list("language").annotate(n=Count("pk")).order_by("-n"),
        ),
    ]

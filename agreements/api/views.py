"""Read-only endpoints: the published records, filtered by the HTML list pages' FilterSets."""

import re

from django.db.models import F, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from agreements.api import serializers as api_serializers
from agreements.filters import AgreementFilter, SourceFilter
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Citation,
    FocusArea,
    Mission,
    Participant,
    Signatory,
    Source,
)
from partnerships.filters import OrganizationFilter, PartnershipFilter, PersonFilter, PlaceFilter
from partnerships.models import (
    Organization,
    Partnership,
    PartnershipMember,
    Person,
    Place,
    Position,
)

SLUG = re.compile(r"[-a-zA-Z0-9_]+")

CITATIONS = Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"))


class ErrorSerializer(serializers.Serializer):
    """What went wrong, in words."""

    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No published record has this slug.")
PAGE_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="The page number is out of range.")
INVALID_FILTER = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="A filter value is invalid: the messages, by parameter name.",
)


def documented(serializer_class, *, filtered=True):
    """Document the error answers drf-spectacular cannot see: bad filters, pages, slugs."""
    list_responses = {200: serializer_class(many=True), 404: PAGE_NOT_FOUND}
    if filtered:
        list_responses[400] = INVALID_FILTER
    return extend_schema_view(
        list=extend_schema(responses=list_responses),
        retrieve=extend_schema(responses={200: serializer_class, 404: NOT_FOUND}),
    )


class PublishedRecordViewSet(viewsets.ReadOnlyModelViewSet):
    # A list and a detail endpoint per record type, addressed by slug. (A comment, not a
    # docstring: drf-spectacular would show a docstring as every operation's description.)

    lookup_field = "slug"
    # Anything up to the next slash reaches the view, so a malformed slug is a JSON 404
    # rather than the site's HTML one.
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]

    def get_object(self):
        # PostgreSQL refuses some strings outright (NUL); no slug contains them anyway.
        if not SLUG.fullmatch(self.kwargs[self.lookup_field]):
            raise NotFound
        return super().get_object()


@documented(api_serializers.PlaceSerializer)
class PlaceViewSet(PublishedRecordViewSet):
    """Published places; filter by country, kind or search text."""

    serializer_class = api_serializers.PlaceSerializer
    filterset_class = PlaceFilter
    queryset = (
        Place.objects.published()
        .select_related("parent")
        .prefetch_related("alternate_names", "identifiers", CITATIONS)
        .order_by("country", "name", "pk")
    )


@documented(api_serializers.OrganizationSerializer)
class OrganizationViewSet(PublishedRecordViewSet):
    """Published organizations; filter by country, kind or search text."""

    serializer_class = api_serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    queryset = (
        Organization.objects.published()
        .select_related("place", "parent")
        .prefetch_related("alternate_names", CITATIONS)
        .order_by("name", "pk")
    )


@documented(api_serializers.PersonSerializer)
class PersonViewSet(PublishedRecordViewSet):
    """Published people and the positions they held."""

    serializer_class = api_serializers.PersonSerializer
    filterset_class = PersonFilter
    queryset = (
        Person.objects.published()
        .prefetch_related(
            "alternate_names",
            Prefetch("positions", queryset=Position.objects.select_related("organization")),
            CITATIONS,
        )
        .order_by("name", "pk")
    )


@documented(api_serializers.PartnershipSerializer)
class PartnershipViewSet(PublishedRecordViewSet):
    """Published partnerships; filter by country, place, kind, status or year."""

    serializer_class = api_serializers.PartnershipSerializer
    filterset_class = PartnershipFilter
    queryset = (
        Partnership.objects.published()
        .prefetch_related(
            Prefetch(
                "members",
                queryset=PartnershipMember.objects.select_related("place", "organization").order_by(
                    "pk"
                ),
            ),
            "stages",
            Prefetch(
                "agreements",
                queryset=Agreement.objects.published().order_by(
                    F("signed_on").desc(nulls_last=True), "title", "pk"
                ),
                to_attr="published_agreements",
            ),
            CITATIONS,
        )
        .order_by("name", "pk")
    )


@documented(api_serializers.AgreementSerializer)
class AgreementViewSet(PublishedRecordViewSet):
    """Published agreements; the same filters as the agreements page."""

    serializer_class = api_serializers.AgreementSerializer
    filterset_class = AgreementFilter
    queryset = (
        Agreement.objects.published()
        .with_validity()  # the status filter and the validity field read it
        .select_related("partnership", "signed_place")
        .prefetch_related(
            Prefetch(
                "parties", queryset=AgreementParty.objects.select_related("place", "organization")
            ),
            Prefetch(
                "signatories",
                queryset=Signatory.objects.select_related(
                    "person", "party__place", "party__organization"
                ),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "organization"),
            ),
            "focus_areas",
            Prefetch(
                "relations_out",
                queryset=AgreementRelation.objects.select_related("to_agreement").order_by("pk"),
            ),
            Prefetch(
                "relations_in",
                queryset=AgreementRelation.objects.select_related("from_agreement").order_by("pk"),
            ),
            "missions",
            CITATIONS,
        )
        .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
    )


@documented(api_serializers.SourceSerializer)
class SourceViewSet(PublishedRecordViewSet):
    """Published sources; filter by kind, language or search text."""

    serializer_class = api_serializers.SourceSerializer
    filterset_class = SourceFilter
    queryset = (
        Source.objects.published()
        .select_related("publisher_organization")
        .order_by("-published_on", "title", "pk")
    )


@documented(api_serializers.MissionSerializer, filtered=False)
class MissionViewSet(PublishedRecordViewSet):
    """Published trade missions, delegation visits and forums."""

    serializer_class = api_serializers.MissionSerializer
    queryset = (
        Mission.objects.published()
        .prefetch_related("destinations", "leaders", "organizers", "agreements", CITATIONS)
        .order_by(F("started_on").desc(nulls_last=True), "title", "pk")
    )


@documented(api_serializers.FocusAreaSerializer, filtered=False)
class FocusAreaViewSet(PublishedRecordViewSet):
    """The curated topics; every one is public."""

    serializer_class = api_serializers.FocusAreaSerializer
    queryset = FocusArea.objects.with_agreement_counts().order_by("name", "pk")

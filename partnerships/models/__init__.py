"""Places, organizations, people and the partnerships between them."""

from partnerships.models.common import (
    AlternateName,
    Curated,
    CuratedManager,
    CuratedQuerySet,
    PublicationStatus,
    country_choices,
    country_name,
    localized_country_choices,
)
from partnerships.models.organizations import Organization, OrganizationKind, OrganizationName
from partnerships.models.partnerships import (
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipStage,
    PartnershipStatus,
)
from partnerships.models.people import Person, PersonName, Position
from partnerships.models.places import (
    IdentifierScheme,
    Place,
    PlaceIdentifier,
    PlaceKind,
    PlaceName,
)

__all__ = [
    "AlternateName",
    "Curated",
    "CuratedManager",
    "CuratedQuerySet",
    "IdentifierScheme",
    "Organization",
    "OrganizationKind",
    "OrganizationName",
    "Partnership",
    "PartnershipKind",
    "PartnershipMember",
    "PartnershipStage",
    "PartnershipStatus",
    "Person",
    "PersonName",
    "Place",
    "PlaceIdentifier",
    "PlaceKind",
    "PlaceName",
    "Position",
    "PublicationStatus",
    "country_choices",
    "country_name",
    "localized_country_choices",
]

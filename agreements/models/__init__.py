"""Agreements, their parties, signatories and participants, and the sources behind them."""

from agreements.models.agreements import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementQuerySet,
    AgreementRelation,
    FocusArea,
    Participant,
    ParticipantRole,
    PartyRole,
    RelationKind,
    Signatory,
    Validity,
)
from agreements.models.missions import Mission, MissionKind, MissionName
from agreements.models.sources import Citation, Source, SourceKind

__all__ = [
    "Agreement",
    "AgreementKind",
    "AgreementParty",
    "AgreementQuerySet",
    "AgreementRelation",
    "Citation",
    "FocusArea",
    "Mission",
    "MissionKind",
    "MissionName",
    "Participant",
    "ParticipantRole",
    "PartyRole",
    "RelationKind",
    "Signatory",
    "Source",
    "SourceKind",
    "Validity",
]

"""Small, dependency-free builders for agreement test data."""

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Citation,
    PartyRole,
    Signatory,
    Source,
)
from partnerships.models import PublicationStatus
from partnerships.tests.factory import make_person, unique


def make_source(title=None, **fields) -> Source:
    title = title or unique("Source")
    fields.setdefault("slug", unique("source"))
    fields.setdefault("language", "en")
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return Source.objects.create(title=title, **fields)


def make_agreement(title=None, **fields) -> Agreement:
    title = title or unique("Agreement")
    fields.setdefault("slug", unique("agreement"))
    fields.setdefault("kind", AgreementKind.MEMORANDUM)
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return Agreement.objects.create(title=title, **fields)


def add_party(agreement, place=None, organization=None, role=PartyRole.SIGNING_PARTY):
    return AgreementParty.objects.create(
        agreement=agreement, place=place, organization=organization, role=role
    )


def add_signatory(agreement, party, person=None, title="Mayor") -> Signatory:
    return Signatory.objects.create(
        agreement=agreement, party=party, person=person or make_person(), title=title
    )


def cite(source, **record) -> Citation:
    """Cite ``source`` for one record, given as e.g. ``agreement=...``."""
    return Citation.objects.create(source=source, **record)

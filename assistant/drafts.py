"""Turn a reviewed proposal into draft records, in one transaction.

Existing records are reused, never duplicated: a proposed item matched to a record
(``Match.pk``) is that record; otherwise a record with the same name (or alternate
name, or abbreviation) is looked up first and created only when there is none. An
agreement with the same title and signing date is reused too, so running the same
release twice creates nothing new. Everything created is a draft and cites one Source
that holds the release's text; reused records are left as they are.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Citation,
    FocusArea,
    Participant,
    Signatory,
    Source,
)
from assistant.proposal import (
    Proposal,
    ProposedAgreement,
    ProposedOrganization,
    ProposedPerson,
    ProposedPlace,
)
from partnerships.caching import bulk_changes
from partnerships.dates import PartialDate
from partnerships.models import Organization, Person, Place, Position, PublicationStatus

DRAFT = PublicationStatus.DRAFT


@dataclass
class DraftResult:
    """What create_drafts did, for the admin's message and the command's output."""

    source: Source
    created: list = field(default_factory=list)  # the new records, in creation order
    reused: list = field(default_factory=list)  # existing records the release refers to
    skipped: list[str] = field(default_factory=list)  # items left out, and why

    def summary(self) -> str:
        summary = (
            f"{len(self.created)} draft record(s) created and {len(self.reused)} existing "
            f"record(s) reused; the new ones cite the source '{self.source.title}'."
        )
        if self.skipped:
            summary += " Left out: " + "; ".join(self.skipped) + "."
        return summary


def unique_slug(model, *parts: str) -> str:
    base = slugify("-".join(part for part in parts if part), allow_unicode=False)[:180] or "record"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def partial_date(text: str | None) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def named(model, name: str, *, extra: Q | None = None):
    """An existing record called ``name`` (or by an alternate name), else None."""
    condition = Q(name__iexact=name) | Q(alternate_names__name__iexact=name)
    if extra is not None:
        condition |= extra
    return model._default_manager.filter(condition).order_by("pk").first()


class DraftWriter:
    def __init__(self, proposal: Proposal, *, text: str, file_name: str):
        self.proposal = proposal
        self.text = text
        self.file_name = file_name
        self.places: dict[str, Place] = {}
        self.organizations: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}
        self.result: DraftResult | None = None

    # Bookkeeping ----------------------------------------------------------------------

    def created(self, record, **citation):
        self.result.created.append(record)
        Citation.objects.create(source=self.result.source, **citation)
        return record

    def reused(self, record):
        if record not in self.result.reused:
            self.result.reused.append(record)
        return record

    # The source -------------------------------------------------------------------------

    def source(self) -> Source:
        title = (self.proposal.title or self.text.strip().splitlines()[0])[:400]
        existing = Source.objects.filter(title=title, text=self.text).first()
        if existing is not None:
            return existing
        source = Source(
            title=title,
            slug=unique_slug(Source, title),
            language=self.proposal.language or "en",
            file_name=self.file_name[:200],
            text=self.text,
            publication_status=DRAFT,
        )
        source.published = partial_date(self.proposal.published_on)
        source.save()
        return source

    # Places, organizations, people ------------------------------------------------------

    def place(self, proposed: ProposedPlace) -> Place | None:
        match = proposed.match
        if match and match.source == "directory" and match.pk:
            return self.reused(Place.objects.get(pk=match.pk))
        in_country = Q(country=proposed.country) if proposed.country else Q()
        existing = (
            Place.objects.filter(in_country)
            .filter(
                Q(name__iexact=proposed.name)
                | Q(alternate_names__name__iexact=proposed.name)
                | (Q(native_name=proposed.native_name) if proposed.native_name else Q(pk=None))
            )
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return self.reused(existing)
        if not proposed.country:
            self.result.skipped.append(f"{proposed.name}: a new place needs its country")
            return None
        place = Place(
            name=proposed.name,
            native_name=proposed.native_name or "",
            kind=proposed.kind or "city",
            country=proposed.country or "",
            slug=unique_slug(Place, proposed.name, proposed.country or ""),
            publication_status=DRAFT,
        )
        if match and match.source == "gazetteer" and match.latitude is not None:
            place.latitude, place.longitude = round(match.latitude, 6), round(match.longitude, 6)
        place.save()
        return self.created(place, place=place)

    def place_named(self, name: str | None) -> Place | None:
        if not name:
            return None
        if name in self.places:
            return self.places[name]
        return Place.objects.filter(
            Q(name__iexact=name) | Q(alternate_names__name__iexact=name)
        ).first()

    def organization(self, proposed: ProposedOrganization) -> Organization:
        match = proposed.match
        if match and match.source == "directory" and match.pk:
            return self.reused(Organization.objects.get(pk=match.pk))
        by_abbreviation = (
            Q(abbreviation__iexact=proposed.abbreviation) if proposed.abbreviation else None
        )
        existing = named(Organization, proposed.name, extra=by_abbreviation)
        if existing is not None:
            return self.reused(existing)
        place = self.place_named(proposed.place)
        organization = Organization.objects.create(
            name=proposed.name,
            abbreviation=proposed.abbreviation or "",
            kind=proposed.kind or "other",
            place=place,
            slug=unique_slug(Organization, proposed.name),
            publication_status=DRAFT,
        )
        return self.created(organization, organization=organization)

    def organization_named(self, name: str | None) -> Organization | None:
        if not name:
            return None
        if name in self.organizations:
            return self.organizations[name]
        return named(Organization, name, extra=Q(abbreviation__iexact=name))

    def person(self, proposed: ProposedPerson) -> Person:
        match = proposed.match
        if match and match.source == "directory" and match.pk:
            return self.reused(Person.objects.get(pk=match.pk))
        existing = named(Person, proposed.name)
        if existing is not None:
            return self.reused(existing)
        person = Person.objects.create(
            name=proposed.name,
            slug=unique_slug(Person, proposed.name),
            publication_status=DRAFT,
        )
        self.created(person, person=person)
        organization = self.organization_named(proposed.organization)
        for title in proposed.titles[:1]:
            position = Position.objects.create(
                person=person, organization=organization, title=title[:300]
            )
            Citation.objects.create(source=self.result.source, position=position)
        return person

    def person_named(self, name: str) -> Person:
        if name in self.people:
            return self.people[name]
        person = self.person(ProposedPerson(name=name))
        self.people[name] = person
        return person

    # Agreements -------------------------------------------------------------------------

    def agreement(self, proposed: ProposedAgreement) -> Agreement:
        signed = partial_date(proposed.signed_on)
        same = Agreement.objects.filter(title__iexact=proposed.title)
        if signed is not None:
            same = same.filter(signed_on=signed.value)
        if existing := same.order_by("pk").first():
            return self.reused(existing)
        agreement = Agreement(
            title=proposed.title[:400],
            kind=proposed.kind or "other",
            signed_venue=(proposed.signed_at or "")[:300],
            signed_remotely=proposed.signed_remotely,
            slug=unique_slug(Agreement, proposed.title, proposed.signed_on or ""),
            publication_status=DRAFT,
        )
        agreement.signed = signed
        agreement.valid_from_date = partial_date(proposed.valid_from)
        agreement.valid_until_date = partial_date(proposed.valid_until)
        agreement.save()
        self.created(agreement, agreement=agreement)
        agreement.focus_areas.set(FocusArea.objects.filter(slug__in=proposed.focus_areas))

        parties = {}
        for proposed_party in proposed.parties:
            organization = self.organization_named(proposed_party.organization)
            place = None if organization else self.place_named(proposed_party.place)
            if organization is None and place is None:
                continue
            key = ("organization", organization.pk) if organization else ("place", place.pk)
            if key in parties:
                continue
            party = AgreementParty.objects.create(
                agreement=agreement,
                organization=organization,
                place=place,
                role=proposed_party.role or "signing_party",
            )
            Citation.objects.create(source=self.result.source, party=party)
            parties[key] = party
            for name in (proposed_party.organization, proposed_party.place):
                if name:
                    parties.setdefault(("name", name.casefold()), party)

        for proposed_signatory in proposed.signatories:
            person = self.person_named(proposed_signatory.name)
            party = parties.get(("name", (proposed_signatory.organization or "").casefold()))
            if party is None and len(parties) == 1:
                party = next(iter(parties.values()))
            if party is None or agreement.signatories.filter(person=person).exists():
                continue
            signatory = Signatory.objects.create(
                agreement=agreement,
                person=person,
                party=party,
                title=(proposed_signatory.title or "")[:300],
            )
            Citation.objects.create(source=self.result.source, signatory=signatory)

        for name in proposed.participants:
            person = self.person_named(name)
            if agreement.signatories.filter(person=person).exists():
                continue
            participant, new = Participant.objects.get_or_create(
                agreement=agreement, person=person, role="attendee"
            )
            if new:
                Citation.objects.create(source=self.result.source, participant=participant)

        if proposed.renews_or_implements and proposed.relation_kind:
            earlier = (
                Agreement.objects.exclude(pk=agreement.pk)
                .filter(title__icontains=proposed.renews_or_implements)
                .order_by("pk")
                .first()
            )
            if earlier is not None:
                AgreementRelation.objects.create(
                    from_agreement=agreement, to_agreement=earlier, kind=proposed.relation_kind
                )
        return agreement

    # The whole proposal -----------------------------------------------------------------

    def write(self) -> DraftResult:
        self.result = DraftResult(source=None)
        self.result.source = self.source()
        for proposed in self.proposal.places:
            if place := self.place(proposed):
                self.places[proposed.name] = place
        for proposed in self.proposal.organizations:
            self.organizations[proposed.name] = self.organization(proposed)
            if proposed.abbreviation:
                self.organizations[proposed.abbreviation] = self.organizations[proposed.name]
        for proposed in self.proposal.people:
            self.people[proposed.name] = self.person(proposed)
        for proposed in self.proposal.agreements:
            self.agreement(proposed)
        return self.result


def create_drafts(proposal: Proposal, *, text: str, file_name: str = "") -> DraftResult:
    """Store the proposal as draft records citing a new Source; all or nothing.

    The admin's history records who did it (simple-history's request middleware).
    """
    with bulk_changes(), transaction.atomic():
        return DraftWriter(proposal, text=text, file_name=file_name).write()

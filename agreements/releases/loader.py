"""Write the parsed release files to the database through the ORM, one transaction."""

from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementRelation,
    Citation,
    FocusArea,
    Mission,
    MissionKind,
    MissionName,
    Participant,
    ParticipantRole,
    PartyRole,
    RelationKind,
    Signatory,
    Source,
    SourceKind,
)
from agreements.releases.files import (
    SECTIONS,
    At,
    Entry,
    Release,
    ReleaseFiles,
    choice,
    coordinate,
    date_fields,
    entries,
    flag,
    full_date,
    noun,
    partial_date,
    slug_list,
    status,
    text,
)
from partnerships.models import (
    IdentifierScheme,
    Organization,
    OrganizationKind,
    OrganizationName,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipStage,
    PartnershipStatus,
    Person,
    PersonName,
    Place,
    PlaceIdentifier,
    PlaceKind,
    PlaceName,
    Position,
)


def citation_field(obj) -> str:
    """Return the Citation foreign key that points at ``obj``."""
    return "party" if isinstance(obj, AgreementParty) else obj._meta.model_name


class DirectoryLoader:
    """Load places.yaml and the release files below ``root`` into the database."""

    def __init__(self, root: Path):
        self.files = ReleaseFiles(root)
        self.declared = self.files.declared
        self.releases = self.files.releases
        self.objects: dict[type, dict[str, models.Model]] = {m: {} for m in SECTIONS.values()}
        self.stats: dict[str, Counter] = {}
        self.citations: dict[tuple, dict] = {}
        self.created: set[tuple] = set()

    # Resolving references

    def ref(self, model, slug, at: At, *, cited: bool = True):
        """Return the record ``slug`` names; a release must support what it states."""
        if not isinstance(slug, str) or not slug:
            raise at.fail(f"expected the slug of a {noun(model)}, found {slug!r}")
        if slug not in self.declared[model]:
            raise at.fail(f"unknown {noun(model)} {slug!r}")
        release = at.release
        if cited and release and (model, slug) not in release.supports:
            section = next(name for name, m in SECTIONS.items() if m is model)
            raise at.fail(
                f"{noun(model)} {slug!r} is used here but {release.name} neither declares "
                f"nor cites it; add it under cite.{section}"
            )
        obj = self.objects[model].get(slug)
        if obj is None:
            raise at.fail(f"{noun(model)} {slug!r} is used before it is loaded")
        return obj

    def optional_ref(self, model, data: dict, key: str, at: At, *, cited: bool = True):
        slug = data.get(key)
        return self.ref(model, slug, at.child(key), cited=cited) if slug else None

    # Writing

    def count(self, at: At, outcome: str, number: int = 1) -> None:
        self.stats.setdefault(at.file, Counter())[outcome] += number

    def save(self, model, lookup: dict, values: dict, at: At):
        """Create or update one row, validating it first; touch nothing that is unchanged."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            outcome = "new"
        else:
            changed = False
            for name, value in values.items():
                field = model._meta.get_field(name)
                current = getattr(obj, field.attname)
                wanted = value.pk if field.is_relation and value is not None else value
                if current != wanted:
                    setattr(obj, name, value)
                    changed = True
            if not changed:
                self.count(at, "unchanged")
                return obj
            outcome = "changed"
        self.validate(obj, at)
        with self.guard(at):
            obj.save()
        if outcome == "new":
            self.created.add((model, obj.pk))
        self.count(at, outcome)
        return obj

    def validate(self, obj, at: At) -> None:
        try:
            # A citation is looked up by source and record before it is written, so its
            # once-per-source constraints cannot fail, and clean() checks its two CHECK
            # constraints; skipping them saves a dozen queries per citation.
            obj.full_clean(validate_constraints=not isinstance(obj, Citation))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                details = "; ".join(
                    f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                    for field, messages in error.message_dict.items()
                )
            else:
                details = " ".join(error.messages)
            raise at.fail(f"invalid {obj._meta.verbose_name}: {details}") from error

    @contextmanager
    def guard(self, at: At):
        """Turn a database error while writing into a LoadError naming the entry."""
        try:
            yield
        except IntegrityError as error:
            raise at.fail(f"the database refused the change: {error}") from error

    def count_link_change(self, owner, at: At) -> None:
        # Links of a row created in this run are part of its creation.
        if (type(owner), owner.pk) not in self.created:
            self.count(at, "changed")

    def prune(self, queryset, keep, at: At) -> None:
        """Delete the rows of a declared record that its file no longer lists."""
        stale = queryset.exclude(pk__in=[obj.pk for obj in keep])
        number = stale.count()
        if number:
            with self.guard(at):
                stale.delete()
            self.count(at, "removed", number)

    def set_m2m(self, manager, wanted, at: At) -> None:
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in wanted}:
            manager.set(wanted)
            self.count_link_change(manager.instance, at)

    def cite(self, obj, at: At, note: str = "", inferred: bool = False) -> None:
        """Record that ``at.release`` supports ``obj``; notes for one record are joined."""
        release = at.release
        key = (release.source.slug, citation_field(obj), obj.pk)
        citation = self.citations.setdefault(
            key, {"release": release, "obj": obj, "notes": [], "inferred": False, "at": at}
        )
        if note and note not in citation["notes"]:
            citation["notes"].append(note)
        citation["inferred"] |= inferred

    def cite_entry(self, obj, item: Entry) -> None:
        """Cite a declared record or child row with the note its entry carries."""
        note = text(item.data, "citation_note", item.at)
        inferred = flag(item.data, "inferred", item.at)
        if inferred and not note:
            raise item.at.fail("an inferred fact needs a citation_note saying how it was inferred")
        self.cite(obj, item.at, note, inferred)

    # Loading

    def load(self) -> dict[str, Counter]:
        """Write everything in one transaction; any error leaves the database untouched."""
        self.files.read()
        with transaction.atomic():
            for item in self.files.in_parent_order(Place):
                self.load_place(item)
            for item in self.files.in_parent_order(Organization):
                self.load_organization(item)
            for release in self.releases:
                self.load_source(release)
            for item in self.declared[Person].values():
                self.load_person(item)
            for item in self.declared[Partnership].values():
                self.load_partnership(item)
            for item in self.declared[Agreement].values():
                self.load_agreement(item)
            for item in self.declared[Agreement].values():
                self.load_agreement_rows(item)
            for item in self.declared[Mission].values():
                self.load_mission(item)
            for release in self.releases:
                self.cite_release(release)
            self.write_citations()
        return self.stats

    def load_place(self, item: Entry) -> None:
        data, at = item.data, item.at
        place = self.save(
            Place,
            {"slug": item.slug},
            {
                "name": text(data, "name", at),
                "native_name": text(data, "native_name", at),
                "kind": choice(data, "kind", at, PlaceKind),
                "country": text(data, "country", at),
                "parent": self.optional_ref(Place, data, "parent", at, cited=False),
                "latitude": coordinate(data, "latitude", at),
                "longitude": coordinate(data, "longitude", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Place][item.slug] = place
        identifiers = data.get("identifiers") or {}
        if not isinstance(identifiers, dict):
            raise at.child("identifiers").fail("expected a mapping of scheme to value")
        kept = []
        for scheme, value in identifiers.items():
            id_at = at.child("identifiers").item(scheme)
            if scheme not in IdentifierScheme.values:
                raise id_at.fail(f"unknown scheme; use one of {', '.join(IdentifierScheme.values)}")
            value = text(identifiers, scheme, at.child("identifiers"))
            kept.append(
                self.save(
                    PlaceIdentifier, {"place": place, "scheme": scheme}, {"value": value}, id_at
                )
            )
        self.prune(place.identifiers.all(), kept, at)
        self.load_names(PlaceName, "place", place, data, at)

    def load_names(self, model, owner_field: str, owner, data: dict, at: At) -> None:
        kept = []
        for name in entries(
            "alternate_name", data.get("alternate_names"), at.child("alternate_names")
        ):
            lookup = {
                owner_field: owner,
                "name": text(name.data, "name", name.at),
                "language": text(name.data, "language", name.at),
            }
            values = {
                "script": text(name.data, "script", name.at),
                "note": text(name.data, "note", name.at),
                "valid_from": full_date(name.data, "valid_from", name.at),
                "valid_until": full_date(name.data, "valid_until", name.at),
            }
            kept.append(self.save(model, lookup, values, name.at))
        self.prune(owner.alternate_names.all(), kept, at)

    def load_organization(self, item: Entry) -> None:
        data, at = item.data, item.at
        organization = self.save(
            Organization,
            {"slug": item.slug},
            {
                "name": text(data, "name", at),
                "abbreviation": text(data, "abbreviation", at),
                "native_name": text(data, "native_name", at),
                "kind": choice(data, "kind", at, OrganizationKind),
                "place": self.optional_ref(Place, data, "place", at, cited=False),
                "parent": self.optional_ref(Organization, data, "parent", at, cited=False),
                "website": text(data, "website", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Organization][item.slug] = organization
        self.load_names(OrganizationName, "organization", organization, data, at)
        self.cite_entry(organization, item)

    def load_source(self, release: Release) -> None:
        data, at = release.source.data, release.source.at
        publisher = self.optional_ref(Organization, data, "publisher_organization", at)
        publisher_inferred = flag(data, "publisher_inferred", at)
        date_inferred = flag(data, "published_inferred", at)
        note = text(data, "inference_note", at)
        if (publisher_inferred or date_inferred) and not note:
            raise at.fail(
                "an inferred publisher or date needs an inference_note saying how it was inferred"
            )
        if note and not (publisher_inferred or date_inferred):
            raise at.child("inference_note").fail(
                "set publisher_inferred or published_inferred to say what the note explains"
            )
        if publisher_inferred and not (publisher or text(data, "publisher", at)):
            raise at.child("publisher_inferred").fail(
                "name the inferred publisher in publisher or publisher_organization"
            )
        published = partial_date(data, "published", at)
        release.source_object = self.save(
            Source,
            {"slug": release.source.slug},
            {
                "title": text(data, "title", at),
                "kind": choice(data, "kind", at, SourceKind, SourceKind.PRESS_RELEASE),
                "publisher": text(data, "publisher", at),
                "publisher_organization": publisher,
                **date_fields("published_on", published),
                "language": text(data, "language", at),
                "url": text(data, "url", at),
                "file_name": text(data, "file_name", at),
                "is_publisher_inferred": publisher_inferred,
                "is_date_inferred": date_inferred,
                "note": note,
                "publication_status": status(data, at),
            },
            at,
        )

    def load_person(self, item: Entry) -> None:
        data, at = item.data, item.at
        person = self.save(
            Person,
            {"slug": item.slug},
            {
                "name": text(data, "name", at),
                "honorific_prefix": text(data, "honorific_prefix", at),
                "native_name": text(data, "native_name", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Person][item.slug] = person
        self.load_names(PersonName, "person", person, data, at)
        self.cite_entry(person, item)
        kept = []
        for position in entries("position", data.get("positions"), at.child("positions")):
            p_data, p_at = position.data, position.at
            row = self.save(
                Position,
                {
                    "person": person,
                    "organization": self.optional_ref(Organization, p_data, "organization", p_at),
                    "title": text(p_data, "title", p_at),
                },
                {
                    "title_original": text(p_data, "title_original", p_at),
                    "title_language": text(p_data, "title_language", p_at),
                    **date_fields("started_on", partial_date(p_data, "started", p_at)),
                    **date_fields("ended_on", partial_date(p_data, "ended", p_at)),
                },
                p_at,
            )
            kept.append(row)
            self.cite_entry(row, position)
        self.prune(person.positions.all(), kept, at)

    def load_partnership(self, item: Entry) -> None:
        data, at = item.data, item.at
        partnership = self.save(
            Partnership,
            {"slug": item.slug},
            {
                "name": text(data, "name", at),
                "kind": choice(data, "kind", at, PartnershipKind),
                "status": choice(data, "status", at, PartnershipStatus, PartnershipStatus.ACTIVE),
                **date_fields("established_on", partial_date(data, "established", at)),
                **date_fields("ended_on", partial_date(data, "ended", at)),
                "summary": text(data, "summary", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Partnership][item.slug] = partnership
        self.cite_entry(partnership, item)
        places = [
            self.ref(Place, slug, at.child("member_places"))
            for slug in slug_list(data, "member_places", at)
        ]
        organizations = [
            self.ref(Organization, slug, at.child("member_organizations"))
            for slug in slug_list(data, "member_organizations", at)
        ]
        wanted = {(p.pk, None) for p in places} | {(None, o.pk) for o in organizations}
        if len(wanted) < 2:
            raise at.fail("a partnership needs at least two different members")
        current = set(partnership.members.values_list("place_id", "organization_id"))
        if current != wanted:
            members = [PartnershipMember(place=p) for p in places] + [
                PartnershipMember(organization=o) for o in organizations
            ]
            other = partnership.duplicate_of(members)
            if other:
                raise at.fail(f"partnership {other.slug!r} already links exactly these members")
            with self.guard(at):
                partnership.set_members(places, organizations)
            self.count_link_change(partnership, at)
        kept = []
        for stage in entries("stage", data.get("stages"), at.child("stages")):
            began = partial_date(stage.data, "began", stage.at)
            kept.append(
                self.save(
                    PartnershipStage,
                    {
                        "partnership": partnership,
                        "kind": choice(stage.data, "kind", stage.at, PartnershipKind),
                        "began_on": began.value if began else None,
                    },
                    {
                        "began_on_precision": began.precision if began else "",
                        "note": text(stage.data, "note", stage.at),
                    },
                    stage.at,
                )
            )
        self.prune(partnership.stages.all(), kept, at)

    def load_agreement(self, item: Entry) -> None:
        data, at = item.data, item.at
        agreement = self.save(
            Agreement,
            {"slug": item.slug},
            {
                "title": text(data, "title", at),
                "title_original": text(data, "title_original", at),
                "title_language": text(data, "title_language", at, default="en"),
                "kind": choice(data, "kind", at, AgreementKind),
                "partnership": self.optional_ref(Partnership, data, "partnership", at),
                **date_fields("signed_on", partial_date(data, "signed", at)),
                "signed_venue": text(data, "signed_venue", at),
                "signed_place": self.optional_ref(Place, data, "signed_place", at),
                "signed_remotely": flag(data, "signed_remotely", at),
                **date_fields("valid_from", partial_date(data, "valid_from", at)),
                **date_fields("valid_until", partial_date(data, "valid_until", at)),
                "summary": text(data, "summary", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Agreement][item.slug] = agreement
        self.cite_entry(agreement, item)
        slugs = slug_list(data, "focus_areas", at)
        focus_areas = list(FocusArea.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {area.slug for area in focus_areas})
        if unknown:
            known = ", ".join(FocusArea.objects.order_by("slug").values_list("slug", flat=True))
            raise at.child("focus_areas").fail(
                f"unknown focus area(s) {', '.join(unknown)}; the vocabulary is: {known}"
            )
        self.set_m2m(agreement.focus_areas, focus_areas, at.child("focus_areas"))

    def load_agreement_rows(self, item: Entry) -> None:
        """Load parties, signatories, participants and relations once every agreement exists."""
        data, at = item.data, item.at
        agreement = self.objects[Agreement][item.slug]
        parties = {}
        for party in entries("party", data.get("parties"), at.child("parties")):
            p_data, p_at = party.data, party.at
            if ("place" in p_data) == ("organization" in p_data):
                raise p_at.fail("name either a place or an organization")
            model, key = (Place, "place") if "place" in p_data else (Organization, "organization")
            member = self.ref(model, p_data[key], p_at.child(key))
            if member.slug in parties:
                raise p_at.fail(f"{member.slug!r} is already a party of this agreement")
            parties[member.slug] = row = self.save(
                AgreementParty,
                {"agreement": agreement, key: member},
                {
                    "role": choice(p_data, "role", p_at, PartyRole),
                    "note": text(p_data, "note", p_at),
                },
                p_at,
            )
            self.cite_entry(row, party)
        kept = []
        for signatory in entries("signatory", data.get("signatories"), at.child("signatories")):
            s_data, s_at = signatory.data, signatory.at
            if s_data["for"] not in parties:
                raise s_at.child("for").fail(
                    f"{s_data['for']!r} is not a party of this agreement; parties: "
                    f"{', '.join(parties) or 'none'}"
                )
            row = self.save(
                Signatory,
                {
                    "agreement": agreement,
                    "person": self.ref(Person, s_data["person"], s_at.child("person")),
                },
                {
                    "party": parties[s_data["for"]],
                    "title": text(s_data, "title", s_at),
                    "title_original": text(s_data, "title_original", s_at),
                },
                s_at,
            )
            kept.append(row)
            self.cite_entry(row, signatory)
        self.prune(agreement.signatories.all(), kept, at)
        self.prune(agreement.parties.all(), parties.values(), at)
        kept = []
        for participant in entries(
            "participant", data.get("participants"), at.child("participants")
        ):
            p_data, p_at = participant.data, participant.at
            row = self.save(
                Participant,
                {
                    "agreement": agreement,
                    "person": self.ref(Person, p_data["person"], p_at.child("person")),
                    "role": choice(p_data, "role", p_at, ParticipantRole),
                },
                {
                    "title": text(p_data, "title", p_at),
                    "title_original": text(p_data, "title_original", p_at),
                    "organization": self.optional_ref(Organization, p_data, "organization", p_at),
                },
                p_at,
            )
            kept.append(row)
            self.cite_entry(row, participant)
        self.prune(agreement.participants.all(), kept, at)
        kept = []
        for relation in entries("relation", data.get("relations"), at.child("relations")):
            r_data, r_at = relation.data, relation.at
            kept.append(
                self.save(
                    AgreementRelation,
                    {
                        "from_agreement": agreement,
                        "to_agreement": self.ref(Agreement, r_data["to"], r_at.child("to")),
                        "kind": choice(r_data, "kind", r_at, RelationKind),
                    },
                    {},
                    r_at,
                )
            )
        self.prune(agreement.relations_out.all(), kept, at)

    def load_mission(self, item: Entry) -> None:
        data, at = item.data, item.at
        mission = self.save(
            Mission,
            {"slug": item.slug},
            {
                "title": text(data, "title", at),
                "kind": choice(data, "kind", at, MissionKind),
                **date_fields("started_on", partial_date(data, "started", at)),
                **date_fields("ended_on", partial_date(data, "ended", at)),
                "summary": text(data, "summary", at),
                "publication_status": status(data, at),
            },
            at,
        )
        self.objects[Mission][item.slug] = mission
        self.load_names(MissionName, "mission", mission, data, at)
        self.cite_entry(mission, item)
        for key, model, manager in (
            ("destinations", Place, mission.destinations),
            ("leaders", Person, mission.leaders),
            ("organizers", Organization, mission.organizers),
            ("agreements", Agreement, mission.agreements),
        ):
            wanted = [self.ref(model, slug, at.child(key)) for slug in slug_list(data, key, at)]
            self.set_m2m(manager, wanted, at.child(key))

    def cite_release(self, release: Release) -> None:
        """Cite every record the release lists under ``cite``."""
        for (model, slug), (note, inferred, at) in release.cite_notes.items():
            if inferred and not note:
                raise at.fail("an inferred fact needs a note saying how it was inferred")
            self.cite(self.ref(model, slug, at), at, note, inferred)

    def write_citations(self) -> None:
        kept: dict[str, list] = {release.source.slug: [] for release in self.releases}
        for (source_slug, field, _), citation in self.citations.items():
            release, at = citation["release"], citation["at"]
            kept[source_slug].append(
                self.save(
                    Citation,
                    {"source": release.source_object, field: citation["obj"]},
                    {"is_inferred": citation["inferred"], "note": " ".join(citation["notes"])},
                    at,
                )
            )
        for release in self.releases:
            source = release.source_object
            self.prune(source.citations.all(), kept[source.slug], release.source.at)
        cited = {(field, pk) for _, field, pk in self.citations}
        for slug, item in self.declared[Place].items():
            if ("place", self.objects[Place][slug].pk) not in cited:
                raise item.at.fail(f"no release cites the place {slug!r}; cite it or remove it")

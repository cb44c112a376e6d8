"""The full data dump: every published record as one documented JSON document.

Format (docs/data-dump.md): {"format": FORMAT, "records": {kind: [record, ...]}}.
Records refer to each other by slug; rows without a slug (parties, signatories,
positions...) sit inside their record and are referred to by what makes them
unique. No timestamps, sorted keys and rows: the same data gives the same file,
so dump -> load into an empty instance -> dump reproduces it byte for byte.
"""

import json
from decimal import Decimal

from django.db import transaction

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
from partnerships.dates import PartialDate
from partnerships.models import (
    Organization,
    Partnership,
    PartnershipMember,
    Person,
    Place,
    PlaceIdentifier,
    Position,
    PublicationStatus,
)

FORMAT = "partnership-directory-dump/1"
NAME_FIELDS = ("name", "language", "script", "valid_from", "valid_until", "note")
# The kinds of record a citation names by slug, and where the dump lists them.
CITED_KINDS = {
    "place": "places",
    "organization": "organizations",
    "person": "people",
    "partnership": "partnerships",
    "agreement": "agreements",
    "mission": "missions",
}


class DumpError(ValueError):
    """The document is not a dump this version can load."""


# --- writing --------------------------------------------------------------------


def _date(record, field):
    partial = PartialDate.from_fields(getattr(record, field), getattr(record, f"{field}_precision"))
    return partial.isoformat() if partial else None


def _scalar(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _slug(record, published_slugs):
    return record.slug if record is not None and record.slug in published_slugs else None


def _names(record):
    return sorted(
        (
            {field: _scalar(getattr(name, field)) for field in NAME_FIELDS}
            for name in record.alternate_names.all()
        ),
        key=lambda row: (row["language"], row["name"]),
    )


def _party_ref(party):
    return (
        {"place": party.place.slug} if party.place_id else {"organization": party.organization.slug}
    )


def build_dump() -> dict:
    """Collect every published record and what hangs off it."""
    places = (
        Place.objects.published()
        .select_related("parent")
        .prefetch_related("alternate_names", "identifiers")
    )
    organizations = (
        Organization.objects.published()
        .select_related("place", "parent")
        .prefetch_related("alternate_names")
    )
    people = Person.objects.published().prefetch_related(
        "alternate_names", "positions__organization"
    )
    partnerships = Partnership.objects.published().prefetch_related(
        "members__place", "members__organization", "stages"
    )
    agreements = (
        Agreement.objects.published()
        .select_related("partnership", "signed_place")
        .prefetch_related(
            "focus_areas",
            "parties__place",
            "parties__organization",
            "signatories__person",
            "signatories__party__place",
            "signatories__party__organization",
            "participants__person",
            "participants__organization",
            "relations_out__to_agreement",
        )
    )
    missions = Mission.objects.published().prefetch_related(
        "alternate_names", "destinations", "leaders", "organizers", "agreements"
    )
    sources = Source.objects.published().select_related("publisher_organization")

    public = {
        "place": set(places.values_list("slug", flat=True)),
        "organization": set(organizations.values_list("slug", flat=True)),
        "person": set(people.values_list("slug", flat=True)),
        "partnership": set(partnerships.values_list("slug", flat=True)),
        "agreement": set(agreements.values_list("slug", flat=True)),
        "mission": set(missions.values_list("slug", flat=True)),
    }

    def party_is_public(party):
        if party.place_id:
            return party.place.slug in public["place"]
        return party.organization.slug in public["organization"]

    records = {
        "places": [
            {
                "slug": place.slug,
                "name": place.name,
                "native_name": place.native_name,
                "kind": place.kind,
                "country": place.country,
                "parent": _slug(place.parent, public["place"]),
                "latitude": _scalar(place.latitude),
                "longitude": _scalar(place.longitude),
                "verified_on": _scalar(place.verified_on),
                "identifiers": sorted(
                    ({"scheme": i.scheme, "value": i.value} for i in place.identifiers.all()),
                    key=lambda row: row["scheme"],
                ),
                "alternate_names": _names(place),
            }
            for place in places
        ],
        "organizations": [
            {
                "slug": org.slug,
                "name": org.name,
                "abbreviation": org.abbreviation,
                "native_name": org.native_name,
                "kind": org.kind,
                "place": _slug(org.place, public["place"]),
                "parent": _slug(org.parent, public["organization"]),
                "website": org.website,
                "verified_on": _scalar(org.verified_on),
                "alternate_names": _names(org),
            }
            for org in organizations
        ],
        "people": [
            {
                "slug": person.slug,
                "name": person.name,
                "honorific_prefix": person.honorific_prefix,
                "native_name": person.native_name,
                "verified_on": _scalar(person.verified_on),
                "alternate_names": _names(person),
                "positions": sorted(
                    (
                        {
                            "organization": _slug(position.organization, public["organization"]),
                            "title": position.title,
                            "title_original": position.title_original,
                            "title_language": position.title_language,
                            "started": _date(position, "started_on"),
                            "ended": _date(position, "ended_on"),
                        }
                        for position in person.positions.all()
                        if position.organization is None
                        or position.organization.slug in public["organization"]
                    ),
                    key=lambda row: (row["organization"] or "", row["title"]),
                ),
            }
            for person in people
        ],
        "focus_areas": [
            {"slug": area.slug, "name": area.name, "description": area.description}
            for area in FocusArea.objects.all()
        ],
        "partnerships": [
            {
                "slug": partnership.slug,
                "name": partnership.name,
                "kind": partnership.kind,
                "status": partnership.status,
                "established": _date(partnership, "established_on"),
                "ended": _date(partnership, "ended_on"),
                "summary": partnership.summary,
                "verified_on": _scalar(partnership.verified_on),
                "members": sorted(
                    (
                        _party_ref(member)
                        for member in partnership.members.all()
                        if party_is_public(member)
                    ),
                    key=lambda ref: sorted(ref.items()),
                ),
                "stages": sorted(
                    (
                        {"kind": stage.kind, "began": _date(stage, "began_on"), "note": stage.note}
                        for stage in partnership.stages.all()
                    ),
                    key=lambda row: (row["began"] or "", row["kind"]),
                ),
            }
            for partnership in partnerships
        ],
        "agreements": [
            _agreement_row(agreement, public, party_is_public) for agreement in agreements
        ],
        "missions": [
            {
                "slug": mission.slug,
                "title": mission.title,
                "kind": mission.kind,
                "started": _date(mission, "started_on"),
                "ended": _date(mission, "ended_on"),
                "summary": mission.summary,
                "verified_on": _scalar(mission.verified_on),
                "alternate_names": _names(mission),
                "destinations": sorted(
                    p.slug for p in mission.destinations.all() if p.slug in public["place"]
                ),
                "leaders": sorted(
                    p.slug for p in mission.leaders.all() if p.slug in public["person"]
                ),
                "organizers": sorted(
                    o.slug for o in mission.organizers.all() if o.slug in public["organization"]
                ),
                "agreements": sorted(
                    a.slug for a in mission.agreements.all() if a.slug in public["agreement"]
                ),
            }
            for mission in missions
        ],
    }
    dumped_refs = _dumped_refs(records)
    records["sources"] = [_source_row(source, public, dumped_refs) for source in sources]
    for rows in records.values():
        rows.sort(key=lambda row: row["slug"])
    return {"format": FORMAT, "records": records}


def _agreement_row(agreement, public, party_is_public) -> dict:
    parties = [party for party in agreement.parties.all() if party_is_public(party)]
    return {
        "slug": agreement.slug,
        "title": agreement.title,
        "title_original": agreement.title_original,
        "title_language": agreement.title_language,
        "kind": agreement.kind,
        "partnership": _slug(agreement.partnership, public["partnership"]),
        "signed": _date(agreement, "signed_on"),
        "signed_venue": agreement.signed_venue,
        "signed_place": _slug(agreement.signed_place, public["place"]),
        "signed_remotely": agreement.signed_remotely,
        "valid_from": _date(agreement, "valid_from"),
        "valid_until": _date(agreement, "valid_until"),
        "summary": agreement.summary,
        "verified_on": _scalar(agreement.verified_on),
        "focus_areas": sorted(area.slug for area in agreement.focus_areas.all()),
        "parties": sorted(
            ({**_party_ref(party), "role": party.role, "note": party.note} for party in parties),
            key=lambda row: (row.get("place") or "", row.get("organization") or ""),
        ),
        "signatories": sorted(
            (
                {
                    "person": signatory.person.slug,
                    "party": _party_ref(signatory.party),
                    "title": signatory.title,
                    "title_original": signatory.title_original,
                }
                for signatory in agreement.signatories.all()
                if signatory.person.slug in public["person"] and party_is_public(signatory.party)
            ),
            key=lambda row: row["person"],
        ),
        "participants": sorted(
            (
                {
                    "person": participant.person.slug,
                    "role": participant.role,
                    "title": participant.title,
                    "title_original": participant.title_original,
                    "organization": _slug(participant.organization, public["organization"]),
                }
                for participant in agreement.participants.all()
                if participant.person.slug in public["person"]
            ),
            key=lambda row: (row["person"], row["role"]),
        ),
        "relations": sorted(
            (
                {"kind": relation.kind, "to": relation.to_agreement.slug}
                for relation in agreement.relations_out.all()
                if relation.to_agreement.slug in public["agreement"]
            ),
            key=lambda row: (row["to"], row["kind"]),
        ),
    }


def _citation_ref(citation) -> dict:
    """How a dump names the one record a citation supports."""
    if citation.position_id:
        position = citation.position
        return {
            "position": {
                "person": position.person.slug,
                "organization": position.organization.slug if position.organization_id else None,
                "title": position.title,
            }
        }
    if citation.party_id:
        party = citation.party
        return {"party": {"agreement": party.agreement.slug, **_party_ref(party)}}
    if citation.signatory_id:
        signatory = citation.signatory
        return {
            "signatory": {"agreement": signatory.agreement.slug, "person": signatory.person.slug}
        }
    if citation.participant_id:
        participant = citation.participant
        return {
            "participant": {
                "agreement": participant.agreement.slug,
                "person": participant.person.slug,
                "role": participant.role,
            }
        }
    kind = next(kind for kind in CITED_KINDS if getattr(citation, f"{kind}_id"))
    return {kind: getattr(citation, kind).slug}


def _ref_key(ref: dict) -> str:
    return json.dumps(ref, sort_keys=True)


def _dumped_refs(records: dict) -> set[str]:
    """Every record and row the dump holds, named as citations name them."""
    refs = set()
    for kind, plural in CITED_KINDS.items():
        refs.update(_ref_key({kind: row["slug"]}) for row in records[plural])
    for person in records["people"]:
        for position in person["positions"]:
            ref = {"person": person["slug"], "organization": position["organization"]}
            refs.add(_ref_key({"position": {**ref, "title": position["title"]}}))
    for agreement in records["agreements"]:
        slug = agreement["slug"]
        for party in agreement["parties"]:
            where = {key: party[key] for key in ("place", "organization") if key in party}
            refs.add(_ref_key({"party": {"agreement": slug, **where}}))
        for signatory in agreement["signatories"]:
            refs.add(_ref_key({"signatory": {"agreement": slug, "person": signatory["person"]}}))
        for participant in agreement["participants"]:
            ref = {"agreement": slug, "person": participant["person"], "role": participant["role"]}
            refs.add(_ref_key({"participant": ref}))
    return refs


def _source_row(source, public, dumped_refs) -> dict:
    citations = Citation.objects.filter(source=source).select_related(
        "place",
        "organization",
        "person",
        "partnership",
        "agreement",
        "mission",
        "position__person",
        "position__organization",
        "party__agreement",
        "party__place",
        "party__organization",
        "signatory__agreement",
        "signatory__person",
        "participant__agreement",
        "participant__person",
    )
    rows = []
    for citation in citations:
        ref = _citation_ref(citation)
        if _ref_key(ref) in dumped_refs:  # a citation of something not public stays out
            rows.append({"record": ref, "is_inferred": citation.is_inferred, "note": citation.note})
    return {
        "slug": source.slug,
        "title": source.title,
        "kind": source.kind,
        "publisher": source.publisher,
        "publisher_organization": _slug(source.publisher_organization, public["organization"]),
        "is_publisher_inferred": source.is_publisher_inferred,
        "published": _date(source, "published_on"),
        "is_date_inferred": source.is_date_inferred,
        "note": source.note,
        "language": source.language,
        "url": source.url,
        "file_name": source.file_name,
        "verified_on": _scalar(source.verified_on),
        "citations": sorted(rows, key=lambda row: json.dumps(row["record"], sort_keys=True)),
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- loading --------------------------------------------------------------------

PUBLISHED = {"publication_status": PublicationStatus.PUBLISHED}


def _dates(row: dict, **fields: str) -> dict:
    """Map dump keys ("signed") to model fields ("signed_on" + its precision)."""
    values = {}
    for key, field in fields.items():
        partial = PartialDate.parse(row[key]) if row.get(key) else None
        values[field] = partial.value if partial else None
        values[f"{field}_precision"] = partial.precision if partial else ""
    return values


def _copy(row: dict, *names: str) -> dict:
    return {name: row[name] for name in names}


def _add_names(record, rows):
    for row in rows:
        record.alternate_names.create(**_copy(row, *NAME_FIELDS))


@transaction.atomic
def load_dump(document: dict) -> dict[str, int]:
    """Create every record of a dump in an empty directory; return counts by kind."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DumpError(f"Not a {FORMAT} document.")
    records = document["records"]
    if any(model.objects.exists() for model in (Place, Organization, Person, Agreement, Source)):
        raise DumpError("The directory is not empty; load a dump only into a new instance.")

    for row in records["focus_areas"]:
        FocusArea.objects.update_or_create(
            slug=row["slug"], defaults=_copy(row, "name", "description")
        )
    areas = {area.slug: area for area in FocusArea.objects.all()}

    places = {}
    for row in records["places"]:
        place = Place.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "name", "native_name", "kind", "country", "latitude", "longitude"),
            verified_on=row["verified_on"],
        )
        PlaceIdentifier.objects.bulk_create(
            PlaceIdentifier(place=place, **identifier) for identifier in row["identifiers"]
        )
        _add_names(place, row["alternate_names"])
        places[place.slug] = place
    for row in records["places"]:
        if row["parent"]:
            Place.objects.filter(slug=row["slug"]).update(parent=places[row["parent"]])

    organizations = {}
    for row in records["organizations"]:
        organization = Organization.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "name", "abbreviation", "native_name", "kind", "website"),
            place=places.get(row["place"]),
            verified_on=row["verified_on"],
        )
        _add_names(organization, row["alternate_names"])
        organizations[organization.slug] = organization
    for row in records["organizations"]:
        if row["parent"]:
            Organization.objects.filter(slug=row["slug"]).update(
                parent=organizations[row["parent"]]
            )

    people, positions = {}, {}
    for row in records["people"]:
        person = Person.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "name", "honorific_prefix", "native_name"),
            verified_on=row["verified_on"],
        )
        _add_names(person, row["alternate_names"])
        for position_row in row["positions"]:
            position = Position.objects.create(
                person=person,
                organization=organizations.get(position_row["organization"]),
                **_copy(position_row, "title", "title_original", "title_language"),
                **_dates(position_row, started="started_on", ended="ended_on"),
            )
            positions[(person.slug, position_row["organization"], position.title)] = position
        people[person.slug] = person

    def member_of(ref):
        return {
            "place": places.get(ref.get("place")),
            "organization": organizations.get(ref.get("organization")),
        }

    partnerships = {}
    for row in records["partnerships"]:
        partnership = Partnership.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "name", "kind", "status", "summary"),
            **_dates(row, established="established_on", ended="ended_on"),
            verified_on=row["verified_on"],
        )
        PartnershipMember.objects.bulk_create(
            PartnershipMember(partnership=partnership, **member_of(ref)) for ref in row["members"]
        )
        partnership.refresh_member_key()
        for stage in row["stages"]:
            partnership.stages.create(
                kind=stage["kind"], note=stage["note"], **_dates(stage, began="began_on")
            )
        partnerships[partnership.slug] = partnership

    agreements, parties, signatories, participants = {}, {}, {}, {}
    for row in records["agreements"]:
        agreement = Agreement.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "title", "title_original", "title_language", "kind"),
            **_copy(row, "signed_venue", "signed_remotely", "summary"),
            **_dates(row, signed="signed_on", valid_from="valid_from", valid_until="valid_until"),
            partnership=partnerships.get(row["partnership"]),
            signed_place=places.get(row["signed_place"]),
            verified_on=row["verified_on"],
        )
        agreement.focus_areas.set([areas[slug] for slug in row["focus_areas"]])
        for party_row in row["parties"]:
            party = AgreementParty.objects.create(
                agreement=agreement,
                role=party_row["role"],
                note=party_row["note"],
                **member_of(party_row),
            )
            parties[_party_key(agreement.slug, party_row)] = party
        for signatory_row in row["signatories"]:
            signatories[(agreement.slug, signatory_row["person"])] = Signatory.objects.create(
                agreement=agreement,
                person=people[signatory_row["person"]],
                party=parties[_party_key(agreement.slug, signatory_row["party"])],
                **_copy(signatory_row, "title", "title_original"),
            )
        for participant_row in row["participants"]:
            key = (agreement.slug, participant_row["person"], participant_row["role"])
            participants[key] = Participant.objects.create(
                agreement=agreement,
                person=people[participant_row["person"]],
                organization=organizations.get(participant_row["organization"]),
                **_copy(participant_row, "role", "title", "title_original"),
            )
        agreements[agreement.slug] = agreement
    for row in records["agreements"]:
        for relation in row["relations"]:
            AgreementRelation.objects.create(
                from_agreement=agreements[row["slug"]],
                to_agreement=agreements[relation["to"]],
                kind=relation["kind"],
            )

    missions = {}
    for row in records["missions"]:
        mission = Mission.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "title", "kind", "summary"),
            **_dates(row, started="started_on", ended="ended_on"),
            verified_on=row["verified_on"],
        )
        _add_names(mission, row["alternate_names"])
        mission.destinations.set([places[slug] for slug in row["destinations"]])
        mission.leaders.set([people[slug] for slug in row["leaders"]])
        mission.organizers.set([organizations[slug] for slug in row["organizers"]])
        mission.agreements.set([agreements[slug] for slug in row["agreements"]])
        missions[mission.slug] = mission

    targets = {
        "place": places,
        "organization": organizations,
        "person": people,
        "partnership": partnerships,
        "agreement": agreements,
        "mission": missions,
    }
    citation_count = 0
    for row in records["sources"]:
        source = Source.objects.create(
            **PUBLISHED,
            **_copy(row, "slug", "title", "kind", "publisher", "language", "url", "file_name"),
            **_copy(row, "is_publisher_inferred", "is_date_inferred", "note"),
            **_dates(row, published="published_on"),
            publisher_organization=organizations.get(row["publisher_organization"]),
            verified_on=row["verified_on"],
        )
        citations = []
        for citation_row in row["citations"]:
            ((kind, ref),) = citation_row["record"].items()
            if kind == "position":
                target = positions[(ref["person"], ref["organization"], ref["title"])]
            elif kind == "party":
                target = parties[_party_key(ref["agreement"], ref)]
            elif kind == "signatory":
                target = signatories[(ref["agreement"], ref["person"])]
            elif kind == "participant":
                target = participants[(ref["agreement"], ref["person"], ref["role"])]
            else:
                target = targets[kind][ref]
            citations.append(
                Citation(
                    source=source,
                    is_inferred=citation_row["is_inferred"],
                    note=citation_row["note"],
                    **{kind: target},
                )
            )
        Citation.objects.bulk_create(citations)
        citation_count += len(citations)
    return {kind: len(rows) for kind, rows in records.items()} | {"citations": citation_count}


def _party_key(agreement_slug: str, ref: dict) -> tuple:
    return (agreement_slug, ref.get("place"), ref.get("organization"))

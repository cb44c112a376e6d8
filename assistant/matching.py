"""Match proposed places, organizations and people to existing records or the gazetteer.

Matching needs the database, so it is a separate step from the pure ``extract()``. Drafts
and unpublished records count: staff curate those too.
"""

from partnerships.models import Organization, Person, Place

from .extraction.gazetteer import lookup, normalize
from .proposal import Match, Proposal


def _index(records, names) -> dict[str, object]:
    found = {}
    for record in records:
        forms = [getattr(record, field) for field in names]
        forms += [alternate.name for alternate in record.alternate_names.all()]
        for form in forms:
            if form:
                found.setdefault(normalize(form), record)
    return found


def match_proposal(proposal: Proposal) -> Proposal:
    """Fill each item's ``match``: an existing record first, else a gazetteer entry."""
    places = _index(Place.objects.prefetch_related("alternate_names"), ("name", "native_name"))
    organizations = _index(
        Organization.objects.prefetch_related("alternate_names"),
        ("name", "abbreviation", "native_name"),
    )
    people = _index(Person.objects.prefetch_related("alternate_names"), ("name", "native_name"))

    for place in proposal.places:
        record = None
        for form in filter(None, (place.name, place.native_name)):
            candidate = places.get(normalize(form))
            if candidate and (not place.country or candidate.country == place.country):
                record = candidate
                break
        if record:
            place.match = Match("directory", f"{record.name} ({record.country})", pk=record.pk)
        elif (
            entry := lookup(place.name, frozenset({place.country} if place.country else ()))
        ) and entry.geonames_id:
            place.match = Match(
                "gazetteer",
                f"{entry.name} ({entry.country})",
                geonames_id=entry.geonames_id,
                latitude=entry.latitude,
                longitude=entry.longitude,
            )
    for org in proposal.organizations:
        for form in filter(None, (org.name, org.abbreviation)):
            if record := organizations.get(normalize(form)):
                org.match = Match("directory", record.name, pk=record.pk)
                break
    for person in proposal.people:
        if record := people.get(normalize(person.name)):
            person.match = Match("directory", record.name, pk=record.pk)
    return proposal

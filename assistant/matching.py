"""Match proposed places, organizations and people to existing records or the gazetteer.

Matching needs the database, so it is a separate step from the pure ``extract()``. Drafts
and unpublished records count: staff curate those too.
"""

from django.db.models import Q

from partnerships.models import Organization, Person, Place

from .extraction.gazetteer import lookup, normalize
from .proposal import Match, Proposal


def _candidates(model, fields: tuple[str, ...], forms: set[str]):
    """Only the records that could match one of ``forms``: one query, whatever the
    directory's size (it may hold 100,000 records; loading them all would take seconds).
    The final, accent-blind comparison happens in Python on these few."""
    condition = Q()
    for form in forms:
        for field in (*fields, "alternate_names__name"):
            condition |= Q(**{f"{field}__unaccented_iexact": form})
    if not condition:
        return model.objects.none()
    return model.objects.filter(condition).distinct().prefetch_related("alternate_names")


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
    place_fields = ("name", "native_name")
    place_forms = {form for p in proposal.places for form in (p.name, p.native_name) if form}
    places = _index(_candidates(Place, place_fields, place_forms), place_fields)
    organization_fields = ("name", "abbreviation", "native_name")
    organization_forms = {
        form for o in proposal.organizations for form in (o.name, o.abbreviation) if form
    }
    organizations = _index(
        _candidates(Organization, organization_fields, organization_forms), organization_fields
    )
    person_fields = ("name", "native_name")
    person_forms = {person.name for person in proposal.people}
    people = _index(_candidates(Person, person_fields, person_forms), person_fields)

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

"""schema.org JSON-LD for detail pages: Place, Organization, Person, and Event for signings."""

import json

from django import template
from django.utils.safestring import mark_safe

from agreements.models import Agreement
from partnerships.models import Organization, Person, Place

register = template.Library()


def _place(place: Place, request) -> dict:
    data = {
        "@type": "Place",
        "name": place.name,
        "url": request.build_absolute_uri(place.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": place.country},
    }
    if place.native_name:
        data["alternateName"] = place.native_name
    if place.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def _organization(organization: Organization, request) -> dict:
    data = {
        "@type": "Organization",
        "name": organization.name,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }
    if organization.abbreviation:
        data["alternateName"] = organization.abbreviation
    if organization.website:
        data["sameAs"] = organization.website
    if organization.place_id:
        data["location"] = _place(organization.place, request)
    return data


def _party(party, request) -> dict:
    return (
        _place(party.place, request)
        if party.place_id
        else _organization(party.organization, request)
    )


def _agreement(agreement: Agreement, request) -> dict:
    data = {
        "@type": "Event",
        "name": agreement.title,
        "description": agreement.summary or agreement.get_kind_display(),
        "url": request.build_absolute_uri(agreement.get_absolute_url()),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": [_party(party, request) for party in agreement.parties.all()],
        "attendee": [
            {"@type": "Person", "name": signatory.person.name, "jobTitle": signatory.title}
            for signatory in agreement.signatories.all()
        ],
    }
    if agreement.signed:
        data["startDate"] = agreement.signed.isoformat()  # only as precise as known
    if agreement.signed_remotely:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "name": "Video conference"}
    elif agreement.signed_place_id:
        data["location"] = _place(agreement.signed_place, request)
        if agreement.signed_venue:
            data["location"]["name"] = f"{agreement.signed_venue}, {agreement.signed_place.name}"
    return data


def _person(person: Person, request) -> dict:
    data = {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": [position.title for position in person.positions.all()],
    }
    if person.honorific_prefix:
        data["honorificPrefix"] = person.honorific_prefix
    return data


BUILDERS = {Place: _place, Organization: _organization, Agreement: _agreement, Person: _person}


@register.simple_tag(takes_context=True)
def json_ld(context, record):
    """A <script type="application/ld+json"> block describing ``record`` (a data block,
    never executed, so the Content-Security-Policy does not apply to it)."""
    build = BUILDERS.get(type(record))
    if build is None:
        return ""
    data = {"@context": "https://schema.org", **build(record, context["request"])}
    # "<" escaped so a name containing </script> cannot end the block early.
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')

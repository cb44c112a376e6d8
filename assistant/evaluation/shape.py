"""Check that a dict has the proposal shape issue #10 fixes (extra keys allowed)."""

import re

import pycountry

from agreements.models import AgreementKind
from agreements.vocabulary import FOCUS_AREA_TEXTS
from partnerships.models import OrganizationKind, PlaceKind

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRIES = {country.alpha_2 for country in pycountry.countries}


def shape_errors(data: dict) -> list[str]:
    """Return what is wrong with ``data`` as a proposal; an empty list when nothing is."""
    errors: list[str] = []

    def check(ok: bool, where: str, message: str) -> None:
        if not ok:
            errors.append(f"{where}: {message}")

    def text(item: dict, key: str, where: str, *, optional: bool = False) -> None:
        value = item.get(key)
        if optional and value is None:
            return
        check(isinstance(value, str) and value.strip() != "", f"{where}.{key}", "expected text")

    def choice(item: dict, key: str, where: str, allowed, *, optional: bool = False) -> None:
        value = item.get(key)
        if not (optional and value is None):
            check(value in allowed, f"{where}.{key}", f"{value!r} is not one of the choices")

    def items(parent: dict, key: str, where: str) -> list[tuple[str, dict]]:
        value = parent.get(key)
        if not isinstance(value, list):
            errors.append(f"{where}.{key}: expected a list")
            return []
        result = []
        for n, item in enumerate(value):
            if isinstance(item, dict):
                result.append((f"{where}.{key}[{n}]", item))
            else:
                errors.append(f"{where}.{key}[{n}]: expected a mapping")
        return result

    def date(item: dict, key: str, where: str) -> None:
        value = item.get(key)
        if value is not None:
            check(
                isinstance(value, str) and bool(PARTIAL_DATE.match(value)),
                f"{where}.{key}",
                f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
            )

    for where, agreement in items(data, "agreements", "$"):
        text(agreement, "title", where)
        choice(agreement, "kind", where, AgreementKind.values)
        for key in ("signed_on", "valid_from", "valid_until"):
            date(agreement, key, where)
        text(agreement, "signed_at", where, optional=True)
        text(agreement, "renews_or_implements", where, optional=True)
        for party_where, party in items(agreement, "parties", where):
            text(party, "organization", party_where, optional=True)
            text(party, "place", party_where, optional=True)
            choice(party, "country", party_where, COUNTRIES, optional=True)
            check(
                bool(party.get("organization") or party.get("place")),
                party_where,
                "a party names an organization or a place",
            )
        for signatory_where, signatory in items(agreement, "signatories", where):
            text(signatory, "name", signatory_where)
            text(signatory, "title", signatory_where, optional=True)
            text(signatory, "organization", signatory_where, optional=True)
        areas = agreement.get("focus_areas")
        check(isinstance(areas, list), f"{where}.focus_areas", "expected a list")
        for area in areas if isinstance(areas, list) else []:
            check(area in FOCUS_AREA_TEXTS, f"{where}.focus_areas", f"unknown slug {area!r}")
    for where, place in items(data, "places", "$"):
        text(place, "name", where)
        text(place, "native_name", where, optional=True)
        choice(place, "kind", where, PlaceKind.values)
        choice(place, "country", where, COUNTRIES)
    for where, organization in items(data, "organizations", "$"):
        text(organization, "name", where)
        choice(organization, "kind", where, OrganizationKind.values)
        text(organization, "place", where, optional=True)
    for where, person in items(data, "people", "$"):
        text(person, "name", where)
        titles = person.get("titles")
        check(
            isinstance(titles, list) and all(isinstance(t, str) and t for t in titles),
            f"{where}.titles",
            "expected a list of text",
        )
    return errors

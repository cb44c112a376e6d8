"""Derive the gold proposal of each seed release from the curated fixtures.

The five seeds were curated by hand into ``fixtures/releases/*.yaml`` (docs/curation.md);
those files are the gold. This module reads them with PyYAML, without the database, and
turns each into the shape ``Proposal.as_json()`` gives, so the seeds are scored exactly
like the releases written for the evaluation.

Choices where the fixtures and the proposal shape differ:

- Places are the ones the release cites (docs/curation.md: "every place the release
  mentions") plus any place its records use; countries included, as in the fixtures.
- Organizations are the ones the release declares or cites; people the ones it declares
  or cites, their titles being their positions' titles.
- Aliases: a place's alternate names, an organization's abbreviation, native name and
  alternate names, a person's native name and alternate names, so that "OIH" and
  "Osaka Innovation Hub" both count.
- A party naming a place has no organization; one naming an organization takes the
  organization's place and its country. A signatory's organization is the name of the
  party they signed for, place or organization.
- ``signed_at`` is the venue if the fixture has one, "video conference" for a remote
  signing, else the name of the signing place.
- ``renews_or_implements`` is the title of the agreement a "renews" or "implements"
  relation points at; "follows_from" is not a renewal or implementation and is left out.
- Participants are not in the shape; they still appear under people.
"""

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from django.conf import settings

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# Where the team archives the original texts (docs/curation.md); not in the repository.
SEEDS_DIR = Path(settings.SEED_RELEASES_DIR)
RELATION_KINDS = {"renews", "implements"}


def _date(value) -> str | None:
    # An unquoted 2014-05-07 in YAML is a datetime.date; str() gives the ISO form either way.
    return None if value in (None, "") else str(value)


def _slug(item) -> str:
    return item if isinstance(item, str) else item["slug"]


def _aliases(data: dict, *keys: str) -> list[str]:
    names = [data[key] for key in keys if data.get(key)]
    names += [name["name"] for name in data.get("alternate_names") or []]
    return [name for name in dict.fromkeys(names) if name != data["name"]]


@dataclass
class SeedRelease:
    """One curated release: its file, the seed text's file name and its gold proposal."""

    name: str
    file_name: str
    language: str
    gold: dict
    # The source's own date as curated ("2018" when only the year is known): what a
    # curator types into the assistant's "Published on" when the text does not say.
    published: str | None = None


class SeedGold:
    """Read places.yaml and every release file once; build gold per release."""

    def __init__(self, fixtures_dir: Path = FIXTURES_DIR):
        self.fixtures_dir = Path(fixtures_dir)

    @cached_property
    def files(self) -> dict[str, dict]:
        paths = sorted((self.fixtures_dir / "releases").glob("*.yaml"))
        return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths}

    @cached_property
    def places(self) -> dict[str, dict]:
        data = yaml.safe_load((self.fixtures_dir / "places.yaml").read_text(encoding="utf-8"))
        return {place["slug"]: place for place in data["places"]}

    def _declared(self, section: str) -> dict[str, dict]:
        # Records are declared once across all files and cited by slug from the others.
        return {
            item["slug"]: item for data in self.files.values() for item in data.get(section) or []
        }

    @cached_property
    def organizations(self) -> dict[str, dict]:
        return self._declared("organizations")

    @cached_property
    def people(self) -> dict[str, dict]:
        return self._declared("people")

    @cached_property
    def agreements(self) -> dict[str, dict]:
        return self._declared("agreements")

    def releases(self) -> list[SeedRelease]:
        return [self.release(name) for name in self.files]

    def release(self, name: str) -> SeedRelease:
        data = self.files[name]
        cite = data.get("cite") or {}

        def supported(section: str) -> list[str]:
            slugs = [item["slug"] for item in data.get(section) or []]
            slugs += [_slug(item) for item in cite.get(section) or []]
            return list(dict.fromkeys(slugs))

        agreements = [self.agreements[slug] for slug in supported("agreements")]
        place_slugs = supported("places")
        organization_slugs = supported("organizations")
        for agreement in agreements:
            for party in agreement.get("parties") or []:
                if "place" in party:
                    place_slugs.append(party["place"])
            if agreement.get("signed_place"):
                place_slugs.append(agreement["signed_place"])
        gold = {
            "agreements": [self.agreement(agreement) for agreement in agreements],
            "places": [self.place(slug) for slug in dict.fromkeys(place_slugs)],
            "organizations": [self.organization(slug) for slug in organization_slugs],
            "people": [self.person(slug) for slug in supported("people")],
        }
        return SeedRelease(
            name=name,
            file_name=data["source"]["file_name"],
            language=data["source"].get("language", "en"),
            gold=gold,
            published=data["source"].get("published"),
        )

    def place(self, slug: str) -> dict:
        place = self.places[slug]
        return {
            "name": place["name"],
            "native_name": place.get("native_name"),
            "kind": place["kind"],
            "country": place["country"],
            "aliases": _aliases(place, "native_name"),
        }

    def place_name(self, slug: str | None) -> str | None:
        return self.places[slug]["name"] if slug else None

    def organization(self, slug: str) -> dict:
        organization = self.organizations[slug]
        return {
            "name": organization["name"],
            "kind": organization["kind"],
            "place": self.place_name(organization.get("place")),
            "aliases": _aliases(organization, "abbreviation", "native_name"),
        }

    def person(self, slug: str) -> dict:
        person = self.people[slug]
        return {
            "name": person["name"],
            "titles": [position["title"] for position in person.get("positions") or []],
            "aliases": _aliases(person, "native_name"),
        }

    def party(self, party: dict) -> dict:
        if "place" in party:
            place = self.places[party["place"]]
            return {"organization": None, "place": place["name"], "country": place["country"]}
        organization = self.organizations[party["organization"]]
        place = self.places.get(organization.get("place"))
        return {
            "organization": organization["name"],
            "place": place["name"] if place else None,
            "country": place["country"] if place else None,
        }

    def party_name(self, slug: str) -> str:
        if slug in self.places:
            return self.places[slug]["name"]
        return self.organizations[slug]["name"]

    def agreement(self, agreement: dict) -> dict:
        if agreement.get("signed_venue"):
            signed_at = agreement["signed_venue"]
        elif agreement.get("signed_remotely"):
            signed_at = "video conference"
        else:
            signed_at = self.place_name(agreement.get("signed_place"))
        relation = next(
            (r for r in agreement.get("relations") or [] if r["kind"] in RELATION_KINDS), None
        )
        return {
            "title": agreement["title"],
            "kind": agreement["kind"],
            "signed_on": _date(agreement.get("signed")),
            "valid_from": _date(agreement.get("valid_from")),
            "valid_until": _date(agreement.get("valid_until")),
            "signed_at": signed_at,
            "parties": [self.party(party) for party in agreement.get("parties") or []],
            "signatories": [
                {
                    "name": self.people[signatory["person"]]["name"],
                    "title": signatory.get("title"),
                    "organization": self.party_name(signatory["for"]),
                }
                for signatory in agreement.get("signatories") or []
            ],
            "focus_areas": list(agreement.get("focus_areas") or []),
            "renews_or_implements": (
                self.agreements[relation["to"]]["title"] if relation else None
            ),
            "aliases": [agreement["title_original"]] if agreement.get("title_original") else [],
        }


def seed_releases(fixtures_dir: Path = FIXTURES_DIR) -> list[SeedRelease]:
    """Return the gold of every curated seed release, in file order."""
    return SeedGold(fixtures_dir).releases()

"""Read and check the curated release files before anything touches the database.

``fixtures/places.yaml`` holds every place with its gazetteer data. Each
``fixtures/releases/NNN-name.yaml`` holds one press release: its source block, the
records it declares and, under ``cite``, the records declared elsewhere that it also
supports. Every record a release declares or cites gets a citation from its source.
docs/curation.md describes the format; agreements.releases.loader writes it to the database.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from agreements.models import Agreement, Mission, Source
from partnerships.dates import PartialDate
from partnerships.models import Organization, Partnership, Person, Place, PublicationStatus

PLACES_FILE = "places.yaml"
RELEASES_DIR = "releases"

# The record types a release can declare or cite, by YAML section. Each one's model
# name ("place", "person"...) names its entries, its Citation field and its messages.
SECTIONS = {
    "places": Place,
    "organizations": Organization,
    "people": Person,
    "partnerships": Partnership,
    "agreements": Agreement,
    "missions": Mission,
}

CITE_KEYS = {"citation_note", "inferred"}
CURATED_KEYS = {"slug", "publication_status"} | CITE_KEYS
KEYS = {
    "place": {"name", "native_name", "kind", "country", "parent", "latitude", "longitude"}
    | {"coordinates_from", "identifiers", "alternate_names", "slug", "publication_status"},
    "alternate_name": {"name", "language", "script", "note", "valid_from", "valid_until"},
    "organization": CURATED_KEYS
    | {"name", "abbreviation", "native_name", "kind", "place", "parent", "website"}
    | {"alternate_names"},
    "person": CURATED_KEYS
    | {"name", "honorific_prefix", "native_name", "positions", "alternate_names"},
    "position": CITE_KEYS
    | {"organization", "title", "title_original", "title_language", "started", "ended"},
    "partnership": CURATED_KEYS
    | {"name", "kind", "status", "established", "ended", "summary", "stages"}
    | {"member_places", "member_organizations"},
    "stage": {"kind", "began", "note"},
    "agreement": CURATED_KEYS
    | {"title", "title_original", "title_language", "kind", "partnership", "summary"}
    | {"signed", "signed_venue", "signed_place", "signed_remotely", "valid_from", "valid_until"}
    | {"focus_areas", "parties", "signatories", "participants", "relations"},
    "party": CITE_KEYS | {"place", "organization", "role", "note"},
    "signatory": CITE_KEYS | {"person", "for", "title", "title_original"},
    "participant": CITE_KEYS | {"person", "role", "title", "title_original", "organization"},
    "relation": {"kind", "to"},
    "mission": CURATED_KEYS
    | {"title", "kind", "started", "ended", "summary", "destinations", "leaders", "organizers"}
    | {"agreements", "alternate_names"},
    "source": {"slug", "title", "kind", "publisher", "publisher_organization", "published"}
    | {"publisher_inferred", "published_inferred", "inference_note", "language", "url"}
    | {"file_name", "publication_status"},
    "cite": {"slug", "note", "inferred"},
    "release": {"source", "cite", *SECTIONS} - {"places"},
}
REQUIRED = {
    "place": {"slug", "name", "kind", "country"},
    "alternate_name": {"name"},
    "organization": {"slug", "name", "kind"},
    "person": {"slug", "name"},
    "position": {"title"},
    "partnership": {"slug", "name", "kind"},
    "stage": {"kind"},
    "agreement": {"slug", "title", "kind"},
    "party": {"role"},
    "signatory": {"person", "for", "title"},
    "participant": {"person", "role"},
    "relation": {"kind", "to"},
    "mission": {"slug", "title", "kind"},
    "source": {"slug", "title", "published", "language"},
    "cite": {"slug"},
    "release": {"source"},
}


def noun(model) -> str:
    """Name a record type in messages and entry kinds: place, organization..."""
    return model._meta.model_name


class LoadError(Exception):
    """A problem in a release file, reported with the file and the record it concerns."""


@dataclass(frozen=True)
class At:
    """Where an entry sits: its file, its path inside the file and its release."""

    file: str
    path: str = ""
    release: "Release | None" = None

    def __str__(self):
        return f"{self.file}: {self.path}" if self.path else self.file

    def child(self, part: str) -> "At":
        return At(self.file, f"{self.path}.{part}" if self.path else part, self.release)

    def item(self, label) -> "At":
        return At(self.file, f"{self.path}[{label}]", self.release)

    def fail(self, message: str) -> LoadError:
        return LoadError(f"{self}: {message}")


@dataclass
class Entry:
    """One mapping from a file, checked against the keys its kind allows."""

    kind: str
    data: dict
    at: At

    @property
    def slug(self) -> str:
        return self.data["slug"]


@dataclass
class Release:
    """One release file: its source entry and the records it supports."""

    name: str
    source: Entry
    supports: set  # (model, slug) pairs the release declares or cites
    cite_notes: dict  # (model, slug) -> (note, inferred) from the cite section
    source_object: Source | None = None


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def entry(kind: str, data, at: At) -> Entry:
    """Check that ``data`` is a mapping with the keys ``kind`` allows and requires."""
    if not isinstance(data, dict):
        raise at.fail(f"expected a mapping of {kind} fields, found {type(data).__name__}")
    unknown = sorted(str(key) for key in data.keys() - KEYS[kind])
    if unknown:
        raise at.fail(
            f"unknown key(s) {', '.join(unknown)}; a {kind} takes {', '.join(sorted(KEYS[kind]))}"
        )
    missing = sorted(key for key in REQUIRED[kind] if data.get(key) in (None, ""))
    if missing:
        raise at.fail(f"missing {', '.join(missing)}")
    if "slug" in data and not isinstance(data["slug"], str):
        raise at.child("slug").fail("a slug must be text")
    return Entry(kind, data, at)


def entries(kind: str, items, at: At) -> list[Entry]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise at.fail(f"expected a list of {kind} entries")
    result = []
    for number, item in enumerate(items, start=1):
        # Name an item by what it is about; fall back to its position in the list.
        label = next(
            (
                item[key]
                for key in ("slug", "place", "organization", "person", "to", "name", "title")
                if isinstance(item, dict) and isinstance(item.get(key), str)
            ),
            f"#{number}",
        )
        result.append(entry(kind, item, at.item(label)))
    return result


def read_yaml(path: Path, root: Path) -> tuple[dict, At]:
    at = At(str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise at.fail(f"cannot read the file: {error}") from error
    except yaml.YAMLError as error:
        raise at.fail(f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise at.fail("expected a mapping at the top of the file")
    return data, at


def read_places(root: Path) -> list[Entry]:
    """Return the place entries of ``root/places.yaml``."""
    path = root / PLACES_FILE
    if not path.exists():
        raise LoadError(f"{path}: the places file is missing")
    data, at = read_yaml(path, root)
    unknown = sorted(data.keys() - {"places"})
    if unknown:
        raise at.fail(f"unknown top-level key(s) {', '.join(unknown)}; expected 'places'")
    return entries("place", data.get("places"), at.child("places"))


# Value readers: each takes the mapping, the key and the entry's location.


def text(data: dict, key: str, at: At, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise at.child(key).fail(f"expected text, found {value!r}")
    return str(value).strip()


def flag(data: dict, key: str, at: At) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise at.child(key).fail(f"expected true or false, found {value!r}")
    return value


def choice(data: dict, key: str, at: At, choices, default=None) -> str:
    value = data.get(key, default)
    if value not in choices.values:
        raise at.child(key).fail(f"{value!r} is not one of {', '.join(choices.values)}")
    return value


def partial_date(data: dict, key: str, at: At) -> PartialDate | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):  # YAML reads an unquoted 2014-05-07 as a date
        return PartialDate(value, "day")
    try:
        return PartialDate.parse(str(value))
    except ValueError as error:
        raise at.child(key).fail(str(error)) from error


def full_date(data: dict, key: str, at: At) -> datetime.date | None:
    parsed = partial_date(data, key, at)
    if parsed and parsed.precision != "day":
        raise at.child(key).fail("give a full date, YYYY-MM-DD")
    return parsed.value if parsed else None


def date_fields(field: str, parsed: PartialDate | None) -> dict:
    return {
        field: parsed.value if parsed else None,
        f"{field}_precision": parsed.precision if parsed else "",
    }


def coordinate(data: dict, key: str, at: At) -> Decimal | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.00001"))
    except (InvalidOperation, ValueError) as error:
        raise at.child(key).fail(f"expected a number, found {value!r}") from error


def slug_list(data: dict, key: str, at: At) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise at.child(key).fail("expected a list of slugs")
    return value


def status(data: dict, at: At) -> str:
    return choice(data, "publication_status", at, PublicationStatus, PublicationStatus.PUBLISHED)


class ReleaseFiles:
    """Every entry of places.yaml and the release files, parsed and cross-checked."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.declared: dict[type, dict[str, Entry]] = {model: {} for model in SECTIONS.values()}
        self.releases: list[Release] = []

    def read(self) -> None:
        """Parse every file and check keys and slugs before anything is written."""
        for place in read_places(self.root):
            self.declare(Place, place)
        release_dir = self.root / RELEASES_DIR
        paths = sorted(release_dir.glob("*.yaml"))
        if not paths:
            raise LoadError(f"{release_dir}: no release files (*.yaml)")
        for path in paths:
            self.read_release(path)
        source_slugs = [release.source.slug for release in self.releases]
        for slug in {slug for slug in source_slugs if source_slugs.count(slug) > 1}:
            raise LoadError(f"the source slug {slug!r} is used by more than one release")

    def read_release(self, path: Path) -> None:
        data, at = read_yaml(path, self.root)
        unknown = sorted(data.keys() - KEYS["release"])
        if unknown:
            raise at.fail(
                f"unknown top-level key(s) {', '.join(unknown)}; a release takes "
                f"{', '.join(sorted(KEYS['release']))}"
            )
        if "source" not in data:
            raise at.fail("missing the source block")
        release = Release(path.name, None, set(), {})
        at = At(at.file, "", release)
        release.source = entry("source", data["source"], at.child("source"))
        for section, model in SECTIONS.items():
            if section == "places":
                continue
            for item in entries(noun(model), data.get(section), at.child(section)):
                self.declare(model, item)
                release.supports.add((model, item.slug))
        self.read_cites(release, data.get("cite") or {}, at.child("cite"))
        self.releases.append(release)

    def read_cites(self, release: Release, cite, at: At) -> None:
        if not isinstance(cite, dict):
            raise at.fail("expected a mapping of sections to slugs")
        unknown = sorted(cite.keys() - SECTIONS.keys())
        if unknown:
            raise at.fail(f"unknown section(s) {', '.join(unknown)}")
        for section, items in cite.items():
            model = SECTIONS[section]
            if not isinstance(items, list):
                raise at.child(section).fail("expected a list of slugs")
            for number, item in enumerate(items, start=1):
                item_at = at.child(section).item(item if isinstance(item, str) else f"#{number}")
                if isinstance(item, str):
                    item = {"slug": item}
                item = entry("cite", item, item_at)
                key = (model, item.slug)
                if key in release.supports:
                    raise item_at.fail(f"{noun(model)} {item.slug!r} is already declared or cited")
                release.supports.add(key)
                release.cite_notes[key] = (
                    text(item.data, "note", item_at),
                    flag(item.data, "inferred", item_at),
                    item_at,
                )

    def declare(self, model, item: Entry) -> None:
        earlier = self.declared[model].get(item.slug)
        if earlier:
            raise item.at.fail(f"{noun(model)} {item.slug!r} is already declared at {earlier.at}")
        self.declared[model][item.slug] = item

    def in_parent_order(self, model) -> list[Entry]:
        """Order entries so that each comes after the parent it names."""
        ordered, placed = [], set()

        def visit(item: Entry, chain: tuple):
            if item.slug in placed:
                return
            if item.slug in chain:
                raise item.at.fail(f"{noun(model)} {item.slug!r} lies inside itself")
            parent = item.data.get("parent")
            if parent:
                if parent not in self.declared[model]:
                    raise item.at.child("parent").fail(f"unknown {noun(model)} {parent!r}")
                visit(self.declared[model][parent], (*chain, item.slug))
            placed.add(item.slug)
            ordered.append(item)

        for item in self.declared[model].values():
            visit(item, ())
        return ordered

"""Import twin-town lists (CSV) into the directory.

Two layouts are read:

``wikipedia-csv``
    The Hekman/twincities file scraped from Wikipedia's "List of twin towns and sister
    cities": city1, country1, lat1, lng1, city2, country2, lat2, lng2.

``generic-csv``
    A header row naming, in any order (only the first four are required)::

        place, country, partner_place, partner_country, kind, established,
        source_url, lat, lng, partner_lat, partner_lng,
        wikidata, partner_wikidata, geonames, partner_geonames

    ``kind`` is a partnership kind (sister city, friendship city, sister state,
    cooperation, other; sister city when empty); ``established`` a year (or YYYY-MM,
    YYYY-MM-DD); ``source_url`` a page the row rests on, cited for the partnership.

How a row becomes a partnership:

1. Each side's country string is read (agreements.importing.countries), recovered from
   the place cell when the country is empty ("Varna, Bulgaria"); a region in the cell
   ("Izumi, Osaka") is kept as a hint to tell homonyms apart.
2. Pass one matches each side to a directory place (by identifier, else name and
   country, region hint and distance; see agreements.importing.places) and plans a
   new place when none fits. Pass two matches every row again against the final set,
   exactly as a later run would, so running the same file twice creates nothing new.
3. A–B and B–A become one partnership (the order-free member key); rows naming a
   pair already in the directory only add a citation.
4. Everything is written in one transaction with bulk inserts; a dry run rolls it
   back. Every row read is counted as imported or skipped with a reason.
"""

import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify

from agreements.importing.countries import (
    NO_COUNTRY,
    CountryMatch,
    country_in_text,
    fold,
    read_country,
)
from agreements.importing.country_boxes import in_country
from agreements.importing.places import PlaceRef, default_partnership_kind, kind_from_name
from agreements.importing.report import ImportReport, Progress
from agreements.importing.writer import DirectoryWriter, SourceSpec, import_transaction
from partnerships.caching import bulk_changes
from partnerships.dates import PartialDate
from partnerships.models import PartnershipKind, PlaceKind, PublicationStatus

# Pass two repeats at most this often (twice is usual: once more after settling).
MAX_ROUNDS = 4


class FileFormatError(ValueError):
    """The file cannot be imported at all (not UTF-8, unknown layout, missing columns)."""


WIKIPEDIA_SOURCE = SourceSpec(
    slug="wikipedia-twin-towns-and-sister-cities-hekman-twincities",
    title="Wikipedia: List of twin towns and sister cities (via Hekman/twincities)",
    url="https://github.com/Hekman/twincities",
    publisher="Wikipedia contributors; compiled by Hekman/twincities",
    note=(
        "Pairs from Wikipedia's “List of twin towns and sister cities” pages, text under "
        "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), scraped in 2026 "
        "and geocoded with the Wikipedia API and OpenStreetMap Nominatim; coordinates "
        "© OpenStreetMap contributors, ODbL (https://www.openstreetmap.org/copyright). "
        "Compiled by the Hekman/twincities project (code MIT), file "
        "app/public/twin_cities.csv at commit 92aa9379439bcde202881d210feeed2a3b333261. "
        "The list has no dates or kinds; country names were normalised on import."
    ),
)


@dataclass(frozen=True)
class CsvFormat:
    name: str
    place: tuple[str, str]
    country: tuple[str, str]
    latitude: tuple[str, str]
    longitude: tuple[str, str]
    kind: str = ""
    established: str = ""
    source_url: str = ""
    identifiers: tuple[tuple[str, tuple[str, str]], ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return (*self.place, *self.country)


FORMATS = {
    "wikipedia-csv": CsvFormat(
        name="wikipedia-csv",
        place=("city1", "city2"),
        country=("country1", "country2"),
        latitude=("lat1", "lat2"),
        longitude=("lng1", "lng2"),
    ),
    "generic-csv": CsvFormat(
        name="generic-csv",
        place=("place", "partner_place"),
        country=("country", "partner_country"),
        latitude=("lat", "partner_lat"),
        longitude=("lng", "partner_lng"),
        kind="kind",
        established="established",
        source_url="source_url",
        identifiers=(
            ("wikidata", ("wikidata", "partner_wikidata")),
            ("geonames", ("geonames", "partner_geonames")),
        ),
        aliases=(
            ("city", "place"),
            ("partner", "partner_place"),
            ("partner_city", "partner_place"),
            ("year", "established"),
            ("year_established", "established"),
            ("established_year", "established"),
            ("since", "established"),
            ("url", "source_url"),
            ("source", "source_url"),
            ("latitude", "lat"),
            ("longitude", "lng"),
            ("lon", "lng"),
            ("partner_latitude", "partner_lat"),
            ("partner_longitude", "partner_lng"),
            ("partner_lon", "partner_lng"),
        ),
    ),
}
FORMAT_CHOICES = ("auto", *FORMATS)

KIND_NAMES = {
    PartnershipKind.SISTER_CITY: (
        "sister city",
        "sister cities",
        "twin town",
        "twin towns",
        "twin city",
        "twin cities",
        "twinning",
        "twinned",
        "sister",
        "partner city",
        "partner cities",
        "jumelage",
        "partnerstadt",
        "stadtepartnerschaft",
    ),
    PartnershipKind.FRIENDSHIP_CITY: (
        "friendship city",
        "friendship cities",
        "friendship",
        "friendly city",
        "friendship agreement",
    ),
    PartnershipKind.SISTER_STATE: (
        "sister state",
        "sister states",
        "sister province",
        "sister provinces",
        "sister region",
        "sister regions",
        "sister prefecture",
        "sister states or regions",
    ),
    PartnershipKind.COOPERATION: ("cooperation", "co operation", "cooperation agreement"),
    PartnershipKind.OTHER: ("other",),
}
KINDS = {
    **{fold(kind): kind for kind in PartnershipKind.values},
    **{fold(name): kind for kind, names in KIND_NAMES.items() for name in names},
}

# Report reasons.
SKIP_NO_NAME = "place name missing"
SKIP_AMBIGUOUS = "several places of that name in that country; no region or coordinates tell which"
SKIP_SELF = "a place partnered with itself"
SKIP_UNSTABLE = "place matched differently on the second pass (please report)"
WARN_YEAR = "established date not understood; row imported without it"
WARN_KIND = "partnership kind not understood; row imported as sister cities"

WARN_GUESSED = "country guessed from a misspelling"
WARN_FROM_CELL = "country read from the place cell"
WARN_CELL_CONFLICT = (
    "place cell names a country other than the country column; kept as the place's region"
)
WARN_COORDINATES = "coordinates not understood or out of range; ignored"
WARN_SAME_COORDINATES = "both places given the same coordinates in different countries; ignored"
WARN_OUTSIDE = "coordinates far outside the place's country; ignored"
WARN_HOMONYM = "new place created although a place of that name lies far away (a homonym)"
WARN_URL = "source URL not understood; ignored"
WARN_IDENTIFIER = "identifier not understood (Q123 for Wikidata, digits for GeoNames); ignored"
WARN_IDENTIFIER_COUNTRY = "the identifier names a place in another country; that place was used"
WARN_KEPT_DATE = (
    "pair already in the directory with another established date; the directory's was kept"
)
WARN_OTHER_YEAR = "another row gave this pair another established date; the first was kept"

IDENTIFIER_PATTERNS = {"wikidata": re.compile(r"Q[1-9]\d*"), "geonames": re.compile(r"[1-9]\d*")}


class Skip(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


@dataclass
class Side:
    cell: str
    country: str
    latitude: str = ""
    longitude: str = ""
    identifiers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.cell} ({self.country})" if self.country else f"{self.cell} (no country)"


@dataclass
class Row:
    line: int
    sides: tuple[Side, Side]
    kind: str = ""
    established: str = ""
    source_url: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.sides[0]} – {self.sides[1]}"


@dataclass
class Planned:
    """A row that survived pass one: its two places as named, and its details."""

    row: Row
    refs: tuple[PlaceRef, PlaceRef]
    kind: str
    established: PartialDate | None
    url: str


def header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (name or "").strip().lower()).strip("_")


def read_text(path_or_file) -> str:
    if isinstance(path_or_file, (str, Path)):
        data = Path(path_or_file).read_bytes()
    else:
        data = path_or_file.read()
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileFormatError(
                "The file is not UTF-8 text; save it as UTF-8 CSV and try again."
            ) from error
    return data.lstrip("\ufeff")


def detect_format(header: list[str]) -> CsvFormat:
    keys = [header_key(name) for name in header]
    for csv_format in FORMATS.values():
        aliases = dict(csv_format.aliases)
        if set(csv_format.required) <= {aliases.get(key, key) for key in keys}:
            return csv_format
    raise FileFormatError(
        "Unknown layout: expected the columns city1, country1, city2, country2 "
        "(wikipedia-csv) or place, country, partner_place, partner_country (generic-csv); "
        f"found {', '.join(header) or 'no header'}."
    )


def read_rows(text: str, format_name: str = "auto") -> tuple[CsvFormat, list[Row]]:
    """Parse the CSV into rows; raise FileFormatError when the layout does not fit."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    if format_name == "auto":
        csv_format = detect_format(header)
    elif format_name in FORMATS:
        csv_format = FORMATS[format_name]
    else:
        raise FileFormatError(f"Unknown format {format_name!r}; use one of {FORMAT_CHOICES}.")
    aliases = dict(csv_format.aliases)
    columns = {}
    for position, name in enumerate(header):
        key = header_key(name)
        columns.setdefault(aliases.get(key, key), position)
    missing = [name for name in csv_format.required if name not in columns]
    if missing:
        raise FileFormatError(
            f"The {csv_format.name} layout needs the column(s) {', '.join(missing)}; "
            f"found {', '.join(header) or 'no header'}."
        )

    def cell(values: list[str], name: str) -> str:
        position = columns.get(name) if name else None
        if position is None or position >= len(values):
            return ""
        return " ".join(values[position].split())

    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        sides = tuple(
            Side(
                cell=cell(values, csv_format.place[i]),
                country=cell(values, csv_format.country[i]),
                latitude=cell(values, csv_format.latitude[i]),
                longitude=cell(values, csv_format.longitude[i]),
                identifiers={
                    scheme: value
                    for scheme, names in csv_format.identifiers
                    if (value := cell(values, names[i]))
                },
            )
            for i in (0, 1)
        )
        rows.append(
            Row(
                line=reader.line_num,
                sides=sides,
                kind=cell(values, csv_format.kind),
                established=cell(values, csv_format.established),
                source_url=cell(values, csv_format.source_url),
            )
        )
    return csv_format, rows


def read_coordinates(side: Side) -> tuple[float | None, float | None, bool]:
    """(latitude, longitude, whether something unusable was given)."""
    if not side.latitude and not side.longitude:
        return None, None, False
    try:
        latitude, longitude = float(side.latitude), float(side.longitude)
    except ValueError:
        return None, None, True
    if (
        not (math.isfinite(latitude) and math.isfinite(longitude))
        or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        or (latitude == 0 and longitude == 0)
    ):
        return None, None, True
    return round(latitude, 5), round(longitude, 5), False


def read_established(text: str) -> PartialDate | None:
    """A year (or YYYY-MM, YYYY-MM-DD); raise ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}\.0+", text):  # spreadsheets write years as 1985.0
        text = text.split(".")[0]
    date = PartialDate.parse(text)
    if not 1000 <= date.value.year <= timezone.now().year:
        raise ValueError(f"{text} is not a plausible year")
    return date


def read_kind(text: str) -> str | None:
    """The partnership kind a cell names; "" when empty (decided by the places)."""
    if not text.strip():
        return ""
    return KINDS.get(fold(text))


def split_cell(cell: str) -> tuple[str, str]:
    """Split a place cell into its name and what qualifies it.

    "Izumi, Osaka", "Setagaya (Tokyo)" and "Tokyo – Setagaya" (a city and its district,
    as Wikipedia lists them) give the name and, after it, the region or city around it.
    """
    if match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", cell):
        return match.group(1).strip(), match.group(2).strip()
    if "," not in cell and " – " in cell:
        parent, _, name = cell.partition(" – ")
        return name.strip(), parent.strip()
    name, _, rest = cell.partition(",")
    return name.strip(), rest.strip(" ,")


class TwinTownImport:
    """One run of the twin-town importer; see the module docstring."""

    def __init__(
        self,
        path_or_file,
        *,
        format_name: str = "auto",
        dry_run: bool = False,
        source_title: str | None = None,
        source_url: str | None = None,
        file_name: str | None = None,
        status: str = PublicationStatus.PUBLISHED,
        user=None,
        progress_stream=None,
        batch_size: int | None = None,
    ):
        self.text = read_text(path_or_file)
        self.csv_format, self.rows = read_rows(self.text, format_name)
        if file_name is None and isinstance(path_or_file, (str, Path)):
            file_name = Path(path_or_file).name
        self.file_name = file_name or "upload.csv"
        self.dry_run = dry_run
        self.source_spec = self.make_source_spec(source_title, source_url)
        self.status = status
        self.user = user
        self.progress = Progress(progress_stream, enabled=progress_stream is not None)
        self.batch_size = batch_size
        self.report = ImportReport(
            title=f"Twin-town import of {self.file_name} ({self.csv_format.name})",
            dry_run=dry_run,
        )
        self.url_validator = URLValidator(schemes=["http", "https"])

    def make_source_spec(self, title: str | None, url: str | None) -> SourceSpec:
        if self.csv_format.name == "wikipedia-csv" and not title:
            return replace(WIKIPEDIA_SOURCE, url=url or WIKIPEDIA_SOURCE.url)
        title = title or f"Twin-town list {self.file_name}"
        return SourceSpec(
            slug=slugify(title)[:200] or "twin-town-import",
            title=title,
            url=url or "",
            note=f"Imported from the file {self.file_name} ({self.csv_format.name}).",
        )

    # Running

    def run(self) -> ImportReport:
        with import_transaction(self.dry_run):
            writer_options = {"batch_size": self.batch_size} if self.batch_size else {}
            self.writer = DirectoryWriter(
                self.report,
                status=self.status,
                user=self.user,
                progress=self.progress,
                **writer_options,
            )
            self.writer.use_source(self.source_spec)
            self.report.rows_read = len(self.rows)
            planned = self.plan()
            self.link(planned)
            self.writer.write()
        self.report.finish()
        return self.report

    def plan(self) -> list[Planned]:
        """Pass one: read each row, match or plan its places, skip what cannot be used."""
        planned = []
        self.progress.start("matching places", len(self.rows))
        for number, row in enumerate(self.rows, 1):
            try:
                planned.append(self.plan_row(row))
            except Skip as skip:
                detail = f" [{skip.detail}]" if skip.detail else ""
                self.report.skip(skip.reason, f"{row}{detail}")
            self.progress.update(number)
        self.progress.done()
        return planned

    def plan_row(self, row: Row) -> Planned:
        refs = tuple(self.read_side(side, row) for side in row.sides)
        first, second = refs
        if (
            first.latitude is not None
            and (first.latitude, first.longitude) == (second.latitude, second.longitude)
            and first.country != second.country
        ):
            # A geocoder fell back to one place for both: either may be the wrong one.
            self.report.warn(WARN_SAME_COORDINATES, str(row))
            for ref in refs:
                ref.latitude = ref.longitude = None
        places = [self.place_for(ref, row, create=True) for ref in refs]
        if places[0] is places[1]:
            raise Skip(SKIP_SELF)
        kind = read_kind(row.kind)
        if kind is None:
            self.report.warn(WARN_KIND, f"{row} [kind {row.kind!r}]")
            kind = PartnershipKind.SISTER_CITY
        try:
            established = read_established(row.established)
        except ValueError:
            self.report.warn(WARN_YEAR, f"{row} [established {row.established!r}]")
            established = None
        url = row.source_url
        if url:
            try:
                self.url_validator(url)
            except ValidationError:
                self.report.warn(WARN_URL, f"{row} [{url!r}]")
                url = ""
        return Planned(row, refs, kind, established, url)

    def link(self, planned: list[Planned]) -> None:
        """Pass two: match again against the final set of places and record the pairs.

        Matching is repeated until it no longer changes the planned places: created
        places no row uses are dropped, and each created place takes the coordinates
        most of its rows give. The places then are exactly what a later run will load,
        so it matches every row the same way.
        """
        for round_number in range(1, MAX_ROUNDS + 1):
            label = "linking partnerships" + (
                f" (round {round_number})" if round_number > 1 else ""
            )
            resolved = self.resolve(planned, label)
            if not self.settle(resolved):
                break
        counters = {
            "created": "partnerships_created",
            "matched": "partnerships_matched",
            "merged": "partnerships_merged",
            "duplicate": "duplicate_rows",
        }
        for item, outcome in resolved:
            if isinstance(outcome, Skip):
                self.report.skip(outcome.reason, str(item.row))
            else:
                self.link_row(item, *outcome, counters)

    def resolve(self, planned: list[Planned], label: str) -> list[tuple[Planned, object]]:
        resolved = []
        self.progress.start(label, len(planned))
        for number, item in enumerate(planned, 1):
            try:
                first, second = (self.place_for(ref, item.row) for ref in item.refs)
                if first is second:
                    raise Skip(SKIP_SELF)
                resolved.append((item, (first, second)))
            except Skip as skip:
                resolved.append((item, skip))
            self.progress.update(number)
        self.progress.done()
        return resolved

    def settle(self, resolved) -> bool:
        """Drop unused created places and move the others to their rows' usual
        coordinates; return whether anything changed."""
        index = self.writer.places
        observed: dict[int, Counter] = {}
        used = set()
        for item, outcome in resolved:
            if isinstance(outcome, Skip):
                continue
            for ref, place in zip(item.refs, outcome, strict=True):
                used.add(place.uid)
                if place.new and ref.latitude is not None:
                    counter = observed.setdefault(place.uid, Counter())
                    counter[(ref.latitude, ref.longitude)] += 1
        changed = False
        for info in list(index.created):
            if info.uid not in used:
                index.remove(info)
                changed = True
                continue
            counter = observed.get(info.uid)
            usual = counter.most_common(1)[0][0] if counter else (None, None)
            if (info.latitude, info.longitude) != usual:
                info.latitude, info.longitude = usual
                changed = True
        return changed

    def link_row(self, item: Planned, first, second, counters) -> None:
        self.writer.use_place(first)
        self.writer.use_place(second)
        kind = item.kind or default_partnership_kind(first, second)
        pair, outcome = self.writer.pair(first, second, kind=kind, established=item.established)
        if item.url:
            pair.urls.add(item.url)
        if not item.established or pair.established == item.established:
            pass
        elif not pair.new:
            known = pair.established.isoformat() if pair.established else "none"
            self.report.warn(
                WARN_KEPT_DATE, f"{item.row} [{item.established.isoformat()}, directory: {known}]"
            )
        else:
            kept = pair.established.isoformat()
            self.report.warn(
                WARN_OTHER_YEAR, f"{item.row} [{item.established.isoformat()}, kept {kept}]"
            )
        setattr(self.report, counters[outcome], getattr(self.report, counters[outcome]) + 1)

    # Places

    def read_side(self, side: Side, row: Row) -> PlaceRef:
        """Read one side's name, region hint, country and coordinates."""
        latitude, longitude, bad = read_coordinates(side)
        if bad:
            self.report.warn(WARN_COORDINATES, f"{row} [{side.latitude!r}, {side.longitude!r}]")
        name, rest = split_cell(side.cell)
        if not name:
            raise Skip(SKIP_NO_NAME)
        country = read_country(side.country, latitude=latitude, longitude=longitude)
        hint, kind, note = "", None, ""
        if rest:
            in_cell = read_country(rest, latitude=latitude, longitude=longitude, guess=False)
            if country.ok:
                plain_country = in_cell.ok and not in_cell.region
                if plain_country and in_cell.code != country.code:
                    # "Athens, Georgia" in the United States: a region named like a country.
                    self.report.warn(WARN_CELL_CONFLICT, f"{row} [{side.cell!r}]")
                    hint = rest
                elif not plain_country:
                    hint = in_cell.region if in_cell.ok else rest
            elif country.problem == NO_COUNTRY and in_cell.ok:
                # "Varna, Bulgaria" with an empty country column.
                country, hint = in_cell, in_cell.region
                note = f"Country read from the place cell “{side.cell}”."
                self.report.warn(WARN_FROM_CELL, f"{row} [{side.cell!r} → {country.code}]")
        elif not country.ok and country.problem == NO_COUNTRY:
            territory = country_in_text(name)
            if territory is not None:
                # "Falkland Islands" with no country: the place is the territory itself.
                country, kind = territory, PlaceKind.REGION
                note = f"The place “{side.cell}” is itself a country or territory."
                self.report.warn(WARN_FROM_CELL, f"{row} [{side.cell!r} → {country.code}]")
        if not country.ok:
            raise Skip(
                self.country_reason(country),
                f"country {side.country!r}" if side.country else f"place {side.cell!r}",
            )
        if country.guessed_from:
            note = f"Country read as {country.code} from “{country.guessed_from}”."
            self.report.warn(WARN_GUESSED, f"{row} [{country.guessed_from!r} → {country.code}]")
        if latitude is not None and not in_country(country.code, latitude, longitude):
            self.report.warn(WARN_OUTSIDE, f"{row} [{side.cell}: {latitude}, {longitude}]")
            latitude = longitude = None
        inferred_kind, core, explicit = kind_from_name(name)
        return PlaceRef(
            name=name,
            country=country.code,
            # The cell's region, else the country string's ("Lagoa" in "Azores, Portugal").
            hint=hint or country.region,
            kind=kind or inferred_kind,
            explicit_kind=explicit or kind is not None,
            core=core,
            latitude=latitude,
            longitude=longitude,
            identifiers=self.read_identifiers(side, row),
            country_note=note,
        )

    def read_identifiers(self, side: Side, row: Row) -> dict[str, str]:
        identifiers = {}
        for scheme, value in side.identifiers.items():
            value = value.strip().upper() if scheme == "wikidata" else value.strip()
            if IDENTIFIER_PATTERNS[scheme].fullmatch(value):
                identifiers[scheme] = value
            else:
                self.report.warn(WARN_IDENTIFIER, f"{row} [{scheme} {value!r}]")
        return identifiers

    @staticmethod
    def country_reason(country: CountryMatch) -> str:
        if country.problem == NO_COUNTRY:
            return "no country given, and none in the place cell"
        return country.problem

    def place_for(self, ref: PlaceRef, row: Row, *, create: bool = False):
        index = self.writer.places
        match = index.match(ref)
        if match.ambiguous:
            names = ", ".join(sorted(str(c) for c in match.ambiguous)[:4])
            raise Skip(SKIP_AMBIGUOUS, f"{ref.label}: {names}")
        if match.new:
            if not create:
                raise Skip(SKIP_UNSTABLE, str(ref))
            if match.far_from is not None:
                self.report.warn(
                    WARN_HOMONYM, f"{row} [{ref} is {match.distance:.0f} km from {match.far_from}]"
                )
            return index.create(ref)
        place = match.place
        if create and match.by_identifier and place.country != ref.country:
            self.report.warn(WARN_IDENTIFIER_COUNTRY, f"{row} [{ref} is {place}]")
        if create:
            if place.new and place.latitude is None and ref.latitude is not None:
                place.latitude, place.longitude = ref.latitude, ref.longitude
            index.learn_region(place, ref)
            for scheme, value in ref.identifiers.items():
                index.add_identifier(place, scheme, value)
        return place


def import_twin_towns(path_or_file, **options) -> ImportReport:
    """Import a twin-town CSV file; see TwinTownImport for the options."""
    # Bulk inserts send no signals: refresh the cached public pages once at the end.
    with bulk_changes():
        return TwinTownImport(path_or_file, **options).run()

"""Find the directory's place an import row means, in memory.

The directory's places are loaded once into indexes by identifier and by folded name
and country (names, native names and alternate names). A row's place is matched by
identifier when it has one, else by name and country, and homonyms are told apart by
the region the row names ("Izumi, Osaka") and by distance. Places created during an
import join the same indexes, with the region kept as an alternate name
("Izumi, Osaka"), so a second run matches exactly what the first one created.
"""

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal

from agreements.importing.countries import fold
from partnerships.models import PartnershipKind, Place, PlaceIdentifier, PlaceKind, PlaceName

# The last word of a name ("Osaka Prefecture", "Miami-Dade County") or its first before
# "of" ("Province of Rome") says the place is no city.
KIND_WORDS = {
    "prefecture": PlaceKind.PREFECTURE,
    "county": PlaceKind.COUNTY,
    "district": PlaceKind.COUNTY,
    "raion": PlaceKind.COUNTY,
    "rayon": PlaceKind.COUNTY,
    "landkreis": PlaceKind.COUNTY,
    "kreis": PlaceKind.COUNTY,
    "shire": PlaceKind.COUNTY,
    "state": PlaceKind.STATE,
    "province": PlaceKind.PROVINCE,
    "provincia": PlaceKind.PROVINCE,
    "oblast": PlaceKind.PROVINCE,
    "voivodeship": PlaceKind.PROVINCE,
    "governorate": PlaceKind.PROVINCE,
    "region": PlaceKind.REGION,
    "krai": PlaceKind.REGION,
    "kraj": PlaceKind.REGION,
    "canton": PlaceKind.REGION,
    "department": PlaceKind.REGION,
    "departement": PlaceKind.REGION,
    "municipality": PlaceKind.MUNICIPALITY,
    "kommune": PlaceKind.MUNICIPALITY,
    "municipio": PlaceKind.MUNICIPALITY,
    "ward": PlaceKind.WARD,
}

REGION_KINDS = frozenset(
    {
        PlaceKind.COUNTY,
        PlaceKind.PREFECTURE,
        PlaceKind.STATE,
        PlaceKind.PROVINCE,
        PlaceKind.REGION,
        PlaceKind.COUNTRY,
    }
)

# Partnerships between two of these are sister states or regions by default.
STATE_KINDS = frozenset(
    {PlaceKind.STATE, PlaceKind.PREFECTURE, PlaceKind.PROVINCE, PlaceKind.REGION}
)

# How far a row's coordinates may lie from a place's and still mean it. Geocoded lists
# are sometimes off by a few kilometres; regions are large.
SAME_PLACE_KM = {"city": 75.0, "region": 400.0}


def kind_from_name(name: str) -> tuple[str, str, bool]:
    """Return (kind, core name, whether the name said so): "Osaka Prefecture" → prefecture."""
    words = name.split()
    folded = [fold(word) for word in words]
    if len(words) >= 2 and folded[-1] in KIND_WORDS:
        return KIND_WORDS[folded[-1]], " ".join(words[:-1]).strip(" -,"), True
    if len(words) >= 3 and folded[0] in KIND_WORDS and folded[1] == "of":
        return KIND_WORDS[folded[0]], " ".join(words[2:]), True
    return PlaceKind.CITY, name, False


def default_partnership_kind(first, second) -> str:
    """Sister states when both places are states, prefectures, provinces or regions."""
    if first.kind in STATE_KINDS and second.kind in STATE_KINDS:
        return PartnershipKind.SISTER_STATE
    return PartnershipKind.SISTER_CITY


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lng2 - lng1) * p / 2) ** 2
    )
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


_uids = itertools.count(1)


@dataclass(eq=False)
class PlaceInfo:
    """A place as the matcher sees it: an existing row, or one this import will create."""

    name: str
    country: str
    kind: str
    pk: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    # Folded regions the place lies in (its ancestors), and regions its alternate names
    # give ("Izumi, Osaka" → "osaka").
    regions: set[str] = field(default_factory=set)
    hints: set[str] = field(default_factory=set)
    has_region_parent: bool = False
    identifiers: dict[str, str] = field(default_factory=dict)
    # For places created by this import:
    new: bool = False
    alternate_names: list[str] = field(default_factory=list)
    new_identifiers: dict[str, str] = field(default_factory=dict)
    country_note: str = ""
    used: bool = False
    index_keys: set = field(default_factory=set)
    uid: int = field(default_factory=lambda: next(_uids))

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_KINDS

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


@dataclass
class PlaceRef:
    """A place as an import row names it."""

    name: str
    country: str
    hint: str = ""
    kind: str = PlaceKind.CITY
    explicit_kind: bool = False
    core: str = ""
    latitude: float | None = None
    longitude: float | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    country_note: str = ""

    @property
    def label(self) -> str:
        """The name with its region, as an alternate name for a created place."""
        return f"{self.name}, {self.hint}" if self.hint else self.name

    def __str__(self) -> str:
        return f"{self.label} ({self.country})"


@dataclass
class Match:
    place: PlaceInfo | None = None
    new: bool = False
    ambiguous: list[PlaceInfo] = field(default_factory=list)
    distance: float | None = None
    far_from: PlaceInfo | None = None
    by_identifier: bool = False


def as_float(value) -> float | None:
    return None if value is None else float(value)


def coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.5f}")


class PlaceIndex:
    """The directory's places in memory, plus those an import adds."""

    def __init__(self):
        self.by_pk: dict[int, PlaceInfo] = {}
        self.by_name: dict[tuple[str, str], list[PlaceInfo]] = {}
        self.by_core: dict[tuple[str, str], list[PlaceInfo]] = {}
        self.by_identifier: dict[tuple[str, str], PlaceInfo] = {}
        # Folded names of the regions of each country, to know when a hint names one.
        self.region_names: set[tuple[str, str]] = set()
        self.created: list[PlaceInfo] = []

    @classmethod
    def load(cls) -> "PlaceIndex":
        """Read every place, alternate name and identifier in three queries."""
        index = cls()
        rows = Place.objects.values_list(
            "pk", "name", "native_name", "country", "kind", "parent_id", "latitude", "longitude"
        )
        parents, names = {}, {}
        for pk, name, native, country, kind, parent_id, lat, lng in rows.iterator(chunk_size=5000):
            index.by_pk[pk] = PlaceInfo(
                name=name,
                country=country,
                kind=kind,
                pk=pk,
                latitude=as_float(lat),
                longitude=as_float(lng),
            )
            parents[pk] = parent_id
            names[pk] = [name, native] if native else [name]
        alternates = PlaceName.objects.values_list("place_id", "name")
        for place_id, name in alternates.iterator(chunk_size=5000):
            names[place_id].append(name)
        identifiers = PlaceIdentifier.objects.values_list("place_id", "scheme", "value")
        for place_id, scheme, value in identifiers.iterator(chunk_size=5000):
            info = index.by_pk[place_id]
            info.identifiers[scheme] = value
            index.by_identifier[(scheme, value.upper())] = info
        for pk, info in index.by_pk.items():
            parent_id, seen = parents[pk], set()
            while parent_id is not None and parent_id not in seen:
                seen.add(parent_id)
                parent = index.by_pk[parent_id]
                if parent.kind != PlaceKind.COUNTRY:
                    info.has_region_parent = True
                    info.regions |= {fold(parent.name), fold(kind_from_name(parent.name)[1])}
                parent_id = parents[parent_id]
            index._add(info, names[pk])
        return index

    def _add(self, info: PlaceInfo, names) -> None:
        own = fold(info.name)
        for name in names:
            key = fold(name)
            if not key:
                continue
            bucket = self.by_name.setdefault((key, info.country), [])
            if info not in bucket:
                bucket.append(info)
                info.index_keys.add(("name", key))
            head, comma, tail = name.partition(",")
            if comma and fold(head) == own and fold(tail):
                info.hints.add(fold(tail))
        if info.is_region:
            core = fold(kind_from_name(info.name)[1])
            bucket = self.by_core.setdefault((core, info.country), [])
            if info not in bucket:
                bucket.append(info)
                info.index_keys.add(("core", core))
            self.region_names.update({(core, info.country), (own, info.country)})

    def identify(self, scheme: str, value: str) -> PlaceInfo | None:
        return self.by_identifier.get((scheme, value.upper()))

    # Matching

    def candidates(self, ref: PlaceRef) -> tuple[list[PlaceInfo], bool]:
        """The places ``ref`` may mean, and whether one is known by exactly its label."""
        if ref.hint:
            spelled = self.by_name.get((fold(ref.label), ref.country))
            if spelled:
                return list(spelled), True
        found = list(self.by_name.get((fold(ref.name), ref.country), ()))
        if not found:
            # "Osaka Prefecture" for a place named "Osaka", "Kanagawa" for "Kanagawa Prefecture".
            found = list(self.by_core.get((fold(ref.core or ref.name), ref.country), ()))
        if ref.hint and found:
            hint = fold(ref.hint)
            agreeing = [c for c in found if hint in c.hints or hint in c.regions]
            if agreeing:
                found = agreeing
            else:
                # A place known to lie in another of the country's regions is another place.
                known_region = (hint, ref.country) in self.region_names
                found = [
                    c for c in found if not c.hints and not (known_region and c.has_region_parent)
                ]
        if ref.explicit_kind:
            found = [c for c in found if c.is_region] or found
        else:
            found = [c for c in found if not c.is_region] or found
        return found, False

    def match(self, ref: PlaceRef) -> Match:
        """Find the place ``ref`` means; Match.new when there is none."""
        for scheme, value in ref.identifiers.items():
            place = self.identify(scheme, value)
            if place is not None:
                return Match(place, by_identifier=True)
        found, spelled = self.candidates(ref)
        if not found:
            return Match(new=True)
        if spelled and len(found) == 1:
            # Known by this very name and region ("Izumi, Osaka"): the coordinates of
            # such a row are more often wrong than the place.
            return Match(found[0])
        limit = SAME_PLACE_KM["region" if ref.explicit_kind else "city"]
        located = [c for c in found if c.latitude is not None]
        if ref.latitude is not None and located:
            scored = sorted(
                (
                    distance_km(ref.latitude, ref.longitude, c.latitude, c.longitude),
                    c.pk or 0,
                    c.uid,
                    c,
                )
                for c in located
            )
            distance, *_, nearest = scored[0]
            if distance <= (SAME_PLACE_KM["region"] if nearest.is_region else limit):
                return Match(nearest, distance=distance)
            unlocated = [c for c in found if c.latitude is None]
            if len(unlocated) == 1:
                return Match(unlocated[0])
            if not unlocated:
                return Match(new=True, distance=distance, far_from=nearest)
            return Match(ambiguous=found)
        if len(found) == 1:
            return Match(found[0])
        return Match(ambiguous=found)

    def create(self, ref: PlaceRef, kind: str | None = None) -> PlaceInfo:
        """Add a place the import will write; it is matched like any other from now on."""
        info = PlaceInfo(
            name=ref.name,
            country=ref.country,
            kind=kind or ref.kind,
            latitude=ref.latitude,
            longitude=ref.longitude,
            new=True,
            country_note=ref.country_note,
        )
        names = [ref.name]
        if ref.hint:
            info.alternate_names.append(ref.label)
            names.append(ref.label)
        for scheme, value in ref.identifiers.items():
            self.add_identifier(info, scheme, value)
        self._add(info, names)
        self.created.append(info)
        return info

    def learn_region(self, info: PlaceInfo, ref: PlaceRef) -> None:
        """A created place listed once without a region and now with one takes it."""
        if info.new and ref.hint and not info.hints:
            info.alternate_names.append(ref.label)
            self._add(info, [ref.label])

    def remove(self, info: PlaceInfo) -> None:
        """Forget a created place no row ended up using."""
        for table, key in info.index_keys:
            bucket = (self.by_name if table == "name" else self.by_core)[(key, info.country)]
            bucket.remove(info)
        info.index_keys.clear()
        for scheme, value in info.identifiers.items():
            if self.by_identifier.get((scheme, value.upper())) is info:
                del self.by_identifier[(scheme, value.upper())]
        self.created.remove(info)

    def add_identifier(self, info: PlaceInfo, scheme: str, value: str) -> bool:
        """Give ``info`` an identifier it lacks, unless another place holds the value."""
        if scheme in info.identifiers or (scheme, value.upper()) in self.by_identifier:
            return False
        info.identifiers[scheme] = value
        info.new_identifiers[scheme] = value
        self.by_identifier[(scheme, value.upper())] = info
        return True

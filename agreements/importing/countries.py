"""Turn the country strings people write into ISO 3166-1 alpha-2 codes.

Real lists write "England", "Georgia (country)", "Réunion, France", "Grece" or leave
the country in the city cell ("Varna, Bulgaria"). ``read_country`` maps them in this
order: ISO names and codes (pycountry), a small alias table for common non-ISO names
and known misspellings, "Part, Country" strings (the part becomes a region hint, or
the code when the part is a territory with its own code), and last a conservative
fuzzy match whose guess is reported. What stays unknown is reported, never guessed.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry


def fold(text: str) -> str:
    """Compare form of a name: no accents, case or punctuation, single spaces.

    "Sault Ste. Marie" and "sault ste marie", "Düsseldorf" and "Dusseldorf",
    "Saint-Denis" and "Saint Denis" fold to the same string.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ø", "o").replace("đ", "d").replace("ł", "l").replace("ı", "i")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@dataclass(frozen=True)
class CountryMatch:
    """What a country string means.

    ``code`` is None when the string cannot be read; ``problem`` then says why, in the
    words of a report reason. ``region`` carries a part of the country the string
    named ("England", "Brandenburg"). ``guessed_from`` is set when the code is a fuzzy
    guess, so the importer can warn about it.
    """

    code: str | None
    region: str = ""
    problem: str = ""
    guessed_from: str = ""

    @property
    def ok(self) -> bool:
        return self.code is not None


# Problem texts double as report reasons, so they read as sentences.
NO_COUNTRY = "no country given"
UNKNOWN_COUNTRY = "country not recognised"
NOT_ISO = "country has no ISO 3166-1 code (disputed or unrecognised state)"
AMBIGUOUS_GEORGIA = (
    "ambiguous country: 'Georgia' next to US coordinates (the country or the state?)"
)

# Parts of the United Kingdom: the code is GB and the part is kept as a region hint.
UK_PARTS = ("England", "Scotland", "Wales", "Northern Ireland")

# Folded name → alpha-2 code: common names pycountry does not know, and misspellings
# seen in real lists. Keep it small and certain; the fuzzy match covers the rest.
ALIASES = {
    "russia": "RU",
    "turkey": "TR",
    "republic of ireland": "IE",
    "ireland republic": "IE",
    "eire": "IE",
    "palestine": "PS",
    "state of palestine": "PS",
    "palestinian territories": "PS",
    "west bank": "PS",
    "gaza strip": "PS",
    "cape verde": "CV",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "sao tome and principe": "ST",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "congo kinshasa": "CD",
    "republic of the congo": "CG",
    "congo brazzaville": "CG",
    "moldavia": "MD",
    "east timor": "TL",
    "bosnia and hercegovina": "BA",
    "bosnia": "BA",
    "bosnia herzegovina": "BA",
    "surinam": "SR",
    "brunei": "BN",
    "madagaskar": "MG",
    "grece": "GR",
    "kazakhstah": "KZ",
    # Iceland in the Scandinavian languages and German, as some lists write it.
    "island": "IS",
    "micronesia": "FM",
    "macedonia": "MK",
    "republic of macedonia": "MK",
    "swaziland": "SZ",
    "burma": "MM",
    "czechia": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "america": "US",
    "united states of america": "US",
    "korea": "KR",
    "republic of korea": "KR",
    "vatican": "VA",
    "vatican city": "VA",
    "holy see": "VA",
    "laos": "LA",
    "the bahamas": "BS",
    "the gambia": "GM",
    "west germany": "DE",
    "east germany": "DE",
    "federal republic of germany": "DE",
    "people s republic of china": "CN",
    "prc": "CN",
    "republic of china": "TW",
    "uae": "AE",
    "faroe islands": "FO",
    "falkland islands": "FK",
    "macau": "MO",
    "aland": "AX",
    "reunion": "RE",
    "curacao": "CW",
    "saint martin": "MF",
    "st kitts and nevis": "KN",
    "st lucia": "LC",
    "st vincent and the grenadines": "VC",
}

# Places lists name as countries that ISO 3166-1 does not have a code for.
NOT_ISO_NAMES = {
    "kosovo",
    "republic of kosovo",
    "northern cyprus",
    "turkish republic of northern cyprus",
    "somaliland",
    "transnistria",
    "abkhazia",
    "south ossetia",
    "artsakh",
    "nagorno karabakh",
    "yugoslavia",
    "soviet union",
    "ussr",
    "czechoslovakia",
}

# Parts of a country a list may give as its "country": the code, and the part kept
# as a region hint.
REGION_ALIASES = {
    **{fold(part): ("GB", part) for part in UK_PARTS},
    "azores": ("PT", "Azores"),
    "madeira": ("PT", "Madeira"),
    "canary islands": ("ES", "Canary Islands"),
    "balearic islands": ("ES", "Balearic Islands"),
    "sardinia": ("IT", "Sardinia"),
    "sicily": ("IT", "Sicily"),
    "corsica": ("FR", "Corsica"),
    "hawaii": ("US", "Hawaii"),
    "alaska": ("US", "Alaska"),
}

# Territories with their own ISO code, by the country lists write after them:
# "Réunion, France" is RE, but "Georgia, United States" is a US state, not GE.
TERRITORIES = {
    "AU": {"CX", "CC", "NF", "HM"},
    "CN": {"HK", "MO"},
    "DK": {"FO", "GL"},
    "FI": {"AX"},
    "FR": {"RE", "GP", "MQ", "GF", "YT", "PF", "NC", "PM", "WF", "BL", "MF", "TF"},
    "GB": {"GI", "IM", "JE", "GG", "BM", "KY", "VG", "FK", "MS", "TC", "AI", "SH", "PN", "IO"},
    "NL": {"AW", "CW", "SX", "BQ"},
    "NO": {"SJ", "BV"},
    "NZ": {"CK", "NU", "TK"},
    "US": {"PR", "GU", "VI", "AS", "MP", "UM"},
}

# A fuzzy guess allows this many typos (insertions, deletions, substitutions or swaps of
# neighbours) and must be the only name that close: "Grece", "Frnace", "Kazakhstah".
FUZZY_MIN_LENGTH = 5


def allowed_typos(text: str) -> int:
    return 1 if len(text) < 8 else 2


def typo_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or limit + 1 once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


@cache
def _iso_names() -> dict[str, str]:
    """Folded ISO names (short, common and official) → alpha-2 code."""
    names = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(fold(value), country.alpha_2)
                # "Falkland Islands (Malvinas)" → "Falkland Islands".
                names.setdefault(fold(re.sub(r"\s*\(.*\)", "", value)), country.alpha_2)
        # "Korea, Republic of" → "Republic of Korea"; "Iran, Islamic Republic of" → "Iran".
        if "," in country.name:
            head, tail = (part.strip() for part in country.name.split(",", 1))
            names.setdefault(fold(f"{tail} {head}"), country.alpha_2)
            names.setdefault(fold(head), country.alpha_2)
    return names


@cache
def _codes() -> dict[str, str]:
    codes = {}
    for country in pycountry.countries:
        codes[country.alpha_2] = country.alpha_2
        codes[country.alpha_3] = country.alpha_2
    return codes


@cache
def _fuzzy_table() -> dict[str, str]:
    return {**_iso_names(), **ALIASES}


def looks_american(latitude: float | None, longitude: float | None) -> bool:
    """Whether coordinates fall in the United States' rough box (Hawaii and Alaska too)."""
    if latitude is None or longitude is None:
        return False
    return 18 <= latitude <= 72 and -180 <= longitude <= -60


def _exact(text: str) -> CountryMatch | None:
    """Read one comma-free country string without guessing."""
    stripped = text.strip()
    if stripped.upper() == stripped and stripped in _codes():
        return CountryMatch(_codes()[stripped])
    key = fold(stripped)
    if not key:
        return None
    if key in NOT_ISO_NAMES:
        return CountryMatch(None, problem=NOT_ISO)
    if key in REGION_ALIASES:
        code, region = REGION_ALIASES[key]
        return CountryMatch(code, region=region)
    if key in ALIASES:
        return CountryMatch(ALIASES[key])
    if key in _iso_names():
        return CountryMatch(_iso_names()[key])
    return None


def _fuzzy(text: str) -> CountryMatch | None:
    key = fold(text)
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    limit = allowed_typos(key)
    table = _fuzzy_table()
    close = {table[name] for name in table if typo_distance(key, name, limit) <= limit}
    if len(close) != 1:
        return None
    return CountryMatch(close.pop(), guessed_from=text.strip())


def clean_country_text(text: str) -> str:
    """Drop wrappers lists put around a country: "in Italy", "Georgia (country)"."""
    text = " ".join((text or "").split())
    text = re.sub(r"^in\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\((country|nation|state)\)$", "", text, flags=re.IGNORECASE)
    return text.strip(" ,;")


@cache
def _read(text: str, *, guess: bool) -> CountryMatch:
    text = clean_country_text(text)
    if not text:
        return CountryMatch(None, problem=NO_COUNTRY)
    parts = [part.strip() for part in text.split(",") if part.strip()]
    whole = _exact(text)  # "Korea, Republic of" is one ISO name
    if whole is not None:
        return whole
    if len(parts) == 1:
        return (_fuzzy(text) if guess else None) or _unknown()
    # "England, United Kingdom", "Réunion, France", "Brandenburg, Germany": the last
    # part is the country; a territory with its own code in front of it wins.
    country = _exact(parts[-1]) or (_fuzzy(parts[-1]) if guess else None)
    if country is None or not country.ok:
        return country or _unknown()
    front = ", ".join(parts[:-1])
    part = _exact(front)
    if part is not None and part.ok:
        if part.region and part.code == country.code:
            return CountryMatch(part.code, region=part.region)
        if part.code in TERRITORIES.get(country.code, ()):
            return CountryMatch(part.code)
    return CountryMatch(country.code, region=front, guessed_from=country.guessed_from)


def _unknown() -> CountryMatch:
    return CountryMatch(None, problem=UNKNOWN_COUNTRY)


def read_country(
    text: str,
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    guess: bool = True,
) -> CountryMatch:
    """Read a country string; the coordinates only settle "Georgia".

    >>> read_country("England, United Kingdom")
    CountryMatch(code='GB', region='England', problem='', guessed_from='')
    """
    result = _read(text or "", guess=guess)
    # "Georgia (country)" is certain; a bare "Georgia" by American coordinates is not.
    if (
        result.code == "GE"
        and fold(clean_country_text(text)) == "georgia"
        and "(" not in text
        and looks_american(latitude, longitude)
    ):
        return CountryMatch(None, problem=AMBIGUOUS_GEORGIA)
    return result


def country_in_text(text: str) -> CountryMatch | None:
    """The country a whole string names exactly (no guessing), or None."""
    result = _exact(clean_country_text(text)) if text and "," not in text else None
    return result if result is not None and result.ok else None

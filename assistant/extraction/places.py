"""Places named in a release, looked up in the offline gazetteer."""

import re
from dataclasses import dataclass

from .gazetteer import DEMONYMS, Entry, country_entry, lookup, normalize
from .people import UPPER

RUN = re.compile(rf"[{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*)*|[\u4e00-\u9fff]{{2,6}}[市県都府]")
PREFECTURE_BEFORE = re.compile(
    r"(?:Präfektur|Prefecture of|Provinz|Province of|State of|Bundesland)\s+$"
)
PREFECTURE_AFTER = re.compile(
    r"^\s*(?:Prefecture|Prefectural|Metropolitan Government|Province|State)\b"
)
PREPOSITION = re.compile(
    r"\b(?:in|of|from|to|and|between|with|aus|nach|und|zwischen|mit|von|bei|city of|town of|"
    r"\w*stadt|city|town)\s+$",
    re.I,
)


@dataclass
class PlaceMention:
    entry: Entry
    surface: str
    sentence: int
    start: int


def _candidates(run: str):
    """Yield (surface, offset) n-grams of a capitalised run, longest first."""
    words = [(m.group(0), m.start()) for m in re.finditer(r"\S+", run)]
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            start = words[i][1]
            end = words[i + size - 1][1] + len(words[i + size - 1][0])
            yield run[start:end], start, i, size


# The country a release in this language most likely comes from.
LANGUAGE_COUNTRY = {"de": "DE", "ja": "JP"}


def find_places(
    sentences: list[str], masks: list[list[tuple[int, int]]], language: str | None = None
) -> list[PlaceMention]:
    countries = {LANGUAGE_COUNTRY[language]} if language in LANGUAGE_COUNTRY else set()
    for sentence in sentences:
        for word in re.findall(r"[\w]+", sentence):
            key = normalize(word)
            if key in DEMONYMS:
                countries.add(DEMONYMS[key])
            entry = lookup(word) if word[:1].isupper() and len(word) > 3 else None
            if entry and entry.kind in {"country", "region", "state", "prefecture"}:
                countries.add(entry.country)
    found = []
    prefectures: dict[str, Entry] = {}
    for index, sentence in enumerate(sentences):
        masked = masks[index] if index < len(masks) else []
        for m in RUN.finditer(sentence):
            run = m.group(0)
            used = set()
            for surface, offset, first, size in _candidates(run):
                if any(i in used for i in range(first, first + size)):
                    continue
                start = m.start() + offset
                if any(s <= start < e for s, e in masked):
                    continue
                text = re.sub(r"[’']s$|[.,]$", "", surface)
                if text.isupper() and len(text) > 3:
                    text = text.title()
                before, after = sentence[:start], sentence[start + len(surface) :]
                want = (
                    "prefecture"
                    if (PREFECTURE_BEFORE.search(before) or PREFECTURE_AFTER.match(after))
                    else None
                )
                if want and sentence[start - 10 : start].strip().endswith("State of"):
                    want = "state"
                entry = lookup(text, frozenset(countries), want)
                if entry is None and "-" in text:
                    continue
                if entry is None:
                    continue
                if (
                    entry.kind == "city"
                    and entry.population < 100_000
                    and not PREPOSITION.search(before)
                ):
                    continue
                if (
                    entry.kind == "city"
                    and countries
                    and entry.country not in countries
                    and entry.population < 200_000
                ):
                    continue
                if (
                    entry.kind == "city"
                    and countries
                    and entry.country not in countries
                    and normalize(text) != normalize(entry.name)
                    and not (entry.native_name and text == entry.native_name)
                    and entry.population < 1_000_000
                ):
                    continue  # a foreign city known here only by an alternate name
                used.update(range(first, first + size))
                found.append(PlaceMention(entry, text, index, start))
                bare = re.sub(r"\s+Prefectur(?:e|al)$|^Präfektur\s+", "", text)
                if entry.kind == "prefecture" and (want == "prefecture" or bare != text):
                    prefectures[normalize(bare)] = entry
            # Hyphenated pairs: "Oulu-Sendai", "NRW-Landesregierung", "Japan-Chicago".
            for part in re.finditer(r"[\w]+", run):
                if "-" not in run or len(part.group(0)) < 3:
                    continue
                start = m.start() + part.start()
                if any(s <= start < e for s, e in masked) or any(p.start == start for p in found):
                    continue
                whole = next((w for w in re.findall(r"\S+", run) if part.group(0) in w), "")
                if "-" not in whole:
                    continue
                entry = lookup(part.group(0), frozenset(countries))
                if entry and entry.kind == "country" and _in_org_name(sentence, m.start()):
                    continue
                if entry and (entry.kind != "city" or entry.population >= 100_000):
                    found.append(PlaceMention(entry, part.group(0), index, start))
        for m in re.finditer(r"[\w]+", sentence):
            key = normalize(m.group(0))
            for piece in key.split():
                if piece in DEMONYMS and not _in_org_name(sentence, m.start()):
                    found.append(
                        PlaceMention(country_entry(DEMONYMS[piece]), m.group(0), index, m.start())
                    )
    return _as_prefectures(found, sentences, prefectures)


ORG_HEAD = re.compile(
    r"(?:Gesellschaft|Society|Association|Verein\w*|Vereinigung|\w*[Kk]ammer|Chamber|"
    r"Institut\w*|Foundation|Stiftung|Council|Club|Zentrum|Center|Centre|Verband|Bund)\b"
)
CAPITALISED = re.compile(
    rf"[{UPPER}][\w’'-]*(?:\s+(?:(?:und|and|of|für|for|der|des)\s+)?[{UPPER}][\w’'-]*)*"
)


def _in_org_name(sentence: str, start: int) -> bool:
    """Tell whether a country word stands inside an organization's name: "Deutsch-Japanische
    Gesellschaft", "Japan-America Society", "Deutsche Industrie- und Handelskammer"."""
    m = CAPITALISED.match(sentence, start)
    return bool(m and ORG_HEAD.search(m.group(0)))


CITY_BEFORE = re.compile(r"(?:city of|town of|Stadt|Oberbürgermeister\w* von)\s+$", re.I)
CITY_AFTER = re.compile(r"^(?:[-\s]+(?:City|shi|Stadt)\b|市)")


def _as_prefectures(found, sentences, prefectures):
    """Read a bare name as the prefecture when the release names "X Prefecture" (or
    "Präfektur X") and never calls X a city: "Toyama companies" in a release about Toyama
    Prefecture."""
    if not prefectures:
        return found
    result = []
    for mention in found:
        entry = prefectures.get(normalize(mention.surface))
        if entry is not None and mention.entry.kind == "city":
            sentence = sentences[mention.sentence]
            before = sentence[: mention.start]
            after = sentence[mention.start + len(mention.surface) :]
            if not (CITY_BEFORE.search(before) or CITY_AFTER.match(after)):
                mention = PlaceMention(entry, mention.surface, mention.sentence, mention.start)
        result.append(mention)
    return result

"""Read a press release and propose agreements, places, organizations and people.

``extract()`` is pure: no database, no network. Matching proposals to existing records is
a separate step (``assistant.matching.match_proposal``).
"""

import re
from datetime import date

from ..proposal import Proposal, ProposedOrganization, ProposedPerson, ProposedPlace
from .agreements import Entity, build_agreements
from .dates import MonthReference, parse_iso, reference_from, release_date
from .gazetteer import lookup, normalize
from .organizations import CHAMBER_ABBR, find_organizations, guess_kind, looks_like_organization
from .people import TITLE_RE, find_people
from .places import find_places
from .text import read

__all__ = ["extract"]

CORPORATE_TITLE = re.compile(
    r"\b(?:CEO|COO|CFO|CTO|President|Chief Executive|Director|Managing Director|Chair\w*|"
    r"Founder|Head|Geschäftsführer\w*|Präsident\w*|Direktor\w*|Vorsitzende\w*|Leiter\w*)\b",
    re.I,
)


def _is_place(name: str) -> bool:
    return lookup(name) is not None


def extract(
    text: str, *, text_format: str = "auto", reference_date: date | str | None = None
) -> Proposal:
    """Return what the release proposes; every item carries the sentence it came from.

    ``reference_date`` is the release's own date when the text does not give it: a date,
    or a partial ISO string ("2018", "2018-10") when only that much is known.
    """
    given_on = reference_date if isinstance(reference_date, str) else None
    reference_date = reference_from(reference_date)
    doc = read(text, text_format)
    sentences = doc.sentences
    published_on = release_date(doc.lines)
    reference = (
        parse_iso(published_on) if published_on and len(published_on) >= 7 else reference_date
    )
    if published_on and len(published_on) == 7:
        reference = MonthReference(reference.year, reference.month, 1)
    if (
        published_on
        and len(published_on) == 7
        and reference_date
        and reference_date.isoformat()[:7] == published_on
    ):
        reference = reference_date
    today = published_on or given_on or (reference_date.isoformat() if reference_date else None)

    people = _people(find_people(sentences), sentences)
    person_names = {p.name for p in people} | {p.name.split()[-1] for p in people}

    masks = []
    for sentence in sentences:
        spans = [m.span() for m in TITLE_RE.finditer(sentence) if m.group(0)[0].isupper()]
        for name in person_names:
            spans += [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", sentence)]
        masks.append(spans)
    place_mentions = find_places(sentences, masks, doc.language)
    places = _places(place_mentions, sentences)

    organizations = _organizations(sentences, people, person_names, places)
    entities = _entities(sentences, organizations, place_mentions)
    people_in = _people_in(sentences, people)
    agreements = build_agreements(
        sentences,
        entities,
        people_in,
        today,
        reference,
        headline=doc.headline,
        quoted_sentences=_quoted(doc),
    )
    return Proposal(
        agreements=agreements,
        places=places,
        organizations=organizations,
        people=people,
        language=doc.language,
        title=doc.headline,
        published_on=published_on,
    )


def _people(mentions, sentences) -> list[ProposedPerson]:
    full = {}
    for m in mentions:
        if len(m.name.split()) < 2:
            continue
        person = full.setdefault(m.name, ProposedPerson(m.name, evidence=sentences[m.sentence]))
        if m.title and not any(m.title.lower() == t.lower() for t in person.titles):
            person.titles.append(m.title)
        if (
            m.organization
            and not person.organization
            and not _is_place(m.organization)
            and (looks_like_organization(m.organization) or CORPORATE_TITLE.search(m.title or ""))
            and not _portfolio(m.organization, m.title or "")
        ):
            person.organization = m.organization
    for person in full.values():
        # Keep the fullest form of each title ("Governor" inside "Governor of Kanagawa").
        person.titles = [
            t
            for t in person.titles
            if not any(t != o and t.lower() in o.lower() for o in person.titles)
        ]
    return list(full.values())


def _portfolio(organization: str, title: str) -> bool:
    """Tell a portfolio from an organization: "Vice-President for Innovation"."""
    return not looks_like_organization(organization) and bool(
        re.search(rf"\b(?:for|für)\s+(?:the\s+)?{re.escape(organization)}$", title)
    )


def _places(mentions, sentences) -> list[ProposedPlace]:
    places = {}
    for m in mentions:
        key = (m.entry.name, m.entry.country)
        if key in places:
            continue
        native = m.entry.native_name
        if (
            normalize(m.surface) != normalize(m.entry.name)
            and not m.surface.isascii()
            and m.surface != m.entry.name
        ):
            native = native or m.surface
        places[key] = ProposedPlace(
            name=m.entry.name, kind=m.entry.kind, country=m.entry.country, native_name=native,
            evidence=sentences[m.sentence],
        )  # fmt: skip
    return list(places.values())


def _organizations(sentences, people, person_names, places) -> list[ProposedOrganization]:
    mentions = find_organizations(sentences, TITLE_RE, person_names, _is_place)
    result: dict[str, ProposedOrganization] = {}
    for m in mentions:
        name = m.name.strip(" .,")
        if _is_place(name) or len(name) < 2:
            continue
        if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+", name) and not m.kind:
            continue  # a bare German compound: "Außenwirtschaftsförderungsgesellschaft"
        key = normalize(name)
        org = result.get(key)
        if org is None:
            org = result[key] = ProposedOrganization(
                name=name, kind=m.kind or guess_kind(name), evidence=sentences[m.sentence]
            )
        if m.abbreviation and not org.abbreviation and normalize(m.abbreviation) != key:
            org.abbreviation = m.abbreviation
    for person in people:
        name = person.organization
        if not name or _is_place(name) or normalize(name) in result:
            continue
        if any(normalize(o.name) in normalize(name) for o in result.values()):
            continue
        if re.fullmatch(r"[A-Z][a-z]+(?:ese|an|ish)", name):
            continue
        result[normalize(name)] = ProposedOrganization(
            name=name, kind=guess_kind(name), evidence=person.evidence
        )
    orgs = list(result.values())
    # Merge abbreviations, short forms and appositions into the fullest name.
    merged: list[ProposedOrganization] = []
    for org in sorted(orgs, key=lambda o: (-len(o.name), _inflected(o.name))):
        target = None
        key = normalize(org.name)
        for other in merged:
            other_key = normalize(other.name)
            words = key.split()
            if (
                (other.abbreviation and normalize(other.abbreviation) == key)
                or _stem(key) == _stem(other_key)
                or _short_form(key, other_key)
                or (
                    _government_of(org.name)
                    and _government_of(org.name) == _government_of(other.name)
                )
                or (
                    other_key.startswith(key + " ")
                    and not (CHAMBER_ABBR.fullmatch(org.name) and " " in org.name)
                )
                or (len(key) >= 12 and other_key.startswith(key))
                or (len(words) > 2 and other_key.startswith(" ".join(words[1:]) + " "))
            ):
                target = other
                break
        if target is None:
            merged.append(org)
            continue
        if _stem(key) == _stem(normalize(target.name)) and _inflected(org.name) < _inflected(
            target.name
        ):
            target.name = org.name  # the nominative: "Technische Hochschule Ulm"
        if not target.abbreviation and org.abbreviation:
            target.abbreviation = org.abbreviation
    place_names = {normalize(p.name): p for p in places}
    for org in merged:
        for word_count in (3, 2, 1):
            words = re.findall(r"[\w’'-]+", org.name)
            for i in range(len(words) - word_count + 1):
                entry = lookup(" ".join(words[i : i + word_count]).split("-")[0])
                if entry and (normalize(entry.name) in place_names or entry.kind != "country"):
                    org.place = org.place or entry.name
                    if re.search(r"\bgovernment\b|regierung", org.name, re.I) and org.kind in {
                        "government_agency",
                        "other",
                    }:
                        org.kind = {"city": "city_government", "country": "national_ministry"}.get(
                            entry.kind, "regional_government"
                        )
            if org.place:
                break
    order = {normalize(o.name): i for i, o in enumerate(orgs)}
    return sorted(merged, key=lambda o: order.get(normalize(o.name), 0))


def _stem(key: str) -> str:
    """A name without German adjective endings: "technischen hochschule" ~ "technische"."""
    return " ".join(re.sub(r"(?<=e)[nrsm]$", "", w) for w in key.split())


def _inflected(name: str) -> int:
    """How many words carry a German case ending (prefer the nominative as the name)."""
    return sum(1 for w in name.split() if re.search(r"(?<=[a-zäöü]e)[nrsm]$", w))


def _short_form(key: str, other_key: str) -> bool:
    """ "stuttgarter wirtschaftsförderung" is a short form of "wirtschaftsförderung region
    stuttgart gmbh": a place adjective ("Stuttgarter") and the rest of the name."""
    words = key.split()
    if len(words) < 2 or not words[0].endswith("er") or not _is_place(words[0][:-2]):
        return False
    other = other_key.split()
    return words[0][:-2] in other and all(w in other for w in words[1:])


GOVERNMENT = re.compile(
    r"^(?:(?P<a>.+?)\s+(?:Prefectural|Metropolitan|State|Provincial)\s+Government|"
    r"(?:Präfektur|Landes|Provinz)regierung\s+(?P<b>.+)|"
    r"Government of (?:the\s+)?(?:\w+\s+of\s+)?(?P<c>.+))$"
)


def _government_of(name: str) -> str | None:
    """The place a regional government governs: "Tokyo Metropolitan Government" and
    "Präfekturregierung Tokio" both govern Tokyo."""
    m = GOVERNMENT.match(name)
    if not m:
        return None
    entry = lookup(m.group("a") or m.group("b") or m.group("c"))
    return entry.name if entry else None


def _entities(sentences, organizations, place_mentions) -> list[list[Entity]]:
    entities = [[] for _ in sentences]
    for index, sentence in enumerate(sentences):
        spans = []
        for org in organizations:
            for form in filter(None, (org.name, org.abbreviation)):
                for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", sentence):
                    if any(s <= m.start() < e for s, e in spans):
                        continue
                    spans.append(m.span())
                    entities[index].append(Entity(org.name, "organization", m.start(), m.end()))
        for m in place_mentions:
            if m.sentence != index or any(s <= m.start < e for s, e in spans):
                continue
            end = m.start + len(m.surface)
            if re.match(r"[’']s\b", sentence[end:]):
                continue  # "Japan’s Kanagawa Prefecture": the possessor is context, not a party
            entities[index].append(
                Entity(m.entry.name, "place", m.start, end, m.entry.country, m.entry.kind)
            )
        entities[index].sort(key=lambda e: e.start)
    return entities


def _quoted(doc) -> list[bool]:
    """Tell which sentences stand inside a quotation that opened in an earlier sentence."""
    flags, open_line, depth = [], None, 0
    for sentence, line in zip(doc.sentences, doc.sentence_lines, strict=True):
        if line != open_line:
            depth = 0
        flags.append(depth > 0 or sentence.startswith(("“", '"', "„", "«")))
        depth += len(re.findall(r"[“„«]", sentence)) - len(re.findall(r"[”»]", sentence))
        depth += sentence.count('"') % 2 if depth == 0 and sentence.count('"') % 2 else 0
        open_line = line
    return flags


def _people_in(sentences, people):
    result = []
    for sentence in sentences:
        found = []
        for person in people:
            surname = person.name.split()[-1]
            m = re.search(rf"\b{re.escape(person.name)}\b", sentence)
            if m is None:
                for s in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
                    before = sentence[: s.start()].split()[-1:] or [""]
                    if (
                        not before[0][:1].isupper()
                        or TITLE_RE.fullmatch(before[0])
                        or before[0].endswith(".")
                    ):
                        m = s
                        break
            if m:
                found.append(
                    (
                        person.name,
                        m.start(),
                        person.titles[0] if person.titles else None,
                        person.organization,
                    )
                )
        result.append(sorted(found, key=lambda f: f[1]))
    return result

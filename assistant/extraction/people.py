"""People and their titles: "Governor Deval Patrick", "Betsy Ziegler, CEO of 1871",
"Prof. Dr. Andreas Pinkwart, Minister für Wirtschaft ... des Landes Nordrhein-Westfalen"."""

import re
from dataclasses import dataclass, field

UPPER = "A-ZÄÖÜÅÉÈÁÍÓÚÔÎŌŪČŠŽŁØ"
LOWER = "a-zäöüßåéèáíóúôîōūčšžłøñçëïâêûãõ"
# Words that start organizations or places and so never start or continue a name.
NOT_NAME = (
    r"University|Hospital|Center|Centre|Hub|City|Prefecture|Government|Ministry|Office|Bureau|"
    r"Agency|Chamber|Council|Department|Institute|Foundation|Association|Consulate|Embassy|"
    r"Authority|Commission|Company|Corporation|Group|Bank|Airlines|The|And|Of|For|In|At|On|"
    r"With|Today|Japan|Japanese|Germany|German|State|Hall|House|General|Generalkonsulat|"
    r"Stadt|Landes|Land|Deutschland|Bundesrepublik|Präfektur|Präfekturregierung|Amt|Amtes|"
    r"Minister|Mayor|Governor|President|Director|Secretary|Chief|Executive|Senior|Vice|Deputy|"
    r"Consul|Ambassador|Global|Business|Innovation|International|National|Metropolitan|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Januar|Februar|März|Juni|Juli|Oktober|Dezember|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|Photo|Source|Quelle|Follow|Twitter|Mission|Partnership|Agreement|MOU|"
    r"Memorandum|Program|Programme|Forum|Expo|World|Dr|Prof|Mr|Mrs|Ms|Miss|Herr|Frau|Sir|Hon|"
    r"Affairs|Foreign|Economic|Economy|Development|Trade|Industry|Commerce|Technology|Science|"
    r"Sciences|Health|Energy|Education|Culture|Tourism|Finance|Housing|Labor|Labour|Industrial|"
    r"Cabinet|Parliamentary|Federal|Prefectural|Municipal|Regional|Local|Public|Press"
)
TOKEN = rf"(?!(?:{NOT_NAME})\b)[{UPPER}][{LOWER}’']+(?:-[{UPPER}][{LOWER}]+)?"
INITIAL = rf"[{UPPER}]\."
PARTICLE = r"(?:von|van|de|der|den|zu|da|di|le|la|ten|ter)"
NAME = rf"{TOKEN}(?:\s+(?:{INITIAL}\s+)?(?:{PARTICLE}\s+)?{TOKEN}){{0,2}}"
HONORIFIC = r"(?:Dr|Prof|Mr|Mrs|Ms|Miss|Sir|Dame|Herr|Frau|Dipl\.-Ing|Hon|Cllr)\.?"
HONORIFICS = rf"(?:{HONORIFIC}\s+)+"

TITLE_WORDS = (
    r"Lieutenant Governor|Governor|Deputy Mayor|Vice Mayor|Lord Mayor|Mayor|Premier|Leader|"
    r"Deputy Chief Cabinet Secretary|Secretary General|Secretary|"
    r"Prime Minister|Parliamentary Senior Vice-Minister|Senior Vice Minister|Vice Minister|"
    r"State Minister|Minister|Director General|Executive Director|Managing Director|"
    r"Deputy Director|Director|Vice President|President and CEO|President|"
    r"Chief Executive Officer|Chief Operating Officer|CEO|COO|CFO|CTO|Chairman|Chairwoman|"
    r"Chairperson|Chair|Consul General|Consul|Ambassador|Commissioner|Councillor|Councilor|"
    r"Senator|Dean|Rector|Chancellor|Superintendent|General Manager|Head|Founder|"
    r"Representative|Speaker|Professor|"
    r"Oberbürgermeisterin|Oberbürgermeister|Bürgermeisterin|Bürgermeister|"
    r"Ministerpräsidentin|Ministerpräsident|Ministerin|Staatssekretärin|Staatssekretär|"
    r"Präsidentin|Präsident|Vizepräsidentin|Vizepräsident|Hauptgeschäftsführerin|"
    r"Hauptgeschäftsführer|Geschäftsführerin|Geschäftsführer|Generalkonsulin|Generalkonsul|"
    r"Konsulin|Konsul|Botschafterin|Botschafter|Landrätin|Landrat|Generaldirektorin|"
    r"Generaldirektor|Direktorin|Direktor|Vorsitzende|Vorsitzender|Vorstandsvorsitzende|"
    r"Vorstandsvorsitzender|Leiterin|Leiter|Rektorin|Rektor|Dezernentin|Dezernent|"
    r"Beigeordnete|Beigeordneter|Gouverneurin|Gouverneur|Stadtdirektor|Stadtdirektorin"
)
TITLE_RE = re.compile(rf"\b(?:{TITLE_WORDS})\b", re.I)
ANY_CASE_TITLE = rf"(?i:{TITLE_WORDS})"
ORG_WORD = rf"[{UPPER}0-9][\w.&’'-]*"
TITLE_BEFORE = re.compile(
    rf"(?P<kw>(?<![\w-])(?:[\w.]+-)?(?:{TITLE_WORDS}))"
    rf"(?:\s+(?P<of>of|for|der|des)\s+(?:the\s+)?(?P<ofwhat>(?:{ORG_WORD}(?:\s+(?:of|and|for)\s+|\s+)){{0,5}}?{ORG_WORD}))?"
    rf"\s+(?P<hon>{HONORIFICS})?(?P<name>{NAME})\b(?!\s*(?:’s|'s)?\s*(?:{NOT_NAME})\b)"
    rf"(?:\s+of\s+(?:the\s+)?(?P<after>{ORG_WORD}(?:\s+(?:(?:of|in|for)\s+)?{ORG_WORD}){{0,7}}))?"
)
# "Deputy Mayor for Technical Services and Environment Mette Sørensen signed": a portfolio of
# several words before a two- or three-word name that a lowercase word follows.
LONG_PORTFOLIO = re.compile(
    rf"(?P<title>(?<![\w-])(?:{TITLE_WORDS})\s+(?:for|of)\s+"
    rf"{ORG_WORD}(?:\s+(?:and\s+|&\s+)?{ORG_WORD}){{1,5}}?)"
    rf"\s+(?P<name>{TOKEN}(?:\s+{TOKEN}){{1,2}})(?=\s+[{LOWER}]|[,.;])"
)
NAME_THEN_TITLE = re.compile(
    rf"(?P<hon>{HONORIFICS})?(?P<name>{NAME}),\s+(?:the\s+|der\s+|die\s+)?"
    rf"(?P<title>(?:[\w.]+-)?{ANY_CASE_TITLE}\b[^;:()“”\"]*?)"
    r"(?=,\s+(?:and|und|the|who|which|said|der|die|das|den|was|sagte|sagt|erklärte|is|has|"
    r"ist|hat)\b|,\s+[a-z]|\s+(?:said|says|sagte|sagt|stated|added|erklärte)\b|[;:()“”\"]|"
    rf",\s+(?:{HONORIFICS})?{NAME}(?:,|\s+\()|\.\s|\.$|$)"
)
PARENTHESIZED = re.compile(
    rf"(?P<hon>{HONORIFICS})?(?P<name>{NAME})\s*\((?P<title>[^()]{{3,140}})\)"
)
TITLE_COMMA_NAME = re.compile(
    rf"(?P<title>(?<![\w-])(?:[\w.]+-)?(?:{TITLE_WORDS})(?:\s+(?:of|for|der|des|von)\s+(?:the\s+)?"
    rf"(?:[a-zäöü]+(?:en|er|ese|an)\s+)?"  # "der japanischen Stadt Nagahama"
    rf"{ORG_WORD}(?:\s+(?:(?:in|of|and|und)\s+)?{ORG_WORD}){{0,3}})?),\s+"
    rf"(?P<hon>{HONORIFICS})?(?P<name>{NAME}),"
)
GERMAN_COMPOUND_TITLE = re.compile(
    rf"\b(?P<title>[A-ZÄÖÜ][a-zäöüß]+(?:direktor|direktorin|präsident|präsidentin|geschäftsführer|"
    rf"geschäftsführerin|bürgermeister|bürgermeisterin|leiter|leiterin))\s+(?P<hon>{HONORIFICS})?"
    rf"(?P<name>{NAME})\b"
)
PHOTO = re.compile(rf"\b(?:Photo|Foto|Bild)\s*:\s*(?P<name>{NAME})\b")


@dataclass
class PersonMention:
    name: str
    title: str | None
    organization: str | None
    sentence: int
    start: int
    honorific: str = ""
    extra_titles: list[str] = field(default_factory=list)


def _case_sensitive_name(name: str) -> bool:
    return all(
        t[0].isupper() or t in {"von", "van", "de", "der", "den", "zu"} for t in name.split()
    )


# Words that open a sentence or point back, never an organization: "Deren Geschäftsführer X".
DETERMINERS = {
    "The", "Die", "Der", "Das", "Today", "Heute", "A", "An", "Deren", "Dessen", "Ihr", "Ihre",
    "Sein", "Seine", "Their", "Its", "His", "Her", "Our", "Unser", "Unsere", "Whose",
}  # fmt: skip


def _prefix_words(sentence: str, end: int) -> str:
    """Return the capitalised words (an office or organization) right before a title."""
    words = re.findall(r"\S+", sentence[:end])
    taken = []
    for word in reversed(words):
        bare = word.strip(",")
        if word.endswith(",") or not bare:
            break
        if bare[0].isupper() or bare[0].isdigit() or (bare in {"and", "of", "&", "for"} and taken):
            taken.insert(0, bare)
        else:
            break
        if len(taken) >= 7:
            break
    while taken and taken[0] in {"and", "of", "&", "for"}:
        taken.pop(0)
    # The first word of a sentence is capitalised anyway.
    if taken and taken[0] in DETERMINERS:
        taken.pop(0)
    return " ".join(taken)


def find_people(sentences: list[str]) -> list[PersonMention]:
    mentions = []
    for index, sentence in enumerate(sentences):
        spans = []
        for m in NAME_THEN_TITLE.finditer(sentence):
            if not _case_sensitive_name(m.group("name")):
                continue
            title = re.sub(r"\s+", " ", m.group("title")).strip(" ,")
            if re.match(r"(?:and|und)\b", title, re.I):
                continue
            mentions.append(
                _split_title(m.group("name"), title, index, m.start("name"), m.group("hon"))
            )
            spans.append((m.start(), m.end()))
        for m in PARENTHESIZED.finditer(sentence):
            if not _case_sensitive_name(m.group("name")) or not TITLE_RE.search(m.group("title")):
                continue
            title, _, organization = m.group("title").partition(",")
            mention = _split_title(
                m.group("name"), title.strip(), index, m.start("name"), m.group("hon")
            )
            mention.organization = organization.strip() or mention.organization
            if organization.strip():
                mention.title = f"{title.strip()}, {organization.strip()}"
            mentions.append(mention)
            spans.append((m.start(), m.end()))
        for regex in (TITLE_COMMA_NAME, GERMAN_COMPOUND_TITLE):
            for m in regex.finditer(sentence):
                if any(s <= m.start("name") < e for s, e in spans) or not _case_sensitive_name(
                    m.group("name")
                ):
                    continue
                mentions.append(
                    _split_title(
                        m.group("name"), m.group("title"), index, m.start("name"), m.group("hon")
                    )
                )
                spans.append((m.start("name"), m.end("name")))
        for m in LONG_PORTFOLIO.finditer(sentence):
            if any(s <= m.start("name") < e for s, e in spans) or not _case_sensitive_name(
                m.group("name")
            ):
                continue
            # Only the word right before says whose office it is: "Aarhus Deputy Mayor ...".
            owner = re.search(rf"([{UPPER}][\w’'-]+)\s+$", sentence[: m.start()])
            mentions.append(
                PersonMention(
                    m.group("name"),
                    m.group("title"),
                    owner.group(1) if owner else None,
                    index,
                    m.start("name"),
                )
            )
            spans.append((m.start(), m.end()))
        for m in TITLE_BEFORE.finditer(sentence):
            if any(s <= m.start("name") < e for s, e in spans) or not _case_sensitive_name(
                m.group("name")
            ):
                continue
            kw = m.group("kw")
            if not kw[0].isupper() and not kw[0].isdigit():
                continue
            prefix_org, _, kw_title = (
                kw.rpartition("-") if "-" in kw and not TITLE_RE.fullmatch(kw) else ("", "", kw)
            )
            before = _prefix_words(sentence, m.start())
            organization = prefix_org or None
            title = kw_title
            if m.group("after"):
                organization = m.group("after").rstrip(".")
                title = f"{kw_title} of {organization}"
            elif m.group("ofwhat"):
                what = m.group("ofwhat").strip()
                title = f"{kw_title} {m.group('of')} {what}"
                organization = what
            elif before:
                # "Osaka Mayor X", "1871 CEO X", "Housing and Economic Development Secretary X"
                organization = before
                title = f"{before} {kw_title}"
            mentions.append(
                PersonMention(
                    m.group("name"),
                    title,
                    organization,
                    index,
                    m.start("name"),
                    (m.group("hon") or "").strip(),
                )
            )
        for m in PHOTO.finditer(sentence):
            if " " in m.group("name"):
                mentions.append(
                    PersonMention(m.group("name"), "Photographer", None, index, m.start("name"))
                )
    return mentions


def _split_title(
    name: str, title: str, index: int, start: int, honorific: str | None
) -> PersonMention:
    organization = None
    m = re.search(r"\b(?:of|at|for|der|des|bei|von)\s+(?:the\s+)?(?P<org>[\w“][^,]*)$", title)
    if m and re.match(r"[A-Z0-9ÄÖÜ“]", m.group("org")):
        organization = m.group("org")
    return PersonMention(name, title, organization, index, start, (honorific or "").strip())

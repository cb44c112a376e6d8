"""Organizations named in a release, with a guessed kind."""

import re
from dataclasses import dataclass

from .people import UPPER

# (pattern on the name, kind), first match wins.
KIND_RULES = [
    (r"consulate|embassy|generalkonsulat|konsulat|botschaft|領事館|大使館", "consulate"),
    (
        r"chamber|\bIHK\b|\bAHK\b|\bHWK\b|handelskammer|handwerkskammer|商工会議所",
        "chamber_of_commerce",
    ),
    (r"university hospital|hospital|klinikum|universitätsklinik|krankenhaus|病院", "hospital"),
    (r"universit|hochschule|college|大学", "university"),
    (r"\bhub\b|incubator|accelerator|gründerzentrum|inkubator|startup ?station", "innovation_hub"),
    (r"ministry|ministerium|ministerio|省$", "national_ministry"),
    (
        r"prefectur|präfektur|metropolitan government|landesregierung|state government|"
        r"staatsregierung|県庁|都庁|県$|府庁",
        "regional_government",
    ),
    (
        r"economic development|wirtschaftsförder|invest in|trade promotion|business development|"
        r"außenwirtschaft|global business|business chicago|jetro|development agency",
        "economic_development",
    ),
    (
        r"^city of|^stadt\b|city government|city hall|stadtverwaltung|\bcity$|市役所|市$",
        "city_government",
    ),
    (
        r"government|regierung|authority|bureau|office|agency|department|\bamt\b|behörde|"
        r"commission|center|centre|collaborative|council",
        "government_agency",
    ),
    (r"association|verband|verein|federation|council|alliance", "business_association"),
    (r"gmbh|mbh|\bag\b|inc\.?$|ltd|llc|corporation|company|airlines|co\.$|株式会社", "company"),
    (r"foundation|stiftung|e\.v\.", "nonprofit"),
]
KIND_RES = [(re.compile(p, re.I), k) for p, k in KIND_RULES]

HEADS = (
    r"Center|Centre|Collaborative|Hub|University|Hospital|"
    r"Chambers?(?: of Commerce(?: and Industry)?)?|"
    r"Agency|Authority|Office|Bureau|Ministry|Government|Council|Association|Institute|"
    r"Foundation|Corporation|Company|Airlines|Consulate(?:[- ]General)?|Embassy|Department|"
    r"Commission|Organi[sz]ation|Society|Federation|Alliance|Incubator|Accelerator|"
    r"GmbH|mbH|AG|Inc\.?|Ltd\.?|LLC|e\.V\.|Klinikum|Universität|Hochschule|Generalkonsulat|"
    r"Konsulat|Botschaft|Ministerium|Landesregierung|Stadtverwaltung|Handelskammer|"
    r"Wirtschaftsförderung|Wirtschaftsförderungsgesellschaft|Kammer|Agentur|Verband|Stiftung|"
    r"Gesellschaft"
)
HEAD_RE = re.compile(
    rf"(?:^|\s|-)(?:{HEADS})$|[\w-]*(?:gesellschaft|förderung|ministerium|regierung|"
    rf"kammer|konsulat|klinikum|universität|agentur)$"
)
HEAD_ANY = re.compile(
    rf"(?:^|\s|-)(?:{HEADS})(?:\s|$)|[\w-]*(?:gesellschaft|förderung|ministerium|"
    rf"regierung|kammer|konsulat|klinikum|universität|agentur)(?:\s|$)"
)
WORD = rf"(?:[{UPPER}0-9][\w.&’'-]*|GmbH|mbH|gGmbH|e\.V\.)"
CONNECT = r"(?:of|for|and|&|für|und|zu|in|de|du|der|des|the)"
SPAN = re.compile(rf"{WORD}(?:\s+(?:{CONNECT}\s+)*{WORD})*")
ABBREVIATION = re.compile(rf"\((?P<abbr>[{UPPER}][\w.&-]{{1,12}})\)")
ARTICLES = {"The", "Die", "Der", "Das", "Den", "Dem", "A", "An", "Ein", "Eine", "Einer"}
INCUBATOR = re.compile(rf"(?P<name>{WORD})\s+(?:business\s+)?(?:incubator|accelerator)\b")
CHAMBER_ABBR = re.compile(rf"\b(?:IHK|AHK|HWK|JETRO|JCCI)(?:\s+(?:zu\s+)?[{UPPER}][\w-]+)?")


OWNER = re.compile(r"\b(?:Governor|Mayor|President|Premier|Prime Minister)[’']s\s+$")
PORTFOLIOS = re.compile(
    rf"(?:,\s+[{UPPER}][\w-]+)+\s+(?:und|and|&)\s+[{UPPER}][\w-]+"
    rf"(?:\s+(?:des\s+Landes\s+|of\s+)?[{UPPER}][\w-]+(?:-[{UPPER}][\w-]+)*)?"
)


@dataclass
class OrgMention:
    name: str
    sentence: int
    start: int
    abbreviation: str | None = None
    kind: str | None = None


def guess_kind(name: str) -> str:
    for regex, kind in KIND_RES:
        if regex.search(name):
            return kind
    return "other"


def looks_like_organization(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and re.fullmatch(
        rf"(?:{HEADS})|Landesregierung|Regierung|Ministerium", name
    ):
        return False
    return bool(
        HEAD_ANY.search(name) or CHAMBER_ABBR.fullmatch(name) or re.match(r"City of ", name)
    )


def _trim(words: list[str]) -> list[str]:
    while words and (words[0] in ARTICLES or re.fullmatch(CONNECT, words[0])):
        words = words[1:]
    while words and re.fullmatch(CONNECT, words[-1]):
        words = words[:-1]
    return words


def _quoted(sentence: str, start: int, end: int) -> bool:
    before, after = sentence[:start].rstrip()[-1:], sentence[end:].lstrip()[:1]
    return before in '“"„«‘' and before != "" and after in '”"“»’' and after != ""


def _cut_at_head(name: str, is_place) -> str:
    """Drop words after the last head unless they say where ('of X', 'in X'), and words
    before an 'of' that come before the first head ('Japan of the German Chambers')."""
    words = name.rstrip(".").split()
    first = next((i for i in range(1, len(words) + 1) if HEAD_RE.search(" ".join(words[:i]))), None)
    if first is not None:
        for j in range(first - 1, 0, -1):
            if words[j] in {"of", "for"}:
                tail = _trim(words[j + 1 :])
                if tail and HEAD_ANY.search(" ".join(tail)):
                    words = tail
                break
    for i in range(len(words), 0, -1):
        if HEAD_RE.search(" ".join(words[:i])):
            rest = words[i:]
            while rest and rest[-1] in {"in", "of", "for"}:
                rest = rest[:-1]
            if (
                rest
                and rest[0] == "in"
                and not (
                    len(rest) > 1
                    and is_place(rest[1])
                    and re.search(r"consulate|embassy|office|representation|delegation", name, re.I)
                )
            ):
                return " ".join(words[:i])
            if rest and rest[0] in {"of", "in", "for", "für", "zu"}:
                return " ".join(words)
            if rest and all(
                is_place(w) or w in {"Abroad", "International", "Worldwide"} for w in rest
            ):
                return " ".join(words)  # "Japanisches Generalkonsulat Düsseldorf"
            return " ".join(words[:i])
    return " ".join(words)


def _mask(sentence: str, pattern: re.Pattern | str) -> str:
    return re.sub(pattern, lambda m: "|" * len(m.group(0)), sentence)


def find_organizations(sentences, title_words, person_names=(), is_place=lambda name: False):
    found = []
    names = [re.escape(n) for n in sorted(person_names, key=len, reverse=True) if n]
    for index, sentence in enumerate(sentences):
        clean = _mask(sentence, title_words)
        if names:
            clean = _mask(clean, r"\b(?:" + "|".join(names) + r")\b")
        clean = _mask(clean, r"\b(?:Dr|Prof|Mr|Mrs|Ms|Herr|Frau)\.")
        # "Chicago’s 1871": a place's possessive is not part of the name.
        clean = re.sub(
            r"\b([\w-]+)[’']s\b",
            lambda m: "|" * len(m.group(0)) if is_place(m.group(1)) else m.group(0),
            clean,
        )
        for m in SPAN.finditer(clean):
            words = m.group(0).split()
            # Split at "and" unless an "of" came before it (Chamber of Commerce and Industry).
            pieces, current, seen_of = [], [], False
            for n, word in enumerate(words):
                if word in {"and", "und", "&"} and seen_of:
                    after = " ".join(_trim(words[n + 1 :]))
                    before = " ".join(current)
                    if (
                        words[n + 1 : n + 2]
                        and words[n + 1] in ARTICLES | {"the", "der", "die", "dem"}
                    ) or (
                        HEAD_ANY.search(before)
                        and re.match(rf"(?:{WORD}\s+){{0,3}}(?:{HEADS})\b|City of", after)
                    ):
                        pieces.append(current)
                        current, seen_of = [], False
                        continue
                if word in {"der", "des"}:
                    pieces.append(current)
                    current = []
                    continue
                if word in {"and", "und", "&"} and not seen_of:
                    pieces.append(current)
                    current = []
                    continue
                if word in {"of", "für", "for"}:
                    seen_of = True
                current.append(word)
            pieces.append(current)
            offset = m.start()
            for piece in pieces:
                piece = _trim(piece)
                if not piece:
                    continue
                name = " ".join(piece)
                # A person's title inside the span ends the organization there.
                name = _drop_when(_cut_at_head(" ".join(_trim(name.split())), is_place), is_place)
                if not name or not looks_like_organization(name):
                    continue
                if name.split()[0] in {"’s"}:
                    continue
                start = clean.find(name, offset)
                if _quoted(clean, start, start + len(name)):
                    continue
                # "Governor's Press Office": an office named after its holder.
                owner = OWNER.search(sentence[:start])
                if owner and start >= 0:
                    name, start = owner.group(0) + name, owner.start()
                # "Ministerium für Wirtschaft, Arbeit und Tourismus Baden-Württemberg".
                portfolio = PORTFOLIOS.match(sentence, start + len(name)) if start >= 0 else None
                if portfolio and re.search(
                    r"(?:Ministry|Ministerium|Department)\s+(?:of|for|für)\s+\S+$", name
                ):
                    name += portfolio.group(0)
                after = clean[start + len(name) :]
                abbr = ABBREVIATION.match(after.lstrip())
                dash = re.match(
                    rf"\s+[-–]\s+(?P<abbr>(?:IHK|AHK|HWK)\s+\w+|[{UPPER}]{{2,8}})\b", after
                )
                abbreviation = (abbr and abbr.group("abbr")) or (dash and dash.group("abbr"))
                found.append(OrgMention(name.replace(" ’s", "’s"), index, start, abbreviation))
        for m in re.finditer(rf"\bCity of (?:the\s+)?[{UPPER}][\w-]+", clean):
            found.append(OrgMention(m.group(0), index, m.start()))
        for m in re.finditer(rf"\b(?P<place>[{UPPER}][\w-]+) City\b(?! Hall| Council)", clean):
            if is_place(m.group("place")):
                found.append(OrgMention(m.group(0), index, m.start()))
        for m in INCUBATOR.finditer(clean):
            found.append(OrgMention(m.group("name"), index, m.start(), kind="innovation_hub"))
        for m in CHAMBER_ABBR.finditer(clean):
            found.append(OrgMention(m.group(0), index, m.start()))
        # "EWG - Essener Wirtschaftsförderungsgesellschaft mbH": an abbreviation before a dash.
        for m in re.finditer(
            rf"\b(?P<abbr>[{UPPER}]{{2,8}})\s+[-–]\s+(?P<name>{WORD}(?:\s+{WORD}){{0,4}})", clean
        ):
            if looks_like_organization(m.group("name")):
                found.append(OrgMention(m.group("name"), index, m.start("name"), m.group("abbr")))
    return found


def _drop_when(name: str, is_place) -> str:
    """Cut "Ministry of Foreign Affairs in July" before an "in" that names no place."""
    m = re.search(r"\s+in\s+(\S+)", name)
    if m and not is_place(m.group(1)):
        return name[: m.start()]
    return name

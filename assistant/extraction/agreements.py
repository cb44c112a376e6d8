"""Assemble agreements from signing sentences: kind, title, date, parties, signatories."""

import re
from dataclasses import dataclass, field

from ..proposal import ProposedAgreement, ProposedParty, ProposedSignatory
from .dates import TODAY, find_dates, validity
from .focus import focus_areas
from .kinds import GENERIC, KIND_RES, RENEWAL, base_kind

SIGN = re.compile(
    r"\bsign(?:s|ed|ing)?\b|\binked\b|\bconclude[ds]?\b|unterzeichne\w*|unterschrieben|"
    r"unterschreiben|geschlossen|締結|調印|署名",
    re.I,
)
IMPLEMENTS = re.compile(r"\bimplement\w*|umsetzung|umzusetzen|in ausführung", re.I)
REMOTE = re.compile(
    r"video ?conferenc\w*|virtual(?:ly)?\b|\bonline\b|videokonferenz|digitalen konferenz|"
    r"video-?schalte|オンライン",
    re.I,
)
VENUE_WORDS = (
    r"Hall|House|Hotel|Rathaus|Palace|Building|Museum|Residence|Embassy|Tower|Centre|Center|"
    r"Castle|Schloss"
)
VENUE = re.compile(
    r"\b(?:at|im|in the|at the|in der|im)\s+"
    rf"(?P<venue>(?:[A-Z][\w’'.-]*\s+){{0,4}}(?:{VENUE_WORDS})\b"
    rf"(?:\s+(?:of|in)\s+(?:the\s+)?[A-Z][\w’'-]*)?)"
)
BETWEEN = re.compile(r"\b(?:between|zwischen)\b(?P<rest>[^.;:]*)", re.I)
NAMED = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w’'.-]*\s+){1,5}(?:Partnership|Cooperation|Friendship|"
    r"Sister[- ]City|Collaboration|Framework|Trade)?\s*"
    r"(?:Agreement|Accord|Memorandum|Treaty|Pact|Charter))\b"
)
NOT_SIGNED_ON = re.compile(r"(?:since|seit|until|bis|from|ab|by)\s+(?:the\s+)?$", re.I)
QUOTE_START = re.compile(r"^[\"“„«‘']")
LABELS = {
    "sister_city": "Sister-city affiliation",
    "friendship_city": "Friendship-city affiliation",
    "memorandum_of_understanding": "Memorandum of understanding",
    "letter_of_intent": "Letter of intent",
    "cooperation_agreement": "Cooperation agreement",
    "partnership_agreement": "Partnership agreement",
    "renewal": "Renewed agreement",
    "other": "Agreement",
}


@dataclass
class Entity:
    name: str
    kind: str  # "place" or "organization"
    start: int
    end: int
    country: str | None = None
    place_kind: str | None = None


@dataclass
class Draft:
    agreement: ProposedAgreement
    sentences: list[int] = field(default_factory=list)
    named: str | None = None
    anchor: int = 0
    earlier: ProposedAgreement | None = None


def _kind_near(sentence: str, verb_at: int) -> tuple[str, int] | None:
    """Return the agreement kind named nearest after the verb (or else before it)."""
    mentions = []
    for kind, regex in KIND_RES:
        for m in regex.finditer(sentence):
            mentions.append((m.start(), kind))
    for m in GENERIC.finditer(sentence):
        if not any(abs(m.start() - s) < 40 and m.start() >= s for s, _ in mentions):
            mentions.append((m.start(), "other"))
    if not mentions:
        return None
    after = [(s - verb_at, s, k) for s, k in mentions if s >= verb_at]
    if after:
        _, start, kind = min(after)
    else:
        _, start, kind = min((verb_at - s, s, k) for s, k in mentions)
    window = sentence[max(0, start - 40) : start + 60]
    if RENEWAL.search(window):
        return "renewal", start
    return kind, start


def _entities_in(entities: list[Entity], start: int, end: int) -> list[Entity]:
    return [e for e in entities if start <= e.start and e.end <= end]


def _choose_parties(sentence: str, verb_at: int, entities: list[Entity]) -> list[Entity]:
    clause_start = max(sentence.rfind(",", 0, verb_at), sentence.rfind(";", 0, verb_at)) + 1
    subject = _entities_in(entities, clause_start, verb_at)
    with_match = re.search(r"\b(?:with|mit)\b([^,.;]*)", sentence[verb_at:])
    objects = []
    if with_match:
        objects = _entities_in(entities, verb_at + with_match.start(1), verb_at + with_match.end(1))
    between = None
    for m in BETWEEN.finditer(sentence):
        found = _entities_in(entities, m.start("rest"), m.end("rest"))
        if len(found) >= 2 and (between is None or m.start() > verb_at):
            between = found
            if m.start() > verb_at:
                break
    if subject and objects:
        chosen = subject + objects
    elif len(subject) >= 2:
        chosen = subject
    elif between:
        chosen = between
    else:
        chosen = subject + objects
    return _prefer(chosen)


def _prefer(entities: list[Entity]) -> list[Entity]:
    seen, result = set(), []
    for e in entities:
        if e.name not in seen:
            seen.add(e.name)
            result.append(e)
    orgs = [e for e in result if e.kind == "organization"]
    places = [e for e in result if e.kind == "place" and e.place_kind not in {"country"}]
    if len(orgs) >= 2:
        return orgs
    if orgs and places:
        return result if len(result) <= 3 else orgs + places[:1]
    return places or result


def build_agreements(
    sentences: list[str],
    entities: list[list[Entity]],
    people_in: list[list[tuple[str, int, str | None, str | None]]],
    published_on: str | None,
    reference,
    headline: str = "",
    quoted_sentences: list[bool] | None = None,
) -> list[ProposedAgreement]:
    drafts: list[Draft] = []

    for index, sentence in enumerate(sentences):
        quoted = bool(QUOTE_START.match(sentence)) or bool(
            quoted_sentences and quoted_sentences[index]
        )
        named = [m.group("name").strip() for m in NAMED.finditer(sentence)]
        named = [_proper_name(n) for n in named]
        named = [n for n in named if n and not re.match(r"(?:This|That|Today|The|Our|Their)\b", n)]
        verb = SIGN.search(sentence)
        if verb is None:
            continue
        near = _kind_near(sentence, verb.start())
        if near is None:
            continue
        kind, kind_at = near
        draft = None
        named_here = next((n for n in named if abs(sentence.find(n) - kind_at) < 60), None)
        if named_here:
            draft = next((d for d in drafts if d.named == named_here), None)
            if draft is None and not quoted:
                agreement = ProposedAgreement(title=named_here, kind=base_kind(named_here) or kind)
                draft = Draft(agreement, named=named_here, anchor=index)
                drafts.append(draft)
        elif kind == "other":
            # "signed the agreement": the release's main agreement.
            draft = drafts[0] if drafts else None
        elif quoted:
            # A quotation may date an agreement the release announces elsewhere.
            same = [d for d in drafts if d.agreement.kind == kind]
            draft = same[-1] if same else None
        else:
            same = [d for d in drafts if d.agreement.kind == kind and not d.named]
            draft = same[-1] if same else None
            if draft is None:
                draft = Draft(ProposedAgreement(title="", kind=kind), anchor=index)
                drafts.append(draft)
        if draft is None:
            continue
        agreement = draft.agreement
        draft.sentences.append(index)
        if not agreement.evidence and not quoted:
            agreement.evidence = sentence
        # Date: a date in the sentence, or "today" meaning the release's own date.
        if agreement.signed_on is None:
            dates = [
                d for d in find_dates(sentence, reference)
                if not NOT_SIGNED_ON.search(sentence[: d.start])
            ]  # fmt: skip
            if dates:
                agreement.signed_on = min(dates, key=lambda d: abs(d.start - verb.start())).value
            elif TODAY.search(sentence) and published_on and not quoted:
                agreement.signed_on = published_on
        if not quoted and len(agreement.parties) < 2:
            parties = _choose_parties(sentence, verb.start(), entities[index])
            if len(parties) > len(agreement.parties):
                agreement.parties = [_party(e) for e in parties]
                agreement.evidence = sentence
        names = {s.name for s in agreement.signatories}
        for name, start, title, organization in people_in[index]:
            if name in names:
                continue
            if start < verb.start() or re.search(
                r"\b(?:with|mit)\b", sentence[verb.start() : start]
            ):
                if quoted:
                    continue
                agreement.signatories.append(
                    ProposedSignatory(name, title, organization, evidence=sentence)
                )
                names.add(name)
            elif not quoted and name not in agreement.participants:
                # Named in the signing sentence after the verb, not as a signer: there.
                agreement.participants.append(name)
        if agreement.signed_at is None and (v := VENUE.search(sentence[verb.start() :])):
            agreement.signed_at = v.group("venue")
        if REMOTE.search(sentence):
            agreement.signed_at, agreement.signed_remotely = "video conference", True
        if IMPLEMENTS.search(sentence):
            for other in named:
                if other != draft.named:
                    agreement.renews_or_implements, agreement.relation_kind = other, "implements"
    if not drafts:
        _announced_cooperation(drafts, sentences, entities)
    _date_elsewhere(drafts, sentences, reference, quoted_sentences)
    _date_of_visit(drafts, sentences, reference)
    _background(drafts, sentences, entities, reference)
    _fill(drafts, sentences, entities, headline)
    _witnesses(drafts, sentences, people_in)
    return [d.agreement for d in drafts]


PRESENCE = re.compile(
    r"\b(?:in the presence of|witnessed by|witnessed the|attended the|attended by|"
    r"im Beisein|in Anwesenheit|unter Anwesenheit|bezeugt)\b|立ち会",
    re.I,
)


def _witnesses(drafts, sentences, people_in):
    """People a sentence places at a signing ("in the presence of ...", "im Beisein
    von ...") are participants of the agreement signed nearest before it."""
    for index, sentence in enumerate(sentences):
        if not PRESENCE.search(sentence) or QUOTE_START.match(sentence):
            continue
        before = [d for d in drafts if d.sentences and min(d.sentences) <= index]
        if not before:
            continue
        agreement = max(before, key=lambda d: min(d.sentences)).agreement
        signers = {signatory.name for signatory in agreement.signatories}
        for name, _start, _title, _organization in people_in[index]:
            if name not in signers and name not in agreement.participants:
                agreement.participants.append(name)


ANNOUNCED = re.compile(
    r"\b(?P<what>cooperation|collaboration|partnership|kooperation|zusammenarbeit|"
    r"partnerschaft)\s+(?:between|zwischen)\b",
    re.I,
)


def _announced_cooperation(drafts, sentences, entities):
    """A release that signs nothing may still announce one: "New cooperation between
    Higashiosaka City and the Chamber of Commerce and Industry of Düsseldorf"."""
    for index, sentence in enumerate(sentences[:3]):
        m = ANNOUNCED.search(sentence)
        if m is None:
            continue
        rest = BETWEEN.search(sentence, m.start())
        found = _prefer(_entities_in(entities[index], rest.start("rest"), rest.end("rest")))
        if len(found) < 2:
            continue
        partnership = m.group("what").lower().startswith("partner")
        kind = "partnership_agreement" if partnership else "cooperation_agreement"
        agreement = ProposedAgreement(
            title=sentence.strip(), kind=kind, evidence=sentence, parties=[_party(e) for e in found]
        )
        drafts.append(Draft(agreement, sentences=[index], anchor=index))
        return


VISIT = re.compile(r"\bvisit\w*|\bbesuch\w*|\bdelegation\b", re.I)


def _date_of_visit(drafts, sentences, reference):
    """An agreement signed "during the visit" takes the month of the visit's date."""
    for draft in drafts:
        agreement = draft.agreement
        if agreement.signed_on or not draft.sentences:
            continue
        if not any(
            re.search(
                r"\b(?:during|on|at the end of|while)\s+(?:the|their|its)\s+(?:\w+\s+)?visit"
                r"|(?:während|bei|im Rahmen)\s+(?:des|dem|ihres|seines)\s+Besuch",
                sentences[i],
                re.I,
            )
            for i in draft.sentences
        ):
            continue
        for sentence in sentences:
            if not VISIT.search(sentence):
                continue
            dates = [d for d in find_dates(sentence, reference) if len(d.value) >= 7]
            if dates:
                agreement.signed_on = dates[0].value[:7]
                break


MADE = re.compile(r"\b(?:renewed|became|agreed|formed|established|vereinbart\w*)\b", re.I)


def _date_elsewhere(drafts, sentences, reference, quoted_sentences):
    """Date an announced agreement whose signing sentence has no date from another sentence
    that names its kind with a making verb ("renewed their agreement this past July")."""
    dated = {d.agreement.signed_on for d in drafts if d.agreement.signed_on}
    for draft in drafts:
        agreement = draft.agreement
        if agreement.signed_on or not draft.sentences or draft.named:
            continue
        regex = RENEWAL if agreement.kind == "renewal" else dict(KIND_RES).get(agreement.kind)
        if regex is None:
            continue
        for index, sentence in enumerate(sentences):
            if (quoted_sentences and quoted_sentences[index]) or QUOTE_START.match(sentence):
                continue
            if not (regex.search(sentence) and (SIGN.search(sentence) or MADE.search(sentence))):
                continue
            dates = [
                d for d in find_dates(sentence, reference)
                if len(d.value) >= 7 and d.value not in dated
                and not NOT_SIGNED_ON.search(sentence[: d.start])
            ]  # fmt: skip
            if dates:
                agreement.signed_on = dates[0].value
                break


GENERIC_NAME_WORD = re.compile(
    r"(?:New|Partnership|Cooperation|Friendship|Sister|City|Cities|Collaboration|Framework|"
    r"Trade|Agreement|Accord|Memorandum|Treaty|Pact|Charter|Renewed|Renew|Renews|Historic|"
    r"First|Formal|Official)$",
    re.I,
)


def _proper_name(name: str) -> str | None:
    """Return a named agreement without a headline's verb ("Cities Sign Friendship City
    Agreement"), or None when only generic words are left ("Friendship City Agreement")."""
    verbs = list(SIGN.finditer(name))
    if verbs:
        name = name[verbs[-1].end() :].strip()
    words = re.split(r"[\s-]+", name)
    if all(GENERIC_NAME_WORD.match(w) for w in words if w):
        return None
    return name


def _party(entity: Entity, role: str = "signing_party") -> ProposedParty:
    if entity.kind == "organization":
        return ProposedParty(organization=entity.name, country=entity.country, role=role)
    return ProposedParty(place=entity.name, country=entity.country, role=role)


def _background(drafts, sentences, entities, reference):
    """Add the agreements a release mentions without announcing: an earlier agreement that a
    renewal renews, a named agreement being implemented, a sister-city affiliation."""
    for draft in list(drafts):
        agreement = draft.agreement
        if agreement.kind == "renewal" and not agreement.renews_or_implements:
            evidence = agreement.evidence or sentences[draft.anchor]
            nearby = (
                evidence,
                *sentences[draft.anchor : draft.anchor + 3],
                *sentences[max(0, draft.anchor - 2) : draft.anchor],
            )
            earlier_kind, earlier_on = None, None
            for sentence in nearby:
                earlier_kind = base_kind(RENEWAL.sub(" ", sentence))
                if earlier_kind:
                    evidence = sentence
                    year = re.search(
                        r"\b((?:19|20)\d{2})\s+(?:[\w-]+\s+){0,2}(?:agreement|affiliation|contract|vereinbarung|partnerschaft)",
                        sentence,
                        re.I,
                    )
                    earlier_on = year.group(1) if year else None
                    break
            earlier_kind = earlier_kind or "cooperation_agreement"
            title = f"Earlier {LABELS[earlier_kind].lower()}"
            earlier = ProposedAgreement(
                title=title, kind=earlier_kind, evidence=evidence, signed_on=earlier_on
            )
            draft.earlier = earlier
            drafts.append(Draft(earlier, anchor=draft.anchor))
            agreement.renews_or_implements, agreement.relation_kind = title, "renews"
        if agreement.relation_kind == "implements" and not any(
            d.named == agreement.renews_or_implements for d in drafts
        ):
            name = agreement.renews_or_implements
            other = ProposedAgreement(
                title=name, kind=base_kind(name) or "other", evidence=agreement.evidence
            )
            drafts.append(Draft(other, named=name, anchor=draft.anchor))
    for kind in ("sister_city", "friendship_city"):
        if any(d.agreement.kind == kind for d in drafts):
            continue
        regex = dict(KIND_RES)[kind]
        hits = [i for i, s in enumerate(sentences) if regex.search(s)]
        if not hits:
            continue
        agreement = ProposedAgreement(title="", kind=kind, evidence=sentences[hits[0]])
        for i in hits:
            sentence = sentences[i]
            places = [e for e in entities[i] if e.kind == "place" and e.place_kind != "country"]
            if not agreement.parties:
                for m in BETWEEN.finditer(sentence):
                    found = _entities_in(places, m.start("rest"), m.end("rest"))
                    if len(found) >= 2:
                        agreement.parties = [_party(e) for e in _prefer(found)[:2]]
                        agreement.evidence = sentence
                        break
            if agreement.signed_on is None:
                years = [d for d in find_dates(sentence) if len(d.value) == 4]
                if years and re.search(
                    r"\b(?:in|since|seit|im jahr|im jahre)\s+$", sentence[: years[0].start], re.I
                ):
                    agreement.signed_on = years[0].value
        if agreement.parties:
            drafts.append(Draft(agreement, anchor=hits[0]))


def _fill(drafts, sentences, entities, headline):
    """Give each agreement a title, focus areas, validity and each signatory's party."""
    anchors = sorted((d.anchor, n) for n, d in enumerate(drafts) if not d.named or d.sentences)
    topical = re.compile(
        GENERIC.pattern
        + "|"
        + "|".join(r.pattern for _, r in KIND_RES)
        + r"|\bcooperation\b|kooperation",
        re.I,
    )
    main = [n for n, d in enumerate(drafts) if d.sentences]
    for n, draft in enumerate(drafts):
        agreement = draft.agreement
        own = list(draft.sentences)
        if n in main:
            for i, sentence in enumerate(sentences):
                if i in own or not topical.search(sentence):
                    continue
                nearest = min(
                    (abs(i - drafts[m].anchor) + (0 if i >= drafts[m].anchor else 0.5), m)
                    for m in main
                )[1]
                if nearest == n:
                    own.append(i)
        texts = [sentences[i] for i in sorted(set(own))] or [agreement.evidence]
        if n == (main[0] if main else None) and headline:
            texts.append(headline)
        if draft.sentences:
            agreement.focus_areas = focus_areas(texts)
        agreement.valid_from, agreement.valid_until = (
            validity(
                [sentences[i] for i in sorted(set(own))]
                + ([headline] if headline and agreement.kind == "renewal" else []),
                agreement.signed_on,
            )
            if agreement.signed_on or agreement.kind == "renewal"
            else (None, None)
        )
        if not agreement.parties and draft.sentences:
            for i in sorted(set(own)):
                for m in BETWEEN.finditer(sentences[i]):
                    found = _prefer(_entities_in(entities[i], m.start("rest"), m.end("rest")))
                    if len(found) >= 2:
                        agreement.parties = [_party(e) for e in found]
                        break
                if agreement.parties:
                    break
        _assign_signatories(agreement)
        if draft.earlier is not None and not draft.earlier.parties:
            draft.earlier.parties = [
                ProposedParty(p.organization, p.place, p.country) for p in agreement.parties
            ]
        if not agreement.title:
            names = [
                p.organization or p.place for p in agreement.parties if p.role == "signing_party"
            ]
            label = LABELS[agreement.kind]
            agreement.title = f"{label} between {' and '.join(names)}" if len(names) >= 2 else label
    del anchors


def _assign_signatories(agreement: ProposedAgreement):
    from .gazetteer import lookup

    for signatory in agreement.signatories:
        if len(agreement.parties) >= 2:
            break
        known = " ".join(p.organization or p.place or "" for p in agreement.parties).lower()
        for word in re.findall(r"[A-Z][\w-]+", signatory.title or ""):
            entry = lookup(word)
            if entry and entry.kind != "country" and entry.name.lower() not in known:
                agreement.parties.insert(0, ProposedParty(place=entry.name, country=entry.country))
                break
    parties = [p.organization or p.place for p in agreement.parties]
    free = list(parties)
    pending = []
    for signatory in agreement.signatories:
        text = f"{signatory.title or ''} {signatory.organization or ''}".lower()
        match = next((p for p in free if p and p.lower() in text), None)
        if match is None:
            match = next((p for p in free if p and p.split()[0].lower() in text.split()), None)
        if match:
            signatory.organization = match
            free.remove(match)
        else:
            pending.append(signatory)
    for signatory in pending:
        if free:
            signatory.organization = free.pop(0)

"""Score a proposal against a gold proposal, field by field.

Both sides are dicts in the shape of ``Proposal.as_json()``. Gold items may carry
``"aliases": [...]``: a gold item counts as found when an extracted name equals its name
or one of its aliases. Extracted items are also looked up by their ``abbreviation`` and
``native_name`` when they have them. Names are compared after ``normalize_name``.

Every field is a count of true positives, predictions and gold items, so scores add up
over releases (micro-averaged) and precision, recall and F1 come from the sums:

- places, organizations, people: one-to-one name matching per release;
- agreements: gold and extracted agreements paired by title, date, kind and parties;
- signatories, parties, focus areas: matched within each pair of agreements (an unpaired
  extracted agreement's items are false positives, an unpaired gold agreement's misses);
- signing date: a paired agreement's ``signed_on`` equal as a string; a prediction is
  each extracted agreement that has a date;
- kind: a paired agreement with the right kind; its recall is the fraction of gold
  agreements whose kind is right;
- validity: ``valid_from`` and ``valid_until`` of paired agreements, equal as strings.
"""

import re
import unicodedata
from dataclasses import dataclass, field

FIELDS = (
    "places",
    "organizations",
    "people",
    "agreements",
    "signatories",
    "parties",
    "signing_date",
    "kind",
    "validity",
    "focus_areas",
)

# Letters NFKD does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "þ": "th"}
)
# Dropped from the start of a name, repeatedly: "The", "Prof. Dr.", "Mr.", "Cllr"...
_LEADING = {
    "the", "der", "die", "das", "den", "dem", "des", "le", "la", "les",
    "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "cllr",
    "councillor", "hon", "herr", "frau", "mag", "ing", "dipl",
}  # fmt: skip
_TITLE_STOPWORDS = {
    "a", "an", "and", "between", "of", "on", "the", "with", "for", "in", "to",
    "und", "zwischen", "der", "die", "das", "dem", "den", "des", "mit", "zur", "zum",
}  # fmt: skip


def normalize_name(name: str | None) -> str:
    """Return ``name`` folded for comparison: case, accents, punctuation, articles, titles."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LETTERS)
    # Apostrophes join ("Queensland's" -> "queenslands"); other punctuation separates.
    text = re.sub(r"['’`]", "", text)
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[0] in _LEADING:
        words.pop(0)
    return " ".join(words)


def gold_keys(item: dict, name_key: str = "name") -> set[str]:
    names = [item.get(name_key), *(item.get("aliases") or [])]
    return {key for key in map(normalize_name, names) if key}


def predicted_keys(item: dict, name_key: str = "name") -> set[str]:
    names = [item.get(name_key), item.get("abbreviation"), item.get("native_name")]
    return {key for key in map(normalize_name, names) if key}


@dataclass
class Score:
    """Counts for one field; adding two scores adds their counts and their lists."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def __add__(self, other: "Score") -> "Score":
        return Score(
            self.tp + other.tp,
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.missed + other.missed,
            self.false + other.false,
        )

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def match_items(gold: list[dict], predicted: list[dict], name_key: str = "name") -> tuple:
    """Pair gold and predicted items one to one by name; return (pairs, missed, false).

    Exact names pair first, so an alias never takes a name another gold item owns.
    """
    gold_sets = [gold_keys(item, name_key) for item in gold]
    pred_sets = [predicted_keys(item, name_key) for item in predicted]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for g, keys in enumerate(gold_sets):
            if g in pairs:
                continue
            primary = {normalize_name(gold[g].get(name_key))} if exact else keys
            for p, pred in enumerate(pred_sets):
                candidates = {normalize_name(predicted[p].get(name_key))} if exact else pred
                if p not in used and primary & candidates:
                    pairs[g] = p
                    used.add(p)
                    break
    missed = [gold[g].get(name_key) or "" for g in range(len(gold)) if g not in pairs]
    false = [predicted[p].get(name_key) or "" for p in range(len(predicted)) if p not in used]
    return pairs, missed, false


def score_items(gold: list[dict], predicted: list[dict], name_key: str = "name") -> Score:
    pairs, missed, false = match_items(gold, predicted, name_key)
    return Score(len(pairs), len(predicted), len(gold), missed, false)


def _title_words(agreement: dict) -> set[str]:
    titles = [agreement.get("title"), *(agreement.get("aliases") or [])]
    return {
        word
        for title in titles
        for word in normalize_name(title).split()
        if word not in _TITLE_STOPWORDS
    }


def _party_keys(party: dict, aliases: dict[str, set[str]]) -> set[str]:
    keys = set()
    for name in (party.get("organization"), party.get("place")):
        key = normalize_name(name)
        if key:
            keys |= {key} | aliases.get(key, set())
    return keys


def _alias_index(gold: dict) -> dict[str, set[str]]:
    """Map each gold place and organization name to all its names, for party matching."""
    index = {}
    for item in (gold.get("places") or []) + (gold.get("organizations") or []):
        keys = gold_keys(item)
        for key in keys:
            index.setdefault(key, set()).update(keys)
    return index


def _fit(gold: dict, pred: dict, aliases: dict) -> float:
    """Return how well an extracted agreement fits a gold one: title, parties, date, kind."""
    g_words, p_words = _title_words(gold), _title_words(pred)
    score = len(g_words & p_words) / len(g_words | p_words) if g_words | p_words else 0.0
    g_parties = [_party_keys(party, aliases) for party in gold.get("parties") or []]
    p_parties = [_party_keys(party, aliases) for party in pred.get("parties") or []]
    if g_parties:
        shared = sum(1 for keys in g_parties if any(keys & other for other in p_parties))
        score += shared / len(g_parties)
    g_date, p_date = gold.get("signed_on"), pred.get("signed_on")
    if g_date and p_date:
        score += 2 if g_date == p_date else 0.5 if g_date[:4] == p_date[:4] else 0
    return score + (1 if gold.get("kind") == pred.get("kind") else 0)


def pair_agreements(gold: list[dict], predicted: list[dict], aliases=None) -> dict[int, int]:
    """Pair each gold agreement with the extracted agreement that fits it best, if any."""
    aliases = aliases or {}
    candidates = [
        (score, g, p)
        for g, gold_agreement in enumerate(gold)
        for p, pred in enumerate(predicted)
        if (score := _fit(gold_agreement, pred, aliases)) > 0.5
    ]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if g not in pairs and p not in used:
            pairs[g] = p
            used.add(p)
    return pairs


def _label(agreement: dict) -> str:
    return f"{agreement.get('title') or '?'} ({agreement.get('signed_on') or 'no date'})"


def score_agreements(gold: dict, predicted: dict) -> dict[str, Score]:
    gold_list = gold.get("agreements") or []
    pred_list = predicted.get("agreements") or []
    aliases = _alias_index(gold)
    pairs = pair_agreements(gold_list, pred_list, aliases)
    unpaired = [p for p in range(len(pred_list)) if p not in pairs.values()]
    scores = {name: Score() for name in FIELDS[3:]}
    scores["agreements"] = Score(
        len(pairs),
        len(pred_list),
        len(gold_list),
        [_label(gold_list[g]) for g in range(len(gold_list)) if g not in pairs],
        [_label(pred_list[p]) for p in unpaired],
    )
    for g, gold_agreement in enumerate(gold_list):
        pred = pred_list[pairs[g]] if g in pairs else {}
        where = gold_agreement.get("title") or "?"
        scores["signatories"] += _within(
            gold_agreement.get("signatories"), pred.get("signatories"), where
        )
        scores["parties"] += _parties(gold_agreement, pred, aliases, where)
        scores["focus_areas"] += _slugs(
            gold_agreement.get("focus_areas"), pred.get("focus_areas"), where
        )
        scores["signing_date"] += _value(gold_agreement, pred, "signed_on", where)
        scores["kind"] += _value(gold_agreement, pred, "kind", where)
        for key in ("valid_from", "valid_until"):
            scores["validity"] += _value(gold_agreement, pred, key, where)
    for p in unpaired:
        pred = pred_list[p]
        where = f"unpaired {_label(pred)}"
        scores["signatories"] += _within([], pred.get("signatories"), where)
        scores["parties"] += _parties({}, pred, aliases, where)
        scores["focus_areas"] += _slugs([], pred.get("focus_areas"), where)
        scores["signing_date"] += _value({}, pred, "signed_on", where)
        scores["kind"] += _value({}, pred, "kind", where)
        for key in ("valid_from", "valid_until"):
            scores["validity"] += _value({}, pred, key, where)
    return scores


def _within(gold, predicted, where: str) -> Score:
    score = score_items(gold or [], predicted or [])
    score.missed = [f"{name} [{where}]" for name in score.missed]
    score.false = [f"{name} [{where}]" for name in score.false]
    return score


def _parties(gold_agreement: dict, pred: dict, aliases, where: str) -> Score:
    gold_parties = gold_agreement.get("parties") or []
    pred_parties = pred.get("parties") or []
    used: set[int] = set()
    missed = []
    for party in gold_parties:
        keys = _party_keys(party, aliases)
        match = next(
            (
                p
                for p, other in enumerate(pred_parties)
                if p not in used and keys & _party_keys(other, {})
            ),
            None,
        )
        if match is None:
            missed.append(f"{party.get('organization') or party.get('place')} [{where}]")
        else:
            used.add(match)
    false = [
        f"{party.get('organization') or party.get('place')} [{where}]"
        for p, party in enumerate(pred_parties)
        if p not in used
    ]
    return Score(len(used), len(pred_parties), len(gold_parties), missed, false)


def _slugs(gold, predicted, where: str) -> Score:
    gold_set, pred_set = set(gold or []), set(predicted or [])
    return Score(
        len(gold_set & pred_set),
        len(pred_set),
        len(gold_set),
        [f"{slug} [{where}]" for slug in sorted(gold_set - pred_set)],
        [f"{slug} [{where}]" for slug in sorted(pred_set - gold_set)],
    )


def _value(gold_agreement: dict, pred: dict, key: str, where: str) -> Score:
    """Score one value of a pair of agreements: right, wrong, missing or invented."""
    expected, found = gold_agreement.get(key), pred.get(key)
    score = Score(
        tp=int(expected is not None and expected == found),
        predicted=int(found is not None),
        gold=int(expected is not None),
    )
    if expected is not None and expected != found:
        score.missed.append(f"{key} {expected} [{where}]")
    if found is not None and expected != found:
        score.false.append(f"{key} {found} [{where}]")
    return score


def score_release(gold: dict, predicted: dict) -> dict[str, Score]:
    """Return a Score per field in FIELDS for one release."""
    scores = {
        name: score_items(gold.get(name) or [], predicted.get(name) or [])
        for name in ("places", "organizations", "people")
    }
    scores.update(score_agreements(gold, predicted))
    return {name: scores[name] for name in FIELDS}


def total(results: list[dict[str, Score]]) -> dict[str, Score]:
    """Add per-release scores field by field."""
    sums = {name: Score() for name in FIELDS}
    for scores in results:
        for name in FIELDS:
            sums[name] += scores[name]
    return sums

"""The kind of an agreement from the words a release uses for it."""

import re

KIND_PATTERNS = [
    (
        "sister_city",
        r"sister[- ]?cit(?:y|ies)|sister[- ]state|twin(?:ned)?[- ](?:town|cit)|"
        r"städtepartnerschaft|partnerstadt|partnerstädte|schwesterstadt|姉妹都市|姉妹提携|姉妹友好",
    ),
    (
        "friendship_city",
        r"friendship[- ]cit(?:y|ies)|friendship[- ](?:agreement|affiliation)|"
        r"freundschaftsstadt|freundschaftsstädte|freundschaftsvertrag|友好都市|友好提携|友好交流協定",
    ),
    (
        "memorandum_of_understanding",
        r"memorandum of understanding|memorandum|\bmou\b|"
        r"absichtsvereinbarung|覚書|基本合意書",
    ),
    (
        "letter_of_intent",
        r"letters? of intent|\bloi\b|declaration of intent|"
        r"absichtserklärung|意向書|趣意書",
    ),
    (
        "partnership_agreement",
        r"partnership (?:agreement|contract|accord)|"
        r"partnerschaftsvereinbarung|partnerschaftsabkommen|partnerschaftsvertrag|"
        r"パートナーシップ協定",
    ),
    (
        "cooperation_agreement",
        r"co-?operation (?:agreement|contract|accord)|"
        r"collaboration agreement|kooperationsvereinbarung|kooperationsvertrag|"
        r"kooperationsabkommen|zusammenarbeitsvereinbarung|"
        r"vereinbarung über (?:die )?zusammenarbeit|"
        r"協力協定|連携協定|協力に関する協定",
    ),
]
KIND_RES = [(kind, re.compile(pattern, re.I)) for kind, pattern in KIND_PATTERNS]
RENEWAL = re.compile(
    r"\brenew(?:ed|al|s|ing)?\b|\bextend(?:ed|s)?\b(?= (?:the|their|its) (?:\w+ ){0,3}"
    r"(?:agreement|contract|memorandum|mou))|verlänger\w*|erneuer\w*|更新",
    re.I,
)
GENERIC = re.compile(
    r"\brenewal\b|verlängerung|\bagreements?\b|\bcontracts?\b|\baccords?\b|vereinbarung\w*|abkommen|vertrag\b|verträge|"
    r"協定|合意",
    re.I,
)


def base_kind(text: str) -> str | None:
    """Return the first agreement kind the text names, without looking for renewals."""
    found = [(m.start(), kind) for kind, regex in KIND_RES if (m := regex.search(text))]
    return min(found)[1] if found else None


def agreement_kind(text: str) -> str:
    """Return the kind of agreement a phrase or sentence describes."""
    if RENEWAL.search(text):
        return "renewal"
    return base_kind(text) or "other"

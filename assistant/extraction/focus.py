"""Focus areas from the curated vocabulary, found by English and German keywords."""

import re
from functools import cache

KEYWORDS = {
    "big-data": r"big data|data analytics|datenanalyse|ビッグデータ",
    "circular-economy": r"circular economy|kreislaufwirtschaft|recycling|循環経済",
    "clean-energy": r"clean energy|renewable energ|clean tech|erneuerbare[n]? energie|"
    r"saubere energie|energiewende|hydrogen|wasserstoff|再生可能エネルギー",
    "culture": r"cultural exchange|culture|kultur|\barts?\b|文化",
    "education": r"education|academic exchange|student exchange|schools?\b|bildung|"
    r"schüleraustausch|studierende|hochschul|教育",
    "environmental-protection": r"environmental protection|environment(?:al)?\b|climate|"
    r"umweltschutz|klimaschutz|umwelt\b|環境",
    "financial-services": r"financial services|fintech|banking|finanzdienst|金融",
    "health-it": r"health(?:care)? (?:it|information technology)|digital health|e-health|"
    r"digitale gesundheit",
    "healthcare": r"health ?care|\bhealth\b|medical|medicine|hospitals?\b|gesundheit|medizin|"
    r"klinik|医療|健康",
    "ict": r"\bict\b|information and communication|\bikt\b|informations- und kommunikations|"
    r"digitali[sz]ation|digitalisierung",
    "life-sciences": r"life sciences?|bio ?sciences?|biotech|pharma|lebenswissenschaft|"
    r"ライフサイエンス",
    "manufacturing": r"manufactur|monozukuri|production|fertigung|produktion|herstell|ものづくり",
    "printed-electronics": r"printed electronics|gedruckte elektronik",
    "research-and-innovation": r"research|innovation|forschung|研究|イノベーション",
    "robotics": r"robotic|robot|robotik|ロボット",
    "smes": r"\bsmes?\b|small and medium|mittelständ|kleine und mittlere|\bkmu\b|中小企業",
    "startups": r"start-?ups?|entrepreneur|gründer|スタートアップ",
    "tourism": r"touris|tourist|visitors|tourismus|観光",
    "trade-and-investment": r"\btrade\b|export|investment|market entry|markteintritt|"
    r"handel\b|investition|ansiedlung|貿易|投資",
    "transportation": r"transport|mobility|logistic|mobilität|verkehr|交通",
}


@cache
def vocabulary() -> tuple[str, ...]:
    """Return the curated slugs; new vocabulary without keywords is matched by its name."""
    try:
        from agreements.vocabulary import FOCUS_AREA_TEXTS
    except ImportError:  # pragma: no cover - outside Django
        return tuple(KEYWORDS)
    return tuple(FOCUS_AREA_TEXTS)


@cache
def _patterns() -> dict[str, re.Pattern]:
    patterns = {}
    for slug in vocabulary():
        pattern = KEYWORDS.get(slug)
        if pattern is None:
            try:
                from agreements.vocabulary import FOCUS_AREA_TEXTS

                pattern = re.escape(str(FOCUS_AREA_TEXTS[slug][0]).lower())
            except (ImportError, KeyError):
                pattern = re.escape(slug.replace("-", " "))
        patterns[slug] = re.compile(pattern, re.I)
    return patterns


def focus_areas(sentences: list[str]) -> list[str]:
    """Return the vocabulary slugs the sentences speak of, in vocabulary order."""
    text = " ".join(sentences)
    found = [slug for slug, regex in _patterns().items() if regex.search(text)]
    # "health IT" is not also health care unless health care is named on its own.
    if "health-it" in found and "healthcare" in found:
        rest = _patterns()["health-it"].sub(" ", text)
        if not _patterns()["healthcare"].search(rest):
            found.remove("healthcare")
    return found

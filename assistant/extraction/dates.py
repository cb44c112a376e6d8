"""Dates in releases: the release's own date, signing dates with their precision, validity.

Dates are partial ISO strings: "2014-05-07" (day), "2021-05" (month), "2030" (year).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6,
    "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
}  # fmt: skip
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonnabend|sonntag|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"\.?,?\s+(?:(?:the|den)\s+)?)"
)
YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
DAY = r"(?P<day>[0-3]?\d)"

# Each pattern names its groups; a missing year makes the date relative.
PATTERNS = [
    re.compile(rf"{YEAR}年\s*(?P<nmonth>1[0-2]|0?[1-9])月\s*(?:{DAY}日)?"),
    re.compile(r"(?<![\d年])(?P<nmonth>1[0-2]|0?[1-9])月\s*(?P<day>[0-3]?\d)日"),
    re.compile(rf"\b{YEAR}-(?P<nmonth>1[0-2]|0[1-9])-(?P<day>[0-3]\d)\b"),
    re.compile(rf"(?<![\d.])(?P<day>[0-3]?\d)\.\s?(?P<nmonth>1[0-2]|0?[1-9])\.\s?{YEAR}\b"),
    re.compile(
        rf"\b{WEEKDAY}?{MONTH}\s+{DAY}(?:st|nd|rd|th)?\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b",
        re.I,
    ),
    re.compile(
        rf"\b{WEEKDAY}?{MONTH}\s+{DAY}(?:st|nd|rd|th)?\b(?!\s*[-–]\s*\d)(?:,?\s+{YEAR}\b)?", re.I
    ),
    re.compile(
        rf"\b{WEEKDAY}?{DAY}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}\b)?", re.I
    ),
    re.compile(rf"\b{MONTH}\s+(?:of\s+)?{YEAR}\b", re.I),
    re.compile(
        r"\b(?:(?P<past>this past|last|earlier this|im vergangenen|im letzten|letzten|"
        r"vergangenen)\s+)?"
        + MONTH.replace("?P<month>", "?P<rmonth>")
        + r"(?P<thisyear>\s+(?:of\s+)?(?:this|dieses|diesen) (?:year|jahres))?(?!\s*\d)",
        re.I,
    ),
]
WEEKDAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "die": 1, "mit": 2, "don": 3, "fre": 4, "sam": 5, "son": 6,
}  # fmt: skip
# "on Tuesday", "am Dienstag": the last such day on or before the release's date.
WEEKDAY_ONLY = re.compile(
    r"\b(?:on|am|last|this past|vergangenen|letzten)\s+(?P<weekday>monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag)\b(?!,?\s+(?:the\s+|den\s+)?(?:\d|"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\b)",
    re.I,
)
TODAY = re.compile(r"\b(today|this morning|this afternoon|heute|heutigen|本日|今日)\b", re.I)
DATE_ONLY_LINE = re.compile(
    r"^\W*(?:[A-Za-zäöü ]{0,30}[-–:,]\s*)?(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{4}年\d{1,2}月\d{1,2}日|(?:\w+,?\s+)?\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+\w+\s+\d{4}|"
    r"\w+\s+\d{4})\W*$"
)


class MonthReference(date):
    """A reference date known only to the month ("Published: October 2023"): a weekday
    alone ("on Tuesday") cannot be resolved against it."""


class YearReference(MonthReference):
    """A reference date known only to the year: a month without a year ("this past
    July") takes that year; a weekday alone stays unresolved."""


def reference_from(value: "date | str | None") -> date | None:
    """A reference date from a date or a partial ISO string ("2018", "2018-10")."""
    if value is None or isinstance(value, date):
        return value
    first = parse_iso(value)
    if len(value) == 4:
        return YearReference(first.year, 12, 31)
    if len(value) == 7:
        return MonthReference(first.year, first.month, 1)
    return first


@dataclass
class DateMention:
    value: str  # partial ISO
    start: int
    end: int
    relative: bool = False  # the year came from the reference date


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_iso(value: str | None) -> date | None:
    """Return the first day a partial ISO date can mean."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _resolve_yearless(month: int, day: int | None, reference: date | None, past: bool = True):
    """Give a date without a year the year that puts it nearest before the reference."""
    if reference is None:
        return None
    year = reference.year
    if isinstance(reference, YearReference):
        return year
    candidate = (month, day or 1)
    # A few days later is still this year ("on January 14" in a release of January 10).
    if isinstance(reference, MonthReference) and month == reference.month:
        return year  # any day of the release's month
    if (
        past
        and candidate > (reference.month, reference.day)
        and (month != reference.month or (day or 1) - reference.day > 7)
    ):
        year -= 1
    return year


def find_dates(sentence: str, reference: date | None = None) -> list[DateMention]:
    """Return every date the sentence names, left to right, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            groups = m.groupdict()
            relative = False
            if groups.get("rmonth"):
                month = MONTHS[groups["rmonth"].lower().rstrip(".")]
                if groups["rmonth"].lower().rstrip(".") == "may" and not groups.get("past"):
                    continue  # the verb "may"
                if not (groups.get("past") or groups.get("thisyear")) and not re.search(
                    r"\b(in|im|since|seit|during|from|ab)\s+$", sentence[: m.start()], re.I
                ):
                    continue
                if reference is None:
                    continue
                if groups.get("thisyear"):
                    year = reference.year
                else:
                    year = _resolve_yearless(month, None, reference)
                value, relative = _iso(year, month), True
            else:
                month = MONTHS[groups["month"].lower().rstrip(".")] if groups.get("month") else None
                if groups.get("nmonth"):
                    month = int(groups["nmonth"])
                day = int(groups["day"]) if groups.get("day") else None
                if groups.get("year"):
                    value = _iso(int(groups["year"]), month, day)
                else:
                    year = _resolve_yearless(month, day, reference)
                    if year is None:
                        continue
                    value, relative = _iso(year, month, day), True
            if value:
                found.append(DateMention(value, m.start(), m.end(), relative))
                taken.append((m.start(), m.end()))
    if reference is not None and not isinstance(reference, MonthReference):
        for m in WEEKDAY_ONLY.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            weekday = WEEKDAYS[m.group("weekday").lower()[:3]]
            day = reference - timedelta(days=(reference.weekday() - weekday) % 7)
            found.append(DateMention(day.isoformat(), m.start(), m.end(), True))
            taken.append((m.start(), m.end()))
    for m in re.finditer(
        r"(?<![\d.,$€£¥-])\b(?P<year>(?:19|20)\d{2})\b(?!\d|[.,-]\d|年)", sentence
    ):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        if re.search(r"(\d|-|–)\s*$", sentence[: m.start()]):
            continue
        found.append(DateMention(m.group("year"), m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


PUBLISHED_LINE = re.compile(
    r"^(?:published|veröffentlicht|datum|date|stand|posted|erschienen|公開日|発表日)\b\W*", re.I
)


def release_date(lines: list[str]) -> str | None:
    """Return the release's own date: a dated first line, a dateline or a 'Published:' line."""
    for line in lines:
        if PUBLISHED_LINE.match(line) and (dates := find_dates(line)):
            return dates[0].value
    for line in lines[:6]:
        short = len(line) < 80 or re.match(r"^[A-ZÄÖÜ][A-ZÄÖÜ .,/-]+\s+[-–—]", line)
        dates = [d for d in find_dates(line) if len(d.value) >= 7]
        if not short:
            # A dateline: "KITAKYUSHU, Japan – January 16, 2025 – ..." or "BOSTON, Sept. 14, 2023".
            head = DATELINE.match(line)
            dates = [d for d in dates if head and d.start <= head.end()]
        if dates:
            return dates[0].value
    return None


DATELINE = re.compile(
    r"^\W*[A-ZÄÖÜ]{2}[A-ZÄÖÜ .'/-]*(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\s*[,–—-]\s*"
    r"(?:\w+,?\s+)?"
)


NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eins": 1, "einem": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "twenty": 20,
}  # fmt: skip
DURATION = re.compile(
    r"\b(?:for|für|over|über|runs?|läuft|gilt|valid)\s+(?:(?:a|the|die|the following|the next|"
    r"the coming|another|further|weitere|nächsten|kommenden|folgenden)\s+)*"
    r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|ein|einem|zwei|drei|vier|"
    r"fünf|sechs|sieben|acht|neun|zehn)[- ](?:years?|jahre?n?)\b|(?P<ja>\d{1,2})年間",
    re.I,
)
UNTIL = re.compile(
    r"\b(?:until|till|through|to|bis(?: zum| Ende)?|expires? in|ends? in|läuft bis)\s+"
    r"(?:(?:the )?end of\s+)?(?P<year>20\d{2})\b|(?P<ja>20\d{2})年(?:\d{1,2}月)?まで",
    re.I,
)
FROM = re.compile(
    r"\b(?:starting (?:from|in)|from|beginning (?:in)?|effective|ab|beginnend)\s+"
    r"(?P<year>20\d{2})\b"
    r"(?!\s*[-–])",
    re.I,
)


def validity(sentences: list[str], signed_on: str | None) -> tuple[str | None, str | None]:
    """Return (valid_from, valid_until) from the sentences about one agreement."""
    valid_from = valid_until = None
    years = None
    for sentence in sentences:
        if valid_until is None and (m := UNTIL.search(sentence)):
            valid_until = m.group("year") or m.group("ja")
        if years is None and (m := DURATION.search(sentence)):
            n = m.group("n") or m.group("ja")
            years = int(n) if n.isdigit() else NUMBERS.get(n.lower())
        if valid_from is None and (m := FROM.search(sentence)):
            valid_from = m.group("year")
    if valid_from is None and (years or valid_until) and signed_on:
        valid_from = signed_on
    if valid_until is None and years and valid_from:
        start = parse_iso(valid_from)
        if len(valid_from) == 10:
            day = min(start.day, calendar.monthrange(start.year + years, start.month)[1])
            valid_until = _iso(start.year + years, start.month, day)
        else:
            valid_until = str(start.year + years) + valid_from[4:]
    return valid_from, valid_until

"""Turn a release (HTML, Markdown or plain text) into clean lines and sentences."""

import re
import unicodedata
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

BLOCK_TAGS = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "br",
    "section",
    "article",
]

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = (
    r"Dr|Prof|Mr|Mrs|Ms|St|Jr|Sr|Inc|Ltd|Co|No|Nr|Dipl|Ing|Hon|Gov|Sen|Rep|Mt|Ft|vs|ca|bzw|"
    r"z\.B|u\.a|d\.h|e\.V|Abs|Str|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec|Dez"
)
ABBREVIATION_END = re.compile(r"(?:\b(?:" + ABBREVIATIONS + r")|\b[A-Z]|(?<!\d)\d{1,2})\.$")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”“’»«]?\s+(?=[\"“„«»‘A-ZÄÖÜ0-9])")


@dataclass
class Document:
    text: str
    lines: list[str]
    sentences: list[str]
    headline: str
    language: str
    # The index of the line each sentence comes from, to tell the dateline from the body.
    sentence_lines: list[int] = field(default_factory=list)


def detect_format(raw: str) -> str:
    if re.search(r"<(html|body|p|div|h[1-6]|br|article|span)\b", raw, re.I):
        return "html"
    if re.search(r"^(#{1,6}\s|\*\s|-\s|\d+\.\s)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*", raw, re.M):
        return "markdown"
    return "text"


def html_to_text(raw: str) -> str:
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "footer"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    if title and not re.search(r"<h1\b", raw, re.I):
        text = title + "\n" + text
    return text


def markdown_to_text(raw: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"^\s*([-*_]\s*){3,}$", "", text, flags=re.M)
    return text


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    # Full-width digits and Latin letters in Japanese text.
    text = text.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
    text = re.sub(r"[ \t]+", " ", text)
    return text


def detect_language(text: str) -> str:
    kana_cjk = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    if kana_cjk > max(20, len(text) * 0.15):
        return "ja"
    words = re.findall(r"[a-zäöüß]+", text.lower())
    de = sum(
        w in {"und", "der", "die", "das", "mit", "für", "zu", "den", "von", "ist", "sich"}
        for w in words
    )
    en = sum(
        w in {"the", "and", "of", "with", "for", "to", "is", "in", "that", "will"} for w in words
    )
    return "de" if de > en else "en"


def split_sentences(paragraph: str) -> list[str]:
    if re.search(r"[。！？]", paragraph):
        parts = re.split(r"(?<=[。！？])", paragraph)
    else:
        parts, start = [], 0
        for m in SENTENCE_END.finditer(paragraph):
            if ABBREVIATION_END.search(paragraph[start : m.start()].rstrip('"”“’»«')):
                continue
            parts.append(paragraph[start : m.end()])
            start = m.end()
        parts.append(paragraph[start:])
    return [p.strip() for p in parts if p and p.strip()]


BOILERPLATE = re.compile(
    r"^(for immediate release|press release|pressemitteilung|news release|media release|"
    r"published|veröffentlicht|datum|date|source|quelle|contact|kontakt)\b",
    re.I,
)


def find_headline(lines: list[str]) -> str:
    from .dates import DATE_ONLY_LINE

    for line in lines[:6]:
        if BOILERPLATE.match(line) or DATE_ONLY_LINE.match(line):
            continue
        if len(line) <= 200 and not re.search(r"[.!?]\s*$", line.rstrip('”"')):
            return line
        break
    return ""


def read(raw: str, text_format: str = "auto") -> Document:
    raw = clean(raw)
    if text_format == "auto":
        text_format = detect_format(raw)
    if text_format == "html":
        raw = clean(html_to_text(raw))
    elif text_format == "markdown":
        raw = markdown_to_text(raw)
    lines = [line.strip() for line in raw.split("\n")]
    lines = [line for line in lines if line]
    sentences, sentence_lines = [], []
    for index, line in enumerate(lines):
        for sentence in split_sentences(line):
            sentences.append(sentence)
            sentence_lines.append(index)
    text = "\n".join(lines)
    return Document(
        text=text,
        lines=lines,
        sentences=sentences,
        headline=find_headline(lines),
        language=detect_language(text),
        sentence_lines=sentence_lines,
    )

"""The evaluation set of the press-release import assistant and its scoring.

``releases/`` holds releases written for the evaluation, each ``NAME.txt|md|html`` next to
its hand-written gold ``NAME.json``; ``seeds.py`` derives the gold of the five seed
releases from the curated fixtures. ``manage.py evaluate_extraction`` scores the
extractor on both (docs/assistant.md).
"""

import json
from dataclasses import dataclass
from pathlib import Path

RELEASES_DIR = Path(__file__).resolve().parent / "releases"
TEXT_SUFFIXES = (".txt", ".md", ".html")


@dataclass
class EvaluationRelease:
    """One release to score: its name, where its text is and its gold proposal."""

    name: str
    path: Path
    gold: dict
    published: str | None = None  # the release's date from outside its text, if known


def own_releases(directory: Path = RELEASES_DIR) -> list[EvaluationRelease]:
    """Return the releases written for the evaluation, each with its gold, by name."""
    releases = []
    for path in sorted(directory.iterdir()):
        if path.suffix in TEXT_SUFFIXES:
            gold_path = path.with_suffix(".json")
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            releases.append(EvaluationRelease(path.stem, path, gold))
    return releases

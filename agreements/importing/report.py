"""What an import did: counts, and every skipped row or warning grouped by reason."""

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.management.base import OutputWrapper

EXAMPLES_PER_REASON = 5


@dataclass
class ReasonLog:
    """Counts per reason, with the first few examples of each."""

    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, reason: str, example: str = "") -> None:
        self.counts[reason] += 1
        kept = self.examples.setdefault(reason, [])
        if example and len(kept) < EXAMPLES_PER_REASON:
            kept.append(example)

    def total(self) -> int:
        return sum(self.counts.values())

    def grouped(self) -> list[dict]:
        """Reasons, most frequent first, for templates and text."""
        return [
            {"reason": reason, "count": count, "examples": self.examples.get(reason, [])}
            for reason, count in sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        ]


@dataclass
class ImportReport:
    """The outcome of one import; ``dry_run`` reports what would have been written."""

    title: str = ""
    source: str = ""
    source_pk: int | None = None
    dry_run: bool = False
    rows_read: int = 0
    places_created: int = 0
    places_matched: int = 0
    partnerships_created: int = 0
    partnerships_matched: int = 0
    partnerships_merged: int = 0
    duplicate_rows: int = 0
    alternate_names_created: int = 0
    identifiers_created: int = 0
    citations_created: int = 0
    sources_created: int = 0
    skipped: ReasonLog = field(default_factory=ReasonLog)
    warnings: ReasonLog = field(default_factory=ReasonLog)
    extra: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)

    def skip(self, reason: str, example: str = "") -> None:
        self.skipped.add(reason, example)

    def warn(self, reason: str, example: str = "") -> None:
        self.warnings.add(reason, example)

    def finish(self) -> None:
        self.seconds = time.monotonic() - self.started

    @property
    def rows_imported(self) -> int:
        return (
            self.partnerships_created
            + self.partnerships_matched
            + self.partnerships_merged
            + self.duplicate_rows
        )

    @property
    def rows_skipped(self) -> int:
        return self.skipped.total()

    @property
    def accounted(self) -> bool:
        """Every row read was imported or skipped with a reason."""
        return self.rows_read == self.rows_imported + self.rows_skipped

    def summary_lines(self) -> list[tuple[str, int]]:
        lines = [
            ("rows read", self.rows_read),
            ("rows imported", self.rows_imported),
            ("rows skipped", self.rows_skipped),
            ("places created", self.places_created),
            ("places matched (already in the directory)", self.places_matched),
            ("partnerships created", self.partnerships_created),
            ("partnerships matched (already in the directory)", self.partnerships_matched),
            (
                "rows merged into a partnership listed earlier in reverse (B–A after A–B)",
                self.partnerships_merged,
            ),
            ("rows repeating a pair listed earlier in the same order", self.duplicate_rows),
            ("alternate names created", self.alternate_names_created),
            ("identifiers created", self.identifiers_created),
            ("sources created", self.sources_created),
            ("citations created", self.citations_created),
        ]
        lines.extend(self.extra.items())
        return lines

    def as_text(self) -> str:
        heading = self.title or "Import"
        if self.dry_run:
            heading += " (dry run: nothing was saved)"
        out = [heading]
        if self.source:
            out.append(f"source: {self.source}")
        width = max(len(label) for label, _ in self.summary_lines())
        out += [f"  {label.ljust(width)}  {number}" for label, number in self.summary_lines()]
        for title, log in (("Skipped rows", self.skipped), ("Warnings", self.warnings)):
            if not log.counts:
                continue
            out.append(f"{title} by reason:")
            for group in log.grouped():
                out.append(f"  {group['count']:>6}  {group['reason']}")
                out += [f"            e.g. {example}" for example in group["examples"]]
        out.append(f"time: {self.seconds:.1f} s")
        if not self.accounted:
            out.append("WARNING: the row counts do not add up; please report this.")
        return "\n".join(out)


class Progress:
    """A progress line on a stream: redrawn in place on a terminal, every 10% otherwise."""

    def __init__(self, stream=None, *, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream is not None
        isatty = getattr(self.stream, "isatty", None)
        self.interactive = bool(isatty and isatty())
        self.label = ""
        self.total = 0
        self.last_step = -1

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.last_step = label, total, -1
        self.update(0)

    def update(self, done: int) -> None:
        if not self.enabled or not self.total:
            return
        if self.interactive:
            if done == self.total or done % 250 == 0:
                self.write(f"\r{self.label}: {done}/{self.total}")
            return
        step = done * 10 // self.total
        if step != self.last_step:
            self.last_step = step
            self.write(f"{self.label}: {done}/{self.total} ({step * 10}%)\n")

    def write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.total:
            self.update(self.total)
            if self.interactive:
                self.write("\n")

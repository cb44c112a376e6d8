"""Import Wikidata "twinned administrative body" (P190) pairs between known places.

The relations file has two Wikidata ids a line (a place and its twin; both directions
usually appear); the names file an id and its English label, used only to make the
report readable. Places are matched by their Wikidata identifier (PlaceIdentifier,
scheme "wikidata") and nothing else: a pair whose places are not both in the
directory is reported, never invented. Matched pairs become partnerships, merged
with the pairs already recorded (the order-free member key), and every partnership
and place used is cited by the Wikidata source (CC0).
"""

import re
from collections import Counter
from pathlib import Path

from agreements.importing.places import default_partnership_kind
from agreements.importing.report import ImportReport, Progress
from agreements.importing.writer import DirectoryWriter, SourceSpec, import_transaction
from partnerships.caching import bulk_changes
from partnerships.models import IdentifierScheme, PublicationStatus

WIKIDATA_SOURCE = SourceSpec(
    slug="wikidata-p190-twinned-administrative-body",
    title="Wikidata: twinned administrative body (P190), via L3viathan/sister-cities",
    url="https://www.wikidata.org/wiki/Property:P190",
    publisher="Wikidata contributors",
    note=(
        "Statements of the Wikidata property P190 “twinned administrative body”, "
        "released under CC0 (https://creativecommons.org/publicdomain/zero/1.0/), as "
        "crawled in 2016 by the L3viathan/sister-cities project (commit fc3c936). "
        "Only pairs whose two places the directory already knows by Wikidata id were "
        "imported."
    ),
)

QID = re.compile(r"^Q[1-9]\d*$")

SKIP_BAD_LINE = "line not understood (expected two Wikidata ids)"
SKIP_SELF = "a place twinned with itself"
SKIP_NEITHER = "neither place is in the directory (no place has these Wikidata ids)"
SKIP_ONE = "one of the two places is not in the directory"
WARN_MISSING = "Wikidata ids not in the directory (distinct ids; the most listed first)"

UNMATCHED_EXAMPLES = 10


def read_lines(path_or_file) -> list[str]:
    if isinstance(path_or_file, (str, Path)):
        text = Path(path_or_file).read_text(encoding="utf-8-sig")
    else:
        text = path_or_file.read()
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
    return text.splitlines()


def read_names(path_or_file) -> dict[str, str]:
    names = {}
    for line in read_lines(path_or_file):
        qid, _, label = line.strip().partition("\t")
        if QID.match(qid.upper()):
            names[qid.upper()] = label.strip()
    return names


class WikidataPairsImport:
    def __init__(
        self,
        relations,
        names=None,
        *,
        dry_run: bool = False,
        status: str = PublicationStatus.PUBLISHED,
        user=None,
        progress_stream=None,
        file_name: str | None = None,
    ):
        self.lines = read_lines(relations)
        self.names = read_names(names) if names is not None else {}
        if file_name is None and isinstance(relations, (str, Path)):
            file_name = Path(relations).name
        self.dry_run = dry_run
        self.status = status
        self.user = user
        self.progress = Progress(progress_stream, enabled=progress_stream is not None)
        self.report = ImportReport(
            title=f"Wikidata P190 import of {file_name or 'relations'}", dry_run=dry_run
        )

    def label(self, qid: str) -> str:
        name = self.names.get(qid)
        return f"{qid} ({name})" if name else qid

    def run(self) -> ImportReport:
        with import_transaction(self.dry_run):
            writer = DirectoryWriter(
                self.report, status=self.status, user=self.user, progress=self.progress
            )
            writer.use_source(WIKIDATA_SOURCE)
            self.link(writer)
            writer.write()
        self.report.finish()
        return self.report

    def link(self, writer: DirectoryWriter) -> None:
        report, places = self.report, writer.places
        missing: Counter = Counter()
        pairs = set()
        rows = [(number, line) for number, line in enumerate(self.lines, 1) if line.strip()]
        report.rows_read = len(rows)
        self.progress.start("linking pairs", len(rows))
        counters = {
            "created": "partnerships_created",
            "matched": "partnerships_matched",
            "merged": "partnerships_merged",
            "duplicate": "duplicate_rows",
        }
        for done, (number, line) in enumerate(rows, 1):
            self.progress.update(done)
            ids = [token.upper() for token in line.split()]
            if len(ids) != 2 or not all(QID.match(qid) for qid in ids):
                report.skip(SKIP_BAD_LINE, f"line {number}: {line.strip()[:80]!r}")
                continue
            example = f"line {number}: {self.label(ids[0])} – {self.label(ids[1])}"
            if ids[0] == ids[1]:
                report.skip(SKIP_SELF, example)
                continue
            pairs.add(frozenset(ids))
            found = [places.identify(IdentifierScheme.WIKIDATA, qid) for qid in ids]
            unknown = [qid for qid, place in zip(ids, found, strict=True) if place is None]
            missing.update(unknown)
            if len(unknown) == 2:
                report.skip(SKIP_NEITHER, example)
                continue
            if unknown:
                report.skip(SKIP_ONE, example)
                continue
            first, second = found
            writer.use_place(first)
            writer.use_place(second)
            _, outcome = writer.pair(first, second, kind=default_partnership_kind(first, second))
            field = counters[outcome]
            setattr(report, field, getattr(report, field) + 1)
        self.progress.done()
        report.extra["distinct pairs listed"] = len(pairs)
        report.extra["distinct Wikidata ids not in the directory"] = len(missing)
        if missing:
            report.warnings.counts[WARN_MISSING] = len(missing)
            report.warnings.examples[WARN_MISSING] = [
                f"{self.label(qid)}: in {count} line(s)"
                for qid, count in missing.most_common(UNMATCHED_EXAMPLES)
            ]


def import_wikidata_pairs(relations, names=None, **options) -> ImportReport:
    """Import P190 pairs; see WikidataPairsImport for the options."""
    with bulk_changes():  # bulk inserts send no signals; refresh cached pages once
        return WikidataPairsImport(relations, names, **options).run()

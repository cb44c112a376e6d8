"""Score the extractor on the evaluation set: precision, recall and F1 per field."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assistant.evaluation import EvaluationRelease, own_releases
from assistant.evaluation.scoring import FIELDS, score_release, total
from assistant.evaluation.seeds import SEEDS_DIR, seed_releases

# Issue #10's targets: precision >= 0.9 and recall >= 0.8 for these fields...
TARGETS = dict.fromkeys(("places", "organizations", "people", "signing_date"), (0.9, 0.8))
# ...and the kind right for every agreement.
TARGETS["kind"] = (None, 1.0)


def load_extractor():
    """Import the extractor only when the command runs: it may not exist yet."""
    try:
        from assistant.extraction import extract
    except ImportError as error:
        raise CommandError(f"The extractor is not available: {error}") from error
    return extract


def seed_set(seeds_dir: Path) -> list[EvaluationRelease]:
    return [
        EvaluationRelease(seed.name, Path(seeds_dir) / seed.file_name, seed.gold, seed.published)
        for seed in seed_releases()
    ]


def meets(name: str, score) -> str:
    if name not in TARGETS:
        return ""
    min_precision, min_recall = TARGETS[name]
    ok = (min_precision is None or (score.precision or 0) >= min_precision) and (
        score.recall or 0
    ) >= min_recall
    return "ok" if ok else "below"


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class Command(BaseCommand):
    help = (
        "Run the extractor on the evaluation releases and the five seeds, compare with the "
        "gold proposals and print precision, recall and F1 per field."
    )
    # The evaluation reads files only: no database, no URLs, so no system checks to wait for.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--set", choices=["seeds", "own", "all"], default="all")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--verbose", action="store_true", help="List the misses and false positives."
        )
        parser.add_argument(
            "--seeds-dir",
            type=Path,
            default=SEEDS_DIR,
            help=f"Where the seed texts are (default: {SEEDS_DIR}).",
        )

    def handle(self, *args, **options):
        extract = load_extractor()
        sets = {}
        if options["set"] in ("seeds", "all"):
            seeds_dir = options["seeds_dir"]
            if seeds_dir.is_dir():
                sets["seeds"] = seed_set(seeds_dir)
            elif options["set"] == "seeds":
                raise CommandError(f"No seed texts in {seeds_dir}; pass --seeds-dir.")
            else:
                self.stderr.write(f"Skipping the seeds: no seed texts in {seeds_dir}.")
        if options["set"] in ("own", "all"):
            sets["own"] = own_releases()

        report = {"sets": {}, "releases": {}}
        for set_name, releases in sets.items():
            results = []
            for release in releases:
                predicted = self.run(extract, release)
                scores = score_release(release.gold, predicted)
                results.append(scores)
                report["releases"][release.name] = {"set": set_name, "scores": scores}
            report["sets"][set_name] = {"releases": len(releases), "scores": total(results)}
        everything = [entry["scores"] for entry in report["releases"].values()]
        report["overall"] = {"releases": len(everything), "scores": total(everything)}

        if options["format"] == "json":
            self.stdout.write(json.dumps(self.as_json(report, options["verbose"]), indent=2))
        else:
            self.write_text(report, options["verbose"])

    def run(self, extract, release: EvaluationRelease) -> dict:
        """Return the extractor's proposal for one release; an error counts as no proposal."""
        text = release.path.read_text(encoding="utf-8")
        try:
            return extract(text, reference_date=release.published).as_json()
        except Exception as error:  # one failing release must not stop the run
            self.stderr.write(f"{release.name}: the extractor failed: {error!r}")
            return {}

    def write_text(self, report: dict, verbose: bool) -> None:
        blocks = [(f"Set: {name}", data) for name, data in report["sets"].items()]
        if len(report["sets"]) > 1:
            blocks.append(("Overall", report["overall"]))
        for heading, data in blocks:
            self.stdout.write(f"\n{heading} ({data['releases']} releases)")
            self.stdout.write(
                f"{'field':<15}{'precision':>10}{'recall':>8}{'F1':>7}"
                f"{'tp':>6}{'pred':>6}{'gold':>6}  target"
            )
            for name in FIELDS:
                score = data["scores"][name]
                self.stdout.write(
                    f"{name:<15}{number(score.precision):>10}{number(score.recall):>8}"
                    f"{number(score.f1):>7}{score.tp:>6}{score.predicted:>6}{score.gold:>6}"
                    f"  {meets(name, score)}"
                )
        if verbose:
            for release_name, entry in report["releases"].items():
                self.stdout.write(f"\n== {release_name} ({entry['set']})")
                for name in FIELDS:
                    score = entry["scores"][name]
                    for label, items in (("missed", score.missed), ("false", score.false)):
                        for item in items:
                            self.stdout.write(f"  {name:<14} {label:<7} {item}")

    def as_json(self, report: dict, verbose: bool) -> dict:
        def fields(scores: dict, details: bool) -> dict:
            data = {}
            for name in FIELDS:
                data[name] = scores[name].as_dict()
                if details:
                    data[name].update(missed=scores[name].missed, false=scores[name].false)
            return data

        result = {
            "sets": {
                name: {"releases": data["releases"], "fields": fields(data["scores"], False)}
                for name, data in report["sets"].items()
            },
            "overall": {
                "releases": report["overall"]["releases"],
                "fields": fields(report["overall"]["scores"], False),
            },
        }
        if verbose:
            result["releases"] = {
                name: {"set": entry["set"], "fields": fields(entry["scores"], True)}
                for name, entry in report["releases"].items()
            }
        return result

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.dump import build_dump, dumps
from agreements.open_data import LATEST_DUMP_NAME


class Command(BaseCommand):
    help = (
        "Write every published record to one JSON file (format: docs/data-dump.md). "
        "Without --output it becomes the dump /data/latest.json serves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write; '-' for standard output.")

    def handle(self, *args, **options):
        document = build_dump()
        text = dumps(document)
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"] or settings.DUMP_DIR / LATEST_DUMP_NAME)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so a download never sees half a file.
        partial = path.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        counts = ", ".join(f"{len(rows)} {kind}" for kind, rows in document["records"].items())
        self.stderr.write(f"Wrote {path}: {counts}.")

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.releases.files import LoadError
from agreements.releases.loader import DirectoryLoader


class _CheckOnly(Exception):
    """Raised to roll back a --check run after everything validated."""


class Command(BaseCommand):
    help = (
        "Validate the curated release files (fixtures/places.yaml and fixtures/releases/*.yaml) "
        "against the models and upsert them by slug in one transaction. Running it again "
        "changes nothing unless a file changed; any error leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.FIXTURE_DIRS[0]),
            help="The folder holding places.yaml and releases/ (default: fixtures/).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Validate everything against the database, then roll back.",
        )

    def handle(self, *args, **options):
        loader = DirectoryLoader(Path(options["dir"]))
        try:
            with transaction.atomic():
                stats = loader.load()
                if options["check"]:
                    raise _CheckOnly
        except LoadError as error:
            raise CommandError(str(error)) from error
        except _CheckOnly:
            self.stdout.write(self.style.SUCCESS("All release files are valid; nothing written."))
            return
        if options["verbosity"] == 0:
            return
        for file, counts in stats.items():
            total = sum(counts.values())
            self.stdout.write(
                f"{file}: {total} rows: {counts['new']} new, {counts['changed']} changed, "
                f"{counts['removed']} removed, {counts['unchanged']} unchanged"
            )

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from partnerships.caching import bulk_changes


class Command(BaseCommand):
    help = (
        "Load the directory's curated data in one transaction: the release files in "
        "fixtures/ (see load_releases), then any Django JSON fixtures there. Safe to run "
        "on every start: records are matched by slug, never duplicated."
    )

    def handle(self, *args, **options):
        fixture_dir = Path(settings.FIXTURE_DIRS[0])
        verbosity = options["verbosity"]
        with bulk_changes(), transaction.atomic():
            call_command(
                "load_releases",
                dir=str(fixture_dir),
                verbosity=verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
            )
            # Hand-made JSON fixtures, if any, need natural keys to be repeatable.
            json_files = sorted(fixture_dir.glob("*.json"))
            if json_files:
                call_command("loaddata", *map(str, json_files), verbosity=verbosity)

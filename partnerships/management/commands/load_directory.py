from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ in one transaction. Fixtures use natural keys, "
        "so running this again updates records instead of duplicating them."
    )

    def handle(self, *args, **options):
        fixture_dir = Path(settings.FIXTURE_DIRS[0])
        fixture_files = sorted(fixture_dir.glob("*.json"))
        if not fixture_files:
            self.stderr.write(self.style.WARNING(f"No fixture files (*.json) in {fixture_dir}."))
            return
        # loaddata wraps all the files it is given in one transaction.
        call_command(
            "loaddata", *[str(path) for path in fixture_files], verbosity=options["verbosity"]
        )

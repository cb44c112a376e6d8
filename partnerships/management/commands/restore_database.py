from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.backup import BackupError, restore
from partnerships.caching import bump_directory_version


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup that backup_database wrote. "
        "On PostgreSQL the restore runs in one transaction: it lands whole or not at all. "
        "Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the data."
        )

    def handle(self, *args, **options):
        source = options["backup"]
        if not options["yes"]:
            answer = input(f"Replace ALL data in this database with {source}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        bump_directory_version()  # cached pages show the data that was there before
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {source}."))

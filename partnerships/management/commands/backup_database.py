from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerships.backup import BackupError, back_up, file_suffix


class Command(BaseCommand):
    help = (
        "Back up the whole database (drafts, history and staff accounts included) to one "
        "file: pg_dump's custom format on PostgreSQL, a consistent copy on SQLite. The "
        "site keeps running meanwhile. Restore with manage.py restore_database FILE "
        "(docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the backup (default: BACKUP_DIR/directory-<UTC time>.dump "
            "on PostgreSQL or .sqlite3 on SQLite).",
        )

    def handle(self, *args, **options):
        target = options["output"]
        if target is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = settings.BACKUP_DIR / f"directory-{stamp}{file_suffix()}"
        if target.exists():
            raise CommandError(f"{target} exists already; choose another --output.")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            back_up(target)
        except BackupError as error:
            target.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        size_mb = target.stat().st_size / 1_000_000
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size_mb:.1f} MB)."))

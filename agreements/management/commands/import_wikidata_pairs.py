from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agreements.importing.wikidata import import_wikidata_pairs
from partnerships.models import PublicationStatus


class Command(BaseCommand):
    help = (
        "Import Wikidata P190 (twinned administrative body) pairs: RELATIONS has two "
        "Wikidata ids a line, NAMES an id and its English label. Places are matched by "
        "their Wikidata identifier only; pairs whose places are not in the directory are "
        "reported, never created. One transaction; --dry-run rolls it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("relations", help="Two Wikidata ids a line (tab or space).")
        parser.add_argument("names", nargs="?", help="Wikidata id and English label a line.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--status",
            choices=PublicationStatus.values,
            default=PublicationStatus.PUBLISHED,
            help="Publication status of the partnerships created (default: published).",
        )
        parser.add_argument("--user", help="Username recorded as the author in the history.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show progress on stderr."
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            report = import_wikidata_pairs(
                options["relations"],
                options["names"],
                dry_run=options["dry_run"],
                status=options["status"],
                user=user,
                progress_stream=None if options["no_progress"] else self.stderr,
            )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())

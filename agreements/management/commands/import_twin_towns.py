from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.importing.twin_towns import (
    FORMAT_CHOICES,
    FileFormatError,
    import_twin_towns,
)
from partnerships.models import PublicationStatus


class Command(BaseCommand):
    help = (
        "Import a twin-town list (CSV) into the directory: places are matched by "
        "identifier, else name, country, region and distance, and created when missing; "
        "A–B and B–A become one partnership; every record used is cited by the import's "
        "source. One transaction; --dry-run rolls it back and prints the same report. "
        "Layouts: wikipedia-csv (city1,country1,lat1,lng1,city2,country2,lat2,lng2) and "
        "generic-csv (place,country,partner_place,partner_country, and optionally kind,"
        "established,source_url,lat,lng,partner_lat,partner_lng,wikidata,partner_wikidata,"
        "geonames,partner_geonames)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8, header row).")
        parser.add_argument(
            "--format",
            choices=FORMAT_CHOICES,
            default="auto",
            help="The file's layout; by default read from its header.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )
        parser.add_argument(
            "--source-title",
            help="Title of the Source the import is recorded under (found again by its slug). "
            "Wikipedia files default to the Hekman/twincities source.",
        )
        parser.add_argument("--source-url", help="URL of that source.")
        parser.add_argument(
            "--status",
            choices=PublicationStatus.values,
            default=PublicationStatus.PUBLISHED,
            help="Publication status of the records created (default: published).",
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
            report = import_twin_towns(
                options["path"],
                format_name=options["format"],
                dry_run=options["dry_run"],
                source_title=options["source_title"],
                source_url=options["source_url"],
                status=options["status"],
                user=user,
                progress_stream=None if options["no_progress"] else self.stderr,
            )
        except (OSError, FileFormatError) as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:  # the source's title or URL
            raise CommandError(f"Invalid source: {'; '.join(error.messages)}") from error
        self.stdout.write(report.as_text())

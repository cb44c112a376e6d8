import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.dump import DumpError, load_dump
from partnerships.caching import bulk_changes


class Command(BaseCommand):
    help = "Load a dump written by dump_directory into an empty directory, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The dump file.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            with bulk_changes():
                counts = load_dump(document)
        except FileNotFoundError as error:
            raise CommandError(f"No dump at {path}.") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} is not JSON: {error}") from error
        except (DumpError, KeyError, TypeError, ValueError) as error:
            raise CommandError(
                f"{path} cannot be loaded: {error!r}. Nothing was changed."
            ) from error
        self.stdout.write(
            "Loaded " + ", ".join(f"{count} {kind}" for kind, count in counts.items()) + "."
        )

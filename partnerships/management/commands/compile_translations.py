from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/*.po into its .mo file. Pure Python (polib), "
        "so a fresh machine needs no GNU gettext; make install runs it."
    )

    def handle(self, *args, **options):
        po_files = sorted(
            path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).rglob("*.po")
        )
        if not po_files:
            raise CommandError(f"No .po files under {', '.join(map(str, settings.LOCALE_PATHS))}.")
        for po_path in po_files:
            try:
                catalog = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{po_path}: {len(catalog.translated_entries())} translated, "
                    f"{len(catalog.untranslated_entries())} untranslated"
                )

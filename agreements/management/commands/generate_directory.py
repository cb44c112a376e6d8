import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from agreements.synthetic import SLUG_PREFIX, SYNTHETIC_PUBLISHER, Generator, Sizes
from agreements.synthetic import synthetic_records_exist as existing_synthetic_records
from partnerships.caching import bulk_changes

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Add a synthetic directory for load tests and benchmarks on top of the real data: "
        "places in about 200 countries (with native and alternate names, coordinates and "
        "parent regions), organizations based there, people with positions, partnerships "
        "between places (about one for every three places), and agreements with 2-4 parties, "
        "1-2 signatories and 1-3 focus areas, each cited by one of a few thousand synthetic "
        "sources. The same --seed always gives the same records. Every synthetic slug starts "
        f"with '{SLUG_PREFIX}' and every synthetic source's publisher is "
        f"'{SYNTHETIC_PUBLISHER}'; existing records are never changed. Runs in one "
        "transaction and refuses to run when synthetic records are already present. "
        "Progress goes to stderr (silence it with --verbosity 0)."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name, what in (
            ("places", "places (cities, towns, prefectures, states, regions...)"),
            ("organizations", "organizations, each based in one of the places"),
            ("people", "people, each holding one or two positions at the organizations"),
            ("agreements", "agreements"),
        ):
            parser.add_argument(
                f"--{name}",
                type=int,
                default=getattr(defaults, name),
                metavar="N",
                help=f"Number of {what} (default: {getattr(defaults, name)}).",
            )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Seed of the random generator; the same seed gives the same data (default: 1).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5_000,
            metavar="N",
            help="Rows per INSERT and records per progress step (default: 5000).",
        )

    def handle(self, *args, **options):
        for name in ("places", "organizations", "people", "agreements"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative (got {options[name]}).")
        if options["batch_size"] < 1:
            raise CommandError(f"--batch-size must be at least 1 (got {options['batch_size']}).")
        sizes = Sizes(
            places=options["places"],
            organizations=options["organizations"],
            people=options["people"],
            agreements=options["agreements"],
        )
        if sizes.agreements and sizes.places + sizes.organizations < 2:
            raise CommandError(
                "Agreements need at least two parties: generate two or more places or "
                "organizations."
            )
        self.verbosity = options["verbosity"]
        self.started = time.monotonic()
        generator = Generator(
            sizes, seed=options["seed"], batch_size=options["batch_size"], progress=self.progress
        )
        # One transaction for the whole run: a failed or interrupted run leaves nothing
        # behind (a half-built directory would also block the next run, whose slugs it
        # holds), the phases refer to each other's fresh ids, and one commit is much
        # faster than one per phase, on SQLite especially. The run only inserts, so the
        # site keeps serving the old directory meanwhile. bulk_changes() invalidates the
        # page cache once at the end, since bulk_create sends no signals.
        with bulk_changes(), transaction.atomic():
            if present := existing_synthetic_records():
                raise CommandError(
                    f"The database already holds synthetic {', '.join(present)} (slugs "
                    f"starting '{SLUG_PREFIX}'). Generate into a database without them."
                )
            counts = generator.run()
        # Fresh planner statistics: until autovacuum gets round to the new rows,
        # PostgreSQL would plan every page's queries for nearly empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if self.verbosity:
            elapsed = time.monotonic() - self.started
            summary = ", ".join(f"{count} {label}" for label, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {summary} in {elapsed:.1f} s (seed {options['seed']})."
                )
            )

    def progress(self, phase: str, done: int, total: int) -> None:
        if not self.verbosity:
            return
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        self.stderr.write(f"{phase:<13} [{bar}] {done:>7}/{total:<7} {elapsed:6.1f} s")

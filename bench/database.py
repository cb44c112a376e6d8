"""The benchmark's data: the 100k directory on PostgreSQL and its SQLite copy for Datasette."""

import datetime
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# The directory generate_directory builds with its defaults; fewer means a partial build.
EXPECTED_AGREEMENTS = 100_000

COUNTED_TABLES = {
    "agreements": "agreements_agreement",
    "places": "partnerships_place",
    "organizations": "partnerships_organization",
    "people": "partnerships_person",
    "partnerships": "partnerships_partnership",
}


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """Return the URL of the server's `postgres` database, to drop and create others from."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def agreement_count(url: str) -> int | None:
    """Return how many agreements the database holds, or None when it has no directory."""
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM agreements_agreement").fetchone()[0]
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return None


def recreate_database(url: str) -> None:
    name = sql.Identifier(database_name(url))
    with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
        # FORCE ends sessions a previous, interrupted run may have left open.
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def build_directory(url: str, twin_towns_csv: Path, manage: Callable[..., None]) -> None:
    """Create the database afresh and fill it the way the issue describes."""
    print(f"  dropping and creating {database_name(url)}", flush=True)
    recreate_database(url)
    manage("migrate", "--no-input", "--verbosity", "0")
    print("  loading the curated releases (load_directory)", flush=True)
    manage("load_directory", "--verbosity", "0")
    print("  generating the synthetic directory (generate_directory, about a minute)", flush=True)
    manage("generate_directory")
    if twin_towns_csv.is_file():
        print(f"  importing the twin-town list {twin_towns_csv}", flush=True)
        manage("import_twin_towns", str(twin_towns_csv))
    else:
        print(f"  SKIPPED the twin-town import: no file at {twin_towns_csv}", flush=True)


def prepare_directory(
    url: str, twin_towns_csv: Path, manage: Callable[..., None], rebuild: bool
) -> None:
    """Reuse a database that already holds the generated directory unless asked to rebuild."""
    count = agreement_count(url)
    if count is not None and count >= EXPECTED_AGREEMENTS and not rebuild:
        print(f"  reusing {database_name(url)}: {count:,} agreements (REBUILD=1 to rebuild)")
        # The code may have moved on since the build: its migrations (indexes) must apply,
        # and the planner needs statistics that autovacuum may not have gathered yet.
        manage("migrate", "--no-input", "--verbosity", "0")
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")
        return
    reason = "REBUILD=1" if rebuild else f"it holds {count or 0:,} agreements"
    print(f"  building {database_name(url)} ({reason})", flush=True)
    build_directory(url, twin_towns_csv, manage)


def directory_facts(url: str) -> dict:
    """Return the row counts and the PostgreSQL version the report states."""
    with psycopg.connect(url) as connection:
        counts = {
            label: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for label, table in COUNTED_TABLES.items()
        }
        counts["published agreements"] = connection.execute(
            "SELECT count(*) FROM agreements_agreement WHERE publication_status = 'published'"
        ).fetchone()[0]
        version = connection.execute("SHOW server_version").fetchone()[0]
    return {"counts": counts, "postgresql": version}


def sample_slugs(url: str) -> dict[str, str]:
    """Pick one published agreement from the middle of the table, and one of its places."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            """
            SELECT agreement.slug, place.slug
            FROM agreements_agreement agreement
            JOIN agreements_agreementparty party ON party.agreement_id = agreement.id
            JOIN partnerships_place place ON place.id = party.place_id
            WHERE agreement.publication_status = 'published'
              AND place.publication_status = 'published'
            ORDER BY agreement.id, party.id
            OFFSET (SELECT count(*) / 2 FROM agreements_agreement)
            LIMIT 1
            """
        ).fetchone()
    if row is None:
        raise SystemExit("The benchmark database has no published agreement with a place.")
    return {"agreement": row[0], "place": row[1]}


# One row per published agreement with what the /agreements/ facets count. Parties come
# in the order the site lists them (signing parties first), so the first country is theirs.
EXPORT_QUERY = """
SELECT
    agreement.id, agreement.slug, agreement.title, agreement.title_original,
    agreement.summary, agreement.kind, agreement.signed_on,
    agreement.valid_until, agreement.valid_until_precision,
    parties.countries, parties.organization_kinds, focus.slugs, cited.languages
FROM agreements_agreement agreement
LEFT JOIN (
    SELECT party.agreement_id,
           array_agg(COALESCE(place.country, organization_place.country)
                     ORDER BY CASE party.role WHEN 'signing_party' THEN 0 WHEN 'partner' THEN 1
                              WHEN 'facilitator' THEN 2 WHEN 'supporting_partner' THEN 3
                              ELSE 4 END, party.id) AS countries,
           array_agg(DISTINCT organization.kind)
               FILTER (WHERE organization.kind IS NOT NULL) AS organization_kinds
    FROM agreements_agreementparty party
    LEFT JOIN partnerships_place place ON place.id = party.place_id
    LEFT JOIN partnerships_organization organization ON organization.id = party.organization_id
    LEFT JOIN partnerships_place organization_place ON organization_place.id = organization.place_id
    GROUP BY party.agreement_id
) parties ON parties.agreement_id = agreement.id
LEFT JOIN (
    SELECT link.agreement_id, array_agg(area.slug ORDER BY area.name) AS slugs
    FROM agreements_agreement_focus_areas link
    JOIN agreements_focusarea area ON area.id = link.focusarea_id
    GROUP BY link.agreement_id
) focus ON focus.agreement_id = agreement.id
LEFT JOIN (
    SELECT citation.agreement_id, array_agg(DISTINCT source.language ORDER BY source.language)
           AS languages
    FROM agreements_citation citation
    JOIN agreements_source source ON source.id = citation.source_id
    WHERE citation.agreement_id IS NOT NULL
    GROUP BY citation.agreement_id
) cited ON cited.agreement_id = agreement.id
WHERE agreement.publication_status = 'published'
ORDER BY agreement.id
"""

SQLITE_SCHEMA = """
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    title_original TEXT NOT NULL,
    summary TEXT NOT NULL,
    kind TEXT NOT NULL,
    signed_on TEXT,
    year INTEGER,
    decade INTEGER,
    status TEXT NOT NULL,
    country TEXT,
    countries TEXT NOT NULL,
    focus_area TEXT,
    focus_areas TEXT NOT NULL,
    organization_kind TEXT,
    organization_kinds TEXT NOT NULL,
    language TEXT,
    languages TEXT NOT NULL
);
CREATE INDEX agreements_kind ON agreements (kind);
CREATE INDEX agreements_signed_on ON agreements (signed_on);
CREATE INDEX agreements_year ON agreements (year);
CREATE INDEX agreements_decade ON agreements (decade);
CREATE INDEX agreements_status ON agreements (status);
CREATE INDEX agreements_country ON agreements (country);
CREATE INDEX agreements_focus_area ON agreements (focus_area);
CREATE INDEX agreements_organization_kind ON agreements (organization_kind);
CREATE INDEX agreements_language ON agreements (language);
CREATE VIRTUAL TABLE agreements_fts USING fts5(
    title, title_original, summary, content="agreements", content_rowid="id"
);
"""


def period_end(day: datetime.date, precision: str) -> datetime.date:
    """Return the last day of a partial date: 'until 2030' runs to 31 December 2030."""
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        next_month = day.replace(day=28) + datetime.timedelta(days=4)
        return next_month.replace(day=1) - datetime.timedelta(days=1)
    return day


def validity(valid_until: datetime.date | None, precision: str, today: datetime.date) -> str:
    """Return the status the site shows (AgreementQuerySet.with_validity), as of ``today``."""
    if valid_until is None:
        return "unknown"
    try:
        in_a_year = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        in_a_year = today + datetime.timedelta(days=365)
    end = period_end(valid_until, precision)
    if end < today:
        return "expired"
    if end < in_a_year:
        return "expiring"
    return "active"


def unique(values) -> list:
    """Drop NULLs and repeats, keeping the first occurrence's place."""
    return list(dict.fromkeys(value for value in values or () if value is not None))


def sqlite_row(record: tuple, today: datetime.date) -> tuple:
    (
        pk,
        slug,
        title,
        title_original,
        summary,
        kind,
        signed_on,
        valid_until,
        valid_until_precision,
        countries,
        organization_kinds,
        focus_areas,
        languages,
    ) = record
    countries, focus_areas, languages = unique(countries), unique(focus_areas), unique(languages)
    organization_kinds = unique(organization_kinds)
    year = signed_on.year if signed_on else None
    return (
        pk,
        slug,
        title,
        title_original,
        summary,
        kind,
        signed_on.isoformat() if signed_on else None,
        year,
        year // 10 * 10 if year else None,
        validity(valid_until, valid_until_precision, today),
        countries[0] if countries else None,
        json.dumps(countries),
        focus_areas[0] if focus_areas else None,
        json.dumps(focus_areas),
        organization_kinds[0] if organization_kinds else None,
        json.dumps(organization_kinds),
        languages[0] if languages else None,
        json.dumps(languages),
    )


def export_to_sqlite(url: str, path: Path) -> int:
    """Write the published agreements to a fresh SQLite file with full-text search."""
    today = datetime.datetime.now(datetime.UTC).date()
    with psycopg.connect(url) as connection:
        rows = [sqlite_row(record, today) for record in connection.execute(EXPORT_QUERY)]
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    database = sqlite3.connect(building)
    try:
        database.executescript(SQLITE_SCHEMA)
        placeholders = ", ".join("?" * len(rows[0]))
        database.executemany(f"INSERT INTO agreements VALUES ({placeholders})", rows)
        database.execute("INSERT INTO agreements_fts (agreements_fts) VALUES ('rebuild')")
        database.commit()
        # Statistics for SQLite's planner, as a careful Datasette publisher would gather.
        database.execute("ANALYZE")
        database.commit()
    finally:
        database.close()
    os.replace(building, path)
    return len(rows)

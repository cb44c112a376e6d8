"""Whole-database backups: everything, drafts, history and staff accounts included.

PostgreSQL goes through pg_dump's custom format and pg_restore (the client tools of
the server's major version must be installed); SQLite through its online backup
API, which copies a consistent snapshot while the site keeps running. The open-data
dump (dump_directory) is not a backup: it holds published records only.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore could not run; the message says why in plain words."""


def file_suffix() -> str:
    return ".dump" if connection.vendor == "postgresql" else ".sqlite3"


def _postgres_arguments() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]  # never on the command line, where ps shows it
    return arguments, env


def _run(tool: str, arguments: list[str], env: dict[str, str]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install the PostgreSQL client tools of the "
            "server's major version (Debian: postgresql-client)."
        )
    result = subprocess.run([tool, *arguments], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def back_up(target: Path) -> None:
    """Write a backup of the default database to ``target``."""
    if connection.vendor == "postgresql":
        arguments, env = _postgres_arguments()
        _run(
            "pg_dump",
            [
                *arguments,
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)


def restore(source: Path) -> None:
    """Replace the default database's contents with the backup in ``source``."""
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if connection.vendor == "postgresql":
        arguments, env = _postgres_arguments()
        connection.close()  # our own idle connection must not hold locks on the tables
        _run(
            "pg_restore",
            [
                *arguments,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
            env,
        )
        return
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            backup.execute("SELECT count(*) FROM django_migrations")
            connection.ensure_connection()
            backup.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"{source} is not a backup of this site's SQLite database: {error}"
        ) from error

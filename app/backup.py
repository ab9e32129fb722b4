"""`flask backup`: a consistent copy of the SQLite database, taken with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db


def sqlite_path() -> Path | None:
    """The database file, or None when the database is not SQLite."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the database page by page while the app may keep writing: the copy is one consistent state."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    # Opened read-only: a backup never changes the live database.
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    os.chmod(target, 0o600)  # it holds personal data and password hashes


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: instance/backups/cal-YYYYMMDD-HHMMSS.sqlite3).")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Write a consistent copy of the SQLite database (for PostgreSQL use pg_dump; see README)."""
    source = sqlite_path()
    if source is None:
        raise click.ClickException("the database is not an SQLite file: back it up with pg_dump (see README, "
                                   "'Backup and restore')")
    db.session.remove()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = output or Path(current_app.instance_path) / "backups" / f"cal-{stamp}.sqlite3"
    try:
        backup_sqlite(source, target)
    except FileExistsError:
        raise click.ClickException(f"{target} exists; choose another file") from None
    except sqlite3.Error as error:
        raise click.ClickException(f"the backup failed: {error}") from None
    click.echo(f"backup written to {target}; keep CAL_AUDIT_KEY (or SECRET_KEY) with it, or the audit log "
               "cannot be verified after a restore")

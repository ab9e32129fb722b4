"""`flask archive verify FILE`: is a closed call's archive still what was written?"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.audit.log import audit_key
from app.audit.models import AuditEntry
from app.extensions import db

from .archive import verify_archive

archive_cli = AppGroup("archive", help="Check the archive of a closed competition.")


def _live_hashes(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(AuditEntry.id, AuditEntry.hash).where(AuditEntry.id.in_(ids)))
    return {row.id: row.hash for row in rows}


@archive_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--offline", is_flag=True, help="Do not compare the audit rows with this installation's database.")
def verify_command(file: Path, offline: bool) -> None:
    """Check every file's SHA-256 against the manifest and every audit row against its hash; exit 1 on a finding."""
    report = verify_archive(file, key=audit_key(), stored_hashes=None if offline else _live_hashes)
    if report.ok:
        click.echo(f"OK: files {report.files}, audit rows {report.audit_rows}")
        return
    for finding in report.findings:
        click.echo(finding, err=True)
    raise click.ClickException(f"the archive FAILED verification: {len(report.findings)} finding(s)")

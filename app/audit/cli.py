"""`flask audit verify`: is the audit log's hash chain intact?"""

from __future__ import annotations

import re

import click
from flask.cli import AppGroup

from app.extensions import db

from .log import MIN_ANCHOR_PREFIX, verify

audit_cli = AppGroup("audit", help="Check the audit log.")

SHOWN_PREFIX = 16
MAX_FINDINGS_SHOWN = 100
_ANCHOR = re.compile(rf"(?P<number>[1-9][0-9]*):(?P<prefix>[0-9a-fA-F]{{{MIN_ANCHOR_PREFIX},64}})")


def _parse_anchor(_ctx, _param, value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    match = _ANCHOR.fullmatch(value.strip())
    if match is None:
        raise click.BadParameter(f"expected N:HASH with at least {MIN_ANCHOR_PREFIX} hex digits, e.g. as "
                                 "printed by an earlier run ('OK: N rows, head HASH')")
    return int(match["number"]), match["prefix"].lower()


@audit_cli.command("verify")
@click.option("--anchor", callback=_parse_anchor, metavar="N:HASH",
              help="A row count and head hash written down earlier, outside the database: "
                   "row N must still have that hash.")
def verify_command(anchor: tuple[int, str] | None) -> None:
    """Recompute every hash of the audit log, check the links and the head; exit 1 on any finding."""
    report = verify(db.session, anchor=anchor)
    if report.ok:
        click.echo(f"OK: {report.rows} rows, head {report.last_hash[:SHOWN_PREFIX]}")
        return
    for finding in report.findings[:MAX_FINDINGS_SHOWN]:
        click.echo(finding, err=True)
    hidden = len(report.findings) - MAX_FINDINGS_SHOWN
    if hidden > 0:
        click.echo(f"… and {hidden} more", err=True)
    raise click.ClickException(f"the audit log FAILED verification: {len(report.findings)} finding(s) "
                               f"in {report.rows} rows")

"""`flask selfcheck purge`: the NGOs' self-check drafts are kept for a retention period only."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db

from .operations import purge_drafts, retention_days

selfcheck_cli = AppGroup("selfcheck", help="Maintain the NGOs' self-check drafts.")


@selfcheck_cli.command("purge")
def purge_command() -> None:
    """Delete the drafts not changed for CAL_DRAFT_RETENTION_DAYS days (180 unless set)."""
    days = retention_days()
    count = purge_drafts(days)
    db.session.commit()
    click.echo(f"deleted {count} self-check draft(s) not changed for {days} days")

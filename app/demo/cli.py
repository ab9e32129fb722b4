"""`flask demo load`: the fictional demo competition, on an empty database only."""

import click
from flask.cli import AppGroup

from app.extensions import db

from . import loader

demo_cli = AppGroup("demo", help="Demonstration data (fictional).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database has data.")
def load_command(if_empty: bool) -> None:
    """Load the demo competition; refuses a database that already has data."""
    if not loader.is_empty():
        if if_empty:
            click.echo("the database has data: demo not loaded")
            return
        raise click.ClickException("the database is not empty: the demo goes only into an empty database")
    competition = loader.load()
    db.session.commit()
    click.echo(f"demo loaded: {competition.reference}, log in as sekretarz@example.org, "
               f"przewodniczacy@example.org, czlonek1@example.org … with the password {loader.DEMO_PASSWORD}")

"""`flask users create`."""

import click
from flask.cli import AppGroup

from app.extensions import db

from .operations import AccountError, create_user

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True, help="Full name shown to others.")
@click.option("--admin", is_flag=True, help="Administrator of the whole installation.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_command(email: str, display_name: str, admin: bool, password: str) -> None:
    """Create an account."""
    try:
        user = create_user(email, display_name, password, is_admin=admin)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"created {user.email} (id {user.id}{', admin' if admin else ''})")

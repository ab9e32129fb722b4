"""`flask competitions …`: create a competition, give people roles, import offers (all or nothing)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from app.auth.models import User
from app.core.allocation import AllocationRule
from app.core.offer import offer_from_dict
from app.core.offer_checks import OwnShareBase, OwnShareRows
from app.core.offer_import import ImportedOffer
from app.core.ranking import DISAGREEMENT
from app.core.rubric import CallMode
from app.extensions import db
from app.offers.importing import ImportRefused, import_offers, read_import
from app.offers.models import Offer

from . import operations
from .models import Competition, Role

competitions_cli = AppGroup("competitions", help="Create competitions, give roles, import offers.")


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise click.BadParameter(f"not a number: {text!r}") from None


def _competition(reference: str) -> Competition:
    found = db.session.scalar(sa.select(Competition).where(Competition.reference == reference))
    if found is None:
        raise click.ClickException(f"no competition with the reference {reference!r}")
    return found


@competitions_cli.command("create")
@click.option("--reference", required=True, help="e.g. WPS-CAL/2027 (files are named after it)")
@click.option("--title", required=True)
@click.option("--rubric", "rubric_ref", required=True, help="rubric id and version, e.g. cal-wroclaw:2021.1")
@click.option("--budget", required=True, help="in PLN, e.g. 3200000.00")
@click.option("--mode", type=click.Choice([m.value for m in CallMode]), default=CallMode.SUPPORT.value)
@click.option("--min-own-share", default="0", help="share of the base, e.g. 0.015 for 1.5 %")
@click.option("--own-share-base", type=click.Choice([b.value for b in OwnShareBase]),
              default=OwnShareBase.TOTAL_COSTS.value,
              help="what the minimum own contribution is a share of: the requested grant or the total costs")
@click.option("--own-share-rows", type=click.Choice([r.value for r in OwnShareRows]),
              default=OwnShareRows.OWN.value, help="the rows of V.B counted as the own contribution")
@click.option("--option", "options", multiple=True,
              help="a call option the rubric declares, e.g. --option prevention (repeat for several)")
@click.option("--threshold", default="0.6", help="share of the applicable maximum, e.g. 0.6")
@click.option("--window", nargs=2, type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="first and last day the task may run, e.g. 2027-01-01 2028-12-31")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), default=None, help="scoring deadline")
@click.option("--allocation", type=click.Choice([r.value for r in AllocationRule]), default=AllocationRule.SKIP.value,
              help="the offer at which the budget runs out: stop (nothing below it), skip (go on to the next "
                   "that fits), partial (what is left, if at least --min-partial-share of its request)")
@click.option("--min-partial-share", default="0", help="with --allocation partial, e.g. 0.5 for half the request")
@click.option("--disagreement", default=str(DISAGREEMENT),
              help="members' shares further apart than this flag an offer for discussion, e.g. 0.2")
def create_command(reference, title, rubric_ref, budget, mode, min_own_share, own_share_base, own_share_rows,
                   options, threshold, window, deadline, allocation, min_partial_share, disagreement) -> None:
    """Create a competition in draft."""
    rubric_id, _, version = rubric_ref.partition(":")
    start, end = (window[0].date(), window[1].date()) if window else (None, None)
    try:
        competition = operations.create_competition(
            None, reference=reference, title=title, rubric_id=rubric_id, rubric_version=version,
            budget=_decimal(budget), mode=CallMode(mode), min_own_share=_decimal(min_own_share),
            own_share_base=OwnShareBase(own_share_base), own_share_rows=OwnShareRows(own_share_rows),
            rubric_options=tuple(options),
            threshold=_decimal(threshold), window_start=start, window_end=end,
            scoring_deadline=deadline.date() if deadline else None, allocation_rule=AllocationRule(allocation),
            min_partial_share=_decimal(min_partial_share), disagreement_limit=_decimal(disagreement))
        db.session.commit()
    except operations.OperationRefused as refused:
        db.session.rollback()
        raise click.ClickException(f"refused: {refused.code} {refused.params}") from None
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise click.ClickException(f"a competition with the reference {reference!r} exists, or a value is out "
                                   "of range (threshold, own share, partial share and disagreement are shares "
                                   "from 0 to 1)") from None
    click.echo(f"created {competition.reference} (id {competition.id}) in draft")


@competitions_cli.command("add-member")
@click.argument("reference")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
def add_member_command(reference: str, email: str, role: str) -> None:
    """Give a person a role in a competition's committee."""
    competition = _competition(reference)
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account {email!r}: create it with `flask users create`")
    try:
        operations.add_member(None, competition, user, Role(role))
        db.session.commit()
    except operations.OperationRefused as refused:
        db.session.rollback()
        raise click.ClickException(f"refused: {refused.code}") from None
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise click.ClickException(f"{email} already has a role in {reference}") from None
    click.echo(f"{email} is now {role} in {reference}")


def _problem_line(problem) -> str:
    """A problem of a CSV/XLSX import: where in English, what in Polish (the browser's sentence)."""
    from flask_babel import force_locale

    from app.offers.import_messages import problem_text

    where = f"row {problem.row}" if problem.row else "file"
    column = f", column \u201c{problem.column}\u201d" if problem.column else ""
    with force_locale("pl"):  # no request here, so no session to read the language from
        return f"{where}{column}: {problem_text(problem)}"


def read_offers(path: Path, competition: Competition) -> tuple[list[ImportedOffer], list[str]]:
    """Every offer of an import file (JSON, CSV or XLSX), or the problems of every row that cannot be read."""
    if path.suffix.lower() in (".csv", ".xlsx"):
        offers, found = read_import(path.read_bytes(), path.name, max_bytes=current_app.config["CAL_IMPORT_MAX_BYTES"],
                                    max_rows=current_app.config["CAL_IMPORT_MAX_ROWS"])
        return offers, [_problem_line(p) for p in found]
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], [f"the file cannot be read as JSON: {error}"]
    if not isinstance(rows, list):
        return [], ["the file must hold a list of offers"]
    taken = set(db.session.scalars(sa.select(Offer.number).where(Offer.competition_id == competition.id)))
    offers, problems, seen = [], [], set()
    for position, row in enumerate(rows, start=1):
        number = row.get("number") if isinstance(row, dict) else None
        if not isinstance(number, str) or not number.strip():
            problems.append(f"row {position}: missing \"number\"")
            continue
        if number in taken or number in seen:
            problems.append(f"row {position} ({number}): the number is already used")
        seen.add(number)
        try:
            offers.append(ImportedOffer(position, number, offer_from_dict(row.get("form", {}))))
        except ValueError as error:
            problems.append(f"row {position} ({number}): {error}")
    return offers, problems


@competitions_cli.command("import-offers")
@click.argument("reference")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_offers_command(reference: str, path: Path) -> None:
    """Import offers from JSON ([{"number": …, "form": {…}}, …]), CSV or XLSX (the browser's template), all or
    nothing: one bad row and nothing is imported."""
    competition = _competition(reference)
    offers, problems = read_offers(path, competition)
    if not problems:
        try:
            import_offers(None, competition, offers, source=path.name)
            db.session.commit()
        except operations.OperationRefused as refused:
            db.session.rollback()
            raise click.ClickException(f"nothing imported: {refused.code}") from None
        except ImportRefused as refused:
            db.session.rollback()
            problems = [_problem_line(p) for p in refused.problems]
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"nothing imported: {len(problems)} row(s) with problems")
    click.echo(f"imported {len(offers)} offer(s) into {reference}; their formal check is open")

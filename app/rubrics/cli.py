"""`flask rubrics check`, `hash`, `coverage` and `diff`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.numbers import canonical_decimal
from app.core.rubric_diff import rubric_diff
from app.core.rubric_schema import content_hash

from .diff_text import diff_lines
from .loader import load_rubric
from .registry import registry
from .sources import parse_toml

rubrics_cli = AppGroup("rubrics", help="Validate and inspect rubric files.")


def _rubric_paths(paths: tuple[str, ...]) -> list[Path]:
    targets = [Path(p) for p in paths] or [Path(current_app.config["RUBRICS_DIR"])]
    found: list[Path] = []
    for target in targets:
        found.extend(sorted(target.glob("*.toml")) if target.is_dir() else [target])
    return found


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@rubrics_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def check_command(paths: tuple[str, ...]) -> None:
    """Validate rubric files (default: every file in the rubrics folder)."""
    files = _rubric_paths(paths)
    if not files:
        raise click.ClickException("no rubric files (*.toml) found")
    failed = 0
    for path in files:
        result = load_rubric(path, Path(current_app.config["REPOSITORY_ROOT"]))
        if result.ok:
            rubric = result.rubric
            click.echo(f"OK {_shown(path)}: {rubric.id} {rubric.version}, {len(rubric.criteria)} criteria, "
                       f"max {canonical_decimal(rubric.max_points)} points, hash {rubric.content_hash[:12]}")
            continue
        failed += 1
        for problem in result.problems:
            click.echo(f"{_shown(path)}: {problem}", err=True)
    if failed:
        raise click.ClickException(f"{failed} of {len(files)} rubric file(s) have problems")


@rubrics_cli.command("hash")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def hash_command(paths: tuple[str, ...]) -> None:
    """Print the canonical content hash of rubric files."""
    for raw in paths:
        data, problems = parse_toml(Path(raw))
        if data is None:
            raise click.ClickException(f"{raw}: {problems[0]}")
        click.echo(f"{content_hash(data)}  {raw}")


@rubrics_cli.command("coverage")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def coverage_command(paths: tuple[str, ...]) -> None:
    """Print which criteria cover each element of the CAL Model; fail if one is uncovered."""
    failed = 0
    shown = 0
    for path in _rubric_paths(paths):
        result = load_rubric(path, Path(current_app.config["REPOSITORY_ROOT"]))
        if result.coverage is None:
            if result.ok:
                click.echo(f"{_shown(path)}: names no elements file, nothing to cover")
                continue
            failed += 1
            for problem in result.problems:
                click.echo(f"{_shown(path)}: {problem}", err=True)
            continue
        shown += 1
        coverage = result.coverage
        click.echo(f"{_shown(path)} — {coverage.elements.title.pl}")
        for element in coverage.elements.elements:
            if coverage.assessed is None:
                criteria = ", ".join(coverage.matrix[element.id]) or "NOT COVERED"
            else:  # the rubric declares which levels assess what: a quote alone does not cover an element
                assessed = ", ".join(coverage.assessed[element.id]) or "NOT ASSESSED"
                quoted = ", ".join(coverage.only_quoted(element.id))
                criteria = f"assessed in levels: {assessed}" + (f"; only quoted: {quoted}" if quoted else "")
            click.echo(f"  {element.kind:<12} {element.id:<34} {element.name.pl:<50} {criteria}")
        total = len(coverage.elements.elements)
        click.echo(f"  {total - len(coverage.uncovered)} of {total} elements covered")
        if not result.ok:
            failed += 1
            for problem in result.problems:
                click.echo(f"{_shown(path)}: {problem}", err=True)
    if failed:
        raise click.ClickException(f"{failed} rubric file(s) leave elements uncovered or have problems")
    if not shown:
        click.echo("no rubric names an elements file")


def _version(ref: str):
    rubric_id, _, version = ref.partition(":")
    rubric = registry().get(rubric_id, version)
    if rubric is None:
        raise click.ClickException(f"{ref}: no sound rubric with this id and version (write it as id:version)")
    return rubric


@rubrics_cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["pl", "en"]), default="pl", help="language of the rubric texts")
def diff_command(old: str, new: str, lang: str) -> None:
    """Criterion by criterion, what changed from OLD to NEW (each as id:version, e.g. cal-wroclaw:2021.1)."""
    for line in diff_lines(rubric_diff(_version(old), _version(new)), lang):
        click.echo(line)

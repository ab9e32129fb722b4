"""`flask system check`: are the system libraries that PDF export needs installed?"""

from __future__ import annotations

import shutil
import subprocess
import warnings

import click
from flask.cli import AppGroup

system_cli = AppGroup("system", help="Checks of the machine the app runs on.")

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_PACKAGE = "fonts-dejavu-core"
POLISH_SAMPLE = "Zażółć gęślą jaźń — ĄĆĘŁŃÓŚŹŻ"


def missing_pdf_requirements() -> list[str]:
    """What stops WeasyPrint from writing PDFs with Polish letters, as advice to act on."""
    problems = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from weasyprint import HTML
    except OSError as error:
        return [f"WeasyPrint cannot load Pango ({error}); install: apt-get install {PANGO_PACKAGES}"]
    if any("HarfBuzz" in str(w.message) for w in caught):
        problems.append(f"WeasyPrint misses HarfBuzz-Subset; install: apt-get install {PANGO_PACKAGES}")
    fc_list = shutil.which("fc-list")
    if fc_list:
        listed = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
            [fc_list, ":lang=pl", "family"], capture_output=True, text=True, check=False
        )
        if not listed.stdout.strip():
            problems.append(f"no font with Polish letters; install: apt-get install {FONT_PACKAGE}")
    else:
        problems.append(f"fontconfig is missing; install: apt-get install fontconfig {FONT_PACKAGE}")
    if not problems:
        pdf = HTML(string=f"<p lang='pl'>{POLISH_SAMPLE}</p>").write_pdf()
        if not pdf.startswith(b"%PDF"):
            problems.append("WeasyPrint did not produce a PDF")
    return problems


@system_cli.command("check")
def check_command() -> None:
    """Say which Debian packages PDF export still needs."""
    problems = missing_pdf_requirements()
    for problem in problems:
        click.echo(f"MISSING: {problem}", err=True)
    if problems:
        raise click.ClickException("PDF export will not work until the packages above are installed")
    click.echo("OK: WeasyPrint, Pango and a font with Polish letters are present")

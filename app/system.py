"""`flask system check`: are the system libraries that PDF export needs installed, are the legal pages' facts set?"""

from __future__ import annotations

import shutil
import subprocess
import warnings

import click
from flask import current_app
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


# The settings the accessibility statement and the personal-data notice need from each installation.
LEGAL_CONTACTS = {
    "LEGAL_CONTACT_NAME": "CAL_LEGAL_CONTACT_NAME",
    "LEGAL_CONTACT_EMAIL": "CAL_LEGAL_CONTACT_EMAIL",
    "LEGAL_CONTACT_PHONE": "CAL_LEGAL_CONTACT_PHONE",
    "LEGAL_DPO_EMAIL": "CAL_LEGAL_DPO_EMAIL",
}
FICTIONAL = ("example.org", "example.com", "example.net", "fikcyj")


def legal_warnings(config) -> list[str]:
    """The legal pages' contacts that are not set (the pages then leave them out) or are not real."""
    warnings_ = []
    for key, variable in LEGAL_CONTACTS.items():
        value = config.get(key)
        if not value:
            warnings_.append(f"{variable} is not set: the legal pages leave this contact out")
        elif any(mark in value.lower() for mark in FICTIONAL):
            warnings_.append(f"{variable} looks fictional ({value}): set the real contact")
    if "127.0.0.1" in config.get("LEGAL_SERVICE_URL", "") or "localhost" in config.get("LEGAL_SERVICE_URL", ""):
        warnings_.append("CAL_LEGAL_SERVICE_URL is a local address: set the address the public uses")
    if config.get("MAIL_SERVER") and not config.get("PUBLIC_URL"):
        warnings_.append("CAL_MAIL_SERVER is set but CAL_PUBLIC_URL is not: forgotten passwords are not reset by "
                         "e-mail, and invitations and reminders link to the address each request came to")
    return warnings_


@system_cli.command("check")
def check_command() -> None:
    """Say which Debian packages PDF export still needs, and which legal contacts or mail settings are missing
    (a warning)."""
    for warning in legal_warnings(current_app.config):
        click.echo(f"WARNING: {warning}", err=True)
    problems = missing_pdf_requirements()
    for problem in problems:
        click.echo(f"MISSING: {problem}", err=True)
    if problems:
        raise click.ClickException("PDF export will not work until the packages above are installed")
    click.echo("OK: WeasyPrint, Pango and a font with Polish letters are present")

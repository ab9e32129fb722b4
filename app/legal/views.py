"""The accessibility statement (ustawa o dostępności cyfrowej, art. 10) and the RODO art. 13 notice.

Both are legal texts, kept as one template per language rather than as many gettext strings;
every fact in them comes from settings, so an installation states its own data.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale

from app.i18n import local_today

bp = Blueprint("legal", __name__)


def _settings() -> dict:
    config = current_app.config
    return {key.removeprefix("LEGAL_").lower(): value for key, value in config.items() if key.startswith("LEGAL_")}


def _language_template(name: str) -> str:
    return f"legal/{name}.{'en' if str(get_locale()).startswith('en') else 'pl'}.html"


@bp.get("/deklaracja-dostepnosci")
def accessibility():
    """Deklaracja dostępności, generated from settings."""
    return render_template(_language_template("accessibility"), legal=_settings(), today=local_today())


@bp.get("/informacja-o-danych-osobowych")
def privacy():
    """The information notice on personal data for committee members and NGO users (RODO art. 13)."""
    return render_template(_language_template("privacy"), legal=_settings())

"""The accessibility statement (ustawa o dostępności cyfrowej, art. 10) and the RODO art. 13 notice.

Both are legal texts, kept as one template per language rather than as many gettext strings;
every fact in them comes from settings, so an installation states its own data.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale

from app.demo.loader import DEMO_LEGAL_CONTACTS, is_loaded
from app.i18n import local_today

bp = Blueprint("legal", __name__)


def _settings() -> dict:
    """The LEGAL_* settings; while the fictional demo is loaded, its fictional contacts fill the unset ones."""
    config = current_app.config
    settings = {key.removeprefix("LEGAL_").lower(): value for key, value in config.items()
                if key.startswith("LEGAL_")}
    unset = [key for key in DEMO_LEGAL_CONTACTS if not settings.get(key)]
    if unset and is_loaded():
        settings.update({key: DEMO_LEGAL_CONTACTS[key] for key in unset})
    return settings


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

"""Start page, language switch, health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page for newcomers: what the tool is, and the way in for each kind of visitor."""
    return render_template("main/index.html")


def safe_next(target: str | None, fallback: str) -> str:
    """A path on this site to go to next, or the fallback (never another host)."""
    target = target or ""
    parts = urlsplit(target)
    # Browsers read a backslash as a slash, so "/\\host" is off-site too.
    if not target.startswith("/") or "\\" in target or target.startswith("//") or parts.scheme or parts.netloc:
        return fallback
    return target


@bp.get("/language/<code>")
def set_language(code: str):
    """Remember the chosen language and go back to where the user was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("main.index")))


@bp.get("/health")
def health():
    """Liveness for a load balancer: the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}

"""The framework's floor of a card save: what any signed-in, CSRF-checked form post costs on this stack.

The same request as the app's save (the same URL, cookies and form), served by Flask with the app's
session cookie, Flask-Login (strong session protection, a user loader checking the session counter) and
Flask-WTF's CSRF check, all with the app's secret key, so that a member signed in to the app is signed in
here too. It then writes what the bare save writes, the card's row and its 25 scores, flashes and
redirects, and does nothing else: no offer read, no permissions, no version check, no validation, no
audit row. ``bench_committee`` measures it beside the app and the bare upsert: app ÷ floor is the app's
own work, floor ÷ bare what the framework costs before any of it.
"""

from __future__ import annotations

import os
from decimal import Decimal

import sqlalchemy as sa
from flask import Flask, flash, g, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_wtf.csrf import CSRFProtect

from . import CRITERIA, engine
from .save import _COLUMNS, _UPSERT_PG, _UPSERT_SQLITE

_USER = sa.text("SELECT id, is_active, session_version FROM users WHERE id = :id")
_NEW_CARD = sa.text(
    "INSERT INTO score_cards (offer_id, user_id, status, rubric_id, rubric_version, rubric_hash, version_id, "
    "created_at, updated_at) SELECT :offer, :user, 'draft', rubric_id, rubric_version, rubric_hash, 1, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM competitions WHERE id = :competition RETURNING id")


class Member(UserMixin):
    def __init__(self, user_id: int, session_version: int) -> None:
        self.id, self.session_version = user_id, session_version

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


def create_app() -> Flask:
    """POST /konkursy/<c>/oferty/<o>/ocena as the app's member sends it: signed in, CSRF-checked; 302."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_CSRF_TIME_LIMIT=None)
    database = engine()
    postgres = database.dialect.name == "postgresql"
    CSRFProtect(app)
    login = LoginManager(app)
    login.session_protection = "strong"

    def connection() -> sa.Connection:
        """One connection and transaction per request, for the user and the write (as the app's session)."""
        if "connection" not in g:
            g.connection = database.connect()
        return g.connection

    @app.teardown_request
    def _close(_error):
        found = g.pop("connection", None)
        if found is not None:
            found.close()

    @login.user_loader
    def _load(session_id: str):
        user_id, _, version = session_id.partition(":")
        row = connection().execute(_USER, {"id": int(user_id)}).first()
        if row is None or not row.is_active or row.session_version != int(version):
            return None
        return Member(row.id, row.session_version)

    @app.post("/konkursy/<int:competition_id>/oferty/<int:offer_id>/ocena")
    @login_required
    def save(competition_id: int, offer_id: int):
        writing = connection()
        card_id = writing.execute(_NEW_CARD, {"offer": offer_id, "user": current_user.id,
                                              "competition": competition_id}).scalar_one()
        rows = [{"card_id": card_id, "criterion_id": f"K{k}", "max_points": Decimal(4),
                 "points": Decimal(request.form[f"points_K{k}"]), "not_applicable": False,
                 "justification": request.form[f"why_K{k}"]} for k in range(1, CRITERIA + 1)]
        if postgres:
            writing.execute(_UPSERT_PG, {name: [row[name] for row in rows] for name in _COLUMNS})
        else:
            writing.execute(_UPSERT_SQLITE, rows)
        writing.commit()
        flash("Szkic został zapisany.", "success")
        return redirect(request.path)

    @app.get("/health")
    def health():
        return "ok"

    return app

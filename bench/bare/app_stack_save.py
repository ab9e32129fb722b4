"""The app's own floor of a card save: the CAL app's whole request stack doing the same writes and nothing else.

``create_app()`` as gunicorn serves it, with every hook each of its pages runs: the pool's connection check,
the user loader reading the member with his access to the competition, the session and its protection, CSRF,
text cleaning, the rate limiter, Babel, the security headers and the ORM session. It gets one more view, at
``/podloga/konkursy/<c>/oferty/<o>/ocena``, that writes what the framework's floor (``signed_in_save.py``) writes,
the card's row and its 25 scores, then flashes and redirects as the save does: no offer read, no permission or
version check, no validation, no audit row. ``bench_committee`` measures it beside the app: stack ÷ bare is what
any form post of the app pays before its own work, app ÷ stack what the save itself adds.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, Flask, flash, redirect, request
from flask_login import current_user, login_required

from app import create_app as create_cal_app
from app.database import begin_writing, reads_before_writing
from app.extensions import db

from . import CRITERIA
from .save import _COLUMNS, _UPSERT_PG, _UPSERT_SQLITE
from .signed_in_save import _NEW_CARD

PREFIX = "/podloga"
floor = Blueprint("stack_floor", __name__, url_prefix=PREFIX + "/konkursy/<int:competition_id>/oferty/<int:offer_id>")


@floor.post("/ocena")
@reads_before_writing  # as the save: on SQLite the write lock is taken for the writes alone
@login_required
def save(competition_id: int, offer_id: int):
    begin_writing()
    card_id = db.session.execute(_NEW_CARD, {"offer": offer_id, "user": current_user.id,
                                             "competition": competition_id}).scalar_one()
    rows = [{"card_id": card_id, "criterion_id": f"K{k}", "max_points": Decimal(4),
             "points": Decimal(request.form[f"points_K{k}"]), "not_applicable": False,
             "justification": request.form[f"why_K{k}"]} for k in range(1, CRITERIA + 1)]
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(_UPSERT_PG, {name: [row[name] for row in rows] for name in _COLUMNS})
    else:
        db.session.execute(_UPSERT_SQLITE, rows)
    db.session.commit()
    flash("Szkic został zapisany.", "success")
    return redirect(request.path)


def create_app() -> Flask:
    """The CAL app with the floor's view added."""
    app = create_cal_app()
    app.register_blueprint(floor)
    return app

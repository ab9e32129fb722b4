"""Bare scoring page: read 25 score rows by primary key and render them with Jinja, nothing else."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask, render_template

from . import engine, score_ids, scores

_READ = (sa.select(scores.c.criterion_id, scores.c.points, scores.c.max_points, scores.c.justification)
         .where(scores.c.id.in_(sa.bindparam("ids", expanding=True))).order_by(scores.c.id))


def create_app() -> Flask:
    """The page at /card/<id>: the card's 25 scores as a form."""
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))
    database = engine()

    @app.get("/card/<int:card_id>")
    def card(card_id: int):
        with database.connect() as connection:
            rows = connection.execute(_READ, {"ids": score_ids(card_id)}).all()
        return render_template("bare_page.html", card_id=card_id, rows=rows)

    @app.get("/health")
    def health():
        return "ok"

    return app

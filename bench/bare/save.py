"""Bare card save: one prepared 25-row upsert and a commit per request, nothing else.

PostgreSQL gets the app's statement (INSERT … SELECT unnest(arrays) ON CONFLICT DO UPDATE); SQLite the
app's executemany upsert, in a transaction that takes the write lock up front.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Flask, request
from sqlalchemy.dialects import postgresql, sqlite

from . import CRITERIA, engine, scores

_COLUMNS = ("card_id", "criterion_id", "max_points", "points", "not_applicable", "justification")


def _upsert(insert):
    return insert.on_conflict_do_update(
        index_elements=[scores.c.card_id, scores.c.criterion_id],
        set_={name: insert.excluded[name] for name in ("points", "not_applicable", "justification")})


_UNNESTED = sa.func.unnest(*(sa.bindparam(name, type_=postgresql.ARRAY(scores.c[name].type))
                             for name in _COLUMNS)).table_valued(*_COLUMNS).render_derived()
_UPSERT_PG = _upsert(postgresql.insert(scores).from_select(_COLUMNS, sa.select(_UNNESTED)))
_UPSERT_SQLITE = _upsert(sqlite.insert(scores))


def create_app() -> Flask:
    """POST /card/<id> with points_K1…K25 and why_K1…K25: the card's scores written, 302 as the app answers."""
    app = Flask(__name__)
    database = engine()
    postgres = database.dialect.name == "postgresql"

    @app.post("/card/<int:card_id>")
    def save(card_id: int):
        rows = [{"card_id": card_id, "criterion_id": f"K{k}", "max_points": Decimal(4),
                 "points": Decimal(request.form[f"points_K{k}"]), "not_applicable": False,
                 "justification": request.form[f"why_K{k}"]} for k in range(1, CRITERIA + 1)]
        with database.begin() as connection:
            if postgres:
                connection.execute(_UPSERT_PG, {name: [row[name] for row in rows] for name in _COLUMNS})
            else:
                connection.execute(_UPSERT_SQLITE, rows)
        return "", 302, {"Location": f"/card/{card_id}"}

    @app.get("/health")
    def health():
        return "ok"

    return app

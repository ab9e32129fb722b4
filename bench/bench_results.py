"""The agreement page with all its statistics at 1,000 offers × 3 members × 25 criteria, on PostgreSQL.

Measures the page's server time through the real view (in-process, Flask's test client, signed in as
the secretary: the request, query, totals, alpha, ICC, flags, leniency, charts, template) against the
time of ONE SQL query fetching the same 75,000 score rows, interleaved: each round times the query and
then the page, and the figures are medians over the rounds. Targets from issue #13: ≤ 3× that query,
and ≤ 0.5 s absolute. Each timing also takes the process's CPU time: wall time on this shared 2-core
machine moves with everyone else's load, the app's CPU time much less; the load average is printed.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from .committee_load import CRITERIA, OFFERS, PG_URL, SCORED_BY, bench_rubric
from .harness import Figure

PASSWORD = "bench-haslo-2027"
SCHEMA = "cal_bench_results"
ROUNDS = 9


def _url() -> str:
    engine = sa.create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{SCHEMA}"


def seed(app, rubric) -> None:
    """Submitted cards with varied points; a secretary (sees every offer) and the scoring members."""
    from argon2 import PasswordHasher

    from app.extensions import db

    rng = random.Random(13)
    now = datetime.now(UTC)
    meta = sa.MetaData()
    with app.app_context():
        meta.reflect(db.engine)
        t = meta.tables
        with db.engine.begin() as c:
            password_hash = PasswordHasher().hash(PASSWORD)
            c.execute(t["users"].insert(), [{"id": i, "email": f"r{i}@example.org", "display_name": f"Osoba {i}",
                                             "password_hash": password_hash, "is_admin": False, "is_active": True,
                                             "locale": "pl"} for i in range(1, SCORED_BY + 2)])
            c.execute(t["competitions"].insert(), [{
                "id": 1, "reference": "BENCH-R", "title": "Pomiar", "mode": "wsparcie", "status": "merit",
                "rubric_id": "bench", "rubric_version": "1", "rubric_hash": rubric.content_hash,
                "budget": Decimal(10**7), "min_own_share": Decimal("0.015"), "own_share_financial_only": False,
                "threshold": Decimal("0.6"), "aggregation": "mean", "created_at": now}])
            c.execute(t["memberships"].insert(), [{"competition_id": 1, "user_id": i, "role": "member"}
                                                  for i in range(1, SCORED_BY + 1)]
                      + [{"competition_id": 1, "user_id": SCORED_BY + 1, "role": "secretary"}])
            c.execute(t["offers"].insert(), [{
                "id": o, "competition_id": 1, "number": f"B/{o:04d}", "applicant_name": f"Stowarzyszenie {o}",
                "title": "CAL", "requested_grant": Decimal("64000"), "applicant_prior_tasks": True,
                "formal_status": "admitted", "form_data": {}, "version_id": 1, "created_at": now}
                for o in range(1, OFFERS + 1)])
            cards, scores, card_id = [], [], 0
            for offer in range(1, OFFERS + 1):
                quality = rng.randint(0, 4)
                for member in range(1, SCORED_BY + 1):
                    card_id += 1
                    cards.append({"id": card_id, "offer_id": offer, "user_id": member, "status": "submitted",
                                  "rubric_id": "bench", "rubric_version": "1", "rubric_hash": rubric.content_hash,
                                  "version_id": 1, "created_at": now, "updated_at": now, "submitted_at": now})
                    scores += [{"card_id": card_id, "criterion_id": f"K{k}",
                                "points": Decimal(min(4, max(0, quality + rng.randint(-1, 1)))),
                                "max_points": Decimal(4), "not_applicable": False, "justification": "x"}
                               for k in range(1, CRITERIA + 1)]
            c.execute(t["score_cards"].insert(), cards)
            for start in range(0, len(scores), 10000):
                c.execute(t["scores"].insert(), scores[start:start + 10000])
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(sa.text("VACUUM ANALYZE"))


def _timed(work) -> tuple[float, float]:
    """(wall ms, this process's CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def interleaved(first, second, rounds: int = ROUNDS) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Each round times ``first`` then ``second``: a slow moment of the VM hits both."""
    a, b = [], []
    for _ in range(rounds):
        a.append(_timed(first))
        b.append(_timed(second))
    return a, b


def _median(samples: list[tuple[float, float]], index: int) -> float:
    return statistics.median(sample[index] for sample in samples)


def run() -> list[Figure]:
    import flask_migrate

    from app import create_app
    from app.extensions import db
    from app.results.queries import SCORE_ROWS
    from app.rubrics.loader import load_rubric

    with tempfile.TemporaryDirectory() as tmp:
        rubrics = Path(tmp)
        bench_rubric(rubrics)
        rubric = load_rubric(rubrics / "bench.toml", rubrics).rubric
        app = create_app({"SQLALCHEMY_DATABASE_URI": _url(), "RUBRICS_DIR": rubrics, "REPOSITORY_ROOT": rubrics,
                          "SECRET_KEY": "bench-secret", "RATELIMIT_ENABLED": False,
                          "WTF_CSRF_ENABLED": False})
        with app.app_context():
            flask_migrate.upgrade()
        seed(app, rubric)
        client = app.test_client()
        client.post("/logowanie", data={"email": f"r{SCORED_BY + 1}@example.org", "password": PASSWORD})

        def page():
            response = client.get("/konkursy/1/zgodnosc")
            assert response.status_code == 200, response.status_code
            response.close()

        def rows():
            with app.app_context():
                assert len(db.session.execute(SCORE_ROWS, {"competition_id": 1}).all()) == OFFERS * SCORED_BY * CRITERIA
                db.session.remove()

        page(), rows()  # warm up: rubric registry, templates, connection pool
        gc.freeze()  # as gunicorn.conf.py does in each worker: the loaded app stays out of the collector's way
        load_before = os.getloadavg()[0]
        query, pages = interleaved(rows, page)
        load = f"load {load_before:.1f}–{os.getloadavg()[0]:.1f}"
        with app.app_context():
            db.engine.dispose()
    page_ms, query_ms = _median(pages, 0), _median(query, 0)
    scale = f"{OFFERS} × {SCORED_BY} × {CRITERIA}"
    return [
        Figure(f"agreement page, {scale}, PostgreSQL, wall (median of {ROUNDS} interleaved, {load})", page_ms, "ms",
               500, "issue #13"),
        Figure(f"the same score rows by one SQL query ({query_ms:.0f} ms wall, {_median(query, 1):.0f} ms CPU here): "
               "page ÷ query, wall", page_ms / query_ms, "×", 3, "issue #13"),
        Figure("agreement page: CPU time of the app's process (PostgreSQL's excluded)", _median(pages, 1), "ms", 500,
               "own: issue #13's 0.5 s, CPU only"),
    ]


if __name__ == "__main__":
    os.environ.setdefault("SECRET_KEY", "bench-secret")
    for figure in run():
        print(figure.line())

"""The competition's workbook at 1,000 offers × 3 members × 25 criteria against bare openpyxl.

Seeds the committee benchmark's data set (SQLite in a temporary folder, every card submitted), then
runs interleaved rounds, each in a fresh process: "app" reads the database, computes (ranking, card
totals, per-criterion figures) and renders the whole workbook, as the download does; "bare" writes
the very same rows into an openpyxl write-only workbook with no styles (the rows are built before its
clock starts). Reported: medians, their ratio, and the app process's peak RSS. Target from issue 12.
"""

from __future__ import annotations

import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from .harness import Figure

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def prepare(tmp: Path) -> tuple[str, Path]:
    """The committee bench's 1,000 × 3 × 25 data set with every card submitted and user 1 an administrator."""
    from .bench_committee import OFFERS, bench_rubric, seed

    rubrics = tmp / "rubrics"
    rubrics.mkdir()
    bench_rubric(rubrics)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    seed(url, rubrics, OFFERS)
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("UPDATE score_cards SET status = 'submitted', submitted_at = created_at"))
        c.execute(sa.text("UPDATE users SET is_admin = 1 WHERE id = 1"))
    engine.dispose()
    return url, rubrics


def child(mode: str, url: str, rubrics: str) -> dict:
    """One round in this (fresh) process: seconds for the work, peak RSS in MiB."""
    from openpyxl import Workbook

    from app import create_app
    from app.auth.models import User
    from app.competitions.models import Competition
    from app.exports.workbook import build_workbook
    from app.exports.xlsx import render_xlsx
    from app.extensions import db
    from app.offers.views import rubric_for

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": Path(rubrics), "SECRET_KEY": "bench"})
    with app.test_request_context():
        user, competition = db.session.get(User, 1), db.session.get(Competition, 1)
        rubric = rubric_for(competition)
        if mode == "app":
            start = time.perf_counter()
            payload = render_xlsx(build_workbook(user, competition, rubric))
            seconds = time.perf_counter() - start
        else:
            data = build_workbook(user, competition, rubric)
            start = time.perf_counter()
            book = Workbook(write_only=True)
            for sheet in data.sheets:
                ws = book.create_sheet(sheet.name)
                ws.append([sheet.title])
                ws.append([c.header for c in sheet.columns])
                for row in sheet.rows:
                    ws.append(row)
            out = io.BytesIO()
            book.save(out)
            payload = out.getvalue()
            seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "rss_mib": rss, "bytes": len(payload)}


def _round(mode: str, url: str, rubrics: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.bench_workbook", mode, url, str(rubrics)], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    tmp = Path(tempfile.mkdtemp(prefix="cal-bench-workbook-"))
    try:
        url, rubrics = prepare(tmp)
        app_rounds, bare_rounds = [], []
        for _ in range(ROUNDS):  # interleaved: a slow moment of the shared machine hits both alike
            app_rounds.append(_round("app", url, rubrics))
            bare_rounds.append(_round("bare", url, rubrics))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    app_s = statistics.median(r["seconds"] for r in app_rounds)
    bare_s = statistics.median(r["seconds"] for r in bare_rounds)
    peak = max(r["rss_mib"] for r in app_rounds)
    size = app_rounds[0]["bytes"] / 2**20
    return [
        Figure(f"workbook 1000×3×25 (app: query, compute, render; {size:.1f} MiB file)", app_s * 1000, "ms",
               float("inf"), "shown"),
        Figure("the same rows, bare openpyxl write-only", bare_s * 1000, "ms", float("inf"), "shown"),
        Figure("workbook ÷ bare openpyxl (medians of 5 interleaved rounds)", app_s / bare_s, "×", 1.5, "issue 12"),
        Figure("workbook: peak RSS of the process", peak, "MiB", 150, "issue 12"),
    ]


if __name__ == "__main__":
    print(json.dumps(child(*sys.argv[1:4])))

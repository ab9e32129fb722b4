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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from .harness import Figure, memory_mib

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def prepare(tmp: Path, offers: int | None = None) -> tuple[str, Path]:
    """The committee bench's data set (1,000 × 3 × 25 unless ``offers`` says otherwise) with every card submitted
    and user 1 an administrator."""
    from .committee_load import OFFERS, bench_rubric, seed

    rubrics = tmp / "rubrics"
    rubrics.mkdir()
    bench_rubric(rubrics)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    seed(url, rubrics, offers or OFFERS)
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("UPDATE score_cards SET status = 'submitted', submitted_at = created_at"))
        c.execute(sa.text("UPDATE users SET is_admin = 1 WHERE id = 1"))
    engine.dispose()
    return url, rubrics


def child(mode: str, url: str, rubrics: str) -> dict:
    """One round in this (fresh) process: CPU seconds for the work, peak RSS in MiB.

    CPU time, not wall time: on this shared 2-core machine the wall time of the same work varies
    threefold with the other processes' load, while its CPU time stays within a few per cent."""
    from openpyxl import Workbook

    from app import create_app
    from app.auth.models import User
    from app.competitions.models import Competition
    from app.exports.workbook import build_workbook
    from app.exports.xlsx import render_xlsx
    from app.extensions import db
    from app.offers.views import rubric_for

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": Path(rubrics), "SECRET_KEY": "bench"})
    baseline = memory_mib("VmRSS")  # the app loaded, nothing done yet
    with app.test_request_context():
        user, competition = db.session.get(User, 1), db.session.get(Competition, 1)
        rubric = rubric_for(competition)
        if mode == "app":
            start = time.process_time()
            data = build_workbook(user, competition, rubric)
            built = time.process_time() - start
            payload = render_xlsx(data)
            seconds = time.process_time() - start
        else:
            data = build_workbook(user, competition, rubric)
            sheets = [(sheet, list(sheet.rows)) for sheet in data.sheets]  # the streamed Oceny rows read here
            start = time.process_time()
            book = Workbook(write_only=True)
            for sheet, rows in sheets:
                ws = book.create_sheet(sheet.name)
                ws.append([sheet.title])
                ws.append([c.header for c in sheet.columns])
                for row in rows:
                    ws.append(row)
            out = io.BytesIO()
            book.save(out)
            payload = out.getvalue()
            seconds = time.process_time() - start
    rss = memory_mib()
    return {"seconds": seconds, "rss_mib": rss, "bytes": len(payload), "built": built if mode == "app" else None,
            "baseline_mib": baseline}


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
    built = statistics.median(r["built"] for r in app_rounds)
    peak = max(r["rss_mib"] for r in app_rounds)
    baseline = max(r["baseline_mib"] for r in app_rounds)
    size = app_rounds[0]["bytes"] / 2**20
    return [
        Figure(f"workbook 1000×3×25, CPU s (app: query + compute {built:.1f} s, render; {size:.1f} MiB file)",
               app_s, "s", float("inf"), "shown"),
        Figure("the same rows, bare openpyxl write-only, CPU s", bare_s, "s", float("inf"), "shown"),
        Figure(f"workbook ÷ bare openpyxl (CPU, medians of {ROUNDS} interleaved rounds)", app_s / bare_s, "×", 1.5,
               "issue 12"),
        Figure(f"workbook: peak RSS of the process (the app alone, before any work: {baseline:.0f} MiB)", peak,
               "MiB", 150, "issue 12"),
        Figure("workbook: peak RSS above the loaded app's own", peak - baseline, "MiB", 150, "own"),
    ]

if __name__ == "__main__":
    print(json.dumps(child(*sys.argv[1:4])))

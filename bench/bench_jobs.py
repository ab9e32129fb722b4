"""All offers' score cards as PDF/A in a background job (cards zip), at 100 and 1,000 offers × 3 × 25.

Seeds the committee benchmark's data set (SQLite in a temporary folder, every card submitted), then, in a
fresh process per size, starts the "cards_zip" job as an administrator (``jobs.operations.start_job``)
and runs it with ``jobs.operations.run_job``, the function the worker runs: one PDF/A per offer holding its
three cards, rendered by worker processes (one per core, ``app/jobs/rendering.py``) and written into the
zip one at a time. Measured: wall time of the job, CPU time and peak RSS (VmHWM) of the job's
process, the RSS of the loaded app before any work, and the largest peak RSS of a rendering worker
(``RUSAGE_CHILDREN``); each figure is printed with the
load average, since other processes share the two cores. Targets from issue #12: 1,000 offers in
≤ 10 minutes; peak RSS at 1,000 ≤ 1.2 × that at 100.

``BENCH_JOBS_SIZES=100`` (comma-separated) measures other sizes; without 1,000 among them the 1,000
figure is extrapolated from the per-offer time of the largest size run, and said to be.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from .bench_workbook import prepare
from .harness import Figure, memory_mib

ROOT = Path(__file__).resolve().parents[1]
SIZES = tuple(int(n) for n in os.environ.get("BENCH_JOBS_SIZES", "100,1000").split(","))
TARGET_SECONDS = 600
TARGET_RSS_RATIO = 1.2


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child(url: str, rubrics: str, folder: str) -> dict:
    """In this (fresh) process: start the cards zip job and run it as the worker does."""
    from app import create_app
    from app.auth.models import User
    from app.competitions.models import Competition
    from app.extensions import db
    from app.jobs import operations
    from app.jobs.models import BackgroundJob

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RUBRICS_DIR": Path(rubrics), "SECRET_KEY": "bench",
                      "EXPORTS_DIR": Path(folder) / "exports", "JOBS_URL": f"sqlite:///{folder}/jobs.sqlite3"})
    baseline = memory_mib("VmRSS")
    with app.app_context():
        job_id = operations.start_job(db.session.get(User, 1), db.session.get(Competition, 1), "cards_zip", "pl").id
        db.session.remove()
    with app.app_context():
        assert _cpu(resource.RUSAGE_CHILDREN) < 0.5, "measure in a fresh process"
        wall, cpu = time.perf_counter(), time.process_time()
        operations.run_job(job_id)  # what the worker's task calls
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        job = db.session.get(BackgroundJob, job_id)
        assert job.status == "done", job.error
        path = operations.jobs_folder() / job.stored_name
        with zipfile.ZipFile(path) as made:
            pdfs = sum(1 for name in made.namelist() if name.endswith(".pdf"))
        size = path.stat().st_size
    return {"wall": wall, "cpu": cpu, "rss_mib": memory_mib(),
            # forked, not exec-ed: a worker's peak counts the pages it shares with the job's process
            "workers_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "workers_cpu": _cpu(resource.RUSAGE_CHILDREN),
            "baseline_mib": baseline, "pdfs": pdfs, "bytes": size}


def measure(offers: int) -> dict:
    """Seed ``offers`` offers and run the job in a fresh process; the figures with the load average."""
    tmp = Path(tempfile.mkdtemp(prefix="cal-bench-jobs-"))
    try:
        url, rubrics = prepare(tmp, offers)
        load_before = os.getloadavg()
        done = subprocess.run([sys.executable, "-m", "bench.bench_jobs", url, str(rubrics), str(tmp)], cwd=ROOT,
                              check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["load"] = (load_before, os.getloadavg())
        assert result["pdfs"] == offers, result
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load(result: dict) -> str:
    before, after = result["load"]
    return f"load {before[0]:.1f}→{after[0]:.1f}"


def run() -> list[Figure]:
    results = {}
    for offers in SIZES:  # each size reported as soon as it is measured (the 1,000 run is long)
        r = results[offers] = measure(offers)
        print(f"# cards zip, {offers} offers: wall {r['wall']:.1f} s, CPU of the job's process {r['cpu']:.1f} s, "
              f"peak RSS {r['rss_mib']:.0f} MiB (app alone {r['baseline_mib']:.0f} MiB), largest rendering "
              f"worker {r['workers_rss_mib']:.0f} MiB, {r['bytes'] / 2**20:.1f} MiB zip, "
              f"{_load(r)}", file=sys.stderr, flush=True)
    figures = []
    for offers, r in results.items():
        cpu = (r["cpu"] + r["workers_cpu"]) / offers
        figures.append(Figure(f"cards zip {offers} offers×3×25: s per offer (wall; {_load(r)})", r["wall"] / offers,
                              "s", TARGET_SECONDS / 1000, "issue #12"))
        figures.append(Figure(f"cards zip {offers} offers: CPU s per offer, all processes (÷ 2 = wall on 2 idle cores)",
                              cpu, "s", 2 * TARGET_SECONDS / 1000, "issue #12"))
    largest = max(results)
    if 1000 in results:
        figures.append(Figure(f"cards zip 1000 offers: wall time ({_load(results[1000])})", results[1000]["wall"],
                              "s", TARGET_SECONDS, "issue #12"))
    else:
        r = results[largest]
        figures.append(Figure(f"cards zip 1000 offers: EXTRAPOLATED from {largest} ({_load(r)})",
                              r["wall"] / largest * 1000, "s", TARGET_SECONDS, "issue #12"))
    smallest = min(results)
    if largest != smallest:
        for key, who in (("rss_mib", "job's process"), ("workers_rss_mib", "largest worker")):
            big, small = results[largest][key], results[smallest][key]
            figures.append(Figure(f"cards zip peak RSS, {who}: {largest} ÷ {smallest} offers ({big:.0f} ÷ {small:.0f} "
                                  "MiB)", big / small, "×", TARGET_RSS_RATIO, "issue #12"))
    return figures


if __name__ == "__main__":
    print(json.dumps(child(*sys.argv[1:4])))

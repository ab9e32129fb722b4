"""The first self-check report on a freshly started gunicorn, with and without the master's warm-up.

Each round starts `gunicorn -c gunicorn.conf.py --workers 2` as `make run` does (``CAL_PRELOAD=0`` for the
server as it was before the warm-up), waits for its "Ready:" line, and sends as the server's very first
request the upload of a 20-page .docx (the report page), then the self-check PDF of that report, then
the same upload and PDF again (warm, for comparison). Workers' RSS and PSS (/proc/PID/smaps_rollup) are
read before the first request and after the last. No request reaches the server before the measured one:
the session cookie and its CSRF token are made here with the server's SECRET_KEY, as a browser would
have them from the upload page.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-fresh-server"
RUBRIC_KEY = "kryteria:cal-wroclaw:2021.1"
PAYLOAD = re.compile(r'name="payload"[^>]*value="([^"]*)"')


@dataclass
class Round:
    """One fresh server: its start, its first requests and its workers' memory (kB)."""

    start_s: float
    first_report_ms: float
    first_pdf_ms: float
    next_report_ms: float
    next_pdf_ms: float
    load: float
    start_cpu_s: float = 0.0  # the master's CPU time up to its Ready line (with preload: loading and warm-up)
    first_report_cpu_ms: float = 0.0  # the workers' CPU time spent on the request (from /proc/PID/stat)
    next_report_cpu_ms: float = 0.0
    memory_before: list[tuple[int, int]] = field(default_factory=list)  # (RSS, PSS) per worker
    memory_after: list[tuple[int, int]] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_with_token() -> tuple[str, str]:
    """A session cookie holding a CSRF token, and the token a form would carry, signed with SECRET."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/x.sqlite3"})
        with app.test_request_context("/"):
            token = generate_csrf()
            cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return cookie, token


def _multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----cal-bench-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{filename}"\r\n'
                 "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n"
                 .encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _post(url: str, body: bytes, content_type: str, cookie: str) -> tuple[float, bytes, str]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, "Cookie": f"session={cookie}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        return elapsed, answer, response.headers.get("Content-Type", "")


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB, from /proc/PID/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0])
    return values["Rss"], values["Pss"]


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far, in ms (/proc/PID/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _workers_cpu_ms(master: int) -> float:
    return sum(cpu_ms(pid) for pid in _workers(master))


def _workers(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def one_round(docx: bytes, cookie: str, token: str, *, preload: bool) -> Round:
    """Start a server, time its first report, first PDF and a next report; stop it."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "CAL_INSTANCE_PATH": folder,
               "SECRET_KEY": SECRET, "CAL_PRELOAD": "1" if preload else "0",
               "CAL_RUBRICS_DIR": str(ROOT / "rubrics")}
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2", "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                line = process.stderr.readline()
                if line.startswith("Ready:") or not line:
                    break
            if not line.startswith("Ready:"):
                raise RuntimeError("gunicorn did not print its Ready line")
            start_s = time.perf_counter() - started
            start_cpu_s = cpu_ms(process.pid) / 1000
            while len(_workers(process.pid)) < 2:
                time.sleep(0.05)
            time.sleep(1.0)  # both workers booted and idle
            before = [memory_kb(pid) for pid in _workers(process.pid)]
            load = os.getloadavg()[0]
            base = f"http://127.0.0.1:{port}/samoocena"
            body, content_type = _multipart({"csrf_token": token}, "oferta.docx", docx)
            cpu_before = _workers_cpu_ms(process.pid)
            first_ms, page, _ = _post(f"{base}/plik?kryteria={RUBRIC_KEY}", body, content_type, cookie)
            first_cpu = _workers_cpu_ms(process.pid) - cpu_before
            payload = html.unescape(PAYLOAD.search(page.decode()).group(1))
            form = urllib.parse.urlencode({"csrf_token": token, "payload": payload}).encode()
            pdf_ms, pdf, kind = _post(f"{base}/raport.pdf", form, "application/x-www-form-urlencoded", cookie)
            assert kind == "application/pdf" and pdf.startswith(b"%PDF"), kind
            cpu_before = _workers_cpu_ms(process.pid)
            next_ms, _, _ = _post(f"{base}/plik?kryteria={RUBRIC_KEY}", body, content_type, cookie)
            next_cpu = _workers_cpu_ms(process.pid) - cpu_before
            next_pdf_ms, _, _ = _post(f"{base}/raport.pdf", form, "application/x-www-form-urlencoded", cookie)
            after = [memory_kb(pid) for pid in _workers(process.pid)]
            return Round(start_s, first_ms, pdf_ms, next_ms, next_pdf_ms, load, start_cpu_s=start_cpu_s,
                         first_report_cpu_ms=first_cpu, next_report_cpu_ms=next_cpu, memory_before=before,
                         memory_after=after)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
            process.stderr.close()


def rounds(docx: bytes, count: int = 3) -> dict[bool, list[Round]]:
    """Interleaved rounds with and without the warm-up (preload), ``count`` of each."""
    cookie, token = session_with_token()
    measured: dict[bool, list[Round]] = {True: [], False: []}
    for _ in range(count):
        for preload in (False, True):
            measured[preload].append(one_round(docx, cookie, token, preload=preload))
    return measured


def median(rounds_: list[Round], attribute: str) -> float:
    """The median of one figure over the rounds."""
    return statistics.median(getattr(r, attribute) for r in rounds_)


def memory_median(rounds_: list[Round], when: str, which: int) -> float:
    """The median over rounds of the largest worker's RSS (which=0) or PSS (which=1), in MB."""
    return statistics.median(max(m[which] for m in getattr(r, when)) for r in rounds_) / 1024


if __name__ == "__main__":  # python -m bench.fresh_server: the raw rounds
    from .bench_selfcheck import twenty_page_docx

    for preload, measured in rounds(twenty_page_docx(), 1).items():
        for r in measured:
            print("preload" if preload else "no preload", r)

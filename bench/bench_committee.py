"""Committee scoring under load: gunicorn (2 workers) on 127.0.0.1, real HTTP, PostgreSQL and SQLite.

Seeds 1,000 offers × 3 members × 25 criteria (plus 50 more members), then measures
- the scoring page at 20 concurrent users (p95),
- 50 members saving 50 different cards at once (errors; p95, the median of three such bursts),
  on PostgreSQL and on SQLite,
- 10 concurrent saves of ONE card (exactly one wins, the rest are refused, nothing is lost).
Targets from the Committee scoring issue.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import shutil
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
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from .harness import Figure

ROOT = Path(__file__).resolve().parents[1]
OFFERS, SCORED_BY, CRITERIA, SAVERS, USERS = 1000, 3, 25, 50, 20
BURSTS = 3  # of 50 saves each: one burst's p95 moves with this VM's speed, three steady it
PASSWORD = "bench-haslo-2027"
WHY = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla na podstawie ankiety i rozmów z radą osiedla."
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://127.0.0.1:5432/test")
PG_SCHEMA = "cal_bench"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d*)"')


def bench_rubric(directory: Path) -> None:
    """A published rubric of 25 statutory-style criteria (the size of a large real card)."""
    lines = ['[rubric]', 'id = "bench"', 'version = "1"', 'status = "published"',
             'title = { pl = "Karta do pomiarów", en = "Benchmark card" }', '',
             '[[sections]]', 'id = "A"', 'title = { pl = "Kryteria", en = "Criteria" }']
    for number in range(1, CRITERIA + 1):
        lines += ['[[sections.criteria]]', f'id = "K{number}"',
                  f'title = {{ pl = "Kryterium {number}", en = "Criterion {number}" }}',
                  'max_points = 4', 'legal_basis = "art. 15 ust. 1 pkt 3"',
                  'guidance = { pl = ["Czy oferta to opisuje?"], en = ["Does the offer describe it?"] }']
        for low, high, label in ((0, 0, "brak"), (1, 3, "częściowo"), (4, 4, "w pełni")):
            lines += ['[[sections.criteria.levels]]', f'min = {low}', f'max = {high}',
                      f'label = {{ pl = "{label}", en = "{label}" }}',
                      f'text = {{ pl = "Poziom {label} kryterium {number}.", en = "Level {label}." }}']
    (directory / "bench.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def database_url(backend: str, tmp: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{PG_SCHEMA}"


def seed(url: str, rubrics: Path, offers: int) -> None:
    """Bulk-insert the data set (the seed itself is not what is measured)."""
    env = {**os.environ, "DATABASE_URL": url, "CAL_RUBRICS_DIR": str(rubrics)}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    from argon2 import PasswordHasher

    from app.core.offer import offer_to_dict
    from tests.factories import sample_offer_form

    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    password_hash = PasswordHasher().hash(PASSWORD)
    now = datetime.now(UTC)
    from app.rubrics.loader import load_rubric

    rubric = load_rubric(rubrics / "bench.toml", rubrics).rubric
    form = offer_to_dict(sample_offer_form())
    with engine.begin() as c:
        c.execute(t["users"].insert(), [{"id": i, "email": f"b{i}@example.org", "display_name": f"Członek {i}",
                                         "password_hash": password_hash, "is_admin": False, "is_active": True,
                                         "locale": "pl"} for i in range(1, USERS + SAVERS + 1)])
        c.execute(t["competitions"].insert(), [{
            "id": 1, "reference": "BENCH", "title": "Pomiar", "mode": "wsparcie", "status": "merit",
            "rubric_id": "bench", "rubric_version": "1", "rubric_hash": rubric.content_hash,
            "budget": Decimal(10**8), "min_own_share": Decimal("0.015"), "own_share_rows": "3.1+3.2",
            "threshold": Decimal("0.6"), "aggregation": "mean", "created_at": now}])
        members = range(1, USERS + SAVERS + 1)
        c.execute(t["memberships"].insert(), [{"competition_id": 1, "user_id": i, "role": "member"} for i in members])
        c.execute(t["impartiality_declarations"].insert(),
                  [{"competition_id": 1, "user_id": i, "statement_version": "b", "signed_at": now} for i in members])
        c.execute(t["offers"].insert(), [{
            "id": o, "competition_id": 1, "number": f"B/{o:04d}", "applicant_name": f"Stowarzyszenie {o}",
            "title": "Centrum Aktywności Lokalnej", "requested_grant": Decimal("64000"),
            "applicant_prior_tasks": True, "formal_status": "admitted", "form_data": form, "version_id": 1,
            "created_at": now}
            for o in range(1, offers + 1)])
        cards, scores, card_id = [], [], 0
        for member in range(1, SCORED_BY + 1):
            for offer in range(1, offers + 1):
                card_id += 1
                cards.append({"id": card_id, "offer_id": offer, "user_id": member, "status": "draft",
                              "rubric_id": "bench", "rubric_version": "1", "rubric_hash": rubric.content_hash,
                              "version_id": 1, "created_at": now, "updated_at": now})
                scores += [{"card_id": card_id, "criterion_id": f"K{k}", "points": Decimal(k % 5),
                            "max_points": Decimal(4), "not_applicable": False, "justification": WHY}
                           for k in range(1, CRITERIA + 1)]
        c.execute(t["score_cards"].insert(), cards)
        for start in range(0, len(scores), 10000):
            c.execute(t["scores"].insert(), scores[start:start + 10000])
        if engine.dialect.name == "postgresql":
            for table in ("users", "offers", "score_cards"):
                c.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    if engine.dialect.name == "postgresql":
        # A database in use has statistics; without them autovacuum would analyse the fresh tables
        # in the middle of the measurement.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 workers serving the app on the bench database."""

    def __init__(self, url: str, rubrics: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "CAL_RUBRICS_DIR": str(rubrics), "SECRET_KEY": "bench-secret",
               "CAL_LOGIN_RATE_LIMIT": "100000 per minute"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "app:create_app()"], env=env, cwd=ROOT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/health", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Browser:
    """One signed-in user: cookies, CSRF token."""

    def __init__(self, base: str, user_id: int) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())
        page = self.get("/logowanie")[1]
        self.post("/logowanie", {"email": f"b{user_id}@example.org", "password": PASSWORD,
                                 "csrf_token": TOKEN.search(page).group(1)})
        self.token = TOKEN.search(self.get("/")[1]).group(1)

    def encode(self, data: dict) -> bytes:
        """A form body, encoded before the clock starts (a browser does this on the user's machine)."""
        return urllib.parse.urlencode({**data, "csrf_token": self.token}).encode()

    def request(self, path: str, body: bytes | None = None) -> bytes:
        """The raw HTTP request (a GET, or the POST of a form) with this browser's cookies."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        host = urllib.parse.urlsplit(self.base).netloc
        # The session is bound to the user agent (strong session protection): send the one it signed in with.
        head = (f"{'GET' if body is None else 'POST'} {path} HTTP/1.1\r\nHost: {host}\r\n"
                f"User-Agent: {self.opener.addheaders[0][1]}\r\nCookie: {cookies}\r\nConnection: close\r\n")
        if body is None:
            return (head + "\r\n").encode()
        head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        return head.encode() + body

    def send(self, path: str, body: bytes) -> int:
        """POST one encoded form and wait for the answer."""
        return burst(self.base, [self.request(path, body)])[0][1]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code


async def exchange(base: str, raw: bytes) -> tuple[float, int]:
    """Send one raw request and read the whole answer: (ms, status). A redirect to the login page is 401."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(raw)
    answer = await reader.read()
    elapsed = (time.perf_counter() - start) * 1000
    writer.close()
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    status = int(head.split(" ", 2)[1])
    if re.search(r"^Location: [^\r\n]*/logowanie", head, re.MULTILINE | re.IGNORECASE):
        status = 401  # the session was not accepted: a bench error, never a success
    return elapsed, status


def burst(base: str, requests: list[bytes]) -> list[tuple[float, int]]:
    """Send raw requests all at once and time each answer.

    The load generator shares the server's two cores, so it should spend as little of them as it can:
    one thread with an event loop, not a thread per request.
    """
    async def everyone() -> list[tuple[float, int]]:
        return await asyncio.gather(*(exchange(base, raw) for raw in requests))

    return asyncio.run(everyone())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def scoring_pages(base: str) -> list[float]:
    """20 users at once, each opening the scoring pages of their cards one after another."""
    browsers = [Browser(base, (i % SCORED_BY) + 1) for i in range(USERS)]
    per_user = 25

    async def user(number: int) -> list[float]:
        times = []
        for step in range(per_user):
            offer = (number * 37 + step * 11) % OFFERS + 1
            elapsed, status = await exchange(base, browsers[number].request(f"/konkursy/1/oferty/{offer}/ocena"))
            assert status == 200, status
            times.append(elapsed)
        return times

    async def everyone() -> list[list[float]]:
        return await asyncio.gather(*(user(number) for number in range(USERS)))

    return [t for times in asyncio.run(everyone()) for t in times]


def card_form(version: str, points: int) -> dict:
    data = {"version": version, "save_draft": "1"}
    for k in range(1, CRITERIA + 1):
        data[f"points_K{k}"] = str(points % 5)
        data[f"why_K{k}"] = WHY
    return data


def warm_up(base: str) -> None:
    """A server that has been up for a while: earlier saves have filled its caches (compiled SQL,
    prepared statements). 20 saves by other members, one after another, not timed."""
    for user in range(SCORED_BY + 1, SCORED_BY + 11):
        browser = Browser(base, user)
        for offer in (BURSTS * SAVERS + 1, BURSTS * SAVERS + 2):
            status = browser.send(f"/konkursy/1/oferty/{offer}/ocena", browser.encode(card_form("", user)))
            assert status == 302, status


def parallel_saves(base: str) -> tuple[list[float], int]:
    """Bursts of 50 members each saving a new card of a different offer, all at once: each burst's p95
    and the errors of all."""
    warm_up(base)
    savers = [Browser(base, USERS + i) for i in range(1, SAVERS + 1)]
    p95s, errors = [], 0
    for number in range(BURSTS):
        results = burst(base, [saver.request(f"/konkursy/1/oferty/{number * SAVERS + i + 1}/ocena",
                                             saver.encode(card_form("", i))) for i, saver in enumerate(savers)])
        p95s.append(p95([t for t, _ in results]))
        errors += sum(1 for _, status in results if status != 302)
    return p95s, errors


def one_card_race(base: str) -> tuple[int, int, int]:
    """10 tabs of one member saving the same card, opened at the same version."""
    tabs = [Browser(base, 1) for _ in range(10)]
    version = VERSION.search(tabs[0].get("/konkursy/1/oferty/7/ocena")[1]).group(1)
    statuses = [status for _, status in burst(base, [
        tab.request("/konkursy/1/oferty/7/ocena", tab.encode(card_form(version, i))) for i, tab in enumerate(tabs)])]
    return statuses.count(302), statuses.count(409), len(statuses) - statuses.count(302) - statuses.count(409)


def run() -> list[Figure]:
    figures: list[Figure] = []
    for backend in ("postgresql", "sqlite"):
        tmp = Path(tempfile.mkdtemp(prefix=f"cal-bench-{backend}-"))
        rubrics = tmp / "rubrics"
        rubrics.mkdir()
        bench_rubric(rubrics)
        url = database_url(backend, tmp)
        offers = OFFERS if backend == "postgresql" else BURSTS * SAVERS + 10
        seed(url, rubrics, offers)
        server = Server(url, rubrics)
        try:
            if backend == "postgresql":
                pages = scoring_pages(server.base)
                figures.append(Figure(f"scoring page p95, {USERS} users, {OFFERS}×{SCORED_BY}×{CRITERIA} (PostgreSQL)",
                                      p95(pages), "ms", 150, "issue 5"))
            p95s, errors = parallel_saves(server.base)
            figures.append(Figure(f"{SAVERS} members saving {SAVERS} cards at once: errors ({backend})", errors,
                                  "", 0, "issue 5"))
            bursts = ", ".join(f"{value:.0f}" for value in p95s)
            figures.append(Figure(f"{SAVERS} members saving {SAVERS} cards at once: p95, median of {BURSTS} "
                                  f"bursts ({backend}; {bursts} ms)", statistics.median(p95s), "ms", 200, "issue 5"))
            won, refused, other = one_card_race(server.base)
            figures.append(Figure(f"10 saves of one card: winners ({backend}; refused {refused}, other {other})",
                                  won, "", 1, "issue 5", exact=True))
            figures.append(Figure(f"10 saves of one card: neither saved nor refused ({backend})", other, "", 0,
                                  "issue 5"))
        finally:
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    return figures

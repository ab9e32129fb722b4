"""The committee benchmark's tools: the seeded data set, gunicorn servers, signed-in browsers, bursts.

Used by ``bench_committee`` (the app against the bare baselines in ``bench/bare``) and ``bench_pdf``.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
OFFERS, SCORED_BY, CRITERIA, SAVERS, USERS = 1000, 3, 25, 50, 20
ROUNDS = 5  # interleaved app/bare rounds; one burst's p95 moves with this VM's speed, the median steadies it
PASSWORD = "bench-haslo-2027"
WHY = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla na podstawie ankiety i rozmów z radą osiedla."
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://127.0.0.1:5432/test")
BARE_OWNER = USERS  # a member who only reads pages: the bare saves write cards of his
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
    """gunicorn with the project's config and 2 workers serving ``app`` (the CAL app or a bare baseline)."""

    def __init__(self, url: str, rubrics: Path, app: str = "app:create_app()") -> None:
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "CAL_RUBRICS_DIR": str(rubrics), "SECRET_KEY": "bench-secret",
               "CAL_LOGIN_RATE_LIMIT": "100000 per minute"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", app], env=env, cwd=ROOT)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/health", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far, from /proc."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def seed_bare_cards(url: str, count: int) -> list[int]:
    """Empty cards the bare save writes scores into, as the app's savers write a new card's scores."""
    engine = sa.create_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as c:
        first = c.scalar(sa.text("SELECT max(id) FROM score_cards")) + 1
        rubric_hash = c.scalar(sa.text("SELECT rubric_hash FROM competitions WHERE id = 1"))
        ids = list(range(first, first + count))
        c.execute(sa.text("INSERT INTO score_cards (id, offer_id, user_id, status, rubric_id, rubric_version, "
                          "rubric_hash, version_id, created_at, updated_at) VALUES (:id, :offer, :user, 'draft', "
                          "'bench', '1', :hash, 1, :now, :now)"),
                  [{"id": card, "offer": number + 1, "user": BARE_OWNER, "hash": rubric_hash, "now": now}
                   for number, card in enumerate(ids)])
        if engine.dialect.name == "postgresql":
            c.execute(sa.text("SELECT setval(pg_get_serial_sequence('score_cards', 'id'), "
                              "(SELECT max(id) FROM score_cards))"))
    engine.dispose()
    return ids


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

    def request(self, path: str, body: bytes | None = None, base: str | None = None) -> bytes:
        """The raw HTTP request (a GET, or the POST of a form) with this browser's cookies, to the app or to
        another server (``base``) that shares its secret key (the framework's floor)."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        host = urllib.parse.urlsplit(base or self.base).netloc
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


class BareClient:
    """Requests to a bare baseline: no sign-in, no cookies, no CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base

    def encode(self, data: dict) -> bytes:
        return urllib.parse.urlencode(data).encode()

    def request(self, path: str, body: bytes | None = None) -> bytes:
        host = urllib.parse.urlsplit(self.base).netloc
        if body is None:
            return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body

    def send(self, path: str, body: bytes) -> int:
        return burst(self.base, [self.request(path, body)])[0][1]


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


def card_form(version: str, points: int) -> dict:
    data = {"version": version, "save_draft": "1"}
    for k in range(1, CRITERIA + 1):
        data[f"points_K{k}"] = str(points % 5)
        data[f"why_K{k}"] = WHY
    return data

"""Committee scoring under load, app ÷ bare baseline on the same stack: gunicorn (2 workers), real HTTP.

Seeds 1,000 offers × 3 members × 25 criteria (plus 50 more members), starts the app and the bare
baselines of ``bench/bare`` side by side on the same database and the project's gunicorn.conf.py, and
measures them interleaved (app, bare; then bare, app; …) over ROUNDS rounds, printing medians:
- the scoring page, 20 users at once without think time: throughput, p95 and worker CPU per page,
  against a Flask page reading 25 rows by primary key and rendering them with Jinja (PostgreSQL);
- 50 members saving 50 different cards at once: p95 and worker CPU per save, against one prepared
  25-row upsert + commit (PostgreSQL and SQLite WAL), and beside two floors of the same save: the
  framework's (``bench/bare/signed_in_save.py``: sign-in, session and CSRF, the same writes, nothing else)
  and the app's own request stack (``bench/bare/app_stack_save.py``: every hook of the app, the same writes);
- 10 concurrent saves of ONE card (exactly one wins, the rest are refused, nothing is lost).
The ratios are the targets (issue #17); the absolute figures of the Committee scoring issue stay beside them.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .bare.app_stack_save import PREFIX as STACK_PREFIX
from .committee_load import (
    CRITERIA,
    OFFERS,
    ROUNDS,
    SAVERS,
    SCORED_BY,
    USERS,
    VERSION,
    BareClient,
    Browser,
    Server,
    bench_rubric,
    burst,
    card_form,
    database_url,
    exchange,
    p95,
    seed,
    seed_bare_cards,
)
from .harness import Figure

__all__ = ["run"]

PAGES_PER_USER = 25
PAGE_TARGET, PAGE_P95_MS = 0.30, 150  # throughput ≥ 0.30 × bare (issue 17); p95 ≤ 150 ms (issue 5)
SAVE_TARGETS, SAVE_P95_MS = {"postgresql": 2.0, "sqlite": 3.0}, 200  # p95 ≤ 2× / 3× bare (17); ≤ 200 ms (5)
# Each server's timed rounds write new cards of offers of their own: the app's 1…250, the framework's floor's
# 251…500, the app stack's 501…750; the floors' warm-up saves write cards of offers after those.
SAVE_OFFERS = 3 * ROUNDS * SAVERS + 50
FLOOR_WARM_UP, STACK_WARM_UP = 3 * ROUNDS * SAVERS + 1, 3 * ROUNDS * SAVERS + 21


@dataclass
class Series:
    """One path's figures over the rounds: for the app or for its bare baseline."""

    rates: list[float] = field(default_factory=list)  # requests per second (pages)
    p95s: list[float] = field(default_factory=list)  # ms
    cpu: list[float] = field(default_factory=list)  # worker CPU ms per request
    errors: int = 0

    def add(self, server: Server, work) -> None:
        """Run one round of ``work`` (a list of (ms, status) back) and keep its figures."""
        cpu, start = server.cpu_seconds(), time.perf_counter()
        results = work()
        wall, cpu = time.perf_counter() - start, server.cpu_seconds() - cpu
        self.rates.append(len(results) / wall)
        self.p95s.append(p95([ms for ms, _ in results]))
        self.cpu.append(cpu * 1000 / len(results))
        self.errors += sum(1 for _, status in results if status not in (200, 302))

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))


def interleaved(servers: dict[str, tuple[Server, object]], rounds: int) -> dict[str, Series]:
    """``rounds`` rounds of each server, the order rotated every round (app, bare; bare, app; … or app,
    floor, bare; floor, bare, app; …); work(round) gives the results."""
    series = {name: Series() for name in servers}
    names = list(servers)
    for number in range(rounds):
        turn = number % len(names)
        order = names[::-1] if len(names) == 2 and turn else names[turn:] + names[:turn]
        for name in order:
            server, work = servers[name]
            series[name].add(server, lambda work=work, number=number: work(number))
    return series


def load() -> str:
    """The 1-, 5- and 15-minute load averages, for the reader to weigh a figure by."""
    return "load " + "/".join(f"{value:.1f}" for value in os.getloadavg())


def page_users(base: str, requests: list[list[bytes]]) -> list[tuple[float, int]]:
    """Each user opens pages one after another, all users at once (no think time)."""
    async def user(mine: list[bytes]) -> list[tuple[float, int]]:
        return [await exchange(base, raw) for raw in mine]

    async def everyone() -> list[list[tuple[float, int]]]:
        return await asyncio.gather(*(user(mine) for mine in requests))

    return [result for results in asyncio.run(everyone()) for result in results]


def page_offer(user: int, step: int) -> int:
    return (user * 37 + step * 11) % OFFERS + 1


def scoring_pages(app: Server, bare: Server) -> dict[str, Series]:
    """20 users opening scoring pages (app) or bare pages of the same cards' 25 scores, interleaved."""
    browsers = [Browser(app.base, (i % SCORED_BY) + 1) for i in range(USERS)]
    bare_client = BareClient(bare.base)

    def app_round(_number: int) -> list[tuple[float, int]]:
        return page_users(app.base, [[browsers[u].request(f"/konkursy/1/oferty/{page_offer(u, s)}/ocena")
                                      for s in range(PAGES_PER_USER)] for u in range(USERS)])

    def bare_round(_number: int) -> list[tuple[float, int]]:
        # the seed numbers member m's card of offer o as (m - 1) × OFFERS + o
        return page_users(bare.base, [[bare_client.request(f"/card/{(u % SCORED_BY) * OFFERS + page_offer(u, s)}")
                                       for s in range(PAGES_PER_USER)] for u in range(USERS)])

    for work in (app_round, bare_round):  # compiled templates and statements, filled pools: not timed
        work(0)
    return interleaved({"app": (app, app_round), "bare": (bare, bare_round)}, ROUNDS)


def warm_up(base: str) -> None:
    """A server that has been up for a while: earlier saves have filled its caches (compiled SQL,
    prepared statements). 20 saves by other members, one after another, not timed."""
    for user in range(SCORED_BY + 1, SCORED_BY + 11):
        browser = Browser(base, user)
        for offer in (ROUNDS * SAVERS + 1, ROUNDS * SAVERS + 2):
            status = browser.send(f"/konkursy/1/oferty/{offer}/ocena", browser.encode(card_form("", user)))
            assert status == 302, status


def parallel_saves(app: Server, floor: Server, stack: Server, bare: Server, url: str) -> dict[str, Series]:
    """Bursts of 50 members each saving a new card of a different offer, all at once, against the same
    bursts sent to the framework's floor (``bench/bare/signed_in_save.py``, signed in with the app's
    cookies) and to the app's stack (``bench/bare/app_stack_save.py``), and bursts of 50 bare upserts of
    25 new score rows each; interleaved."""
    warm_up(app.base)
    savers = [Browser(app.base, USERS + i) for i in range(1, SAVERS + 1)]
    for i, saver in enumerate(savers[:20]):  # the floors' warm-up: 20 saves one after another each, not timed
        assert burst(floor.base, [saver.request(f"/konkursy/1/oferty/{FLOOR_WARM_UP + i}/ocena",
                                                saver.encode(card_form("", i)), floor.base)])[0][1] == 302
        assert burst(stack.base, [saver.request(f"{STACK_PREFIX}/konkursy/1/oferty/{STACK_WARM_UP + i}/ocena",
                                                saver.encode(card_form("", i)), stack.base)])[0][1] == 302
    bare_cards = seed_bare_cards(url, ROUNDS * SAVERS + 20)
    bare_client = BareClient(bare.base)
    for card in bare_cards[-20:]:  # warm-up: the same 20 saves one after another, not timed
        assert bare_client.send(f"/card/{card}", bare_client.encode(card_form("", card))) == 302

    def app_round(number: int) -> list[tuple[float, int]]:
        return burst(app.base, [saver.request(f"/konkursy/1/oferty/{number * SAVERS + i + 1}/ocena",
                                              saver.encode(card_form("", i))) for i, saver in enumerate(savers)])

    def floor_round(number: int) -> list[tuple[float, int]]:  # offers the app's rounds do not use
        return burst(floor.base, [saver.request(f"/konkursy/1/oferty/{(ROUNDS + number) * SAVERS + i + 1}/ocena",
                                                saver.encode(card_form("", i)), floor.base)
                                  for i, saver in enumerate(savers)])

    def stack_round(number: int) -> list[tuple[float, int]]:  # offers neither of the others uses
        return burst(stack.base, [saver.request(
            f"{STACK_PREFIX}/konkursy/1/oferty/{(2 * ROUNDS + number) * SAVERS + i + 1}/ocena",
            saver.encode(card_form("", i)), stack.base) for i, saver in enumerate(savers)])

    def bare_round(number: int) -> list[tuple[float, int]]:
        return burst(bare.base, [bare_client.request(f"/card/{bare_cards[number * SAVERS + i]}",
                                                     bare_client.encode(card_form("", i))) for i in range(SAVERS)])

    return interleaved({"app": (app, app_round), "floor": (floor, floor_round), "stack": (stack, stack_round),
                        "bare": (bare, bare_round)}, ROUNDS)


def one_card_race(base: str) -> tuple[int, int, int]:
    """10 tabs of one member saving the same card, opened at the same version."""
    tabs = [Browser(base, 1) for _ in range(10)]
    version = VERSION.search(tabs[0].get("/konkursy/1/oferty/7/ocena")[1]).group(1)
    statuses = [status for _, status in burst(base, [
        tab.request("/konkursy/1/oferty/7/ocena", tab.encode(card_form(version, i))) for i, tab in enumerate(tabs)])]
    return statuses.count(302), statuses.count(409), len(statuses) - statuses.count(302) - statuses.count(409)


def page_figures(pages: dict[str, Series], during: str) -> list[Figure]:
    app, bare = pages["app"], pages["bare"]
    rounds = f"medians of {ROUNDS} interleaved rounds; {during}"
    return [
        Figure(f"scoring page throughput ÷ bare page's, {USERS} users, {OFFERS}×{SCORED_BY}×{CRITERIA} (PostgreSQL; "
               f"app {app.median('rates'):.0f} req/s, {app.median('cpu'):.1f} ms CPU; bare {bare.median('rates'):.0f} "
               f"req/s, {bare.median('cpu'):.1f} ms CPU; {rounds})",
               app.median("rates") / bare.median("rates"), "×", PAGE_TARGET, "issue 17", higher_is_better=True),
        Figure(f"scoring page p95, the same rounds (app; bare {bare.median('p95s'):.0f} ms)", app.median("p95s"),
               "ms", PAGE_P95_MS, "issue 5"),
        Figure("scoring pages not answered 200 (app + bare)", app.errors + bare.errors, "", 0, "issue 5"),
    ]


def save_figures(saves: dict[str, Series], backend: str, during: str) -> list[Figure]:
    app, floor, stack, bare = saves["app"], saves["floor"], saves["stack"], saves["bare"]
    rounds = ", ".join(f"{value:.0f}" for value in app.p95s)
    return [
        Figure(f"{SAVERS} saves at once: p95 ÷ bare upsert's ({backend}; app {app.median('p95s'):.0f} ms, "
               f"{app.median('cpu'):.1f} ms CPU; bare {bare.median('p95s'):.0f} ms, {bare.median('cpu'):.1f} ms CPU; "
               f"medians of {ROUNDS} interleaved rounds; {during})",
               app.median("p95s") / bare.median("p95s"), "×", SAVE_TARGETS[backend], "issue 17"),
        Figure(f"{SAVERS} saves at once, the framework's floor (sign-in, session, CSRF, the same writes, nothing "
               f"else) ÷ bare upsert, p95 ({backend}; floor {floor.median('p95s'):.0f} ms, "
               f"{floor.median('cpu'):.1f} ms CPU; the same rounds)",
               floor.median("p95s") / bare.median("p95s"), "×", math.inf, "shown"),
        Figure(f"{SAVERS} saves at once, the app's request stack (every hook of the app's pages: connection check, "
               f"member with his access, session, CSRF, text cleaning, limiter, Babel, headers; the same writes, "
               f"nothing else) ÷ bare upsert, p95 ({backend}; stack {stack.median('p95s'):.0f} ms, "
               f"{stack.median('cpu'):.1f} ms CPU; the same rounds)",
               stack.median("p95s") / bare.median("p95s"), "×", math.inf, "shown"),
        Figure(f"{SAVERS} saves at once: app ÷ the app's request stack, p95 ({backend}: what the save itself adds — "
               f"the offer and card read, permission and version checks, validation, the audit row)",
               app.median("p95s") / stack.median("p95s"), "×", math.inf, "shown"),
        Figure(f"{SAVERS} saves at once: p95, the same rounds ({backend}; app {rounds} ms)", app.median("p95s"), "ms",
               SAVE_P95_MS, "issue 5"),
        Figure(f"{SAVERS} saves at once: errors ({backend}; app + floors + bare)",
               app.errors + floor.errors + stack.errors + bare.errors, "", 0, "issue 5"),
    ]


def run() -> list[Figure]:
    figures: list[Figure] = []
    for backend in ("postgresql", "sqlite"):
        tmp = Path(tempfile.mkdtemp(prefix=f"cal-bench-{backend}-"))
        rubrics = tmp / "rubrics"
        rubrics.mkdir()
        bench_rubric(rubrics)
        url = database_url(backend, tmp)
        offers = OFFERS if backend == "postgresql" else SAVE_OFFERS
        seed(url, rubrics, offers)
        servers = [Server(url, rubrics)]
        try:
            if backend == "postgresql":
                servers.append(Server(url, rubrics, "bench.bare.scoring_page:create_app()"))
                figures += page_figures(scoring_pages(servers[0], servers[1]), load())
                servers.pop().stop()
            for baseline in ("signed_in_save", "app_stack_save", "save"):
                servers.append(Server(url, rubrics, f"bench.bare.{baseline}:create_app()"))
            figures += save_figures(parallel_saves(*servers, url), backend, load())
            won, refused, other = one_card_race(servers[0].base)
            figures.append(Figure(f"10 saves of one card: winners ({backend}; refused {refused}, other {other})",
                                  won, "", 1, "issue 5", exact=True))
            figures.append(Figure(f"10 saves of one card: neither saved nor refused ({backend})", other, "", 0,
                                  "issue 5"))
        finally:
            for server in servers:
                server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line(), flush=True)

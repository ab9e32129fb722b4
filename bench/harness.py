"""A figure measured against a target, and timing helpers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured number beside its target (lower is better unless said otherwise)."""

    name: str
    value: float
    unit: str
    target: float
    source: str  # where the target comes from: an issue, or "own" for our own guard rails
    higher_is_better: bool = False
    exact: bool = False  # the figure must equal the target (e.g. exactly one winner of a race)

    @property
    def met(self) -> bool:
        """True when the figure meets its target."""
        if self.exact:
            return self.value == self.target
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def line(self) -> str:
        """A row of the report."""
        sign = "=" if self.exact else ("≥" if self.higher_is_better else "≤")
        verdict = "ok  " if self.met else "MISS"
        measured = f"{self.value:>10.2f} {self.unit:<6}"
        return f"{verdict} {self.name:<62} {measured} target {sign} {self.target:g} ({self.source})"


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """Median wall time of repeated runs, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def memory_mib(field: str = "VmHWM") -> float:
    """This process's peak (VmHWM) or current (VmRSS) resident memory in MiB, from /proc/self/status.

    Not ``getrusage().ru_maxrss``: Linux carries the parent's resident size at fork over into the child's
    ru_maxrss even after exec, so a bench process started by one that seeded data would report the
    seeder's memory as its own."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")

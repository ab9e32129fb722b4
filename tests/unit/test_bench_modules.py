"""`make bench` imports every bench module in one run: one that no longer imports stops all that follow it."""

import importlib
import pkgutil
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench"
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(BENCH)]) if m.name.startswith("bench_"))


def test_there_are_bench_modules():
    assert len(MODULES) >= 8, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_every_bench_module_imports_and_has_run(name):
    module = importlib.import_module(f"bench.{name}")
    assert callable(module.run) and module.__doc__.strip()

"""Run every bench module and print each figure beside its target; exit 1 on a miss."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    figures = []
    for module_info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if module_info.name.startswith("bench_"):
            module = importlib.import_module(f"bench.{module_info.name}")
            print(f"# {module_info.name}: {module.__doc__.strip().splitlines()[0]}", flush=True)
            for figure in module.run():
                print(figure.line(), flush=True)
                figures.append(figure)
    missed = [f for f in figures if not f.met]
    print(f"{len(figures) - len(missed)} of {len(figures)} figures meet their targets")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

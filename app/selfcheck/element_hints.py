"""The per-element evidence hints of the CAL Model, read from the data file beside the elements file."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from app.core.element_evidence import ElementHintSet, build_element_hints
from app.core.rubric import Rubric

SUFFIX = "-evidence.toml"


def hints_path(rubrics_dir: Path, rubric: Rubric) -> Path:
    """Where a rubric's Model elements keep their hints: "<elements file>-evidence.toml" beside it."""
    elements = rubrics_dir / rubric.elements_path
    return elements.with_name(elements.stem + SUFFIX)


def load_element_hints(path: Path) -> ElementHintSet | None:
    """The hint set in a file (cached while the file is unchanged); None when there is no such file."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _load(path, stamp)


@functools.lru_cache(maxsize=8)
def _load(path: Path, _stamp: int) -> ElementHintSet:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    hints, problems = build_element_hints(data)
    if hints is None:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return hints

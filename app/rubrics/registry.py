"""All rubric files of a folder, reloaded when a file is added, changed or removed."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from app.core.rubric import Rubric

from .loader import RubricFile, load_rubric


class RubricRegistry:
    """The rubrics an installation offers: every *.toml file directly in a folder."""

    def __init__(self, directory: Path, root: Path) -> None:
        self.directory = directory
        self.root = root
        self._lock = threading.Lock()
        self._signature: tuple = ()
        self._files: tuple[RubricFile, ...] = ()

    def _current_signature(self) -> tuple:
        """Each file's name, modification time and size (read on every use: one stat per file)."""
        paths = sorted(self.directory.glob("*.toml"))
        return tuple((p.name, (stat := p.stat()).st_mtime_ns, stat.st_size) for p in paths)

    def files(self) -> tuple[RubricFile, ...]:
        """Every rubric file, loaded and validated, sorted by name."""
        signature = self._current_signature()
        with self._lock:
            if signature != self._signature:
                paths = sorted(self.directory.glob("*.toml"))
                self._files = tuple(load_rubric(p, self.root) for p in paths)
                self._signature = signature
            return self._files

    def rubrics(self) -> list[Rubric]:
        """The sound rubrics."""
        return [f.rubric for f in self.files() if f.rubric is not None]

    def get(self, rubric_id: str, version: str) -> Rubric | None:
        """One version of a rubric, if present and sound."""
        found = self.file(rubric_id, version)
        return found.rubric if found else None

    def file(self, rubric_id: str, version: str) -> RubricFile | None:
        """The sound file holding one version of a rubric."""
        return next((f for f in self.files()
                     if f.rubric is not None and f.rubric.id == rubric_id and f.rubric.version == version), None)


def call_rubric(competition) -> Rubric | None:
    """The rubric a call scores with: its version with the call's chosen options; None if missing or unsound."""
    rubric = registry().get(competition.rubric_id, competition.rubric_version)
    if rubric is None:
        return None
    try:
        return rubric.with_options(competition.rubric_options or ())
    except ValueError:  # an option the file no longer declares: as unsound as a changed file
        return None


def registry() -> RubricRegistry:
    """The registry of the current app."""
    app = current_app._get_current_object()
    found = app.extensions.get("cal_rubrics")
    if found is None:
        found = RubricRegistry(Path(app.config["RUBRICS_DIR"]), Path(app.config["REPOSITORY_ROOT"]))
        app.extensions["cal_rubrics"] = found
    return found

"""Files a rubric depends on: TOML parsing, paths kept inside the repository, pinned sources."""

from __future__ import annotations

import hashlib
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from app.core.rubric_schema import Problem
from app.core.source_text import SourceDocument


def parse_toml(path: Path) -> tuple[dict | None, list[Problem]]:
    """Parse a TOML file with exact decimals, or say why it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        return None, [Problem("", f"cannot read the file: {error.strerror or error}")]
    except UnicodeDecodeError as error:
        return None, [Problem("", f"not UTF-8 text (byte {error.start})")]
    try:
        return tomllib.loads(text, parse_float=Decimal), []
    except tomllib.TOMLDecodeError as error:
        return None, [Problem("", f"invalid TOML: {error}")]


def resolve_inside(base: Path, relative: str, root: Path) -> Path | None:
    """base/relative, or None when it leaves the repository root."""
    candidate = (base / relative).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=32)
def document(path: Path, sha256: str) -> SourceDocument:
    """A source document, parsed once per path and content hash."""
    return SourceDocument(path.read_text(encoding="utf-8"))


def open_pinned(base: Path, relative: str, sha256: str, root: Path) -> tuple[Path | None, SourceDocument | None, str]:
    """Open a source pinned by path and sha256; on failure, say why."""
    resolved = resolve_inside(base, relative, root)
    if resolved is None:
        return None, None, f"path {relative!r} leads outside the repository"
    if not resolved.is_file():
        return None, None, f"source file {relative!r} does not exist"
    actual = sha256_of(resolved)
    if actual != sha256:
        return None, None, (f"sha256 of {relative!r} is {actual}, the file says {sha256}: "
                            "the source changed or the hash is wrong")
    return resolved, document(resolved, actual), ""

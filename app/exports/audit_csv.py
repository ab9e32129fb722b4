"""A competition's audit log as CSV, exact enough to re-check every row's hash later.

Polish Excel opens it as is (UTF-8 with BOM, ";"). A cell that a spreadsheet would take for a
formula (= + - @, tab, CR) gets a leading apostrophe, and so does one that already starts with an
apostrophe: the escape can always be undone, so the stored values, and their hashes, survive.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.log import iso_utc
from app.audit.models import AuditEntry

COLUMNS = ("id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "competition_id",
           "old", "new", "prev_hash", "hash")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(text: str) -> str:
    """The text as a spreadsheet will not evaluate it; reversible with unescape_cell."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """The text as it was before escape_cell."""
    return text[1:] if text.startswith("'") else text


def _cell(value) -> str:
    return "" if value is None else escape_cell(str(value))


def competition_entries(session: Session, competition_id: int) -> Iterator[AuditEntry]:
    """The competition's audit rows in order, streamed."""
    table = AuditEntry.__table__
    query = select(table).where(table.c.competition_id == competition_id).order_by(table.c.id)
    yield from session.execute(query.execution_options(yield_per=1000))


def count_entries(session: Session, competition_id: int) -> int:
    """How many audit rows the competition has."""
    return session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.competition_id == competition_id)) or 0


def write_csv(rows: Iterable, handle: io.TextIOBase) -> int:
    """Write the rows (with a header and a BOM) to a text handle; return how many were written."""
    handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = 0
    for row in rows:
        writer.writerow([iso_utc(row.at) if name == "at" else _cell(getattr(row, name)) for name in COLUMNS])
        written += 1
    return written


def read_csv(text: str) -> list[SimpleNamespace]:
    """Rows written by write_csv, with their original values (for re-hashing)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")
    header = next(reader, None)
    if tuple(header or ()) != COLUMNS:
        raise ValueError("not an audit log CSV of this application (unexpected header)")
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if len(cells) != len(COLUMNS):
            raise ValueError(f"line {line_number}: {len(cells)} columns instead of {len(COLUMNS)}")
        values = {name: unescape_cell(cell) for name, cell in zip(COLUMNS, cells, strict=True)}
        for name in ("actor_id", "competition_id", "old", "new"):
            values[name] = values[name] or None
        for name in ("id", "actor_id", "competition_id"):
            values[name] = None if values[name] is None else int(values[name])
        values["at"] = datetime.fromisoformat(values["at"])
        rows.append(SimpleNamespace(**values))
    return rows

"""What a workbook says, before any rendering: sheets of typed columns and rows (app/exports/xlsx.py,
csv_export.py render it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Column:
    """A column: its header, the kind of value (text, int, points, share, money, date, datetime) and width."""

    header: str
    kind: str
    width: int


@dataclass(frozen=True)
class Table:
    """A further table of a sheet, below its main one: a title line, the columns and the rows."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple]


@dataclass(frozen=True)
class Sheet:
    """One sheet: a title line above the header, the columns and the rows of values."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[tuple]  # a list, or rows read while the file is written (the Oceny sheet)
    notes: tuple[str, ...] = ()  # lines between the title and the header
    tables: tuple[Table, ...] = ()  # further tables below the main one, each with its title and header


@dataclass(frozen=True)
class WorkbookData:
    """What the workbook says, before any rendering."""

    reference: str
    title: str
    draft: bool
    generated_at: datetime
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        """The sheet with this name."""
        return next(s for s in self.sheets if s.name == name)



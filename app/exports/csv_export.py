"""A sheet as CSV the way Polish Excel opens it: UTF-8 with a BOM, ';' between fields, decimal commas."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from app.core.spreadsheet_text import neutralise

from .workbook import Sheet

CSV_MIME = "text/csv; charset=utf-8"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def render_csv(sheet: Sheet) -> bytes:
    """The sheet's header and rows (not its title line, so the file stays one table)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in sheet.columns])
    for row in sheet.rows:
        writer.writerow([_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

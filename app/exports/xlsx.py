"""Render a WorkbookData to XLSX with openpyxl's write-only mode (streams rows; memory stays flat).

Rendering never computes: it writes the values it is given, with a number format per column kind.
Excel shows '#,##0.00' as "1 234,50" in a Polish installation (format codes are stored in the
en-US form and localised by Excel). Every text goes through neutralise(): never a formula.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.core.spreadsheet_text import neutralise

from .workbook import Sheet, WorkbookData

# Points and counts keep Excel's General format: Polish Excel shows 21,5 and 3 without a style on each
# cell, and a style on each of the Oceny sheet's 75,000 points would cost a fifth of the writing time.
NUMBER_FORMATS = {
    "share": "0.00%",
    "money": "#,##0.00",
    "date": "DD.MM.YYYY",
    "datetime": "DD.MM.YYYY HH:MM",
    "coefficient": "0.000",  # agreement coefficients: Polish Excel shows 0,849
}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_xlsx(data: WorkbookData) -> bytes:
    """The workbook as XLSX bytes."""
    book = Workbook(write_only=True)
    book.properties.title = f"{data.reference} — zestawienie" + (" (wersja robocza)" if data.draft else "")
    book.properties.creator = "Ocena ofert CAL"
    book.properties.created = data.generated_at
    for sheet in data.sheets:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(ws, columns) -> list[WriteOnlyCell]:
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, neutralise(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    return header


def _bold_line(ws, text: str, size: int | None = None) -> list[WriteOnlyCell]:
    cell = WriteOnlyCell(ws, neutralise(text))
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return [cell]


def _write_rows(ws, columns, rows) -> int:
    """Write the rows with each column's number format and every text neutralised; return how many."""
    # One styled cell per numeric column, refilled row by row: write-only mode writes a row out at
    # once, so the cell can be reused, and styling costs nothing per row.
    styled = []  # (column index, its reusable styled cell)
    for index, column in enumerate(columns):
        if column.kind in NUMBER_FORMATS:
            cell = WriteOnlyCell(ws)
            cell.number_format = NUMBER_FORMATS[column.kind]
            styled.append((index, cell))
    plain = [i for i, column in enumerate(columns) if column.kind not in NUMBER_FORMATS]
    count = 0
    for row in rows:
        values = list(row)
        for index in plain:
            value = values[index]
            if value is not None and not isinstance(value, (int, Decimal)):
                values[index] = neutralise(value if isinstance(value, str) else str(value))
        for index, cell in styled:
            value = values[index]
            if value is not None and not isinstance(value, str):
                cell.value = value
                values[index] = cell
            elif value is not None:
                values[index] = neutralise(value)
        ws.append(values)
        count += 1
    return count


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(sheet.name)
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 2 + len(sheet.notes)
    ws.freeze_panes = f"A{header_row + 1}"  # the title line, the notes and the header stay in view
    ws.append(_bold_line(ws, sheet.title, 12))
    for note in sheet.notes:
        ws.append([neutralise(note)])
    ws.append(_header(ws, sheet.columns))
    count = _write_rows(ws, sheet.columns, sheet.rows)
    # Write-only mode writes the filter after the rows, so it can be set once they are counted.
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.columns))}{header_row + count}"
    for table in sheet.tables:
        ws.append([])
        ws.append(_bold_line(ws, table.title))
        ws.append(_header(ws, table.columns))
        _write_rows(ws, table.columns, table.rows)

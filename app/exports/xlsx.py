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


def _write_sheet(book: Workbook, sheet: Sheet) -> None:
    ws = book.create_sheet(sheet.name)
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A3"  # the title line and the header stay in view
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A2:{last}{len(sheet.rows) + 2}"
    title = WriteOnlyCell(ws, neutralise(sheet.title))
    title.font = Font(bold=True, size=12)
    ws.append([title])
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, neutralise(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    # One styled cell per numeric column, refilled row by row: write-only mode writes a row out at
    # once, so the cell can be reused, and styling costs nothing per row.
    styled = []  # (column index, its reusable styled cell)
    for index, column in enumerate(sheet.columns):
        if column.kind in NUMBER_FORMATS:
            cell = WriteOnlyCell(ws)
            cell.number_format = NUMBER_FORMATS[column.kind]
            styled.append((index, cell))
    plain = [i for i, column in enumerate(sheet.columns) if column.kind not in NUMBER_FORMATS]
    for row in sheet.rows:
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

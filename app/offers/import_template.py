"""The import template in both formats: the header of IMPORT_COLUMNS, and (XLSX) a sheet explaining it."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.core.offer_import import IMPORT_COLUMNS, Kind

KIND_NOTES = {
    Kind.TEXT: "tekst",
    Kind.AMOUNT: "kwota w złotych, np. 1234,50 (puste = 0)",
    Kind.DATE: "data, np. 2027-01-31 lub 31.01.2027",
    Kind.FLAG: "„tak”, „nie” albo puste (nie ustalono)",
    Kind.EMAIL: "adres e-mail",
}


def template_csv() -> bytes:
    """The header line as CSV for Polish Excel (UTF-8 with a BOM, ';')."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow([c.header for c in IMPORT_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The header on the sheet "Oferty" (the one read back) and the columns explained on "Objaśnienia"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Oferty"
    sheet.append([c.header for c in IMPORT_COLUMNS])
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 22
        if column.kind is Kind.AMOUNT:
            for row in range(2, 202):
                sheet.cell(row=row, column=index).number_format = "#,##0.00"
        elif column.kind is Kind.DATE:
            for row in range(2, 202):
                sheet.cell(row=row, column=index).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Objaśnienia")
    notes.append(["Kolumna", "Wymagana", "Co wpisać", "Najwięcej znaków"])
    for column in IMPORT_COLUMNS:
        notes.append([column.header, "tak" if column.required else "nie", KIND_NOTES[column.kind],
                      column.max_length if column.kind in (Kind.TEXT, Kind.EMAIL) else None])
    for letter, width in zip("ABCD", (50, 10, 45, 16), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

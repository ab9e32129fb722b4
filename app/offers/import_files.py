"""Reading an uploaded import file (CSV or XLSX) into a header and rows of cells, safely.

CSV: UTF-8 with or without a BOM, or Windows-1250 (what Polish Excel saves as "CSV"); ';' or ','
between fields, chosen by the header line. XLSX: the first sheet, read-only; formula cells are
reported, never evaluated; a zip that would unpack beyond MAX_UNPACKED_BYTES (a zip bomb) or is
encrypted is refused before openpyxl opens it.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from app.core.offer_import import Formula, ImportProblem, ProblemCode

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted .xlsx or an old .xls


class FileRefused(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _refuse(code: ProblemCode, **params) -> FileRefused:
    return FileRefused(ImportProblem(code, params=params))


def read_table(data: bytes, filename: str, *, max_bytes: int, max_rows: int) -> tuple[list, list[list]]:
    """The header cells and the data rows of an uploaded file; FileRefused when it cannot be read."""
    if not data:
        raise _refuse(ProblemCode.EMPTY)
    if len(data) > max_bytes:
        raise _refuse(ProblemCode.TOO_BIG, limit=size_text(max_bytes))
    if data.startswith(_OLE_MAGIC):
        raise _refuse(ProblemCode.ENCRYPTED)
    if data.startswith(_ZIP_MAGIC):
        rows = _xlsx_rows(data, max_rows)
    elif filename.lower().endswith(".xlsx"):
        raise _refuse(ProblemCode.NOT_XLSX)
    else:
        rows = _csv_rows(data, max_rows)
    if not rows:
        raise _refuse(ProblemCode.EMPTY)
    return rows[0], rows[1:]


def size_text(size: int) -> str:
    """A size limit as Poles write it: 2 MB, 1,5 MB, 500 kB."""
    if size < 1024 * 1024:
        return f"{max(1, size // 1024)} kB"
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"


def _too_many(rows: list, max_rows: int) -> None:
    if len(rows) > max_rows + 1:
        raise _refuse(ProblemCode.TOO_MANY_ROWS, max_rows=max_rows)


def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else Windows-1250; FileRefused for binary garbage."""
    if b"\x00" in data:
        raise _refuse(ProblemCode.NOT_TEXT)
    encodings = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp1250")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(ProblemCode.NOT_TEXT)


def _csv_rows(data: bytes, max_rows: int) -> list[list]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows: list[list] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True):
            rows.append(row)
            _too_many(rows, max_rows)
    except csv.Error:
        raise _refuse(ProblemCode.NOT_TEXT) from None
    return rows


def _open_zip(data: bytes) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse(ProblemCode.NOT_XLSX) from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise _refuse(ProblemCode.ENCRYPTED)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _refuse(ProblemCode.TOO_BIG, limit=size_text(MAX_UNPACKED_BYTES))
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise _refuse(ProblemCode.NOT_XLSX)


def _xlsx_rows(data: bytes, max_rows: int) -> list[list]:
    _open_zip(data)
    rows: list[list] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            for cells in sheet.iter_rows():
                rows.append([Formula(str(c.value)) if c.data_type == "f" else c.value for c in cells])
                _too_many(rows, max_rows)
        finally:
            book.close()
    except FileRefused:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError, AttributeError,
            OSError, EOFError, zlib.error, ParseError):
        raise _refuse(ProblemCode.NOT_XLSX) from None
    while rows and all(c is None for c in rows[-1]):
        rows.pop()  # a sheet's trailing formatted but empty rows
    return rows

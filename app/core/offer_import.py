"""Offers imported from a table (CSV or XLSX rows): columns, parsing, and every problem by row and column.

One offer per row, with the columns of IMPORT_COLUMNS (the template's header). The V.A cost table
does not fit in one row: it is entered on the offer's page afterwards, and the consistency checks
say so. Cells are read as the entry form reads them: amounts as "1 234,50" or numbers, dates as
YYYY-MM-DD or DD.MM.YYYY (or real dates), the same required fields and lengths.

Problems are codes with params; the app turns them into sentences. Rows are numbered as a
spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .offer import Applicant, ContactPerson, FundingSources, Offer, TaskSummary


class Kind(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    AMOUNT = "amount"
    DATE = "date"
    FLAG = "flag"
    EMAIL = "email"


@dataclass(frozen=True)
class ImportColumn:
    """A column of the import template."""

    key: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    max_length: int = 5000


IMPORT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("number", "Numer oferty", required=True, max_length=40),
    ImportColumn("applicant_name", "Wnioskodawca", required=True, max_length=300),
    ImportColumn("legal_form", "Forma prawna", max_length=100),
    ImportColumn("register_number", "Numer KRS lub innego rejestru", max_length=40),
    ImportColumn("address", "Adres siedziby", max_length=300),
    ImportColumn("had_prior_tasks", "Zadania publiczne zlecone w latach poprzednich (tak/nie)", Kind.FLAG),
    ImportColumn("contact_name", "Osoba do kontaktu", max_length=200),
    ImportColumn("contact_email", "Adres e-mail", Kind.EMAIL, max_length=254),
    ImportColumn("contact_phone", "Telefon", max_length=40),
    ImportColumn("title", "Tytuł zadania", required=True, max_length=500),
    ImportColumn("start_date", "Data rozpoczęcia", Kind.DATE),
    ImportColumn("end_date", "Data zakończenia", Kind.DATE),
    ImportColumn("place", "Miejsce realizacji"),
    ImportColumn("target_group", "Grupa docelowa"),
    ImportColumn("needs", "Sposób rozwiązania problemów lub zaspokojenia potrzeb"),
    ImportColumn("complementarity", "Komplementarność z innymi działaniami"),
    ImportColumn("expected_results", "Zakładane rezultaty"),
    ImportColumn("experience", "Dotychczasowa działalność oferenta"),
    ImportColumn("resources", "Zasoby kadrowe, rzeczowe i finansowe"),
    ImportColumn("total_costs", "Koszty ogółem (zł)", Kind.AMOUNT),
    ImportColumn("grant", "Wnioskowana dotacja (zł)", Kind.AMOUNT),
    ImportColumn("own_financial", "Wkład własny finansowy (zł)", Kind.AMOUNT),
    ImportColumn("own_non_financial", "Wkład własny osobowy i rzeczowy (zł)", Kind.AMOUNT),
    ImportColumn("participant_payments", "Świadczenia pieniężne od odbiorców (zł)", Kind.AMOUNT),
    ImportColumn("other_information", "Inne informacje"),
)
_BY_KEY = {c.key: c for c in IMPORT_COLUMNS}


class ProblemCode(StrEnum):
    """What can be wrong with an import; params are named after each code."""

    EMPTY = "empty"  # —
    TOO_BIG = "too_big"  # limit (with its unit)
    TOO_MANY_ROWS = "too_many_rows"  # rows, max_rows
    NOT_TEXT = "not_text"  # —
    NOT_XLSX = "not_xlsx"  # —
    ENCRYPTED = "encrypted"  # —
    UNKNOWN_TYPE = "unknown_type"  # —
    MISSING_COLUMN = "missing_column"  # column
    UNKNOWN_COLUMN = "unknown_column"  # column
    REPEATED_COLUMN = "repeated_column"  # column
    NO_ROWS = "no_rows"  # —
    REQUIRED = "required"  # —
    TOO_LONG = "too_long"  # max
    BAD_AMOUNT = "bad_amount"  # value
    NEGATIVE_AMOUNT = "negative_amount"  # value
    BAD_DATE = "bad_date"  # value
    BAD_FLAG = "bad_flag"  # value
    BAD_EMAIL = "bad_email"  # value
    CONTROL_CHARACTERS = "control_characters"  # —
    FORMULA = "formula"  # value
    EXTRA_CELLS = "extra_cells"  # —
    NUMBER_REPEATED = "number_repeated"  # value, first_row
    NUMBER_TAKEN = "number_taken"  # value
    DUPLICATE_IN_FILE = "duplicate_in_file"  # first_row
    DUPLICATE_EXISTING = "duplicate_existing"  # existing


@dataclass(frozen=True)
class ImportProblem:
    """One problem: where (row and column header, when it has them), what, and its details."""

    code: ProblemCode
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedOffer:
    """A row read into the core's Offer, with the registry number."""

    row: int
    number: str
    form: Offer

    @property
    def duplicate_key(self) -> tuple[str, str] | None:
        """The same KRS and the same title (case and spacing aside) mean the same offer."""
        return duplicate_key(self.form)


def duplicate_key(form: Offer) -> tuple[str, str] | None:
    """(KRS digits, normalised title), or None when the offer has no register number."""
    register = form.applicants[0].register_number if form.applicants else ""
    digits = re.sub(r"\D", "", register).lstrip("0") or register.strip().casefold()
    if not digits:
        return None
    return digits, " ".join(form.title.casefold().split())


class Formula:
    """A spreadsheet cell that holds a formula: its text is reported, never evaluated or stored."""

    def __init__(self, text: str) -> None:
        self.text = text


def header_key(text: object) -> str:
    """A header as compared: case, accents, spacing and punctuation aside."""
    plain = unicodedata.normalize("NFKD", str(text or "").replace("ł", "l").replace("Ł", "L"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_HEADERS = {header_key(c.header): c for c in IMPORT_COLUMNS} | {header_key(c.key): c for c in IMPORT_COLUMNS}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FLAGS = {"tak": True, "t": True, "yes": True, "nie": False, "n": False, "no": False, "": None}


def map_header(cells: Sequence[object]) -> tuple[list[ImportColumn | None], list[ImportProblem]]:
    """Which template column each header cell is, and the header's problems (row 1)."""
    mapped: list[ImportColumn | None] = []
    problems, seen = [], set()
    for cell in cells:
        text = str(cell or "").strip()
        if not text:
            mapped.append(None)
            continue
        column = _HEADERS.get(header_key(text))
        if column is None:
            problems.append(ImportProblem(ProblemCode.UNKNOWN_COLUMN, 1, text, {"column": text}))
        elif column.key in seen:
            problems.append(ImportProblem(ProblemCode.REPEATED_COLUMN, 1, text, {"column": text}))
            column = None
        else:
            seen.add(column.key)
        mapped.append(column)
    problems += [ImportProblem(ProblemCode.MISSING_COLUMN, 1, c.header, {"column": c.header})
                 for c in IMPORT_COLUMNS if c.required and c.key not in seen]
    return mapped, problems


def read_rows(header: Sequence[object], rows: Sequence[Sequence[object]]) -> tuple[list[ImportedOffer],
                                                                                    list[ImportProblem]]:
    """Every data row (the header is row 1) as an offer, or every problem found; blank rows are skipped."""
    columns, problems = map_header(header)
    if problems:
        return [], problems
    offers: list[ImportedOffer] = []
    first_with_number: dict[str, int] = {}
    first_with_key: dict[tuple[str, str], int] = {}
    for row_number, cells in enumerate(rows, start=2):
        if all(_blank(c) for c in cells):
            continue
        values, row_problems = _read_cells(columns, cells, row_number)
        problems += row_problems
        if row_problems:
            continue
        offer = ImportedOffer(row_number, values["number"], _offer(values))
        if offer.number in first_with_number:
            problems.append(ImportProblem(ProblemCode.NUMBER_REPEATED, row_number, _BY_KEY["number"].header,
                                          {"value": offer.number, "first_row": first_with_number[offer.number]}))
            continue
        first_with_number[offer.number] = row_number
        key = offer.duplicate_key
        if key is not None and key in first_with_key:
            problems.append(ImportProblem(ProblemCode.DUPLICATE_IN_FILE, row_number, _BY_KEY["title"].header,
                                          {"first_row": first_with_key[key]}))
            continue
        if key is not None:
            first_with_key[key] = row_number
        offers.append(offer)
    if not offers and not problems:
        problems.append(ImportProblem(ProblemCode.NO_ROWS))
    return offers, problems


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_cells(columns: Sequence[ImportColumn | None], cells: Sequence[object], row: int) -> tuple[dict, list]:
    values: dict = {}
    problems: list[ImportProblem] = []
    if any(not _blank(cell) for cell in cells[len(columns):]):
        problems.append(ImportProblem(ProblemCode.EXTRA_CELLS, row))
    for column, cell in zip(columns, cells, strict=False):
        if column is None:
            continue
        try:
            values[column.key] = _read_cell(column, cell)
        except _CellProblem as problem:
            problems.append(ImportProblem(problem.code, row, column.header, problem.params))
    for column in IMPORT_COLUMNS:
        if column.required and not values.get(column.key) and not any(p.column == column.header for p in problems):
            problems.append(ImportProblem(ProblemCode.REQUIRED, row, column.header))
    return values, problems


class _CellProblem(Exception):
    def __init__(self, code: ProblemCode, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _read_cell(column: ImportColumn, cell: object):
    if isinstance(cell, Formula):
        raise _CellProblem(ProblemCode.FORMULA, value=_shown(cell.text))
    if column.kind is Kind.AMOUNT:
        return _amount(cell)
    if column.kind is Kind.DATE:
        return _day(cell)
    if isinstance(cell, (datetime, date)):
        text = cell.date().isoformat() if isinstance(cell, datetime) else cell.isoformat()
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))  # a KRS number typed into a number cell
    else:
        text = "" if cell is None else str(cell)
    text = text.strip()
    if _CONTROL.search(text):
        raise _CellProblem(ProblemCode.CONTROL_CHARACTERS)
    if len(text) > column.max_length:
        raise _CellProblem(ProblemCode.TOO_LONG, max=column.max_length)
    if column.kind is Kind.FLAG:
        flag = text.casefold()
        if flag not in _FLAGS:
            raise _CellProblem(ProblemCode.BAD_FLAG, value=_shown(text))
        return _FLAGS[flag]
    if column.kind is Kind.EMAIL and text and not _EMAIL.match(text):
        raise _CellProblem(ProblemCode.BAD_EMAIL, value=_shown(text))
    return text


def _amount(cell: object) -> Decimal:
    if cell is None or isinstance(cell, bool):
        if cell is None:
            return Decimal(0)
        raise _CellProblem(ProblemCode.BAD_AMOUNT, value=_shown(cell))
    if isinstance(cell, (int, Decimal)):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(repr(cell))  # the shortest decimal that is this float: 1234.5, not 1234.4999…
    else:
        text = str(cell)
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("zł").replace(",", ".")
        if not cleaned:
            return Decimal(0)
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise _CellProblem(ProblemCode.BAD_AMOUNT, value=_shown(text))
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise _CellProblem(ProblemCode.BAD_AMOUNT, value=_shown(text)) from None
    if not value.is_finite() or value.as_tuple().exponent < -2 or value >= Decimal("1e12"):
        raise _CellProblem(ProblemCode.BAD_AMOUNT, value=_shown(cell))
    if value < 0:
        raise _CellProblem(ProblemCode.NEGATIVE_AMOUNT, value=_shown(cell))
    return value


def _day(cell: object) -> date | None:
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    for pattern, order in ((_ISO, (0, 1, 2)), (_DAY, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                break
    raise _CellProblem(ProblemCode.BAD_DATE, value=_shown(text))


def _offer(v: dict) -> Offer:
    def text(key: str) -> str:
        return v.get(key) or ""

    def money(key: str) -> Decimal:
        return v.get(key) or Decimal(0)

    return Offer(
        applicants=(Applicant(text("applicant_name"), text("legal_form"), text("register_number"), text("address"),
                              v.get("had_prior_tasks")),),
        contact=ContactPerson(text("contact_name"), text("contact_email"), text("contact_phone")),
        title=text("title"), start_date=v.get("start_date"), end_date=v.get("end_date"),
        summary=TaskSummary(text("place"), text("target_group"), text("needs"), text("complementarity")),
        expected_results=text("expected_results"), experience=text("experience"), resources=text("resources"),
        funding=FundingSources(money("total_costs"), money("grant"), money("own_financial"),
                               money("own_non_financial"), money("participant_payments")),
        other_information=text("other_information"),
    )

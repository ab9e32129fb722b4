"""The budget tables of the 2018 form (V.A costs, V.B funding sources) read from a file's tables.

A table is a grid of cell texts: one list per row, a cell that spans several columns repeated
in each of them. A table is taken for V.A only when its header names the form's columns
("Rodzaj kosztu", "Koszt jednostkowy", "Liczba jednostek"), and for V.B only when its rows
name the form's sources ("Suma wszystkich kosztów…", "Planowana dotacja…"): anything less
would be a guess, and a guessed budget is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.core.drafts import BudgetNotChecked, BudgetSkip
from app.core.offer import CostCategory, CostRow, FundingSources

Grid = Sequence[Sequence[str]]

_ZERO = Decimal(0)
_AMOUNT_NOISE = re.compile(r"\s|zł|pln|\u00a0|\u202f", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY_AMOUNTS = frozenset({"", "-", "–", "—", "x"})
_YEAR = re.compile(r"\brok\s*([1-3])\b")
_GROUP = re.compile(r"^(II|I)\.?$")
# The column titles of the form's tables: a row made only of them is a header, not the applicant's text.
FORM_TABLE_LABELS = (
    "lp", "nazwa działania", "opis", "grupa docelowa", "planowany termin realizacji", "zakres działania realizowany",
    "nazwa rezultatu", "planowany poziom osiągnięcia", "sposób monitorowania", "rodzaj kosztu", "rodzaj miary",
    "koszt jednostkowy", "liczba jednostek", "wartość", "razem", "rok 1", "rok 2", "rok 3",
    "źródło finansowania", "udział",
)
# Row names the form prints in its cost tables: the form's words, not the applicant's.
FORM_ROW_LABELS = (
    "koszty realizacji działań", "koszty administracyjne", "suma kosztów", "suma wszystkich kosztów", "działanie",
    "koszt", "planowana dotacja", "wkład własny", "świadczenia pieniężne od odbiorców", "źródło finansowania",
)
FORM_LABEL_MAX_WORDS = 8
# V.B rows by their words in the form; "niefinansowy" is looked for before "finansowy".
_FUNDING_ROWS = (
    ("suma wszystkich kosztów", "total_costs"),
    ("planowana dotacja", "grant"),
    ("wkład własny niefinansowy", "own_non_financial"),
    ("wkład własny finansowy", "own_financial"),
    ("świadczenia pieniężne od odbiorców", "participant_payments"),
)


class UnreadableAmount(ValueError):
    """A cell that should hold an amount holds something else."""

    def __init__(self, row: str, text: str) -> None:
        super().__init__(f"row {row}: {text!r} is not an amount")
        self.row = row
        self.text = text


def parse_amount(text: str) -> Decimal | None:
    """An amount as a Polish form writes it ("1 234,50 zł", "1234.5"); None for an empty cell or a dash."""
    flat = _AMOUNT_NOISE.sub("", text)
    if flat.lower() in _EMPTY_AMOUNTS:
        return None
    if "," in flat and "." in flat:
        # The last of the two separators is the decimal one: 1.234,50 or 1,234.50.
        flat = flat.replace(".", "").replace(",", ".") if flat.rfind(",") > flat.rfind(".") else flat.replace(",", "")
    elif "," in flat:
        flat = flat.replace(",", ".")
    elif flat.count(".") > 1:
        flat = flat.replace(".", "")
    if not _PLAIN_NUMBER.match(flat):
        raise ValueError(text)
    try:
        return Decimal(flat)
    except InvalidOperation:
        raise ValueError(text) from None


def is_form_label(cell: str) -> bool:
    """True for a short cell that names a row of the form's cost tables ("Planowana dotacja…", "Koszt 1")."""
    lowered = " ".join(cell.lower().split())
    return len(lowered.split()) <= FORM_LABEL_MAX_WORDS and lowered.startswith(FORM_ROW_LABELS) and (
        not lowered.startswith(("działanie", "koszt ")) or lowered.split()[-1].rstrip(".").isdigit())


def is_header_row(cells: Sequence[str]) -> bool:
    """True when every filled cell of a row is a column title of the form's tables."""
    filled = [c.strip().lower() for c in cells if c.strip()]
    return bool(filled) and all(c.startswith(FORM_TABLE_LABELS) for c in filled)


@dataclass(frozen=True)
class Budget:
    """V.A and V.B as read from the tables."""

    costs: tuple[CostRow, ...]
    funding: FundingSources
    stated_total: Decimal | None = None  # the table's own "Suma wszystkich kosztów" row


def read_budget(tables: Sequence[Grid]) -> Budget | BudgetNotChecked:
    """V.A and V.B from the first tables in the 2018 form's layout, or why they could not be read."""
    cost_tables = [t for t in tables if _cost_header(t) is not None]
    funding_tables = [t for t in tables if _is_funding_table(t)]
    if not cost_tables:
        return BudgetNotChecked(BudgetSkip.NO_COST_TABLE)
    if not funding_tables:
        return BudgetNotChecked(BudgetSkip.NO_FUNDING_TABLE)
    try:
        return Budget(read_costs(cost_tables[0]), read_funding(funding_tables[0]), read_stated_total(cost_tables[0]))
    except UnreadableAmount as error:
        return BudgetNotChecked(BudgetSkip.UNREADABLE_NUMBER, {"row": error.row, "text": error.text[:60]})


@dataclass(frozen=True)
class _CostColumns:
    first_data_row: int
    number: int
    cost_type: int
    unit: int | None
    unit_cost: int
    units: int
    value: int
    years: tuple[int, ...]


def _cost_header(grid: Grid) -> _CostColumns | None:
    for index, row in enumerate(grid[:4]):
        lowered = [c.lower() for c in row]
        if not all(any(label in c for c in lowered) for label in ("rodzaj kosztu", "koszt jednostkowy",
                                                                  "liczba jednostek")):
            continue
        header_rows = [lowered]
        following = [c.lower() for c in grid[index + 1]] if index + 1 < len(grid) else []
        if any("razem" in c or _YEAR.search(c) for c in following):
            header_rows.append(following)
        width = max(len(r) for r in header_rows)
        titles = [" ".join(r[i] for r in header_rows if i < len(r)) for i in range(width)]

        def column(label: str, titles: list[str] = titles) -> int | None:
            return next((i for i, title in enumerate(titles) if label in title), None)

        years = tuple(i for i, title in enumerate(titles) if _YEAR.search(title))
        value = column("razem")
        if value is None:
            value = next((i for i, t in enumerate(titles) if "wartość" in t and i not in years), None)
        cost_type, unit_cost, units = column("rodzaj kosztu"), column("koszt jednostkowy"), column("liczba jednostek")
        if value is None or cost_type is None or unit_cost is None or units is None:
            return None
        number = column("lp")
        return _CostColumns(index + len(header_rows), 0 if number is None else number, cost_type,
                            column("rodzaj miary"), unit_cost, units, value, years)
    return None


def read_costs(grid: Grid) -> tuple[CostRow, ...]:
    """The cost rows of a V.A table; group and sum rows are left out (the checks add up by themselves)."""
    columns = _cost_header(grid)
    if columns is None:
        return ()
    rows = []
    category = CostCategory.ACTIONS
    for cells in grid[columns.first_data_row:]:
        cell = _cell_reader(cells)
        number, cost_type = cell(columns.number).rstrip("."), cell(columns.cost_type)
        label = f"{number} {cost_type}".strip().lower()
        if label.startswith("suma") or cost_type.lower().startswith("suma"):
            continue
        group = _GROUP.match(number)
        if group or "koszty administracyjne" in label or "koszty realizacji działań" in label:
            administrative = (group and group[1] == "II") or "koszty administracyjne" in label
            category = CostCategory.ADMINISTRATIVE if administrative else CostCategory.ACTIONS
            continue
        where = number or cost_type[:30] or str(len(rows) + 1)
        amounts = [_amount(cell(i), where) for i in (columns.unit_cost, columns.units, columns.value)]
        years = [_amount(cell(i), where) for i in columns.years]
        if all(a is None for a in amounts + years):
            continue  # "I.1. Działanie 1": a heading row of the actions
        unit_cost, units, value = (a or _ZERO for a in amounts)
        while years and years[-1] is None:
            years.pop()
        # A table without the year columns has the whole value in its only year.
        by_year = tuple(y or _ZERO for y in years) if columns.years else (value,)
        row_category = (CostCategory.ADMINISTRATIVE if number.startswith("II")
                        else CostCategory.ACTIONS if number.startswith("I") else category)
        rows.append(CostRow(number=number, category=row_category, cost_type=cost_type,
                            unit="" if columns.unit is None else cell(columns.unit), unit_cost=unit_cost,
                            units=units, value=value, by_year=by_year))
    return tuple(rows)


def read_stated_total(grid: Grid) -> Decimal | None:
    """What the V.A table's own "Suma wszystkich kosztów realizacji zadania" row says, if it has one."""
    columns = _cost_header(grid)
    if columns is None:
        return None
    for cells in grid[columns.first_data_row:]:
        cell = _cell_reader(cells)
        label = " ".join(f"{cell(columns.number)} {cell(columns.cost_type)}".lower().split())
        if "suma wszystkich kosztów" in label:
            return _amount(cell(columns.value), label[:30])
    return None


def _is_funding_table(grid: Grid) -> bool:
    labels = " ".join(c.lower() for row in grid for c in row[:3])
    return "planowana dotacja" in labels and "suma wszystkich kosztów" in labels


def read_funding(grid: Grid) -> FundingSources:
    """Rows 1, 2, 3.1, 3.2 and 4 of a V.B table; the amount is the first figure after the row's name."""
    amounts: dict[str, Decimal] = {}
    for cells in grid:
        for position, text in enumerate(cells):
            lowered = " ".join(text.lower().split())
            name = next((n for words, n in _FUNDING_ROWS if words in lowered), None)
            if name is None:
                continue
            if name not in amounts:
                figure = next((a for a in (_amount(c, lowered[:30]) for c in cells[position + 1:] if c != text)
                               if a is not None), None)
                amounts[name] = figure or _ZERO
            break
    return FundingSources(**amounts)


def _cell_reader(cells: Sequence[str]):
    def cell(index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""
    return cell


def _amount(text: str, row: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        raise UnreadableAmount(row, text.strip()) from None

"""The 2018 offer form (Dz.U. 2018 poz. 2057) as frozen dataclasses, and its JSON form.

Every field has an empty default, so ``Offer()`` is an empty draft: a secretary or an
NGO fills the form in steps, and the checks in offer_checks say what is still wrong.
Money is Decimal; an amount nobody has entered is 0, as on the paper form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .numbers import to_decimal

FORM_VERSION = "2018"
MAX_YEARS = 3  # V.A has the columns Rok 1, Rok 2, Rok 3
_ZERO = Decimal(0)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CostCategory(StrEnum):
    """The two groups of V.A rows."""

    ACTIONS = "actions"  # I. Koszty realizacji działań
    ADMINISTRATIVE = "administrative"  # II. Koszty administracyjne


@dataclass(frozen=True)
class Applicant:
    """II.1: one applicant (several in a joint offer).

    ``had_prior_tasks`` is not on the form: it records whether the applicant carried
    out commissioned public tasks in earlier years (art. 15 ust. 1 pkt 6), None while
    nobody has established it.
    """

    name: str = ""
    legal_form: str = ""
    register_number: str = ""
    address: str = ""
    had_prior_tasks: bool | None = None


@dataclass(frozen=True)
class ContactPerson:
    """II.2: the person authorised to explain the offer."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class TaskSummary:
    """III.3: the synthetic description of the task."""

    place: str = ""
    target_group: str = ""
    needs: str = ""
    complementarity: str = ""


@dataclass(frozen=True)
class Action:
    """III.4: one row of the plan and schedule of the actions."""

    name: str = ""
    description: str = ""
    target_group: str = ""
    period: str = ""
    performer: str = ""


@dataclass(frozen=True)
class ResultRow:
    """III.6: one result, its target value and how it is monitored."""

    result: str = ""
    planned_value: str = ""
    monitoring: str = ""


@dataclass(frozen=True)
class CostRow:
    """V.A: one cost row; ``value`` is what the applicant wrote, not a computed product."""

    number: str = ""
    category: CostCategory = CostCategory.ACTIONS
    cost_type: str = ""
    unit: str = ""
    unit_cost: Decimal = _ZERO
    units: Decimal = _ZERO
    value: Decimal = _ZERO
    by_year: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class FundingSources:
    """V.B: rows 1 (total costs), 2 (grant), 3.1, 3.2 (own contribution) and 4."""

    total_costs: Decimal = _ZERO
    grant: Decimal = _ZERO
    own_financial: Decimal = _ZERO
    own_non_financial: Decimal = _ZERO
    participant_payments: Decimal = _ZERO

    @property
    def own_total(self) -> Decimal:
        """Row 3: own contribution, financial (3.1) plus personal and in-kind (3.2)."""
        return self.own_financial + self.own_non_financial

    @property
    def sources_total(self) -> Decimal:
        """Rows 2 + 3 + 4, which must equal row 1."""
        return self.grant + self.own_total + self.participant_payments


@dataclass(frozen=True)
class CostShare:
    """V.C: the part of the costs one joint applicant bears."""

    applicant: str = ""
    amount: Decimal = _ZERO


@dataclass(frozen=True)
class Offer:
    """One offer as written on the 2018 form (sections I–VI; VII are signed declarations)."""

    authority: str = ""
    task_type: str = ""
    applicants: tuple[Applicant, ...] = ()
    contact: ContactPerson = field(default_factory=ContactPerson)
    title: str = ""
    start_date: date | None = None
    end_date: date | None = None
    summary: TaskSummary = field(default_factory=TaskSummary)
    actions: tuple[Action, ...] = ()
    expected_results: str = ""
    results: tuple[ResultRow, ...] = ()
    experience: str = ""
    resources: str = ""
    costs: tuple[CostRow, ...] = ()
    funding: FundingSources = field(default_factory=FundingSources)
    cost_split: tuple[CostShare, ...] = ()
    other_information: str = ""

    @property
    def is_joint(self) -> bool:
        """True for a joint offer (oferta wspólna) of several applicants."""
        return len(self.applicants) > 1

    @property
    def applicant_prior_tasks(self) -> bool | None:
        """Whether any applicant carried out commissioned tasks before; None while unknown.

        In a joint offer one applicant with a record is enough for the criterion to apply.
        """
        known = [a.had_prior_tasks for a in self.applicants]
        if any(flag is True for flag in known):
            return True
        if known and all(flag is False for flag in known):
            return False
        return None


def cost_total(costs: Iterable[CostRow]) -> Decimal:
    """The V.A total: the sum of the row values."""
    return sum((row.value for row in costs), _ZERO)


def category_totals(costs: Iterable[CostRow]) -> dict[CostCategory, Decimal]:
    """V.A totals of part I (actions) and part II (administrative costs)."""
    totals = dict.fromkeys(CostCategory, _ZERO)
    for row in costs:
        totals[row.category] += row.value
    return totals


def year_totals(costs: Iterable[CostRow]) -> tuple[Decimal, ...]:
    """V.A totals per year column (Rok 1, 2, 3), as many as the longest row has."""
    totals: list[Decimal] = []
    for row in costs:
        totals.extend([_ZERO] * (len(row.by_year) - len(totals)))
        for index, amount in enumerate(row.by_year):
            totals[index] += amount
    return tuple(totals)


def offer_to_dict(offer: Offer) -> dict:
    """The offer as JSON-ready data: Decimals as strings (scale kept), dates ISO."""
    return {"form": FORM_VERSION, **_plain(offer)}


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def offer_from_dict(data: Any) -> Offer:
    """Read an offer from offer_to_dict's output; missing keys mean empty, wrong types raise ValueError."""
    if isinstance(data, dict) and data.get("form") not in (None, FORM_VERSION):
        raise ValueError(f"offer.form: expected {FORM_VERSION!r}, got {data['form']!r}")
    reader = _Reader(data, Offer, "offer", extra=("form",))
    return Offer(
        authority=reader.text("authority"),
        task_type=reader.text("task_type"),
        applicants=reader.rows("applicants", _applicant),
        contact=reader.part("contact", _contact),
        title=reader.text("title"),
        start_date=reader.day("start_date"),
        end_date=reader.day("end_date"),
        summary=reader.part("summary", _summary),
        actions=reader.rows("actions", _action),
        expected_results=reader.text("expected_results"),
        results=reader.rows("results", _result),
        experience=reader.text("experience"),
        resources=reader.text("resources"),
        costs=reader.rows("costs", _cost_row),
        funding=reader.part("funding", _funding),
        cost_split=reader.rows("cost_split", _cost_share),
        other_information=reader.text("other_information"),
    )


class _Reader:
    """Typed access to one JSON object of the offer; every error names its path."""

    def __init__(self, data: Any, kind: type, where: str, extra: tuple[str, ...] = ()) -> None:
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object, got {type(data).__name__}")
        # An unknown key is most likely a misspelt field whose value would be lost silently.
        unknown = sorted(set(data) - {f.name for f in fields(kind)} - set(extra))
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
        self.data = data
        self.where = where

    def _get(self, key: str, kind: type, label: str) -> Any:
        value = self.data.get(key)
        # bool is a subclass of int: only a field that wants a bool may hold one.
        if value is not None and (not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)):
            raise ValueError(f"{self.where}.{key}: expected {label}, got {value!r}")
        return value

    def text(self, key: str) -> str:
        return self._get(key, str, "a string") or ""

    def flag(self, key: str) -> bool | None:
        return self._get(key, bool, "true, false or null")

    def money(self, key: str) -> Decimal:
        value = self.data.get(key)
        return _ZERO if value is None else _decimal(value, f"{self.where}.{key}")

    def day(self, key: str) -> date | None:
        value = self._get(key, str, "an ISO date (YYYY-MM-DD)")
        if value is None:
            return None
        parsed = _iso_date(value)
        if parsed is None:
            raise ValueError(f"{self.where}.{key}: expected an ISO date (YYYY-MM-DD), got {value!r}")
        return parsed

    def choice(self, key: str, kind: type[StrEnum], default: StrEnum) -> Any:
        value = self._get(key, str, "a string")
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            raise ValueError(f"{self.where}.{key}: expected one of {allowed}, got {value!r}") from None

    def amounts(self, key: str, most: int) -> tuple[Decimal, ...]:
        items = self._get(key, list, "a list") or []
        if len(items) > most:
            raise ValueError(f"{self.where}.{key}: at most {most} items, got {len(items)}")
        return tuple(_decimal(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(items))

    def part(self, key: str, read: Callable[[Any, str], Any]) -> Any:
        value = self.data.get(key)
        return read({} if value is None else value, f"{self.where}.{key}")

    def rows(self, key: str, read: Callable[[Any, str], Any]) -> tuple:
        items = self._get(key, list, "a list") or []
        return tuple(read(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(items))


def _iso_date(text: str) -> date | None:
    # date.fromisoformat also takes "20270301" and week dates; the stored form is only YYYY-MM-DD.
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _decimal(value: Any, where: str) -> Decimal:
    # JSON numbers with a fraction arrive as floats: refuse them rather than guess the grosze.
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValueError(f"{where}: expected a decimal number as a string, got {value!r}")
    try:
        return to_decimal(value)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None


def _applicant(data: Any, where: str) -> Applicant:
    r = _Reader(data, Applicant, where)
    return Applicant(name=r.text("name"), legal_form=r.text("legal_form"), register_number=r.text("register_number"),
                     address=r.text("address"), had_prior_tasks=r.flag("had_prior_tasks"))


def _contact(data: Any, where: str) -> ContactPerson:
    r = _Reader(data, ContactPerson, where)
    return ContactPerson(name=r.text("name"), email=r.text("email"), phone=r.text("phone"))


def _summary(data: Any, where: str) -> TaskSummary:
    r = _Reader(data, TaskSummary, where)
    return TaskSummary(place=r.text("place"), target_group=r.text("target_group"), needs=r.text("needs"),
                       complementarity=r.text("complementarity"))


def _action(data: Any, where: str) -> Action:
    r = _Reader(data, Action, where)
    return Action(name=r.text("name"), description=r.text("description"), target_group=r.text("target_group"),
                  period=r.text("period"), performer=r.text("performer"))


def _result(data: Any, where: str) -> ResultRow:
    r = _Reader(data, ResultRow, where)
    return ResultRow(result=r.text("result"), planned_value=r.text("planned_value"), monitoring=r.text("monitoring"))


def _cost_row(data: Any, where: str) -> CostRow:
    r = _Reader(data, CostRow, where)
    return CostRow(number=r.text("number"), category=r.choice("category", CostCategory, CostCategory.ACTIONS),
                   cost_type=r.text("cost_type"), unit=r.text("unit"), unit_cost=r.money("unit_cost"),
                   units=r.money("units"), value=r.money("value"), by_year=r.amounts("by_year", MAX_YEARS))


def _funding(data: Any, where: str) -> FundingSources:
    r = _Reader(data, FundingSources, where)
    return FundingSources(total_costs=r.money("total_costs"), grant=r.money("grant"),
                          own_financial=r.money("own_financial"), own_non_financial=r.money("own_non_financial"),
                          participant_payments=r.money("participant_payments"))


def _cost_share(data: Any, where: str) -> CostShare:
    r = _Reader(data, CostShare, where)
    return CostShare(applicant=r.text("applicant"), amount=r.money("amount"))

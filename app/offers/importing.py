"""Importing offers, all or nothing: one path for the command line and the browser.

read_import() reads a CSV or XLSX upload into offers or problems (app/core/offer_import.py does the
rows); import_offers() checks them against the competition's offers (number taken, same KRS and
title), then registers every offer through register_offer — the same operation as entering one by
hand, audit log included — or, on any problem, none. The caller commits or rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.competitions.models import Competition
from app.competitions.operations import OperationRefused
from app.core.offer import offer_from_dict
from app.core.offer_checks import OfferIssue, check_offer
from app.core.offer_import import (
    IMPORT_COLUMNS,
    ImportedOffer,
    ImportProblem,
    ProblemCode,
    duplicate_key,
    read_rows,
)
from app.extensions import db

from .import_files import FileRefused, read_table
from .models import Offer
from .operations import LOCKED_STAGES, register_offer

DEFAULT_MAX_ROWS = 1000
_NUMBER = next(c.header for c in IMPORT_COLUMNS if c.key == "number")
_TITLE = next(c.header for c in IMPORT_COLUMNS if c.key == "title")


class ImportRefused(Exception):
    """Nothing was imported: every problem found."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportedResult:
    """An offer as registered, with the consistency checks' findings (shown, as on entry, not blocking)."""

    offer: Offer
    issues: list[OfferIssue]


def read_import(data: bytes, filename: str, *, max_bytes: int, max_rows: int = DEFAULT_MAX_ROWS
                ) -> tuple[list[ImportedOffer], list[ImportProblem]]:
    """The offers of an uploaded CSV/XLSX file, or every problem found in it."""
    try:
        header, rows = read_table(data, filename, max_bytes=max_bytes, max_rows=max_rows)
    except FileRefused as refused:
        return [], [refused.problem]
    return read_rows(header, rows)


def clashes_with_existing(competition: Competition, offers: Sequence[ImportedOffer]) -> list[ImportProblem]:
    """Rows whose number is taken or whose KRS and title match an offer already in the competition."""
    existing = db.session.execute(sa.select(Offer.number, Offer.form_data).where(
        Offer.competition_id == competition.id)).all()
    numbers = {number for number, _form in existing}
    keys = {}
    for number, form in existing:
        try:
            key = duplicate_key(offer_from_dict(form))
        except ValueError:  # a stored form of an older shape: it cannot clash by KRS and title
            continue
        if key is not None:
            keys.setdefault(key, number)
    problems = []
    for offer in offers:
        if offer.number in numbers:
            problems.append(ImportProblem(ProblemCode.NUMBER_TAKEN, offer.row, _NUMBER, {"value": offer.number}))
        elif offer.duplicate_key in keys:
            problems.append(ImportProblem(ProblemCode.DUPLICATE_EXISTING, offer.row, _TITLE,
                                          {"existing": keys[offer.duplicate_key]}))
    return problems


def import_offers(actor: User | None, competition: Competition, offers: Sequence[ImportedOffer],
                  *, source: str = "") -> list[ImportedResult]:
    """Register every offer or none: ImportRefused (nothing added) if any clashes with the competition."""
    if competition.status in LOCKED_STAGES:
        raise OperationRefused("offer_locked")
    problems = clashes_with_existing(competition, offers)
    if problems:
        raise ImportRefused(problems)
    results = [ImportedResult(register_offer(actor, competition, o.form, number=o.number),
                              check_offer(o.form, competition.call_terms)) for o in offers]
    log.record(db.session, actor=actor, action="offer.import", object_type="competition", object_id=competition.id,
               competition_id=competition.id, new={"source": source[-200:], "offers": len(results)})
    return results

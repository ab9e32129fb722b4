"""Building the report of a draft in the app: the rubric's target, the lemmatiser, the self-score."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm

from app.core.drafts import Draft
from app.core.evidence import CachedLemmatizer
from app.core.rubric import AssessmentContext, Rubric
from app.core.scoring import CardProblem, CriterionScore
from app.core.selfcheck import SelfCheckReport, check_draft, self_score_problems
from app.reviews.forms import apply_problems, read_entries

from .element_hints import hints_path, load_element_hints
from .lemmatizer import DomainLemmatizer, simplemma_lemmatizer
from .targets import Target


@functools.cache
def shared_lemmatizer() -> DomainLemmatizer:
    """One lemmatiser per process: simplemma reads its Polish dictionary once."""
    return simplemma_lemmatizer()


def build_report(draft: Draft, target: Target, scores: dict[str, CriterionScore] | None = None) -> SelfCheckReport:
    """The self-check of a draft against a call's or a rubric's criteria."""
    coverage = target.coverage
    hints = None
    if coverage is not None and target.rubric.elements_path:
        hints = load_element_hints(hints_path(Path(current_app.config["RUBRICS_DIR"]), target.rubric))
    return check_draft(draft, target.rubric, CachedLemmatizer(shared_lemmatizer()), terms=target.terms,
                       context=target.context(draft.offer),
                       elements=coverage.elements.elements if coverage is not None else (),
                       coverage=coverage.matrix if coverage is not None else None, element_hints=hints,
                       scores=scores)


@dataclass(frozen=True)
class SelfScore:
    """The NGO's self-score as typed: the entries the summary counts, and what was wrong with the others."""

    scores: dict[str, CriterionScore]
    problems: tuple[CardProblem, ...]
    valid: bool  # every entry could be read and is within the rules


def read_self_score(form: FlaskForm, rubric: Rubric, context: AssessmentContext, *, form_valid: bool) -> SelfScore:
    """The self-score checked by the rules of a member's card draft (range, step, "nie dotyczy").

    An entry at fault gets its message on its field and is left out of the summary; the other
    entries still count, so one wrong number does not blank the whole table.
    """
    entries = read_entries(form, rubric, context, partial=True) or {}
    problems = self_score_problems(rubric, entries, context)
    apply_problems(form, problems, rubric)
    wrong = {p.criterion_id for p in problems}
    readable = not any(form[name].errors for name in form._fields if name.startswith("points_"))
    return SelfScore({cid: s for cid, s in entries.items() if cid not in wrong}, problems,
                     form_valid and readable and not problems)


def scores_to_dict(scores: dict[str, CriterionScore]) -> dict[str, dict[str, Any]]:
    """The self-score as JSON-ready data (points as text, exact)."""
    return {cid: {"points": None if s.points is None else str(s.points), "not_applicable": s.not_applicable,
                  "justification": s.justification} for cid, s in scores.items()}


def scores_from_dict(data: Any) -> dict[str, CriterionScore]:
    """What scores_to_dict wrote; entries that cannot be read are left out (a saved draft still opens)."""
    scores = {}
    for cid, entry in (data or {}).items() if isinstance(data, dict) else ():
        if not isinstance(entry, dict):
            continue
        try:
            points = None if entry.get("points") is None else Decimal(str(entry["points"]))
        except InvalidOperation:
            continue
        scores[str(cid)] = CriterionScore(str(cid), points, bool(entry.get("not_applicable")),
                                          str(entry.get("justification") or ""))
    return scores

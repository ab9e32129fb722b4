"""Building the report of a draft in the app: the rubric's target, the lemmatiser, the self-score."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.drafts import Draft
from app.core.evidence import CachedLemmatizer
from app.core.scoring import CriterionScore
from app.core.selfcheck import SelfCheckReport, check_draft

from .lemmatizer import DomainLemmatizer, simplemma_lemmatizer
from .targets import Target


@functools.cache
def shared_lemmatizer() -> DomainLemmatizer:
    """One lemmatiser per process: simplemma reads its Polish dictionary once."""
    return simplemma_lemmatizer()


def build_report(draft: Draft, target: Target, scores: dict[str, CriterionScore] | None = None) -> SelfCheckReport:
    """The self-check of a draft against a call's or a rubric's criteria."""
    coverage = target.coverage
    return check_draft(draft, target.rubric, CachedLemmatizer(shared_lemmatizer()), terms=target.terms,
                       context=target.context(draft.offer),
                       elements=coverage.elements.elements if coverage is not None else (),
                       coverage=coverage.matrix if coverage is not None else None, scores=scores)


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

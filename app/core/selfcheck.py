"""The NGO self-check: a draft offer read through the reviewers' eyes, before it is submitted.

A draft is either the offer form filled in section by section, or the text of an uploaded
file cut into paragraphs ("parts") with the section of the 2018 form each stands under.
The report gives: how complete each section is; the arithmetic of the budget (or why it
was not checked); for each criterion, the passages that match its evidence hints; which
elements of the CAL Model the draft addresses; and the NGO's own score beside it all.

Rule for the Model's elements: an element is addressed when evidence was found for at
least one criterion that covers it (a criterion covers an element when one of its quotes
overlaps the element's anchor in the Model). Evidence is a hint, never a score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .coverage import ModelElement
from .drafts import BudgetNotChecked, Draft, DraftPart, DraftSource, sections_found, text_completeness
from .evidence import DraftDocument, EvidenceMatch, Lemmatizer, Snippet, evidence_by_criterion
from .offer_checks import CallTerms, OfferIssue, check_offer
from .offer_completeness import (
    CompletenessThresholds,
    SectionStatus,
    completeness,
)
from .rubric import Applicability, AssessmentContext, CallMode, Criterion, Rubric
from .scoring import CardProblem, CardProblemCode, CardTotal, CriterionScore, card_total, validate_card
from .source_text import word_count

# Without a call the own-contribution minimum, the grant limit and the dates are unknown:
# "powierzenie" with no minimum leaves only the arithmetic of the figures.
ARITHMETIC_ONLY = CallTerms(mode=CallMode.COMMISSION)
BUDGET_SECTIONS = ("V.A", "V.B")
PASSAGES_SHOWN = 5


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A sentence of the draft that uses hints of the criterion (every match in it), and where it stands."""

    matches: tuple[EvidenceMatch, ...]
    part: DraftPart

    @property
    def snippet(self) -> Snippet:
        """The sentence around the first match, cut to a readable length."""
        return self.matches[0].snippet

    @property
    def words(self) -> tuple[str, ...]:
        """The words of the draft that matched, each once, in order."""
        return tuple(dict.fromkeys(m.text for m in self.matches))

    @property
    def hints(self) -> tuple[str, ...]:
        """The hints they matched, each once."""
        return tuple(dict.fromkeys(m.hint for m in self.matches))

    @property
    def segments(self) -> tuple[tuple[str, bool], ...]:
        """The snippet as pieces of text, each marked True where it matched a hint (overlaps merged)."""
        snippet = self.snippet
        base, end = snippet.start, snippet.start + len(snippet.text)
        ranges: list[list[int]] = []
        for start, stop in sorted((m.start - base, m.end - base) for m in self.matches
                                  if m.start >= base and m.end <= end):
            if ranges and start <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], stop)
            else:
                ranges.append([start, stop])
        pieces: list[tuple[str, bool]] = []
        position = 0
        for start, stop in ranges:
            if start > position:
                pieces.append((snippet.text[position:start], False))
            pieces.append((snippet.text[start:stop], True))
            position = stop
        if position < len(snippet.text):
            pieces.append((snippet.text[position:], False))
        return tuple(pieces)


@dataclass(frozen=True)
class CriterionEvidence:
    """What the draft offers a reviewer for one criterion, and the NGO's own score for it."""

    criterion: Criterion
    applicability: Applicability
    passages: tuple[Passage, ...]  # one per sentence, in the order of the draft
    match_count: int
    hints_found: tuple[str, ...]
    hints_missing: tuple[str, ...]
    score: CriterionScore | None = None

    @property
    def found(self) -> bool:
        """True when at least one passage matches a hint."""
        return bool(self.passages)

    @property
    def shown(self) -> tuple[Passage, ...]:
        """The first passages, as many as a report shows."""
        return self.passages[:PASSAGES_SHOWN]


@dataclass(frozen=True)
class ElementState:
    """One element of the CAL Model: the criteria that cover it and those of them with evidence."""

    element: ModelElement
    criteria: tuple[str, ...]
    addressed_by: tuple[str, ...]

    @property
    def addressed(self) -> bool:
        """True when evidence was found for a criterion that covers the element."""
        return bool(self.addressed_by)


@dataclass(frozen=True)
class SelfCheckReport:
    """Everything the self-check says about one draft against one rubric."""

    rubric: Rubric
    draft: Draft
    completeness: tuple[SectionStatus, ...]
    issues: tuple[OfferIssue, ...]
    evidence: tuple[CriterionEvidence, ...]
    elements: tuple[ElementState, ...]
    total: CardTotal
    score_problems: tuple[CardProblem, ...]
    word_count: int

    @property
    def budget_checked(self) -> bool:
        """True when the figures of V.A and V.B were read and checked."""
        return self.draft.offer is not None

    @property
    def budget_skip(self) -> BudgetNotChecked | None:
        """Why the budget was not checked, when it was not."""
        return None if self.budget_checked else self.draft.budget_skip

    @property
    def sections_found(self) -> frozenset[str] | None:
        """For a file: the sections whose heading was found; None for the form, where every section is there."""
        return None if self.draft.source is DraftSource.FORM else sections_found(self.draft)

    @property
    def elements_addressed(self) -> int:
        """How many of the Model's elements the draft addresses."""
        return sum(1 for state in self.elements if state.addressed)

    @property
    def self_scored(self) -> bool:
        """True when the NGO has entered any points of its own."""
        return any(e.score is not None and e.score.points is not None for e in self.evidence)


class _DraftText:
    """The parts joined into one text (a line each), with the offset where each part starts."""

    def __init__(self, parts: Sequence[DraftPart]) -> None:
        self.parts = tuple(parts)
        self.starts: list[int] = []
        offset = 0
        for part in self.parts:
            self.starts.append(offset)
            offset += len(part.text) + 1
        self.text = "\n".join(p.text for p in self.parts)

    def part_at(self, offset: int) -> DraftPart:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return self.parts[low]


def check_draft(draft: Draft, rubric: Rubric, lemmatizer: Lemmatizer, *, terms: CallTerms | None,
                context: AssessmentContext, elements: Sequence[ModelElement] = (),
                coverage: Mapping[str, Sequence[str]] | None = None,
                scores: Mapping[str, CriterionScore] | None = None,
                thresholds: CompletenessThresholds | None = None) -> SelfCheckReport:
    """The whole self-check of a draft: completeness, arithmetic, evidence, the Model's elements, self-score."""
    scores = dict(scores or {})
    text = _DraftText(draft.text_parts)
    document = DraftDocument(text.text)
    matches = evidence_by_criterion(document, rubric.criteria, lemmatizer)
    evidence = tuple(_criterion_evidence(c, c.applicability_for(context), matches[c.id], document, text,
                                         scores.get(c.id)) for c in rubric.criteria)
    found = {e.criterion.id for e in evidence if e.found}
    covering = coverage or {}
    states = tuple(ElementState(e, tuple(covering.get(e.id, ())),
                                tuple(c for c in covering.get(e.id, ()) if c in found)) for e in elements)
    return SelfCheckReport(
        rubric=rubric, draft=draft, completeness=tuple(draft_completeness(draft, thresholds)),
        issues=tuple(budget_issues(draft, terms)), evidence=evidence, elements=states,
        total=card_total(rubric, scores, context),
        # An applicant's own draft has no formal check to settle art. 15 ust. 1 pkt 6: it may self-score G1.
        score_problems=tuple(p for p in validate_card(rubric, scores, context, final=False)
                             if p.code is not CardProblemCode.FACT_UNSETTLED),
        word_count=sum(word_count(p.text) for p in text.parts),
    )


def draft_completeness(draft: Draft, thresholds: CompletenessThresholds | None = None) -> list[SectionStatus]:
    """Completeness of the form's sections; for a file, by its headings, and V.A/V.B from its tables if read."""
    if draft.source is DraftSource.FORM and draft.offer is not None:
        return completeness(draft.offer, thresholds)
    statuses = text_completeness(draft, thresholds)
    if draft.offer is None:
        return statuses
    from_tables = {s.section: s for s in completeness(draft.offer, thresholds) if s.section in BUDGET_SECTIONS}
    return [from_tables.get(s.section, s) for s in statuses]


def budget_issues(draft: Draft, terms: CallTerms | None) -> list[OfferIssue]:
    """The offer checks: all of them for the form, those of V.A and V.B for a file's tables, none otherwise."""
    if draft.offer is None:
        return []
    issues = check_offer(draft.offer, terms or ARITHMETIC_ONLY)
    if draft.source is DraftSource.FORM:
        return issues
    return [issue for issue in issues if issue.section in BUDGET_SECTIONS]


def _criterion_evidence(criterion: Criterion, applicability: Applicability, matches: Sequence[EvidenceMatch],
                        document: DraftDocument, text: _DraftText, score: CriterionScore | None) -> CriterionEvidence:
    by_sentence: dict[tuple[int, int], list[EvidenceMatch]] = {}
    for match in matches:
        by_sentence.setdefault(document.sentence_at(match.start), []).append(match)
    passages = [Passage(tuple(found), text.part_at(found[0].start)) for found in by_sentence.values()]
    used = {m.hint for m in matches}
    return CriterionEvidence(
        criterion=criterion, applicability=applicability, passages=tuple(passages), match_count=len(matches),
        hints_found=tuple(h for h in criterion.evidence_hints if h in used),
        hints_missing=tuple(h for h in criterion.evidence_hints if h not in used), score=score,
    )


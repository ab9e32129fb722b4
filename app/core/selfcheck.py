"""The NGO self-check: a draft offer read through the reviewers' eyes, before it is submitted.

A draft is either the offer form filled in section by section, or the text of an uploaded
file cut into paragraphs ("parts") with the section of the 2018 form each stands under.
The report gives: how complete each section is; the arithmetic of the budget (or why it
was not checked); for each criterion, the passages that match its evidence hints; which
elements of the CAL Model the draft addresses; and the NGO's own score beside it all.

The Model's elements are found by their own hints (app.core.element_evidence): addressed,
mentioned only, or not found, each with the passages that decided it. Evidence is a hint,
never a score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .coverage import ModelElement
from .draft_dates import DATE_SECTION, TaskDates, task_dates
from .drafts import (
    BudgetNotChecked,
    Draft,
    DraftPart,
    DraftSource,
    draft_applicant,
    draft_title,
    sections_found,
    text_completeness,
)
from .element_evidence import (
    ElementHintSet,
    ElementStatus,
    find_elements,
    is_bare_list,
    stop_spans,
    without_stopped,
)
from .evidence import (
    ALTERNATIVES,
    NEAR,
    DraftDocument,
    EvidenceIndex,
    EvidenceMatch,
    Lemmatizer,
    Snippet,
    evidence_by_criterion,
)
from .offer import Offer
from .offer_checks import CallTerms, IssueCode, OfferIssue, check_offer
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
BUDGET_TABLE_SECTIONS = ("V", "V.A", "V.B", "V.C")
# Section IV tells what the applicant has done and has; the task's values, methods and effects are what
# the CAL will do, read from the task's description (an "imprezy plenerowe" in the applicant's record is
# not a plan for public spaces). Its conditions, partnership and network may be read anywhere.
APPLICANT_SECTIONS = ("IV", "IV.1", "IV.2")
TITLE_SECTION = "III.1"  # the task's title names it ("Swojczyce – poznajmy się"), like a heading: no element's evidence
TASK_ELEMENT_KINDS = ("value", "method", "effect")
PASSAGES_SHOWN = 5


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A sentence of the draft that uses hints of the criterion (every match in it), and where it stands."""

    matches: tuple[EvidenceMatch, ...]
    part: DraftPart
    section_paragraph: int | None = None  # a file's paragraph counted from its section's heading
    elements: tuple[ModelElement, ...] = ()  # in a criterion's evidence: the Model's elements it is evidence of
    describes: bool = True  # False for a sentence that only uses the Model's own words for the element

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
        """The hints they matched, each once, as a reader writes them ("pytać/zapytać … mieszkaniec")."""
        return tuple(dict.fromkeys(hint_label(m.hint) for m in self.matches))

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
    elements: tuple[ElementState, ...] = ()  # the Model's elements the criterion covers, with their evidence

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
    """One element of the CAL Model in the draft: its status, the passages that match its hints, and the
    passages that made it addressed; also the criteria that cover it (for the map's text equivalent)."""

    element: ModelElement
    criteria: tuple[str, ...]
    status: ElementStatus = ElementStatus.NOT_ASSESSED
    passages: tuple[Passage, ...] = ()
    deciding: tuple[Passage, ...] = ()

    @property
    def addressed(self) -> bool:
        """True when the draft addresses the element (two passages, or one strong phrase)."""
        return self.status is ElementStatus.ADDRESSED

    @property
    def mentioned(self) -> bool:
        """True when something matches, but not enough to count the element as addressed."""
        return self.status is ElementStatus.MENTIONED


class DatesCheck(StrEnum):
    """Whether the task's dates were checked against the call's window."""

    CHECKED = "checked"  # read from the draft, compared with the call's window
    NO_WINDOW = "no_window"  # read, but no call was chosen: only their order was checked
    NOT_FOUND = "not_found"  # a file without two readable dates under III.2: not checked


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
    dates: DatesCheck = DatesCheck.NOT_FOUND

    @property
    def task_dates(self) -> TaskDates | None:
        """The task's dates as a file gives them under III.2 (the form's are in its offer)."""
        return None if self.draft.source is DraftSource.FORM else task_dates(self.draft)

    @property
    def title(self) -> str:
        """The task's title as the draft gives it; "" when it does not."""
        return draft_title(self.draft)

    @property
    def applicant(self) -> str:
        """The applicant's name as the draft gives it; "" when it does not."""
        return draft_applicant(self.draft)

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


def hint_label(hint: str) -> str:
    """A hint as the report shows it: a word family by its first word, words near each other joined by "…"
    ("pytać|zapytać + mieszkaniec|sąsiad" is "pytać … mieszkaniec"; the words found say what matched)."""
    return " … ".join(" ".join(word.split(ALTERNATIVES)[0] for word in part.split())
                      for part in hint.split(NEAR.strip()))


class _DraftText:
    """The parts joined into one text (a line each), with the offset where each part starts."""

    def __init__(self, parts: Sequence[DraftPart]) -> None:
        self.parts = tuple(parts)
        self.starts: list[int] = []
        # A file's paragraphs numbered again under each heading: "sekcja III.3, akapit 2" is found
        # in Word, "akapit 34" is not. The form's parts have their field and row instead.
        self.section_paragraphs: list[int | None] = []
        offset, number, section = 0, 0, object()
        for part in self.parts:
            self.starts.append(offset)
            offset += len(part.text) + 1
            number = number + 1 if part.section == section else 1
            section = part.section
            self.section_paragraphs.append(number if part.paragraph is not None else None)
        self.text = "\n".join(p.text for p in self.parts)

    def passage(self, matches: tuple[EvidenceMatch, ...], document: DraftDocument | None = None,
                elements: tuple[ModelElement, ...] = ()) -> Passage:
        """The passage of these matches, with the part that holds the first of them (its snippet made here
        when the search made none)."""
        first = matches[0]
        if first.snippet is None and document is not None:
            matches = (replace(first, snippet=document.snippet(first.start, first.end)), *matches[1:])
        index = self.index_at(first.start)
        return Passage(matches, self.parts[index], self.section_paragraphs[index], elements)

    def spans(self, sections: Sequence[str]) -> list[tuple[int, int]]:
        """Where the parts of these sections stand in the joined text."""
        return [(start, start + len(part.text)) for start, part in zip(self.starts, self.parts, strict=True)
                if part.section in sections]

    def part_at(self, offset: int) -> DraftPart:
        """The part that holds an offset of the joined text."""
        return self.parts[self.index_at(offset)]

    def index_at(self, offset: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low


def check_draft(draft: Draft, rubric: Rubric, lemmatizer: Lemmatizer, *, terms: CallTerms | None,
                context: AssessmentContext, elements: Sequence[ModelElement] = (),
                coverage: Mapping[str, Sequence[str]] | None = None,
                element_hints: ElementHintSet | None = None,
                scores: Mapping[str, CriterionScore] | None = None,
                thresholds: CompletenessThresholds | None = None) -> SelfCheckReport:
    """The whole self-check of a draft: completeness, arithmetic, evidence, the Model's elements, self-score."""
    scores = dict(scores or {})
    text = _DraftText(draft.text_parts)
    document = DraftDocument(text.text)
    index = EvidenceIndex(document, lemmatizer)
    matches = evidence_by_criterion(index, rubric.criteria, lemmatizer)
    # Names of city units and bare lists of words are not evidence for a criterion either.
    stopped = stop_spans(index, element_hints.stop_phrases) if element_hints else []
    lists: dict[tuple[int, int], bool] = {}

    def in_list(match: EvidenceMatch) -> bool:
        sentence = document.sentence_at(match.start)
        if sentence not in lists:
            lists[sentence] = is_bare_list(document.text[sentence[0]:sentence[1]])
        return lists[sentence]

    matches = {cid: [m for m in without_stopped(found, stopped) if not in_list(m)] for cid, found in matches.items()}
    states = element_states(text, index, elements, coverage or {}, element_hints)
    evidence = tuple(_criterion_evidence(c, c.applicability_for(context), matches[c.id], document, text,
                                         scores.get(c.id), tuple(state for state in states if c.id in state.criteria))
                     for c in rubric.criteria)
    return SelfCheckReport(
        rubric=rubric, draft=draft, completeness=tuple(draft_completeness(draft, thresholds)),
        issues=tuple(budget_issues(draft, terms)), evidence=evidence, elements=states,
        total=card_total(rubric, scores, context),
        score_problems=self_score_problems(rubric, scores, context),
        word_count=sum(word_count(p.text) for p in text.parts), dates=dates_check(draft, terms),
    )


def element_states(text: _DraftText, index: EvidenceIndex, elements: Sequence[ModelElement],
                   coverage: Mapping[str, Sequence[str]], hints: ElementHintSet | None) -> tuple[ElementState, ...]:
    """Each element's status from its own hints, read in the draft's description (not in its title or budget
    tables)."""
    if not elements:
        return ()
    not_read = text.spans((*BUDGET_TABLE_SECTIONS, TITLE_SECTION))
    applicant = text.spans(APPLICANT_SECTIONS)
    findings = find_elements(index, hints.elements if hints else {}, [e.id for e in elements],
                             stop_phrases=hints.stop_phrases if hints else (), ignored=not_read,
                             ignored_for={e.id: applicant for e in elements if e.kind in TASK_ELEMENT_KINDS})
    states = []
    for element in elements:
        finding = findings[element.id]
        states.append(ElementState(
            element, tuple(coverage.get(element.id, ())), finding.status,
            tuple(replace(text.passage(s.matches, index.document), describes=s.counts) for s in finding.sentences),
            tuple(text.passage(s.matches, index.document) for s in finding.deciding)))
    return tuple(states)


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
    """The offer checks: all of them for the form; for a file, its dates (when read) and its tables' V.A
    and V.B (when read), V.A's own total row against its items included."""
    if draft.source is DraftSource.FORM:
        return check_offer(draft.offer, terms or ARITHMETIC_ONLY) if draft.offer is not None else []
    issues = []
    dates = task_dates(draft)
    if dates is not None:
        dated = Offer(start_date=dates.start, end_date=dates.end)
        issues += [i for i in check_offer(dated, terms or ARITHMETIC_ONLY) if i.section == DATE_SECTION]
    if draft.offer is None:
        return issues
    issues += [i for i in check_offer(draft.offer, terms or ARITHMETIC_ONLY) if i.section in BUDGET_SECTIONS]
    costs_total = sum((row.value for row in draft.offer.costs), Decimal(0))
    if draft.stated_costs_total is not None and draft.stated_costs_total != costs_total:
        issues.append(OfferIssue(IssueCode.COST_TABLE_TOTAL_MISMATCH, "V.A", params={
            "stated_total": draft.stated_costs_total, "costs_total": costs_total}))
    return issues


def dates_check(draft: Draft, terms: CallTerms | None) -> DatesCheck:
    """What the report says about the task's dates."""
    found = draft.offer is not None and draft.offer.start_date is not None and draft.offer.end_date is not None \
        if draft.source is DraftSource.FORM else task_dates(draft) is not None
    if not found:
        return DatesCheck.NOT_FOUND
    return DatesCheck.CHECKED if terms is not None and (terms.window_start or terms.window_end) else \
        DatesCheck.NO_WINDOW


def _criterion_evidence(criterion: Criterion, applicability: Applicability, matches: Sequence[EvidenceMatch],
                        document: DraftDocument, text: _DraftText, score: CriterionScore | None,
                        states: tuple[ElementState, ...] = ()) -> CriterionEvidence:
    """A criterion's evidence: the sentences matching its own hints and those that describe the elements it
    covers (each element's coverage stays as the element found it), one passage per sentence."""
    by_sentence: dict[tuple[int, int], tuple[dict[tuple[int, int, str], EvidenceMatch], list[ModelElement]]] = {}

    def add(found: Sequence[EvidenceMatch], element: ModelElement | None = None) -> None:
        sentence_matches, sentence_elements = by_sentence.setdefault(document.sentence_at(found[0].start), ({}, []))
        for match in found:
            sentence_matches.setdefault((match.start, match.end, match.hint), match)
        if element is not None and element not in sentence_elements:
            sentence_elements.append(element)

    for match in matches:
        add((match,))
    for state in states:
        for passage in state.passages:
            if passage.describes:
                add(passage.matches, state.element)
    passages = []
    for sentence in sorted(by_sentence):
        found, elements = by_sentence[sentence]
        ordered = tuple(sorted(found.values(), key=lambda m: (m.start, m.end)))
        passages.append(text.passage(ordered, document, tuple(elements)))
    used = {m.hint for m in matches}
    return CriterionEvidence(
        criterion=criterion, applicability=applicability, passages=tuple(passages),
        match_count=sum(len(found) for found, _ in by_sentence.values()),
        hints_found=tuple(h for h in criterion.evidence_hints if h in used),
        hints_missing=tuple(h for h in criterion.evidence_hints if h not in used), score=score, elements=states,
    )


def self_score_problems(rubric: Rubric, scores: Mapping[str, CriterionScore],
                        context: AssessmentContext) -> tuple[CardProblem, ...]:
    """A self-score checked as a member's draft card, except that an applicant's own draft has no formal
    check to settle art. 15 ust. 1 pkt 6: it may self-score G1."""
    return tuple(p for p in validate_card(rubric, scores, context, final=False)
                 if p.code is not CardProblemCode.FACT_UNSETTLED)

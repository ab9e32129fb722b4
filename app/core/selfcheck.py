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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .coverage import ModelElement
from .evidence import DraftDocument, EvidenceMatch, Lemmatizer, Snippet, evidence_by_criterion
from .offer import Offer
from .offer_checks import CallTerms, OfferIssue, check_offer
from .offer_completeness import (
    CompletenessCode,
    CompletenessThresholds,
    Gap,
    SectionState,
    SectionStatus,
    completeness,
)
from .rubric import Applicability, AssessmentContext, CallMode, Criterion, Rubric
from .scoring import CardProblem, CardTotal, CriterionScore, card_total, validate_card
from .source_text import word_count

# Without a call the own-contribution minimum, the grant limit and the dates are unknown:
# "powierzenie" with no minimum leaves only the arithmetic of the figures.
ARITHMETIC_ONLY = CallTerms(mode=CallMode.COMMISSION)
BUDGET_SECTIONS = ("V.A", "V.B")
COMPLETENESS_SECTIONS = ("II.1", "II.2", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "IV.1", "IV.2",
                         "V.A", "V.B")
PASSAGES_SHOWN = 5


class DraftSource(StrEnum):
    """Where the draft's text comes from."""

    FORM = "form"
    DOCX = "docx"
    ODT = "odt"
    PDF = "pdf"


class BudgetSkip(StrEnum):
    """Why the budget (V.A, V.B) of an uploaded draft was not checked, with the params each carries."""

    PDF = "pdf"  # —: a PDF keeps the tables' layout, not their rows and columns
    NO_COST_TABLE = "no_cost_table"  # —: no table V.A in the layout of the 2018 form
    NO_FUNDING_TABLE = "no_funding_table"  # —: table V.A found, table V.B not
    UNREADABLE_NUMBER = "unreadable_number"  # row, text: a cell that should hold an amount


@dataclass(frozen=True)
class BudgetNotChecked:
    """The reason the budget was not checked, and what it refers to."""

    reason: BudgetSkip
    params: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class DraftPart:
    """A piece of the draft's text and where it stands: section, field and row (form), page, paragraph (file).

    A heading starts a section of the form. When it is the form's own wording (its words are
    the form's, or it has the form's instructions in brackets) it is not searched for evidence:
    the form's headings speak of "potrzeby" and "rezultaty" in every offer. ``form_text`` marks
    other words the form prints (a column title, a row name of the cost tables): never evidence,
    never a heading.
    """

    text: str
    section: str | None = None
    field_name: str | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None
    heading: bool = False
    form_text: bool = False


@dataclass(frozen=True)
class Draft:
    """What the self-check reads: the form's data and/or the text of a file."""

    source: DraftSource
    parts: tuple[DraftPart, ...] = ()
    offer: Offer | None = None
    budget_skip: BudgetNotChecked | None = None
    filename: str = ""

    @property
    def text_parts(self) -> tuple[DraftPart, ...]:
        """The parts written by the applicant: not the form's headings, nor the declarations of section VII."""
        return tuple(p for p in self.parts if p.text.strip() and p.section != "VII" and not p.form_text
                     and not (p.heading and is_form_wording(p.text)))


def form_draft(offer: Offer) -> Draft:
    """A draft typed into the offer form: every text field becomes a part with its section and field."""
    return Draft(DraftSource.FORM, form_parts(offer), offer)


def form_parts(offer: Offer) -> tuple[DraftPart, ...]:
    """The offer's texts in the order of the form, each with its section, field name and row."""
    s = offer.summary
    parts = [DraftPart(offer.title, "III.1", "title"),
             *(DraftPart(getattr(s, name), "III.3", name)
               for name in ("place", "target_group", "needs", "complementarity"))]
    for number, action in enumerate(offer.actions, start=1):
        parts += [DraftPart(getattr(action, name), "III.4", name, number)
                  for name in ("name", "description", "target_group", "period", "performer")]
    parts.append(DraftPart(offer.expected_results, "III.5", "expected_results"))
    for number, result in enumerate(offer.results, start=1):
        parts += [DraftPart(getattr(result, name), "III.6", name, number)
                  for name in ("result", "planned_value", "monitoring")]
    parts += [DraftPart(offer.experience, "IV.1", "experience"), DraftPart(offer.resources, "IV.2", "resources")]
    parts += [DraftPart(row.cost_type, "V.A", "cost_type", number) for number, row in enumerate(offer.costs, start=1)]
    parts.append(DraftPart(offer.other_information, "VI", "other_information"))
    return tuple(p for p in parts if p.text.strip())


# --- the sections of an uploaded file, found by the 2018 form's headings ----------------------

# The start of each section's title in the 2018 form (lower case); a paragraph that starts with
# one (after its numbering) and is short is that section's heading.
SECTION_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I", ("podstawowe informacje o złożonej ofercie",)),
    ("II.1", ("dane oferenta", "nazwa oferenta")),
    ("II.2", ("dane osoby upoważnionej", "osoba upoważniona do składania wyjaśnień")),
    ("III", ("opis zadania",)),
    ("III.1", ("tytuł zadania",)),
    ("III.2", ("termin realizacji zadania",)),
    ("III.3", ("syntetyczny opis zadania",)),
    ("III.4", ("plan i harmonogram działań",)),
    ("III.5", ("opis zakładanych rezultatów",)),
    ("III.6", ("dodatkowe informacje dotyczące rezultatów",)),
    ("IV", ("charakterystyka oferenta",)),
    ("IV.1", ("informacja o wcześniejszej działalności",)),
    ("IV.2", ("zasoby kadrowe",)),
    ("V", ("kalkulacja przewidywanych kosztów",)),
    ("V.A", ("zestawienie kosztów realizacji zadania",)),
    ("V.B", ("źródła finansowania kosztów",)),
    ("V.C", ("podział kosztów realizacji zadania pomiędzy oferentów",)),
    ("VI", ("inne informacje",)),
    ("VII", ("oświadczenia",)),
)
HEADING_MAX_WORDS = 60
# Every word of the 2018 form's own headings: a heading made only of them is the form's wording.
FORM_WORDING = frozenset(" ".join((
    "podstawowe informacje o złożonej ofercie organ administracji publicznej do którego jest adresowana oferta",
    "rodzaj zadania publicznego dane oferenta tów nazwa forma prawna numer w krajowym rejestrze sądowym lub innej",
    "ewidencji adres siedziby strona www do korespondencji e-mail telefonu osoby upoważnionej składania wyjaśnień",
    "dotyczących oferty opis zadania tytuł termin realizacji data rozpoczęcia zakończenia syntetyczny plan i",
    "harmonogram działań na rok zakładanych rezultatów dodatkowe informacje dotyczące charakterystyka",
    "informacja wcześniejszej działalności szczególności zakresie którego dotyczy zadanie publiczne zasoby",
    "kadrowe rzeczowe finansowe które będą wykorzystane do kalkulacja przewidywanych kosztów zestawienie",
    "źródła finansowania podział pomiędzy oferentów inne jeżeli oświadczenia",
)).split())
# "III.3.", "III. 3)", "3.", "V.A", "A." before a title; an explicit "III.3" alone also names the section.
_NOT_LETTER = r"(?![^\W\d_])"
_NUMBERING = re.compile(rf"^\s*(?:(?P<roman>VII|VI|IV|V|I{{1,3}}){_NOT_LETTER}\s*[.)]?\s*"
                        rf"(?:(?P<sub>[1-6]|[ABC]){_NOT_LETTER}\s*[.)]?)?|(?P<number>[1-6]|[A-C])\s*[.)])\s*",
                        re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_HEADING_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_KNOWN_SECTIONS = frozenset(section for section, _ in SECTION_HEADINGS)


def heading_section(text: str) -> str | None:
    """The section of the 2018 form a paragraph is the heading of, or None for ordinary text."""
    flat = _SPACES.sub(" ", text).strip()
    if not flat or word_count(flat) > HEADING_MAX_WORDS:
        return None
    numbering = _NUMBERING.match(flat)
    rest = flat[numbering.end():] if numbering else flat
    lowered = rest.lower()
    for section, titles in SECTION_HEADINGS:
        if any(lowered.startswith(title) for title in titles):
            return section
    # "III.3" written out in full names its section even under a title of the applicant's own; a number
    # alone ("II.1." in the number column of the cost table) does not.
    if numbering and numbering["roman"] and numbering["sub"] and _HEADING_WORD.search(rest):
        explicit = f"{numbering['roman'].upper()}.{numbering['sub'].upper()}"
        if explicit in _KNOWN_SECTIONS and numbering["roman"].isupper():
            return explicit
    return None


def is_form_wording(heading: str) -> bool:
    """True for a heading as the form words it: its words are the form's (one other allowed), or it has
    the form's instructions in brackets."""
    unknown = [w for w in _HEADING_WORD.findall(heading.lower()) if w not in FORM_WORDING]
    return len(unknown) <= 1 or "(" in heading


def locate_sections(parts: Sequence[DraftPart]) -> tuple[DraftPart, ...]:
    """Mark the form's headings among a file's paragraphs and give each paragraph the section above it."""
    located = []
    current: str | None = None
    for part in parts:
        section = None if part.heading or part.form_text else heading_section(part.text)
        if section is not None:
            current = section
            located.append(replace(part, section=section, heading=True))
        else:
            located.append(replace(part, section=part.section or current))
    return tuple(located)


def file_draft(source: DraftSource, parts: Sequence[DraftPart], *, offer: Offer | None = None,
               budget_skip: BudgetNotChecked | None = None, filename: str = "") -> Draft:
    """A draft read from a file: its paragraphs with their sections, and the budget if its tables were read."""
    return Draft(source, locate_sections(parts), offer, None if offer is not None else budget_skip, filename)


def text_section_minimums(t: CompletenessThresholds) -> dict[str, int]:
    """Words below which a section of a file is thin: the form's thresholds added up per section."""
    return {"II.1": 1, "II.2": 1, "III.1": t.title_words, "III.2": 1,
            "III.3": t.place_words + t.target_group_words + t.needs_words + t.complementarity_words,
            "III.4": t.min_actions * t.action_description_words, "III.5": t.expected_results_words,
            "III.6": t.min_results * 3, "IV.1": t.experience_words, "IV.2": t.resources_words,
            "V.A": 1, "V.B": 1}


def text_completeness(draft: Draft, thresholds: CompletenessThresholds | None = None) -> list[SectionStatus]:
    """The state of each section of a file: missing (no heading or nothing under it), thin, complete."""
    minimums = text_section_minimums(thresholds or CompletenessThresholds())
    words = dict.fromkeys(COMPLETENESS_SECTIONS, 0)
    for part in draft.text_parts:
        if part.section in words:
            words[part.section] += word_count(part.text)
    statuses = []
    for section in COMPLETENESS_SECTIONS:
        if words[section] == 0:
            statuses.append(SectionStatus(section, SectionState.MISSING, (Gap(CompletenessCode.SECTION_EMPTY),)))
        elif words[section] < minimums[section]:
            gap = Gap(CompletenessCode.TOO_FEW_WORDS, params={"words": words[section],
                                                             "min_words": minimums[section]})
            statuses.append(SectionStatus(section, SectionState.THIN, (gap,)))
        else:
            statuses.append(SectionStatus(section, SectionState.COMPLETE))
    return statuses


def sections_found(draft: Draft) -> frozenset[str]:
    """The sections whose heading stands in a file."""
    return frozenset(p.section for p in draft.parts if p.heading and p.section)


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
        score_problems=tuple(validate_card(rubric, scores, context, final=False)),
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


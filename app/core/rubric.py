"""The rubric as frozen dataclasses: what a scoring card is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cached_property

from .text import words_only


@dataclass(frozen=True)
class LocalizedText:
    """A text in Polish (the official version) and English."""

    pl: str
    en: str

    def get(self, locale: str | None) -> str:
        """The text for a locale; Polish unless English is asked for."""
        return self.en if (locale or "").startswith("en") else self.pl


class CallMode(StrEnum):
    """How a task is commissioned (art. 11 ust. 1 of the public-benefit act)."""

    SUPPORT = "wsparcie"
    COMMISSION = "powierzenie"


class Applicability(Enum):
    """Whether a criterion is scored for a given call and applicant."""

    APPLIES = "applies"
    NOT_APPLICABLE = "not_applicable"
    # The rule needs a fact the office has not settled yet (art. 15 ust. 1 pkt 6: earlier commissioned
    # tasks). No reviewer decides it: scoring the offer waits until the formal stage records it.
    FACT_UNSETTLED = "fact_unsettled"


@dataclass(frozen=True)
class AssessmentContext:
    """Facts of the call and the applicant that decide which criteria apply.

    ``applicant_prior_tasks`` is None while nobody has established whether the
    applicant carried out commissioned tasks in earlier years.
    """

    call_mode: CallMode
    applicant_prior_tasks: bool | None = None


@dataclass(frozen=True)
class ApplicabilityRule:
    """The condition under which a criterion applies; otherwise it is "nie dotyczy"."""

    call_mode: CallMode | None = None
    applicant_prior_tasks: bool | None = None
    note: LocalizedText | None = None

    def evaluate(self, context: AssessmentContext) -> Applicability:
        """Apply the rule to a call and an applicant."""
        if self.call_mode is not None and context.call_mode != self.call_mode:
            return Applicability.NOT_APPLICABLE
        if self.applicant_prior_tasks is not None:
            if context.applicant_prior_tasks is None:
                return Applicability.FACT_UNSETTLED
            if context.applicant_prior_tasks != self.applicant_prior_tasks:
                return Applicability.NOT_APPLICABLE
        return Applicability.APPLIES


@dataclass(frozen=True)
class Descriptor:
    """One level of a criterion's scale: what min..max points look like."""

    min: Decimal
    max: Decimal
    label: LocalizedText
    text: LocalizedText

    def covers(self, points: Decimal) -> bool:
        """True when the points fall into this level."""
        return self.min <= points <= self.max


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a source document that a criterion rests on."""

    source: str
    chapter: str
    text: str
    en: str
    # Where the source itself cites another document (the Model quoting the 2018–2022 Strategy):
    # the quote is then the source's words only as a citation, and the browser says so.
    cited_from: LocalizedText | None = None


@dataclass(frozen=True)
class Criterion:
    """One line of the scoring card."""

    id: str
    title: LocalizedText
    max_points: Decimal
    step: Decimal
    descriptors: tuple[Descriptor, ...]
    weight: Decimal | None = None
    guidance: tuple[LocalizedText, ...] = ()
    evidence_hints: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    legal_basis: str | None = None
    applicability: ApplicabilityRule | None = None
    # The Model's elements (ids in the rubric's elements file) that the level descriptors assess; a quote
    # alone only shows where a criterion comes from (app.rubrics.elements tells the two apart).
    assesses: tuple[str, ...] = ()
    # Deduction-only (art. 15 ust. 1 pkt 6 in cal-wroclaw 2021.2): the full mark adds nothing, a lower mark
    # takes (max − points) off the card, and the criterion adds nothing to the maximum. So a clean record
    # leaves an applicant exactly where an otherwise equal newcomer stands.
    deduction: bool = False

    @property
    def effective_weight(self) -> Decimal:
        """The weight used in totals: 1 where the rubric is unweighted."""
        return self.weight if self.weight is not None else Decimal(1)

    @property
    def weighted_max(self) -> Decimal:
        """Maximum points after weighting."""
        return self.max_points * self.effective_weight

    @property
    def counted_max(self) -> Decimal:
        """What the criterion adds to the card's maximum: its weighted maximum, or 0 for a deduction."""
        return Decimal(0) if self.deduction else self.weighted_max

    def counted_points(self, points: Decimal) -> Decimal:
        """What given points add to the card total: weighted points, or −(max − points) × weight for a deduction."""
        if self.deduction:
            return (points - self.max_points) * self.effective_weight
        return points * self.effective_weight

    def applicability_for(self, context: AssessmentContext) -> Applicability:
        """Whether this criterion is scored for this call and applicant."""
        if self.applicability is None:
            return Applicability.APPLIES
        return self.applicability.evaluate(context)

    @cached_property
    def descriptor_words(self) -> tuple[str, ...]:
        """Every descriptor text (Polish and English) reduced to its words."""
        texts = [d.text.pl for d in self.descriptors] + [d.text.en for d in self.descriptors]
        return tuple(w for w in map(words_only, texts) if w)

    def descriptor_for(self, points: Decimal) -> Descriptor | None:
        """The level that the given points fall into."""
        return next((d for d in self.descriptors if d.covers(points)), None)


@dataclass(frozen=True)
class Section:
    """A group of criteria (A, B, …) on the card."""

    id: str
    title: LocalizedText
    criteria: tuple[Criterion, ...]

    @property
    def max_points(self) -> Decimal:
        """Sum of the weighted maxima of the section's criteria (a deduction adds nothing)."""
        return sum((c.counted_max for c in self.criteria), Decimal(0))


class OptionKind(StrEnum):
    """What a call option declared in a rubric file does (app.core.rubric_options)."""

    CRITERION = "criterion"  # an extra sub-criterion in a section
    VARIANT = "variant"  # a criterion replaced by a variant with the same id
    CONDITION = "condition"  # a call condition checked in the formal stage


@dataclass(frozen=True)
class RubricOption:
    """A call option: chosen when the call is created, locked with the rubric when it is announced."""

    id: str
    kind: OptionKind
    title: LocalizedText
    description: LocalizedText | None = None
    section: str | None = None  # CRITERION: where the extra criterion goes
    replaces: str | None = None  # VARIANT: the id of the criterion it replaces
    criterion: Criterion | None = None  # CRITERION and VARIANT
    condition: LocalizedText | None = None  # CONDITION: the formal-check question


@dataclass(frozen=True)
class SourceRef:
    """A source document, pinned by path (relative to the rubric file) and sha256."""

    key: str
    path: str
    sha256: str
    title: LocalizedText | None = None


@dataclass(frozen=True)
class Rubric:
    """One version of a scoring rubric."""

    id: str
    version: str
    status: str
    title: LocalizedText
    sections: tuple[Section, ...]
    sources: tuple[SourceRef, ...] = ()
    description: LocalizedText | None = None
    elements_path: str | None = None
    justification_min_chars: int = 40
    content_hash: str = ""
    options: tuple[RubricOption, ...] = ()
    chosen_options: tuple[str, ...] = ()  # the options applied (with_options), sorted
    criteria_by_id: dict[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {c.id: c for s in self.sections for c in s.criteria}
        object.__setattr__(self, "criteria_by_id", index)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All criteria in card order."""
        return tuple(c for s in self.sections for c in s.criteria)

    @property
    def is_weighted(self) -> bool:
        """True when the rubric gives weights (then every total is weighted)."""
        return any(c.weight is not None for c in self.criteria)

    @property
    def max_points(self) -> Decimal:
        """The card's maximum when every criterion applies."""
        return sum((s.max_points for s in self.sections), Decimal(0))

    def with_options(self, option_ids) -> Rubric:
        """This rubric with a call's chosen options applied (ValueError for an option it does not declare)."""
        from .rubric_options import apply_options

        return apply_options(self, option_ids)

    @property
    def conditions(self) -> tuple[RubricOption, ...]:
        """The chosen call conditions, which the formal check asks about."""
        return tuple(o for o in self.options if o.kind is OptionKind.CONDITION and o.id in self.chosen_options)

    def unsettled_criteria(self, context: AssessmentContext) -> tuple[Criterion, ...]:
        """The criteria whose applicability waits for a fact the office has not settled: scoring must wait."""
        return tuple(c for c in self.criteria if c.applicability_for(context) is Applicability.FACT_UNSETTLED)

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id (KeyError if none)."""
        return self.criteria_by_id[criterion_id]

    def source(self, key: str) -> SourceRef | None:
        """The source document with this key."""
        return next((s for s in self.sources if s.key == key), None)

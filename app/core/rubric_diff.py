"""What changed between two versions of a rubric, criterion by criterion (points, levels, quotes, options).

A committee reads it before a call to see exactly what differs from the last one. Every text keeps
both languages (LocalizedText); the page and `flask rubrics diff` choose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .numbers import canonical_decimal
from .rubric import Criterion, Descriptor, LocalizedText, Rubric, RubricOption


class Change(StrEnum):
    """What happened to a criterion, level, quote or option."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One property of a criterion that differs: its name ("max_points", "title", …), old and new value."""

    field: str
    old: str | LocalizedText | None
    new: str | LocalizedText | None


@dataclass(frozen=True)
class LevelChange:
    """A level of the scale added, removed or rewritten, named by its point range."""

    change: Change
    old: Descriptor | None
    new: Descriptor | None


@dataclass(frozen=True)
class QuoteChange:
    """A quote added or removed (an edited quote is one removed and one added)."""

    change: Change
    source: str
    chapter: str
    text: str
    en: str


@dataclass(frozen=True)
class CriterionDiff:
    """Everything that differs for one criterion id."""

    criterion_id: str
    change: Change
    title: LocalizedText
    fields: tuple[FieldChange, ...] = ()
    levels: tuple[LevelChange, ...] = ()
    quotes: tuple[QuoteChange, ...] = ()


@dataclass(frozen=True)
class OptionDiff:
    """A call option added, removed or changed (its text or its criterion)."""

    option_id: str
    change: Change
    title: LocalizedText
    criterion: CriterionDiff | None = None


@dataclass(frozen=True)
class RubricDiff:
    """Two versions compared: maxima, criteria in the new card's order (then removed ones), options."""

    old: Rubric
    new: Rubric
    criteria: tuple[CriterionDiff, ...]
    options: tuple[OptionDiff, ...]

    @property
    def max_points(self) -> tuple[Decimal, Decimal]:
        """The card's maximum before and after."""
        return self.old.max_points, self.new.max_points

    @property
    def unchanged(self) -> bool:
        """True when no criterion and no option differs."""
        return not self.criteria and not self.options


def _number(value: Decimal | None) -> str | None:
    return None if value is None else canonical_decimal(value)


def _applicability(criterion: Criterion) -> LocalizedText | None:
    rule = criterion.applicability
    if rule is None:
        return None
    return rule.note or LocalizedText(str(rule), str(rule))


def _field_changes(old: Criterion, new: Criterion) -> list[FieldChange]:
    pairs = [
        ("title", old.title, new.title),
        ("max_points", _number(old.max_points), _number(new.max_points)),
        ("step", _number(old.step), _number(new.step)),
        ("weight", _number(old.weight), _number(new.weight)),
        ("legal_basis", old.legal_basis, new.legal_basis),
        ("applicability", _applicability(old), _applicability(new)),
        ("guidance", _joined(old.guidance), _joined(new.guidance)),
        ("deduction", "yes" if old.deduction else "no", "yes" if new.deduction else "no"),
    ]
    return [FieldChange(name, before, after) for name, before, after in pairs if before != after]


def _joined(texts: tuple[LocalizedText, ...]) -> LocalizedText | None:
    if not texts:
        return None
    return LocalizedText(" ".join(t.pl for t in texts), " ".join(t.en for t in texts))


def _level_changes(old: tuple[Descriptor, ...], new: tuple[Descriptor, ...]) -> list[LevelChange]:
    """Levels matched by their point range; a range that moved shows as one removed and one added."""
    before = {(d.min, d.max): d for d in old}
    after = {(d.min, d.max): d for d in new}
    changes = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was is None:
            changes.append(LevelChange(Change.ADDED, None, now))
        elif now is None:
            changes.append(LevelChange(Change.REMOVED, was, None))
        elif (was.label, was.text) != (now.label, now.text):
            changes.append(LevelChange(Change.CHANGED, was, now))
    return changes


def _quote_changes(old: Criterion | None, new: Criterion | None) -> list[QuoteChange]:
    before = {(q.source, q.chapter, q.text): q for q in (old.quotes if old else ())}
    after = {(q.source, q.chapter, q.text): q for q in (new.quotes if new else ())}
    return ([QuoteChange(Change.REMOVED, *key, before[key].en) for key in before if key not in after]
            + [QuoteChange(Change.ADDED, *key, after[key].en) for key in after if key not in before])


def criterion_diff(old: Criterion | None, new: Criterion | None) -> CriterionDiff | None:
    """How one criterion changed (None when it did not); old or new is None when it was added or removed."""
    if old is None and new is None:
        raise ValueError("nothing to compare")
    if old is None or new is None:
        present = new or old
        change = Change.ADDED if old is None else Change.REMOVED
        levels = [LevelChange(change, None if old is None else d, d if old is None else None)
                  for d in present.descriptors]
        points = FieldChange("max_points", _number(old.max_points) if old else None,
                             _number(new.max_points) if new else None)
        return CriterionDiff(present.id, change, present.title, (points,), tuple(levels),
                             tuple(_quote_changes(old, new)))
    fields = _field_changes(old, new)
    levels = _level_changes(old.descriptors, new.descriptors)
    quotes = _quote_changes(old, new)
    if not (fields or levels or quotes):
        return None
    return CriterionDiff(new.id, Change.CHANGED, new.title, tuple(fields), tuple(levels), tuple(quotes))


def _option_diff(old: RubricOption | None, new: RubricOption | None) -> OptionDiff | None:
    present = new or old
    if old is None or new is None:
        change = Change.ADDED if old is None else Change.REMOVED
        inner = None if present.criterion is None else criterion_diff(
            None if old is None else old.criterion, None if new is None else new.criterion)
        return OptionDiff(present.id, change, present.title, inner)
    inner = criterion_diff(old.criterion, new.criterion) if (old.criterion or new.criterion) else None
    same_text = (old.kind, old.title, old.description, old.section, old.replaces, old.condition) == (
        new.kind, new.title, new.description, new.section, new.replaces, new.condition)
    if same_text and inner is None:
        return None
    return OptionDiff(new.id, Change.CHANGED, new.title, inner)


def rubric_diff(old: Rubric, new: Rubric) -> RubricDiff:
    """Criterion by criterion and option by option, what differs between two rubric versions."""
    old_ids = [c.id for c in old.criteria]
    new_ids = [c.id for c in new.criteria]
    order = new_ids + [cid for cid in old_ids if cid not in new_ids]
    criteria = [criterion_diff(old.criteria_by_id.get(cid), new.criteria_by_id.get(cid)) for cid in order]
    old_options = {o.id: o for o in old.options}
    new_options = {o.id: o for o in new.options}
    option_order = list(new_options) + [oid for oid in old_options if oid not in new_options]
    options = [_option_diff(old_options.get(oid), new_options.get(oid)) for oid in option_order]
    return RubricDiff(old, new, tuple(c for c in criteria if c is not None), tuple(o for o in options if o))

"""The rubric diff as plain text lines, for `flask rubrics diff` (labels in English, rubric texts in one language)."""

from __future__ import annotations

from app.core.numbers import canonical_decimal
from app.core.rubric import Descriptor, LocalizedText
from app.core.rubric_diff import Change, CriterionDiff, RubricDiff

SIGNS = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~"}


def _text(value, lang: str) -> str:
    if value is None:
        return "—"
    return value.get(lang) if isinstance(value, LocalizedText) else str(value)


def _level(level: Descriptor | None, lang: str) -> str:
    if level is None:
        return "—"
    return (f"{canonical_decimal(level.min)}–{canonical_decimal(level.max)} "
            f"{level.label.get(lang)}: {level.text.get(lang)}")


def criterion_lines(item: CriterionDiff, lang: str, indent: str = "") -> list[str]:
    """One criterion's changes, indented."""
    lines = [f"{indent}{SIGNS[item.change]} {item.criterion_id} {item.title.get(lang)} ({item.change.value})"]
    for field in item.fields:
        lines.append(f"{indent}    {field.field}: {_text(field.old, lang)} → {_text(field.new, lang)}")
    for level in item.levels:
        if level.change is Change.CHANGED:
            lines.append(f"{indent}    level ~ {_level(level.old, lang)}")
            lines.append(f"{indent}          → {_level(level.new, lang)}")
        else:
            lines.append(f"{indent}    level {SIGNS[level.change]} {_level(level.old or level.new, lang)}")
    for quote in item.quotes:
        text = quote.text if lang == "pl" else quote.en
        lines.append(f"{indent}    quote {SIGNS[quote.change]} [{quote.source}, {quote.chapter}] {text}")
    return lines


def diff_lines(diff: RubricDiff, lang: str) -> list[str]:
    """The whole diff: heading, maxima, criteria, options."""
    old, new = diff.old, diff.new
    lines = [f"{old.id} {old.version} → {new.id} {new.version}",
             f"max points: {canonical_decimal(diff.max_points[0])} → {canonical_decimal(diff.max_points[1])}"]
    if diff.unchanged:
        return [*lines, "no differences"]
    for item in diff.criteria:
        lines += criterion_lines(item, lang)
    for option in diff.options:
        sign, title = SIGNS[option.change], option.title.get(lang)
        lines.append(f"{sign} option {option.option_id}: {title} ({option.change.value})")
        if option.criterion is not None:
            lines += criterion_lines(option.criterion, lang, indent="    ")
    return lines

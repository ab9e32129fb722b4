"""Build a Rubric from a parsed rubric file, collecting every structural problem.

The checks that need files (source hashes, quotes) live in app/rubrics; this
module only looks at the parsed data, so it is pure and fast to test.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .numbers import canonical_decimal, is_multiple, to_decimal
from .rubric import (
    ApplicabilityRule,
    CallMode,
    Criterion,
    Descriptor,
    LocalizedText,
    Quote,
    Rubric,
    Section,
    SourceRef,
)
from .rubric_options import build_options

RUBRIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CRITERION_ID = re.compile(r"^[A-Z][A-Za-z0-9.-]*$")
SECTION_ID = CRITERION_ID
SOURCE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
STATUSES = ("draft", "published", "withdrawn")
MIN_LEVELS = 3
MAX_WEIGHT = Decimal(10)
DEFAULT_JUSTIFICATION_MIN_CHARS = 40


@dataclass(frozen=True)
class Problem:
    """One defect of a rubric file: where it is and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FieldReader:
    """Typed access to nested tables that records a Problem instead of raising."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def table(self, data: Any, key: str, where: str, *, required: bool = True) -> dict | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            if required:
                self.fail(where, f"missing table '{key}'")
            return None
        if not isinstance(value, dict):
            self.fail(where, f"'{key}' must be a table")
            return None
        return value

    def tables(self, data: dict, key: str, where: str, *, required: bool = True) -> list[dict]:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing '{key}' (at least one [[{key}]] entry)")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where, f"'{key}' must be an array of tables ([[{key}]])")
            return []
        if required and not value:
            self.fail(where, f"'{key}' is empty")
        return value

    def string(self, data: dict, key: str, where: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing field '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{key}' must be a non-empty string")
            return None
        return value.strip()

    def number(self, data: dict, key: str, where: str, *, required: bool = True) -> Decimal | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing field '{key}'")
            return None
        try:
            return to_decimal(value)
        except ValueError:
            self.fail(where, f"'{key}' must be a number, got {value!r}")
            return None

    def localized(self, data: dict, key: str, where: str, *, required: bool = True) -> LocalizedText | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing field '{key}' (a table with 'pl' and 'en')")
            return None
        if not isinstance(value, dict):
            self.fail(where, f"'{key}' must be a table with 'pl' and 'en'")
            return None
        pl = self.string(value, "pl", f"{where}, {key}")
        en = self.string(value, "en", f"{where}, {key}")
        if pl is None or en is None:
            return None
        return LocalizedText(pl=pl, en=en)


def build_rubric(data: dict) -> tuple[Rubric | None, list[Problem]]:
    """Turn a parsed rubric file into a Rubric, or None with the problems found."""
    reader = FieldReader()
    head = reader.table(data, "rubric", "") or {}
    rubric_id = reader.string(head, "id", "[rubric]")
    if rubric_id and not RUBRIC_ID.match(rubric_id):
        reader.fail("[rubric]", f"id {rubric_id!r} must be lower-case letters, digits and '-'")
    version = reader.string(head, "version", "[rubric]")
    status = reader.string(head, "status", "[rubric]")
    if status and status not in STATUSES:
        reader.fail("[rubric]", f"status {status!r} must be one of {', '.join(STATUSES)}")
    title = reader.localized(head, "title", "[rubric]")
    description = reader.localized(head, "description", "[rubric]", required=False)
    elements_path = reader.string(head, "elements", "[rubric]", required=False)
    min_chars = head.get("justification_min_chars", DEFAULT_JUSTIFICATION_MIN_CHARS)
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or not 1 <= min_chars <= 2000:
        reader.fail("[rubric]", "justification_min_chars must be a whole number from 1 to 2000")
        min_chars = DEFAULT_JUSTIFICATION_MIN_CHARS

    sources = _build_sources(reader, data)
    source_keys = {s.key for s in sources}
    sections: list[Section] = []
    seen_sections: set[str] = set()
    seen_criteria: set[str] = set()
    for s_index, raw_section in enumerate(reader.tables(data, "sections", "")):
        section = _build_section(reader, raw_section, s_index, seen_sections, seen_criteria, source_keys)
        if section is not None:
            sections.append(section)
    _check_weights(reader, sections)
    options = build_options(reader, data, sections, _build_criterion, source_keys)

    if reader.problems or not (rubric_id and version and status and title):
        return None, reader.problems
    rubric = Rubric(
        id=rubric_id,
        version=version,
        status=status,
        title=title,
        description=description,
        sections=tuple(sections),
        sources=tuple(sources),
        elements_path=elements_path,
        justification_min_chars=min_chars,
        content_hash=content_hash(data),
        options=options,
    )
    return rubric, []


def _build_sources(reader: FieldReader, data: dict) -> list[SourceRef]:
    raw = reader.table(data, "sources", "", required=False) or {}
    sources = []
    for key, value in raw.items():
        where = f"[sources.{key}]"
        if not SOURCE_KEY.match(key):
            reader.fail(where, "source key must be lower-case letters, digits, '-' or '_'")
        if not isinstance(value, dict):
            reader.fail(where, "must be a table with 'path' and 'sha256'")
            continue
        path = reader.string(value, "path", where)
        sha = reader.string(value, "sha256", where)
        if sha and not SHA256.match(sha):
            reader.fail(where, "sha256 must be 64 lower-case hex digits")
        title = reader.localized(value, "title", where, required=False)
        if path and sha:
            sources.append(SourceRef(key=key, path=path, sha256=sha, title=title))
    return sources


def _build_section(reader, raw, index, seen_sections, seen_criteria, source_keys) -> Section | None:
    section_id = reader.string(raw, "id", f"section #{index + 1}")
    where = f"section {section_id or '#' + str(index + 1)}"
    if section_id:
        if not SECTION_ID.match(section_id):
            reader.fail(where, "id must start with a capital letter (A, B1, …)")
        if section_id in seen_sections:
            reader.fail(where, f"duplicate section id {section_id!r}")
        seen_sections.add(section_id)
    title = reader.localized(raw, "title", where)
    criteria = []
    for c_index, raw_criterion in enumerate(reader.tables(raw, "criteria", where)):
        criterion = _build_criterion(reader, raw_criterion, f"{where}, criterion #{c_index + 1}",
                                     seen_criteria, source_keys)
        if criterion is not None:
            criteria.append(criterion)
    if section_id and title:
        return Section(id=section_id, title=title, criteria=tuple(criteria))
    return None


def _build_criterion(reader, raw, fallback_where, seen_criteria, source_keys) -> Criterion | None:
    criterion_id = reader.string(raw, "id", fallback_where)
    where = f"criterion {criterion_id}" if criterion_id else fallback_where
    if criterion_id:
        if not CRITERION_ID.match(criterion_id):
            reader.fail(where, "id must start with a capital letter and use letters, digits, '.', '-'")
        if criterion_id in seen_criteria:
            reader.fail(where, f"duplicate criterion id {criterion_id!r}")
        seen_criteria.add(criterion_id)
    before = len(reader.problems)
    title = reader.localized(raw, "title", where)
    max_points = reader.number(raw, "max_points", where)
    step = reader.number(raw, "step", where, required=False)
    step = Decimal(1) if step is None and "step" not in raw else step
    weight = reader.number(raw, "weight", where, required=False)
    if max_points is not None and max_points <= 0:
        reader.fail(where, f"max_points must be greater than 0, got {canonical_decimal(max_points)}")
    if step is not None and step <= 0:
        reader.fail(where, f"step must be greater than 0, got {canonical_decimal(step)}")
    elif step is not None and max_points is not None and max_points > 0 and not is_multiple(max_points, step):
        reader.fail(where, f"max_points {canonical_decimal(max_points)} is not a whole number "
                           f"of steps of {canonical_decimal(step)}")
    if weight is not None and not (0 < weight <= MAX_WEIGHT):
        reader.fail(where, f"weight must be greater than 0 and at most {MAX_WEIGHT}, "
                           f"got {canonical_decimal(weight)}")
    legal_basis = reader.string(raw, "legal_basis", where, required=False)
    guidance = _build_guidance(reader, raw, where)
    hints = _build_hints(reader, raw, where)
    quotes = _build_quotes(reader, raw, where, source_keys)
    if not quotes and not legal_basis:
        reader.fail(where, "needs at least one quote ([[sections.criteria.quotes]]) or a legal_basis")
    applicability = _build_applicability(reader, raw, where)
    deduction = raw.get("deduction", False)
    if not isinstance(deduction, bool):
        reader.fail(where, "deduction must be true or false")
        deduction = False
    assesses = raw.get("assesses", [])
    if not isinstance(assesses, list) or not all(isinstance(a, str) and a for a in assesses):
        reader.fail(where, "assesses must be a list of element ids")
        assesses = []
    descriptors = _build_descriptors(reader, raw, where, max_points, step)
    if len(reader.problems) > before or not (criterion_id and title):
        return None
    return Criterion(
        id=criterion_id, title=title, max_points=max_points, step=step, weight=weight,
        descriptors=descriptors, guidance=guidance, evidence_hints=hints, quotes=quotes,
        legal_basis=legal_basis, applicability=applicability, assesses=tuple(assesses), deduction=deduction,
    )


def _build_guidance(reader, raw, where) -> tuple[LocalizedText, ...]:
    value = raw.get("guidance")
    if value is None:
        return ()
    pl = value.get("pl") if isinstance(value, dict) else None
    en = value.get("en") if isinstance(value, dict) else None
    if not (isinstance(pl, list) and isinstance(en, list)
            and all(isinstance(q, str) and q.strip() for q in pl + en)):
        reader.fail(where, "guidance must be a table of 'pl' and 'en' lists of questions")
        return ()
    if len(pl) != len(en):
        reader.fail(where, f"guidance has {len(pl)} Polish and {len(en)} English questions")
        return ()
    return tuple(LocalizedText(pl=p.strip(), en=e.strip()) for p, e in zip(pl, en, strict=True))


def _build_hints(reader, raw, where) -> tuple[str, ...]:
    value = raw.get("evidence_hints", [])
    if not isinstance(value, list) or not all(isinstance(h, str) and h.strip() for h in value):
        reader.fail(where, "evidence_hints must be a list of lemmas")
        return ()
    hints = tuple(" ".join(h.split()) for h in value)
    for hint in hints:
        if hint != hint.lower():
            reader.fail(where, f"evidence hint {hint!r} must be a lemma in lower case")
    if len(set(hints)) != len(hints):
        reader.fail(where, "evidence_hints repeat a lemma")
    return hints


def _build_quotes(reader, raw, where, source_keys) -> tuple[Quote, ...]:
    quotes = []
    for q_index, raw_quote in enumerate(reader.tables(raw, "quotes", where, required=False)):
        q_where = f"{where}, quote #{q_index + 1}"
        source = raw_quote.get("source", "")
        if source not in source_keys:
            reader.fail(q_where, f"source {source!r} is not declared in [sources]")
        text = reader.string(raw_quote, "text", q_where)
        chapter = reader.string(raw_quote, "chapter", q_where)
        english = reader.string(raw_quote, "en", q_where)
        cited_from = reader.localized(raw_quote, "cited_from", q_where, required=False)
        if text and chapter and english:
            quotes.append(Quote(source=source, chapter=chapter, text=text, en=english, cited_from=cited_from))
    return tuple(quotes)


def _build_applicability(reader, raw, where) -> ApplicabilityRule | None:
    value = reader.table(raw, "applicability", where, required=False)
    if value is None:
        return None
    condition = reader.table(value, "applies_if", f"{where}, applicability")
    note = reader.localized(value, "note", f"{where}, applicability")
    if not condition:
        if condition is not None:
            reader.fail(f"{where}, applicability", "applies_if names no condition")
        return None
    call_mode = prior = None
    for key, expected in condition.items():
        if key == "call_mode":
            try:
                call_mode = CallMode(expected)
            except ValueError:
                reader.fail(f"{where}, applicability",
                            f"call_mode must be 'wsparcie' or 'powierzenie', got {expected!r}")
        elif key == "applicant_prior_tasks":
            if expected is not True:
                reader.fail(f"{where}, applicability", "applicant_prior_tasks can only be true")
            prior = True
        else:
            reader.fail(f"{where}, applicability", f"unknown condition {key!r}")
    return ApplicabilityRule(call_mode=call_mode, applicant_prior_tasks=prior, note=note)


def _build_descriptors(reader, raw, where, max_points, step) -> tuple[Descriptor, ...]:
    levels = []
    for l_index, raw_level in enumerate(reader.tables(raw, "levels", where)):
        l_where = f"{where}, level #{l_index + 1}"
        low = reader.number(raw_level, "min", l_where)
        high = reader.number(raw_level, "max", l_where)
        label = reader.localized(raw_level, "label", l_where)
        text = reader.localized(raw_level, "text", l_where)
        if low is not None and high is not None and label and text:
            levels.append(Descriptor(min=low, max=high, label=label, text=text))
    if not levels:
        return ()
    if len(levels) < MIN_LEVELS:
        reader.fail(where, f"needs at least {MIN_LEVELS} levels (none / partial / full), has {len(levels)}")
    if max_points is None or step is None or max_points <= 0 or step <= 0:
        return tuple(levels)
    _check_scale(reader, where, levels, max_points, step)
    return tuple(levels)


def _check_scale(reader, where, levels, max_points, step) -> None:
    """Levels must tile 0..max_points on the step grid: no gap, no overlap."""
    expected_min = Decimal(0)
    for number, level in enumerate(levels, start=1):
        span = f"level #{number} ({canonical_decimal(level.min)}–{canonical_decimal(level.max)})"
        if not (is_multiple(level.min, step) and is_multiple(level.max, step)):
            reader.fail(where, f"{span} is not on the scale step {canonical_decimal(step)}")
            return
        if level.min > level.max:
            reader.fail(where, f"{span} has min above max")
            return
        if level.min > expected_min:
            reader.fail(where, f"gap in the scale: no level covers "
                               f"{canonical_decimal(expected_min)}–{canonical_decimal(level.min - step)}")
            return
        if level.min < expected_min:
            reader.fail(where, f"{span} overlaps the level before it")
            return
        expected_min = level.max + step
    last = levels[-1].max
    if last < max_points:
        reader.fail(where, f"gap in the scale: no level covers "
                           f"{canonical_decimal(last + step)}–{canonical_decimal(max_points)}")
    elif last > max_points:
        reader.fail(where, f"the last level goes to {canonical_decimal(last)}, above max_points "
                           f"{canonical_decimal(max_points)}")


def _check_weights(reader: FieldReader, sections: list[Section]) -> None:
    criteria = [c for s in sections for c in s.criteria]
    weighted = [c.id for c in criteria if c.weight is not None]
    if weighted and len(weighted) != len(criteria):
        missing = ", ".join(c.id for c in criteria if c.weight is None)
        reader.fail("", f"weights are given for some criteria but not for {missing}: "
                        "give a weight to every criterion or to none")


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, Decimal)):
        return {"$decimal": canonical_decimal(Decimal(value))}
    if isinstance(value, (datetime, date, time)):
        return {"$datetime": value.isoformat()}
    raise TypeError(f"unexpected value in a rubric: {value!r}")


def content_hash(data: dict) -> str:
    """sha256 of the canonical JSON form of a parsed rubric file."""
    canonical = json.dumps(_canonical(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

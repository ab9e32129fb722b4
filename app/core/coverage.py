"""The CAL Model's elements and which criteria cover them.

Coverage is computed, not declared: a criterion covers an element when one of its
quotes overlaps the element's anchor in the source document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rubric import LocalizedText
from .rubric_schema import FieldReader, Problem
from .source_text import Span

ELEMENT_KINDS = ("value", "method", "effect", "condition", "partnership", "network")
ELEMENT_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class ModelElement:
    """A value, method, desired effect, condition, partnership or network element of the Model."""

    id: str
    kind: str
    name: LocalizedText
    chapter: str
    anchor: str


@dataclass(frozen=True)
class ElementSet:
    """The elements of one source document, pinned like a rubric source."""

    source: str
    sha256: str
    title: LocalizedText
    elements: tuple[ModelElement, ...]


def build_element_set(data: dict) -> tuple[ElementSet | None, list[Problem]]:
    """Turn a parsed elements file into an ElementSet, or None with the problems found."""
    reader = FieldReader()
    head = reader.table(data, "model", "") or {}
    source = reader.string(head, "source", "[model]")
    sha = reader.string(head, "sha256", "[model]")
    title = reader.localized(head, "title", "[model]")
    elements: list[ModelElement] = []
    seen: set[str] = set()
    for index, raw in enumerate(reader.tables(data, "elements", "")):
        element_id = reader.string(raw, "id", f"element #{index + 1}")
        where = f"element {element_id or '#' + str(index + 1)}"
        if element_id and not ELEMENT_ID.match(element_id):
            reader.fail(where, "id must be lower-case letters, digits and '-'")
        if element_id in seen:
            reader.fail(where, f"duplicate element id {element_id!r}")
        seen.add(element_id)
        kind = reader.string(raw, "kind", where)
        if kind and kind not in ELEMENT_KINDS:
            reader.fail(where, f"kind {kind!r} must be one of {', '.join(ELEMENT_KINDS)}")
        name = reader.localized(raw, "name", where)
        chapter = reader.string(raw, "chapter", where)
        anchor = reader.string(raw, "anchor", where)
        if element_id and kind and name and chapter and anchor:
            elements.append(ModelElement(element_id, kind, name, chapter, anchor))
    if reader.problems or not (source and sha and title):
        return None, reader.problems
    return ElementSet(source=source, sha256=sha, title=title, elements=tuple(elements)), []


def coverage(anchors: dict[str, Span], quotes: list[tuple[str, Span]]) -> dict[str, tuple[str, ...]]:
    """For each element id, the ids of the criteria with a quote overlapping its anchor, in card order."""
    matrix: dict[str, tuple[str, ...]] = {}
    for element_id, anchor in anchors.items():
        covering: list[str] = []
        for criterion_id, span in quotes:
            if span.overlaps(anchor) and criterion_id not in covering:
                covering.append(criterion_id)
        matrix[element_id] = tuple(covering)
    return matrix

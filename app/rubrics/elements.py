"""The Model's elements file: anchors checked against the source, coverage by a rubric."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.coverage import ElementSet, build_element_set, coverage
from app.core.rubric import Rubric
from app.core.rubric_schema import Problem
from app.core.source_text import SourceDocument, Span

from . import sources


@dataclass(frozen=True)
class ElementCoverage:
    """Which criteria of a rubric cover each element of the Model."""

    elements: ElementSet
    matrix: dict[str, tuple[str, ...]]  # criteria whose quotes overlap the element's anchor
    assessed: dict[str, tuple[str, ...]] | None = None  # criteria whose levels assess it (None: not declared)

    @property
    def uncovered(self) -> list[str]:
        """Ids of the elements not covered: not assessed where the rubric declares assessment, else not quoted."""
        found = self.assessed if self.assessed is not None else self.matrix
        return [e.id for e in self.elements.elements if not found[e.id]]

    def only_quoted(self, element_id: str) -> tuple[str, ...]:
        """The criteria that quote an element without assessing it."""
        assessing = (self.assessed or {}).get(element_id, ())
        return tuple(c for c in self.matrix[element_id] if c not in assessing)

    def elements_of(self, criterion_id: str) -> list:
        """The elements a criterion covers."""
        return [e for e in self.elements.elements if criterion_id in self.matrix[e.id]]


def load_elements(path: Path, root: Path) -> tuple[ElementSet | None, Path | None, dict[str, Span], list[Problem]]:
    """Read an elements file and locate every anchor (exactly once, under its chapter)."""
    where_file = f"elements file {path.name}"
    data, problems = sources.parse_toml(path)
    if data is None:
        return None, None, {}, [Problem(where_file, str(p)) for p in problems]
    element_set, problems = build_element_set(data)
    if element_set is None:
        return None, None, {}, [Problem(f"{where_file}, {p.where}", p.message) for p in problems]
    source_path, document, problem = sources.open_pinned(path.parent, element_set.source, element_set.sha256, root)
    if document is None:
        return None, None, {}, [Problem(f"{where_file}, [model]", problem)]
    anchors: dict[str, Span] = {}
    problems = []
    for element in element_set.elements:
        where = f"{where_file}, element {element.id}"
        spans = document.find(element.anchor)
        if len(spans) != 1:
            found = "nowhere" if not spans else f"{len(spans)} times"
            problems.append(Problem(where, f"the anchor must occur exactly once in the source, it occurs {found}"))
            continue
        chapter = document.chapter_at(spans[0].start)
        if chapter != element.chapter:
            problems.append(Problem(where, f"chapter {element.chapter!r} is not the nearest heading above the "
                                           f"anchor, which stands under {chapter!r}"))
            continue
        anchors[element.id] = spans[0]
    return element_set, source_path, anchors, problems


def rubric_coverage(rubric: Rubric, rubric_dir: Path, root: Path) -> tuple[ElementCoverage | None, list[Problem]]:
    """Coverage of the Model's elements by the rubric's quotes; uncovered elements are problems."""
    resolved = sources.resolve_inside(rubric_dir, rubric.elements_path, root)
    if resolved is None or not resolved.is_file():
        return None, [Problem("[rubric]", f"elements file {rubric.elements_path!r} does not exist in the repository")]
    element_set, source_path, anchors, problems = load_elements(resolved, root)
    if element_set is None or problems:
        return None, problems
    quote_spans: list[tuple[str, Span]] = []
    for criterion in rubric.criteria:
        for quote in criterion.quotes:
            ref = rubric.source(quote.source)
            if ref is None or sources.resolve_inside(rubric_dir, ref.path, root) != source_path:
                continue
            document: SourceDocument = sources.document(source_path, ref.sha256)
            quote_spans.extend((criterion.id, span) for span in document.find(quote.text))
    names = {e.id: e.name.pl for e in element_set.elements}
    declared = any(c.assesses for c in rubric.criteria)
    problems = [Problem(f"criterion {c.id}", f"assesses {element_id!r}, which is not an element of the Model")
                for c in rubric.criteria for element_id in c.assesses if element_id not in names]
    assessed = {e.id: tuple(c.id for c in rubric.criteria if e.id in c.assesses) for e in element_set.elements} \
        if declared else None
    result = ElementCoverage(element_set, coverage(anchors, quote_spans), assessed)
    why = "no criterion's levels assess it" if declared else "no quote overlaps its anchor"
    problems += [Problem(f"element {element_id}", f"the Model's element {names[element_id]!r} is covered by no "
                                                  f"criterion: {why}")
                 for element_id in result.uncovered]
    return result, problems

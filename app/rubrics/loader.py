"""Read a rubric file and check it against the documents it quotes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.rubric import Criterion, Rubric
from app.core.rubric_schema import Problem, build_rubric
from app.core.source_text import MIN_QUOTE_WORDS, SourceDocument, normalise, word_count

from .elements import ElementCoverage, rubric_coverage
from .sources import open_pinned, parse_toml


@dataclass(frozen=True)
class RubricFile:
    """A rubric file as read: the rubric when it is sound, else the problems found."""

    path: Path
    rubric: Rubric | None
    problems: tuple[Problem, ...]
    coverage: ElementCoverage | None = None

    @property
    def ok(self) -> bool:
        """True when the file has no problems."""
        return not self.problems


def load_rubric(path: Path, root: Path) -> RubricFile:
    """Load and fully validate one rubric file; ``root`` is the repository it must stay in."""
    data, problems = parse_toml(path)
    if data is None:
        return RubricFile(path, None, tuple(problems))
    rubric, problems = build_rubric(data)
    if rubric is None:
        return RubricFile(path, None, tuple(problems))
    documents, problems = _check_sources(rubric, path.parent, root)
    option_criteria = [o.criterion for o in rubric.options if o.criterion is not None]
    for criterion in (*rubric.criteria, *option_criteria):
        problems.extend(_check_quotes(criterion, documents))
    coverage = None
    if rubric.elements_path and not problems:
        coverage, coverage_problems = rubric_coverage(rubric, path.parent, root)
        problems.extend(coverage_problems)
    if problems:
        return RubricFile(path, None, tuple(problems), coverage)
    return RubricFile(path, rubric, (), coverage)


def _check_sources(rubric: Rubric, base: Path, root: Path) -> tuple[dict[str, SourceDocument], list[Problem]]:
    documents: dict[str, SourceDocument] = {}
    problems: list[Problem] = []
    for source in rubric.sources:
        _, document, problem = open_pinned(base, source.path, source.sha256, root)
        if document is None:
            problems.append(Problem(f"[sources.{source.key}]", problem))
        else:
            documents[source.key] = document
    return documents, problems


def _check_quotes(criterion: Criterion, documents: dict[str, SourceDocument]) -> list[Problem]:
    problems = []
    for number, quote in enumerate(criterion.quotes, start=1):
        where = f"criterion {criterion.id}, quote #{number}"
        document = documents.get(quote.source)
        if document is None:
            continue  # the source itself is reported as broken
        words = word_count(quote.text)
        if words < MIN_QUOTE_WORDS:
            problems.append(Problem(where, f"a quote needs at least {MIN_QUOTE_WORDS} words, this has {words}"))
            continue
        spans = document.find(quote.text)
        if not spans:
            problems.append(Problem(where, "not a continuous span of the source "
                                           f"'{quote.source}': {_divergence(document, quote.text)}"))
            continue
        chapters = {document.chapter_at(span.start) for span in spans}
        if quote.chapter not in chapters:
            found = " / ".join(sorted(c or "(no heading)" for c in chapters))
            problems.append(Problem(where, f"chapter {quote.chapter!r} is not the nearest heading above "
                                           f"the quote, which stands under {found!r}"))
    return problems


def _divergence(document: SourceDocument, quote: str) -> str:
    """Say where a quote stops matching the source, to make a one-word edit easy to find."""
    words = normalise(quote).split(" ")
    matched = 0
    low, high = 1, len(words)
    while low <= high:
        middle = (low + high) // 2
        if document.find(" ".join(words[:middle])):
            matched, low = middle, middle + 1
        else:
            high = middle - 1
    if matched == len(words):
        return "it cuts a word at its start or end"
    if matched == 0:
        return f"its first word {words[0]!r} does not start any span of the source"
    tail = " ".join(words[max(0, matched - 4):matched])
    return f"it matches up to “…{tail}” and then differs at {words[matched]!r}"

"""How well the self-check finds the CAL Model's elements and the budget errors in labelled drafts.

    python -m bench.selfcheck_eval [--data DIR] [--split dev|held-out|held-out-2]

Every draft of DIR (default tests/data/selfcheck-eval; the format is in its README.md) is read by the
self-check's own reader (a .txt draft is made into a .docx first; a .docx, .odt or .pdf is read as
uploaded) and checked against the CAL rubric. "Addressed" is the
positive class; "mentioned only" and "not found" are not addressed. Precision and recall are
micro-averaged over (draft, element) pairs, per element, per draft type and over all. Exit 1 when a
target of issue #16 is missed.
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import docx

from app.core.offer_checks import Severity
from app.core.selfcheck import SelfCheckReport, check_draft
from app.rubrics.loader import load_rubric
from app.selfcheck.element_hints import hints_path, load_element_hints
from app.selfcheck.lemmatizer import simplemma_lemmatizer
from app.selfcheck.readers import read_upload
from app.selfcheck.targets import Target

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "rubrics" / "cal-2021.toml"
DATA = ROOT / "tests" / "data" / "selfcheck-eval"
TARGET_PRECISION = TARGET_RECALL = 0.85
THIN_TYPES = ("thin", "stuffed")
THIN_MAX_SHARE = 0.25
UPLOADED = (".docx", ".odt", ".pdf")  # a draft kept as the file an NGO would upload
SPLITS = ("dev", "held-out", "held-out-2")


@dataclass(frozen=True)
class LabelledDraft:
    """A draft of the set, its labels, and what the self-check made of it."""

    name: str
    type: str
    split: str
    addressed: frozenset[str]
    not_addressed: frozenset[str]
    budget_errors: frozenset[str]
    report: SelfCheckReport

    @property
    def found(self) -> frozenset[str]:
        """Elements the self-check shows as addressed."""
        return frozenset(s.element.id for s in self.report.elements if s.addressed)

    @property
    def errors_found(self) -> frozenset[str]:
        """Error codes the budget check reported."""
        return frozenset(i.code.value for i in self.report.issues if i.severity is Severity.ERROR)


@dataclass
class Counts:
    """True and false positives and false negatives of "addressed"."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    pairs: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, labelled: bool, found: bool) -> None:
        """Count one (draft, element) pair."""
        self.pairs += 1
        self.tp += labelled and found
        self.fp += found and not labelled
        self.fn += labelled and not found

    @property
    def precision(self) -> float | None:
        """Share of the elements shown as addressed that are labelled addressed."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of the labelled addressed elements shown as addressed."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def docx_of(text: str) -> bytes:
    """A draft's text as Word writes it: a paragraph per line, "|" rows as tables."""
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=0, cols=max(len(r) for r in rows))
            for cells in rows:
                for cell, value in zip(table.add_row().cells, cells, strict=False):
                    cell.text = value
            rows.clear()

    for line in text.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        if line.strip():
            document.add_paragraph(line)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def draft_file(label_file: Path) -> tuple[bytes, str]:
    """The draft beside a label file, as an upload: its bytes and file name."""
    for suffix in UPLOADED:
        path = label_file.with_suffix(suffix)
        if path.exists():
            return path.read_bytes(), path.name
    text = label_file.with_suffix(".txt").read_text(encoding="utf-8")
    return docx_of(text), label_file.with_suffix(".docx").name


def load_set(folder: Path) -> list[LabelledDraft]:
    """Every labelled draft of a folder, checked by the self-check."""
    rubric_file = load_rubric(RUBRIC, ROOT)
    target = Target(rubric_file.rubric, rubric_file.coverage)
    hints = load_element_hints(hints_path(RUBRIC.parent, rubric_file.rubric))
    lemmatizer = simplemma_lemmatizer()
    drafts = []
    for label_file in sorted(folder.glob("*.toml")):
        labels = tomllib.loads(label_file.read_text(encoding="utf-8"))
        draft = read_upload(*draft_file(label_file))
        report = check_draft(draft, target.rubric, lemmatizer, terms=None, context=target.context(draft.offer),
                             elements=target.coverage.elements.elements, coverage=target.coverage.matrix,
                             element_hints=hints)
        drafts.append(LabelledDraft(label_file.stem, labels["type"], labels.get("split", "dev"),
                                    frozenset(labels.get("addressed", ())), frozenset(labels.get("not_addressed", ())),
                                    frozenset(labels.get("budget", {}).get("errors", ())), report))
    return drafts


@dataclass
class Tally:
    """Counts over all pairs, per element, per kind of element and per draft type."""

    total: Counts = field(default_factory=Counts)
    by_element: dict[str, Counts] = field(default_factory=dict)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    by_type: dict[str, Counts] = field(default_factory=dict)


def tally(drafts: Iterable[LabelledDraft]) -> Tally:
    """Counts over all labelled (draft, element) pairs."""
    result = Tally()
    for draft in drafts:
        kinds = {state.element.id: state.element.kind for state in draft.report.elements}
        for element_id in sorted(draft.addressed | draft.not_addressed):
            labelled, found = element_id in draft.addressed, element_id in draft.found
            element = result.by_element.setdefault(element_id, Counts())
            for counts in (result.total, element, result.by_kind.setdefault(kinds.get(element_id, "?"), Counts()),
                           result.by_type.setdefault(draft.type, Counts())):
                counts.add(labelled, found)
            if labelled != found:
                element.names.append(f"{draft.name}:{'FP' if found else 'FN'}")
    return result


def _figure(value: float | None) -> str:
    return "  –  " if value is None else f"{value:.2f}"


def report_lines(drafts: list[LabelledDraft]) -> tuple[list[str], bool]:
    """The printed table, and whether every target holds."""
    counted = tally(drafts)
    total = counted.total
    lines = [f"{len(drafts)} drafts, {total.pairs} (draft, element) pairs", "",
             f"{'element':40} {'precision':>9} {'recall':>7}  misses"]
    lines += [f"{element_id:40} {_figure(c.precision):>9} {_figure(c.recall):>7}  {' '.join(c.names)}"
              for element_id, c in sorted(counted.by_element.items())]
    for title, table in (("element kind", counted.by_kind), ("draft type", counted.by_type)):
        lines += ["", f"{title:40} {'precision':>9} {'recall':>7} {'pairs':>6}"]
        lines += [f"{kind:40} {_figure(c.precision):>9} {_figure(c.recall):>7} {c.pairs:>6}"
                  for kind, c in sorted(table.items())]
    lines += [f"{'all':40} {_figure(total.precision):>9} {_figure(total.recall):>7}", ""]
    ok = (total.precision or 0) >= TARGET_PRECISION and (total.recall or 0) >= TARGET_RECALL
    for draft in drafts:
        shown = len(draft.found)
        elements = len(draft.report.elements)
        line = f"{draft.name:28} {draft.type:9} {draft.split:8} addressed {shown:2}/{elements}"
        if draft.type in THIN_TYPES:
            thin_ok = shown <= THIN_MAX_SHARE * elements
            ok &= thin_ok
            line += f" (target ≤ {int(THIN_MAX_SHARE * elements)}: {'met' if thin_ok else 'MISSED'})"
        missing, extra = draft.budget_errors - draft.errors_found, draft.errors_found - draft.budget_errors
        budget_ok = not missing and not extra
        ok &= budget_ok
        line += f"; budget errors {sorted(draft.errors_found) or 'none'}"
        if not budget_ok:
            line += f" MISSED {sorted(missing)} EXTRA {sorted(extra)}"
        lines.append(line)
    lines.append(f"targets: precision and recall ≥ {TARGET_PRECISION}, thin/stuffed ≤ a quarter addressed, every "
                 f"budget error caught and none claimed: {'met' if ok else 'MISSED'}")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of labelled drafts")
    parser.add_argument("--split", choices=SPLITS, help="only this part of the set")
    args = parser.parse_args(argv)
    drafts = [d for d in load_set(args.data) if args.split is None or d.split == args.split]
    lines, ok = report_lines(drafts)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Evidence per element of the CAL Model: which passages of a draft describe how the element is done.

Each element has its own hints (lemmas and multi-word phrases) and strong phrases, kept as data.
An element is

- **addressed** when two independent sentences match its hints, or one sentence uses a strong
  phrase ("spacer badawczy", "diagnoza potrzeb");
- **mentioned only** when something matches, but not enough for that;
- **not found** otherwise; an element without hints is not assessed at all.

What is never evidence: the form's headings (the draft leaves them out before this), names of
city units and other bodies (stop phrases: "Zespół Terenowej Pracy Socjalnej" is not the
applicant's team), and bare lists of words with no sentence around them. The Model's own words for
an element ("relacje międzyludzkie zostaną wzmocnione") are a mention, never what makes it
addressed, and a hint standing inside them does not count either; a sentence that names many
elements at once by those words ("solidarnością, otwartością na różnorodność, spójnością…") counts
for none of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .evidence import EvidenceIndex, EvidenceMatch

TWO_PASSAGES = 2
# A sentence that uses the Model's own names of this many elements only names them.
NAMING_ELEMENTS = 3
# A "sentence" cut by commas, colons or semicolons into this many items, nearly all of them short, is a list.
LIST_MIN_ITEMS = 4
LIST_SHORT_ITEM_WORDS = 3
LIST_SHORT_SHARE = 0.75
LIST_LONGEST_ITEM_WORDS = 5  # an item longer than this is a clause: the sentence says something
_LIST_SEPARATORS = re.compile(r"[,;:•·|/]|\s[–—-]\s")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_DIGIT = re.compile(r"\d")


class ElementStatus(StrEnum):
    """How far a draft addresses one element of the Model."""

    ADDRESSED = "addressed"
    MENTIONED = "mentioned"
    NOT_FOUND = "not_found"
    NOT_ASSESSED = "not_assessed"  # the element has no hints (yet)


@dataclass(frozen=True)
class ElementHints:
    """An element's evidence hints: ``hints`` need two sentences, one ``strong`` phrase is enough."""

    hints: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    distinct: int = 0  # a sentence matching this many different hints counts as strong; 0: never
    names: tuple[str, ...] = ()  # the Model's own words for the element: a hint, and a sign of naming

    @property
    def empty(self) -> bool:
        """True when there is nothing to look for."""
        return not self.hints and not self.strong and not self.names


@dataclass(frozen=True)
class SentenceEvidence:
    """One sentence of the draft that matches an element's hints, and how much it may count."""

    start: int
    end: int
    matches: tuple[EvidenceMatch, ...]
    strong: bool  # a strong phrase matched
    counts: bool  # False for a sentence that only names elements


@dataclass(frozen=True)
class ElementFinding:
    """The status of one element in a draft, with its sentences and those that made it addressed."""

    element_id: str
    status: ElementStatus
    sentences: tuple[SentenceEvidence, ...] = ()
    deciding: tuple[SentenceEvidence, ...] = ()  # the strong sentence, or the first two that count


def stop_spans(index: EvidenceIndex, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Where names that are never evidence stand in the draft (city units, other bodies)."""
    return [(m.start, m.end) for phrase in phrases for m in index.find(phrase, snippets=False)]


def without_stopped(matches: Sequence[EvidenceMatch], spans: Sequence[tuple[int, int]]) -> list[EvidenceMatch]:
    """The matches that do not stand inside a stop phrase (a match larger than the phrase stays)."""
    if not spans:
        return list(matches)
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    # The spans are few and short: a span holding a match starts at or before it, and the longest
    # span bounds how far back to look.
    reach = max(end - start for start, end in ordered)
    kept = []
    for match in matches:
        first = bisect.bisect_left(starts, match.start - reach)
        last = bisect.bisect_right(starts, match.start)
        if not any(ordered[i][1] >= match.end for i in range(first, last)):
            kept.append(match)
    return kept


def is_bare_list(sentence: str) -> bool:
    """True for words strung together with commas or colons, with no sentence around them."""
    items = [item for item in _LIST_SEPARATORS.split(sentence) if _WORD.search(item)]
    # Figures make it a statement ("Wskaźnik: liczba inicjatyw – 12 – protokoły"), not a list of words.
    if len(items) < LIST_MIN_ITEMS or _DIGIT.search(sentence):
        return False
    lengths = [len(_WORD.findall(item)) for item in items]
    short = sum(1 for length in lengths if length <= LIST_SHORT_ITEM_WORDS)
    return short >= LIST_SHORT_SHARE * len(items) and max(lengths) <= LIST_LONGEST_ITEM_WORDS


def find_elements(index: EvidenceIndex, hints: Mapping[str, ElementHints], element_ids: Sequence[str], *,
                  stop_phrases: Sequence[str] = (),
                  ignored: Sequence[tuple[int, int]] = (),
                  ignored_for: Mapping[str, Sequence[tuple[int, int]]] | None = None) -> dict[str, ElementFinding]:
    """For each element id, its finding in the draft behind ``index``; matches inside ``ignored`` spans
    (e.g. the budget tables' cells), or inside an element's own ``ignored_for`` spans, do not count."""
    document = index.document
    stopped = [*stop_spans(index, stop_phrases), *ignored]
    found: dict[str, dict[tuple[int, int], list[tuple[EvidenceMatch, str]]]] = {}
    named: dict[tuple[int, int], set[str]] = {}
    for element_id in element_ids:
        element = hints.get(element_id)
        if element is None or element.empty:
            continue
        skipped = [*stopped, *(ignored_for or {}).get(element_id, ())]
        by_sentence: dict[tuple[int, int], list[tuple[EvidenceMatch, str]]] = {}
        for kind, phrases in (("strong", element.strong), ("hint", element.hints), ("name", element.names)):
            for phrase in phrases:
                for match in without_stopped(index.find(phrase, snippets=False), skipped):
                    sentence = document.sentence_at(match.start)
                    by_sentence.setdefault(sentence, []).append((match, kind))
                    if kind == "name":
                        named.setdefault(sentence, set()).add(element_id)
        found[element_id] = by_sentence
    # The Model's own words are a mention wherever they stand: a hint inside them ("społeczności" in
    # "praca ze społecznością lokalną") describes nothing.
    name_spans = [(m.start, m.end) for by_sentence in found.values() for pairs in by_sentence.values()
                  for m, kind in pairs if kind == "name"]
    lists = {key for by_sentence in found.values() for key in by_sentence
             if is_bare_list(document.text[key[0]:key[1]])}
    naming = {sentence for sentence, elements in named.items() if len(elements) >= NAMING_ELEMENTS}
    findings = {}
    for element_id in element_ids:
        if element_id not in found:
            findings[element_id] = ElementFinding(element_id, ElementStatus.NOT_ASSESSED)
            continue
        distinct = hints[element_id].distinct
        sentences = tuple(_sentence(start, end, pairs, name_spans, distinct, (start, end) not in naming)
                          for (start, end), pairs in sorted(found[element_id].items()) if (start, end) not in lists)
        findings[element_id] = _finding(element_id, sentences)
    return findings


def _sentence(start: int, end: int, pairs: Sequence[tuple[EvidenceMatch, str]], name_spans: Sequence[tuple[int, int]],
              distinct: int, counts: bool) -> SentenceEvidence:
    """A sentence's evidence for one element: strong by a strong phrase or by ``distinct`` different hints,
    counting only when something in it is more than the Model's own words."""
    describing = set(without_stopped([m for m, kind in pairs if kind != "name"], name_spans))
    strong = any(kind == "strong" and m in describing for m, kind in pairs) or (
        distinct > 0 and len({m.hint for m in describing}) >= distinct)
    return SentenceEvidence(start, end, tuple(sorted({m for m, _ in pairs}, key=lambda m: m.start)),
                            strong=strong, counts=counts and bool(describing))


def _finding(element_id: str, sentences: tuple[SentenceEvidence, ...]) -> ElementFinding:
    counting = [s for s in sentences if s.counts]
    strong = next((s for s in counting if s.strong), None)
    if strong is not None:
        return ElementFinding(element_id, ElementStatus.ADDRESSED, sentences, (strong,))
    if len(counting) >= TWO_PASSAGES:
        return ElementFinding(element_id, ElementStatus.ADDRESSED, sentences, tuple(counting[:TWO_PASSAGES]))
    if sentences:
        return ElementFinding(element_id, ElementStatus.MENTIONED, sentences)
    return ElementFinding(element_id, ElementStatus.NOT_FOUND)


@dataclass(frozen=True)
class ElementHintSet:
    """The hints of every element that has them, and the names that are never evidence."""

    elements: dict[str, ElementHints]
    stop_phrases: tuple[str, ...] = ()


def build_element_hints(data: Mapping) -> tuple[ElementHintSet | None, list[str]]:
    """The hint set from a parsed hints file, or None with what is wrong in it."""
    problems: list[str] = []

    def phrases(raw: object, where: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
            problems.append(f"{where} must be a list of non-empty strings")
            return ()
        return tuple(" ".join(p.split()) for p in raw)

    stop = phrases(data.get("stop_phrases"), "stop_phrases")
    raw_elements = data.get("elements", {})
    if not isinstance(raw_elements, Mapping):
        return None, ["[elements] must be a table of element ids"]
    elements = {}
    for element_id, raw in raw_elements.items():
        where = f"elements.{element_id}"
        if not isinstance(raw, Mapping) or set(raw) - {"hints", "strong", "distinct", "names"}:
            problems.append(f"{where} may only have names, hints, strong and distinct")
            continue
        distinct = raw.get("distinct", 0)
        if not isinstance(distinct, int) or isinstance(distinct, bool) or distinct < 0:
            problems.append(f"{where}.distinct must be a whole number ≥ 0")
            distinct = 0
        elements[str(element_id)] = ElementHints(phrases(raw.get("hints"), f"{where}.hints"),
                                                 phrases(raw.get("strong"), f"{where}.strong"), distinct,
                                                 phrases(raw.get("names"), f"{where}.names"))
    return (None, problems) if problems else (ElementHintSet(elements, stop), [])

"""Source documents: normalised text, headings, and where a quote stands in it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_QUOTE_WORDS = 8

_QUOTE_MARKS = str.maketrans({"„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "‟": '"'})
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‑": "-", "―": "-"})
# A hyphen at a line end between two letters, the next one lower case, splits one word.
_HYPHENATION = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_A-ZĄĆĘŁŃÓŚŹŻ])")
# Any other hyphen at a line end (Bielsko-|Biała, 2018-|2022) stays, without the break.
_BROKEN_COMPOUND = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=\w)")
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"\w+")
_HEADING_END = (".", ",", ";", ":")


def normalise(text: str) -> str:
    """Text as compared: NFC, hyphenation joined, one kind of quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _HYPHENATION.sub("", text)
    text = _BROKEN_COMPOUND.sub("-", text)
    text = text.translate(_QUOTE_MARKS).translate(_DASHES)
    return _WHITESPACE.sub(" ", text).strip()


def word_count(text: str) -> int:
    """Number of words in a text."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Span:
    """A half-open range [start, end) of the normalised source text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class _Paragraph:
    start: int
    chapter: str | None


class SourceDocument:
    """A source document prepared for finding quotes and their chapters."""

    def __init__(self, raw: str) -> None:
        raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))
        parts: list[str] = []
        paragraphs: list[_Paragraph] = []
        headings: list[str] = []
        offset = 0
        chapter: str | None = None
        for block in _PARAGRAPH_BREAK.split(raw):
            text = normalise(block)
            if not text:
                continue
            paragraphs.append(_Paragraph(start=offset, chapter=chapter))
            parts.append(text)
            offset += len(text) + 1
            if _is_heading(block):
                chapter = text[2:] if text.startswith("- ") else text
                headings.append(chapter)
        self.text = " ".join(parts)
        self.headings: tuple[str, ...] = tuple(headings)
        self._paragraphs = tuple(paragraphs)

    def find(self, quote: str) -> list[Span]:
        """Every place where the quote stands as a whole-word span of the source."""
        needle = normalise(quote)
        spans: list[Span] = []
        if not needle:
            return spans
        start = self.text.find(needle)
        while start != -1:
            end = start + len(needle)
            if _word_boundary(self.text, start, end):
                spans.append(Span(start, end))
            start = self.text.find(needle, start + 1)
        return spans

    def chapter_at(self, offset: int) -> str | None:
        """The nearest heading above the given offset."""
        chapter = None
        for paragraph in self._paragraphs:
            if paragraph.start > offset:
                break
            chapter = paragraph.chapter
        return chapter


def _is_heading(block: str) -> bool:
    lines = [line for line in block.strip().splitlines() if line.strip()]
    return len(lines) == 1 and not lines[0].rstrip().endswith(_HEADING_END)


def _word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    return not (first.isalnum() and before.isalnum()) and not (last.isalnum() and after.isalnum())

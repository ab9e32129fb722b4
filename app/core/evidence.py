"""Where a draft offer speaks to a criterion: passages whose words' lemmas match its evidence hints.

A hint is one or more lemmas ("sąsiad", "rada osiedla"). A word of the draft matches a
hint word when their keys meet: a word's keys are its lower-case form and its lemma, so
"sąsiadami" matches "sąsiad", and the genitive "osiedla" in the hint "rada osiedla"
matches "osiedla" in the draft whatever the lemmatiser makes of it. The lemmatiser is
passed in, so this module stays free of any language library.

Two more forms, for what Polish says in many ways:

- a hint word may list alternatives with "|" ("pytać|zapytać mieszkaniec|sąsiad"): the lemmatiser
  keeps a verb's aspects and prefixed forms apart, a family of words does not;
- words joined by " + " ("mieszkaniec|sąsiad + sam") must stand in one sentence within
  ``NEAR_WORDS`` words of each other, in any order ("mieszkańcy sami decydują", "sami
  mieszkańcy", "ludzie będą sami decydować").

An abbreviation before its full stop ("ul.", "pl.", "al.") is never matched: an address is not a
street party.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .rubric import Criterion

# Letters, with combining marks (Word may store "ż" as "z" + U+0307) and soft hyphens
# inside; parts joined by a hyphen stay one word (MOPS-u, społeczno-kulturalny).
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
_PART = rf"{_LETTER}(?:{_LETTER}|\u00ad)*"
_WORD = re.compile(rf"{_PART}(?:[-\u2010\u2011]{_PART})*")
# Word's paragraph mark; its manual line break (Shift+Enter, \v or U+2028) stays inside a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\r\n|[\r\n\u2029]")
_BETWEEN_WORDS = re.compile(r"\s+")  # \s also takes the no-break space and Word's line breaks
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»)\]]*(?=\s)")
_OPENING = "(„\"'«[“"
# Abbreviations after which a full stop does not end a sentence, even before a capital.
ABBREVIATIONS = frozenset({
    "al", "dr", "hab", "im", "inż", "itd", "itp", "jw", "lic", "m.in", "mgr", "nr", "np", "ok", "os",
    "p", "pkt", "pl", "pn", "por", "prof", "r", "ryc", "św", "tab", "tel", "tj", "tzn", "tzw", "ul", "ust",
    "wg", "zob", "ds", "ww",
})


# A " + " hint's words stand at most this many words apart.
NEAR_WORDS = 8
NEAR = " + "
ALTERNATIVES = "|"


class Lemmatizer(Protocol):
    """Anything that gives the lemma of one word."""

    def lemma(self, word: str) -> str:
        """The lower-case lemma of a word."""
        ...


class CachedLemmatizer:
    """A lemmatiser that asks its base once per distinct word (a draft repeats its words)."""

    def __init__(self, base: Lemmatizer) -> None:
        self._base = base
        self._lemmas: dict[str, str] = {}

    def lemma(self, word: str) -> str:
        """The base lemmatiser's lemma, remembered."""
        found = self._lemmas.get(word)
        if found is None:
            found = self._lemmas[word] = self._base.lemma(word).lower()
        return found


@dataclass(frozen=True)
class Word:
    """A word of the draft: its text, where it stands, and its normalised lower-case form."""

    text: str
    start: int
    end: int
    paragraph: int
    key: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (a line of the draft as Word writes it), numbered from 1."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Snippet:
    """A piece of the draft around a match, with the match's place inside it (no markup)."""

    text: str
    start: int  # offset of the snippet in the draft
    match_start: int  # offsets of the match inside ``text``
    match_end: int
    clipped_before: bool  # the sentence goes on before the snippet
    clipped_after: bool

    @property
    def before(self) -> str:
        """Text before the match."""
        return self.text[:self.match_start]

    @property
    def match(self) -> str:
        """The matched text."""
        return self.text[self.match_start:self.match_end]

    @property
    def after(self) -> str:
        """Text after the match."""
        return self.text[self.match_end:]


@dataclass(frozen=True)
class EvidenceMatch:
    """One place where the draft uses a hint: what matched, where, and a snippet to show."""

    hint: str
    text: str
    paragraph: int
    start: int
    end: int
    snippet: Snippet | None  # None when the search was asked for none


def normalise_word(word: str) -> str:
    """A word as looked up: NFC, soft hyphens dropped, lower case."""
    return unicodedata.normalize("NFC", word.replace("\u00ad", "")).lower()


def word_keys(word: str, lemmatizer: Lemmatizer) -> frozenset[str]:
    """What a word can match: its lower-case form and its lemma."""
    key = normalise_word(word)
    return frozenset((key, lemmatizer.lemma(key).lower()))


def hint_word_keys(word: str, lemmatizer: Lemmatizer) -> frozenset[str]:
    """What a hint's word matches: the keys of each of its "|" alternatives."""
    return frozenset(key for alternative in word.split(ALTERNATIVES) if alternative
                     for key in word_keys(alternative, lemmatizer))


class DraftDocument:
    """A draft's text split into paragraphs, sentences and words, each with its offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        paragraphs: list[Paragraph] = []
        words: list[Word] = []
        sentence_starts: list[int] = []
        start = 0
        for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            if text[start:end].strip():
                number = len(paragraphs) + 1
                paragraphs.append(Paragraph(number, start, end))
                sentence_starts.extend(self._sentence_starts(start, end))
                words.extend(Word(m.group(), m.start(), m.end(), number, normalise_word(m.group()))
                             for m in _WORD.finditer(text, start, end))
            start = match.end() if match else end
        self.paragraphs: tuple[Paragraph, ...] = tuple(paragraphs)
        self.words: tuple[Word, ...] = tuple(words)
        self._sentence_starts = sentence_starts
        self._paragraph_starts = [p.start for p in paragraphs]
        self._word_starts = [w.start for w in words]

    def _sentence_starts(self, start: int, end: int) -> list[int]:
        starts = [_skip_space(self.text, start, end)]
        for match in _SENTENCE_END.finditer(self.text, start, end):
            following = _skip_space(self.text, match.end(), end)
            # "3. miejsce", "ok. 40 osób", "itd. oraz": no new sentence before a small letter or after
            # an abbreviation.
            if following == end or self.text[following].islower() or _is_abbreviation(self.text, match.start()):
                continue
            starts.append(following)
        return starts

    def paragraph_of(self, offset: int) -> Paragraph:
        """The paragraph that holds an offset (the last one before it, between paragraphs)."""
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        return self.paragraphs[max(index, 0)]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """Start and end of the sentence that holds an offset; a sentence never crosses a paragraph."""
        index = max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)
        start = self._sentence_starts[index]
        paragraph_end = self.paragraph_of(offset).end
        following = self._sentence_starts[index + 1] if index + 1 < len(self._sentence_starts) else paragraph_end
        return start, min(following, paragraph_end)

    def snippet(self, start: int, end: int, context_words: int = 12) -> Snippet:
        """The sentence around [start, end), cut to at most ``context_words`` words on each side."""
        sentence_start, sentence_end = self.sentence_at(start)
        sentence_end = _trim_space(self.text, sentence_start, sentence_end)
        first = bisect.bisect_left(self._word_starts, start)
        last = bisect.bisect_left(self._word_starts, end) - 1
        low, high = first - context_words, last + context_words
        clipped_before = low > 0 and self.words[low - 1].start >= sentence_start
        clipped_after = high + 1 < len(self.words) and self.words[high + 1].start < sentence_end
        snippet_start = self.words[max(low, 0)].start if clipped_before else sentence_start
        snippet_end = self.words[high].end if clipped_after else sentence_end
        snippet_start, snippet_end = min(snippet_start, start), max(snippet_end, end)
        return Snippet(
            text=self.text[snippet_start:snippet_end], start=snippet_start,
            match_start=start - snippet_start, match_end=end - snippet_start,
            clipped_before=clipped_before, clipped_after=clipped_after,
        )


class EvidenceIndex:
    """A draft prepared for looking up many hints: each word's keys, and where each key occurs."""

    def __init__(self, document: DraftDocument, lemmatizer: Lemmatizer) -> None:
        self.document = document
        self.lemmatizer = lemmatizer if isinstance(lemmatizer, CachedLemmatizer) else CachedLemmatizer(lemmatizer)
        self._positions: dict[str, list[int]] = {}
        self._keys: list[frozenset[str]] = []
        text = document.text
        for index, word in enumerate(document.words):
            abbreviated = text[word.end:word.end + 1] == "." and word.key in ABBREVIATIONS
            keys = frozenset() if abbreviated else frozenset((word.key, self.lemmatizer.lemma(word.key)))
            self._keys.append(keys)
            for key in keys:
                self._positions.setdefault(key, []).append(index)

    def find(self, hint: str, *, context_words: int = 12, snippets: bool = True) -> list[EvidenceMatch]:
        """Every place where the hint's words stand in a row, in the order of the draft; without
        ``snippets`` the matches carry none (making them is most of the cost for common words)."""
        if NEAR in hint:
            return self._find_near(hint, context_words, snippets)
        wanted = [hint_word_keys(part, self.lemmatizer) for part in hint.split()]
        if not wanted:
            return []
        firsts = sorted({i for key in wanted[0] for i in self._positions.get(key, ())})
        words, text = self.document.words, self.document.text
        matches = []
        for first in firsts:
            last = first + len(wanted) - 1
            if last >= len(words) or not all(self._keys[first + n] & keys for n, keys in enumerate(wanted)):
                continue
            if not all(_adjacent(text, words[i], words[i + 1]) for i in range(first, last)):
                continue
            start, end = words[first].start, words[last].end
            matches.append(EvidenceMatch(
                hint=hint, text=text[start:end], paragraph=words[first].paragraph, start=start, end=end,
                snippet=self.document.snippet(start, end, context_words) if snippets else None,
            ))
        return matches


    def _find_near(self, hint: str, context_words: int, snippets: bool) -> list[EvidenceMatch]:
        """Every place where each of the hint's " + " words stands near the first, in one sentence."""
        wanted = [hint_word_keys(part.strip(), self.lemmatizer) for part in hint.split(NEAR.strip())]
        if not all(wanted):
            return []
        positions = [sorted({i for key in keys for i in self._positions.get(key, ())}) for keys in wanted]
        words, document = self.document.words, self.document
        matches, last_end = [], -1
        for first in positions[0]:
            sentence = document.sentence_at(words[first].start)
            chosen = [first]
            for others in positions[1:]:
                low = bisect.bisect_left(others, first - NEAR_WORDS)
                near = [i for i in others[low:bisect.bisect_right(others, first + NEAR_WORDS)]
                        if i not in chosen and sentence[0] <= words[i].start < sentence[1]]
                if not near:
                    break
                chosen.append(min(near, key=lambda i: abs(i - first)))
            else:
                start, end = words[min(chosen)].start, words[max(chosen)].end
                if start < last_end:  # one match per stretch of words
                    continue
                last_end = end
                matches.append(EvidenceMatch(
                    hint=hint, text=document.text[start:end], paragraph=words[first].paragraph, start=start,
                    end=end, snippet=document.snippet(start, end, context_words) if snippets else None))
        return matches


def find_evidence(text: str | DraftDocument, hints: Sequence[str], lemmatizer: Lemmatizer, *,
                  context_words: int = 12) -> list[EvidenceMatch]:
    """Every match of any hint in the draft, ordered by place in the text and then by hint."""
    document = text if isinstance(text, DraftDocument) else DraftDocument(text)
    return _matches(EvidenceIndex(document, lemmatizer), hints, context_words)


def evidence_by_criterion(text: str | DraftDocument | EvidenceIndex, criteria: Iterable[Criterion],
                          lemmatizer: Lemmatizer, *, context_words: int = 12) -> dict[str, list[EvidenceMatch]]:
    """For each criterion id, the matches of its evidence hints; the draft is read once."""
    if isinstance(text, EvidenceIndex):
        index = text
    else:
        index = EvidenceIndex(text if isinstance(text, DraftDocument) else DraftDocument(text), lemmatizer)
    return {c.id: _matches(index, c.evidence_hints, context_words) for c in criteria}


def _matches(index: EvidenceIndex, hints: Sequence[str], context_words: int) -> list[EvidenceMatch]:
    order = {hint: n for n, hint in enumerate(hints)}
    found = [m for hint in hints for m in index.find(hint, context_words=context_words)]
    return sorted(found, key=lambda m: (m.start, order[m.hint], m.end))


def _adjacent(text: str, left: Word, right: Word) -> bool:
    """True when only white space stands between two words of one paragraph."""
    return left.paragraph == right.paragraph and _BETWEEN_WORDS.fullmatch(text, left.end, right.start) is not None


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial (J. Kowalski)."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENING:
        start -= 1
    token = text[start:dot].lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_space(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end

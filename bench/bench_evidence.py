"""The self-check at the size of a real offer: evidence for every criterion in a 20-page draft."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

from app.core.evidence import DraftDocument, evidence_by_criterion
from app.core.source_text import normalise
from app.rubrics.loader import load_rubric
from app.selfcheck.lemmatizer import simplemma_lemmatizer

from .harness import Figure, best_of

ROOT = Path(__file__).resolve().parents[1]
RUBRIC = ROOT / "rubrics" / "cal-2021.toml"
MODEL = ROOT / "rubrics" / "sources" / "model-cal-wroclaw-2021.txt"
WORDS = 10_000  # about 20 pages of an offer
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ„\"])")
_SYLLABLES = ("ko", "za", "nów", "leś", "ni", "ca", "psie", "po", "le", "gaj", "bi", "sku", "pin", "osob", "wit",
              "ró", "ża", "nka", "brocha", "zie", "lo", "tar", "gu", "mi", "ło", "szy")
_FIRST_LOAD = """
import time
from app.selfcheck.lemmatizer import simplemma_lemmatizer
start = time.perf_counter()
simplemma_lemmatizer().lemma("sąsiadami")
print((time.perf_counter() - start) * 1000)
"""


def _polish_sentences() -> list[str]:
    """Sentences of the CAL Model and of the rubric's Polish texts: the register of an offer."""
    rubric = load_rubric(RUBRIC, ROOT).rubric
    texts = [normalise(block) for block in MODEL.read_text(encoding="utf-8").split("\n\n")]
    for criterion in rubric.criteria:
        texts += [criterion.title.pl, *(g.pl for g in criterion.guidance), *(d.text.pl for d in criterion.descriptors)]
    return [s for text in texts for s in _SENTENCE.split(text) if len(s.split()) >= 4]


def synthetic_draft(words: int = WORDS, seed: int = 7) -> str:
    """About ``words`` words of offer-like Polish in paragraphs, with made-up names as a real draft has."""
    sentences = _polish_sentences()
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        chosen = [rng.choice(sentences) for _ in range(rng.randint(2, 6))]
        chosen.insert(rng.randrange(len(chosen) + 1), f"Działania prowadzimy przy ul. {name}skiej na osiedlu {name}.")
        paragraph = " ".join(chosen)
        paragraphs.append(paragraph)
        count += len(_WORD.findall(paragraph))
    return "\n".join(paragraphs)


def _first_load_ms() -> float:
    """simplemma reads its Polish dictionary on first use; once per worker process."""
    out = subprocess.run([sys.executable, "-c", _FIRST_LOAD], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    rubric = load_rubric(RUBRIC, ROOT).rubric
    text = synthetic_draft()
    document = DraftDocument(text)
    distinct = len({w.key for w in document.words})
    simplemma_lemmatizer().lemma("sąsiadami")  # the dictionary is read once per process, measured apart

    def check():
        # A fresh lemmatiser each time: no token cached from the previous run.
        return evidence_by_criterion(text, rubric.criteria, simplemma_lemmatizer())

    elapsed = best_of(3, check)
    found = sum(len(matches) for matches in check().values())
    return [
        Figure(f"self-check: {len(document.words)} words ({distinct} distinct), {len(rubric.criteria)} criteria, "
               f"{found} matches", elapsed, "ms", 2000, "issue 7"),
        Figure("first use of simplemma's Polish dictionary (once per process)", _first_load_ms(), "ms", 5000, "own"),
    ]

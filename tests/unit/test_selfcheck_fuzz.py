"""Damaged uploads, made on purpose: every reader ends in a report or in one of its own refusals.

Each reader (.docx, .odt, .pdf) gets a few hundred seeded, deterministic variants of a good
file: truncated, with bits flipped, and structurally wrong (a part of the package removed,
emptied, cut or replaced by another XML, as "[Content_Types].xml" = "<Types/>" was; for a PDF
its keywords and numbers garbled). A variant that still reads must give a whole report.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.rubric import AssessmentContext, CallMode
from app.core.selfcheck import check_draft
from app.rubrics.loader import load_rubric
from app.selfcheck.lemmatizer import simplemma_lemmatizer
from app.selfcheck.readers import UploadProblem, UploadRefused, read_upload
from tests.unit.test_selfcheck_readers import budget_offer, docx_bytes, draft_lines, odt_bytes, pdf_bytes

REPO = Path(__file__).resolve().parents[2]
CASES_PER_READER = 240
_PDF_WORDS = (b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"/Length", b"/Filter",
              b"/FlateDecode", b"/Type", b"/Pages", b"/Kids", b"/Root", b"startxref", b"<<", b">>", b"[", b"]")
_XML_REPLACEMENTS = (b"<Types/>", b"<x/>", b"", b"<?xml version='1.0'?>", b"not xml at all",
                     b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
                     b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]><x>&a;&a;</x>")


def seed_files() -> dict[str, bytes]:
    """Good files of each kind, with headings, paragraphs and (for .docx) the budget tables."""
    lines = draft_lines("strong.txt")
    return {"docx": docx_bytes(lines[:40], budget_offer()), "odt": odt_bytes(lines[:12]),
            "pdf": pdf_bytes(lines[:14])}


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def bit_flipped(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        position = rng.randrange(len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def package_damaged(data: bytes, rng: random.Random) -> bytes:
    """A zip package with one part removed, emptied, cut, scrambled or replaced by other XML."""
    original = zipfile.ZipFile(io.BytesIO(data))
    names = original.namelist()
    victim = rng.choice(names)
    how = rng.randrange(5)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = original.read(name)
            if name == victim:
                if how == 0:
                    continue
                if how == 1:
                    content = rng.choice(_XML_REPLACEMENTS)
                elif how == 2:
                    content = content[:rng.randrange(len(content) + 1)]
                elif how == 3:
                    content = bit_flipped(content, rng) if content else b"\x00"
                else:
                    content = content.replace(b"<", b"", rng.randint(1, 5))
            archive.writestr(name, content)
    return buffer.getvalue()


def pdf_damaged(data: bytes, rng: random.Random) -> bytes:
    """A PDF with keywords removed or swapped and numbers changed."""
    damaged = data
    for _ in range(rng.randint(1, 4)):
        word = rng.choice(_PDF_WORDS)
        damaged = damaged.replace(word, rng.choice((b"", rng.choice(_PDF_WORDS), b"999999999")), rng.randint(1, 3))
    return damaged


def damaged_variants(kind: str, data: bytes, count: int, seed: int = 16) -> Iterator[tuple[str, bytes]]:
    """``count`` damaged copies of a good file, the same ones on every run."""
    rng = random.Random(f"{seed}-{kind}")
    structural = pdf_damaged if kind == "pdf" else package_damaged
    makers = (truncated, bit_flipped, structural)
    for number in range(count):
        make = makers[number % 3]
        yield f"{kind}-{number}-{make.__name__}", make(data, rng)


def content_types_emptied(data: bytes) -> bytes:
    """The reported case: a .docx whose [Content_Types].xml is "<Types/>"."""
    original = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in original.namelist():
            archive.writestr(name, b"<Types/>" if name == "[Content_Types].xml" else original.read(name))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def seeds():
    return seed_files()


@pytest.fixture(scope="module")
def check():
    rubric = load_rubric(REPO / "rubrics" / "cal-2021.toml", REPO).rubric
    lemmatizer = simplemma_lemmatizer()
    context = AssessmentContext(CallMode.SUPPORT, None)
    return lambda draft: check_draft(draft, rubric, lemmatizer, terms=None, context=context)


def test_the_reported_docx_is_a_damaged_file_not_a_crash(seeds):
    with pytest.raises(UploadRefused) as refused:
        read_upload(content_types_emptied(seeds["docx"]), "oferta.docx")
    assert refused.value.problem is UploadProblem.CORRUPT


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_every_damaged_file_ends_in_a_report_or_a_refusal(seeds, check, kind):
    outcomes: dict[str, int] = {}
    for name, data in damaged_variants(kind, seeds[kind], CASES_PER_READER):
        try:
            draft = read_upload(data, f"{name}.{kind}")
        except UploadRefused as refused:
            assert isinstance(refused.problem, UploadProblem), name
            outcome = refused.problem.value
        else:
            report = check(draft)
            assert report.completeness and len(report.evidence) == 12, name
            outcome = "report"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert sum(outcomes.values()) == CASES_PER_READER
    # The damage is real: most variants are refused as damaged, and the fuzzing does not only make those.
    assert outcomes.get(UploadProblem.CORRUPT.value, 0) >= CASES_PER_READER // 4, outcomes
    assert len(outcomes) >= 2, outcomes

"""The self-check's evaluation set (issue #16): its targets hold on every split, and the counting is right."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.drafts import heading_section
from bench.selfcheck_eval import (
    DATA,
    SPLITS,
    TARGET_PRECISION,
    TARGET_RECALL,
    THIN_MAX_SHARE,
    THIN_TYPES,
    Counts,
    draft_file,
    load_set,
    tally,
)


@pytest.fixture(scope="module")
def drafts():
    return load_set(DATA)


def test_counts_are_micro_averaged_over_pairs():
    counts = Counts()
    for labelled, found in ((True, True), (True, True), (True, False), (False, True), (False, False)):
        counts.add(labelled, found)
    assert (counts.tp, counts.fp, counts.fn, counts.pairs) == (2, 1, 1, 5)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == pytest.approx(2 / 3)
    assert Counts().precision is None


def test_a_draft_may_be_the_file_an_ngo_uploads(tmp_path: Path):
    (tmp_path / "a.toml").write_text('type = "x"', encoding="utf-8")
    (tmp_path / "a.txt").write_text("III.3 Syntetyczny opis zadania\nTekst.", encoding="utf-8")
    data, name = draft_file(tmp_path / "a.toml")
    assert name == "a.docx" and data[:2] == b"PK"
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert draft_file(tmp_path / "a.toml") == (b"%PDF-1.4", "a.pdf")


def test_the_set_has_every_split_and_the_files_it_promises(drafts):
    assert {d.split for d in drafts} == set(SPLITS)
    assert {d.report.draft.filename.rsplit(".", 1)[1] for d in drafts if d.split == "held-out-2"} >= {"docx", "pdf"}
    assert all(d.addressed.isdisjoint(d.not_addressed) for d in drafts)


@pytest.mark.parametrize("split", SPLITS)
def test_precision_and_recall_reach_the_target_on_each_split(drafts, split):
    total = tally(d for d in drafts if d.split == split).total
    assert total.precision >= TARGET_PRECISION and total.recall >= TARGET_RECALL, (split, total)


def test_thin_and_stuffed_drafts_show_at_most_a_quarter_addressed(drafts):
    thin = [d for d in drafts if d.type in THIN_TYPES]
    assert len(thin) >= 3
    assert all(len(d.found) <= THIN_MAX_SHARE * len(d.report.elements) for d in thin), [
        (d.name, sorted(d.found)) for d in thin]


def test_every_budget_error_is_caught_and_none_is_claimed(drafts):
    assert any(d.budget_errors for d in drafts)
    assert [(d.name, sorted(d.errors_found)) for d in drafts if d.errors_found != d.budget_errors] == []


def test_no_heading_is_ever_shown_as_evidence(drafts):
    shown = [p for d in drafts for s in d.report.elements for p in s.passages]
    shown += [p for d in drafts for e in d.report.evidence for p in e.passages]
    assert shown and all(not p.part.heading and heading_section(p.part.text) is None for p in shown)


def test_the_budget_only_draft_addresses_nothing_it_never_mentions(drafts):
    # Issue #16: a budget-only draft was marked 20 of 25, SCAL, identity and responsibility among them.
    (budget_only,) = [d for d in drafts if d.name == "d11-budget-only"]
    assert budget_only.found == frozenset()

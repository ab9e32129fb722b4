"""Every class of rubric defect is caught with a message naming where and what."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.rubric import Applicability, AssessmentContext, CallMode
from app.rubrics.loader import load_rubric

DATA = Path(__file__).parents[1] / "data"
MINI = (DATA / "mini-rubric.toml").read_text(encoding="utf-8")


def load_edited(tmp_path: Path, old: str = "", new: str = "", *, count: int = 1):
    """Load the mini rubric with one textual edit, from a copy in tmp_path."""
    if old:
        assert MINI.count(old) >= count, f"edit target not in the mini rubric: {old!r}"
    shutil.copy(DATA / "source-mini.txt", tmp_path / "source-mini.txt")
    path = tmp_path / "edited.toml"
    path.write_text(MINI.replace(old, new, count) if old else MINI, encoding="utf-8")
    return load_rubric(path, tmp_path)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def only_message(result) -> str:
    assert len(result.problems) == 1, messages(result)
    return str(result.problems[0])


def test_the_mini_rubric_is_valid_and_uses_every_feature(tmp_path):
    result = load_edited(tmp_path)
    assert result.ok, messages(result)
    rubric = result.rubric
    assert [c.id for c in rubric.criteria] == ["A1", "A2", "B1", "B2"]
    assert rubric.is_weighted
    assert rubric.max_points == Decimal(33)  # 10×2 + 5×1 + 4×0.5 + 6×1
    assert rubric.criterion("A2").step == Decimal("0.5")
    assert rubric.criterion("B1").legal_basis == "art. 15 ust. 1 pkt 4"
    assert rubric.criterion("A1").evidence_hints == ("społeczność", "osiedle", "diagnoza potrzeb")
    assert rubric.criterion("A1").guidance[0].get("en") == "Does the applicant know the estate?"
    assert rubric.justification_min_chars == 30
    support = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=None)
    assert rubric.criterion("B1").applicability_for(support) is Applicability.APPLIES
    assert rubric.criterion("B2").applicability_for(support) is Applicability.FACT_UNSETTLED


def test_invalid_toml_names_the_line(tmp_path):
    message = only_message(load_edited(tmp_path, 'version = "1.0"', 'version = "1.0'))
    assert "invalid TOML" in message and "line 4" in message


def test_missing_field(tmp_path):
    message = only_message(load_edited(tmp_path, "  max_points = 5\n", ""))
    assert message == "criterion A2: missing field 'max_points'"


def test_missing_english_title(tmp_path):
    message = only_message(load_edited(tmp_path, ', en = "Partnership" }', " }"))
    assert message == "criterion A2, title: missing field 'en'"


def test_duplicate_criterion_id(tmp_path):
    message = only_message(load_edited(tmp_path, 'id = "B2"', 'id = "A1"'))
    assert message == "criterion A1: duplicate criterion id 'A1'"


@pytest.mark.parametrize("value", ["0", "-5"])
def test_max_points_must_be_positive(tmp_path, value):
    result = load_edited(tmp_path, "  max_points = 5\n", f"  max_points = {value}\n")
    assert f"criterion A2: max_points must be greater than 0, got {value}" in messages(result)


def test_max_points_must_be_a_whole_number_of_steps(tmp_path):
    result = load_edited(tmp_path, "  max_points = 5\n  step = 0.5", "  max_points = 5\n  step = 2")
    assert "criterion A2: max_points 5 is not a whole number of steps of 2" in messages(result)


def test_gap_in_the_scale(tmp_path):
    message = only_message(load_edited(tmp_path, "min = 7\n", "min = 8\n"))
    assert message == "criterion A1: gap in the scale: no level covers 7–7"


def test_overlap_in_the_scale(tmp_path):
    message = only_message(load_edited(tmp_path, "min = 3.5\n", "min = 3\n"))
    assert message == "criterion A2: level #3 (3–5) overlaps the level before it"


def test_scale_not_reaching_the_maximum(tmp_path):
    message = only_message(load_edited(tmp_path, "min = 7\n    max = 10\n", "min = 7\n    max = 9\n"))
    assert message == "criterion A1: gap in the scale: no level covers 10–10"


def test_level_off_the_step_grid(tmp_path):
    message = only_message(load_edited(tmp_path, "max = 3\n    label", "max = 3.25\n    label"))
    assert message == "criterion A2: level #2 (0.5–3.25) is not on the scale step 0.5"


def test_fewer_than_three_levels(tmp_path):
    # Merge the partial and full levels of A1 into one: 1–10.
    edited = MINI.replace("max = 6\n    label = { pl = \"częściowo\"", "max = 10\n    label = { pl = \"częściowo\"", 1)
    start = edited.index("    [[sections.criteria.levels]]\n    min = 7")
    end = edited.index("    [[sections.criteria.quotes]]")
    edited = edited[:start] + edited[end:]
    path = tmp_path / "two.toml"
    shutil.copy(DATA / "source-mini.txt", tmp_path / "source-mini.txt")
    path.write_text(edited, encoding="utf-8")
    assert only_message(load_rubric(path, tmp_path)) == (
        "criterion A1: needs at least 3 levels (none / partial / full), has 2")


@pytest.mark.parametrize("weight, expected", [
    ("0", "criterion A1: weight must be greater than 0 and at most 10, got 0"),
    ("-1", "criterion A1: weight must be greater than 0 and at most 10, got -1"),
    ("25", "criterion A1: weight must be greater than 0 and at most 10, got 25"),
    ('"dużo"', "criterion A1: 'weight' must be a number, got 'dużo'"),
])
def test_weights_that_make_no_sense(tmp_path, weight, expected):
    assert only_message(load_edited(tmp_path, "weight = 2", f"weight = {weight}")) == expected


def test_weights_given_for_some_criteria_only(tmp_path):
    message = only_message(load_edited(tmp_path, "  weight = 1\n", "", count=2))
    assert message == ("weights are given for some criteria but not for A2, B2: "
                       "give a weight to every criterion or to none")


def test_source_with_a_different_sha256(tmp_path):
    shutil.copy(DATA / "source-mini.txt", tmp_path / "source-mini.txt")
    with open(tmp_path / "source-mini.txt", "a", encoding="utf-8") as handle:
        handle.write("Dopisane zdanie.\n")
    path = tmp_path / "mini.toml"
    path.write_text(MINI, encoding="utf-8")
    message = only_message(load_rubric(path, tmp_path))
    assert message.startswith("[sources.mini]: sha256 of 'source-mini.txt' is ")
    assert "the source changed or the hash is wrong" in message


def test_source_outside_the_repository(tmp_path):
    inner = tmp_path / "repo"
    inner.mkdir()
    message = only_message(load_edited(inner, 'path = "source-mini.txt"', 'path = "../source-mini.txt"'))
    assert message == "[sources.mini]: path '../source-mini.txt' leads outside the repository"


def test_a_quote_edited_by_one_word(tmp_path):
    message = only_message(load_edited(tmp_path, "doświadczenie zespołu", "doświadczenie kadry"))
    assert message == ("criterion A1, quote #1: not a continuous span of the source 'mini': it matches "
                       "up to “…kadrowy, kompetencje i doświadczenie” and then differs at 'kadry'")


def test_a_quote_shorter_than_eight_words(tmp_path):
    old = 'text = "koszty są skalkulowane rzetelnie i adekwatnie do zakresu zadania."'
    message = only_message(load_edited(tmp_path, old, 'text = "koszty są skalkulowane rzetelnie"'))
    assert message == "criterion B2, quote #1: a quote needs at least 8 words, this has 4"


def test_a_quote_under_the_wrong_chapter(tmp_path):
    message = only_message(load_edited(tmp_path, 'chapter = "Finanse"', 'chapter = "Wartości"'))
    assert message == ("criterion B2, quote #1: chapter 'Wartości' is not the nearest heading above "
                       "the quote, which stands under 'Finanse'")


def test_a_quote_from_an_undeclared_source(tmp_path):
    message = only_message(load_edited(tmp_path, 'source = "mini"\n    chapter = "Finanse"',
                                       'source = "ustawa"\n    chapter = "Finanse"'))
    assert message == "criterion B2, quote #1: source 'ustawa' is not declared in [sources]"


def test_a_criterion_without_quote_or_legal_basis(tmp_path):
    start = MINI.index("    [[sections.criteria.quotes]]\n    source = \"mini\"\n    chapter = \"Wartości\"")
    end = MINI.index("  [[sections.criteria]]\n  id = \"A2\"")
    shutil.copy(DATA / "source-mini.txt", tmp_path / "source-mini.txt")
    path = tmp_path / "no-quote.toml"
    path.write_text(MINI[:start] + MINI[end:], encoding="utf-8")
    assert only_message(load_rubric(path, tmp_path)) == (
        "criterion A1: needs at least one quote ([[sections.criteria.quotes]]) or a legal_basis")


def test_unknown_applicability_condition(tmp_path):
    message = only_message(load_edited(tmp_path, 'applies_if = { call_mode = "wsparcie" }',
                                       'applies_if = { district = "Psie Pole" }'))
    assert message == "criterion B1, applicability: unknown condition 'district'"


def test_unknown_call_mode(tmp_path):
    message = only_message(load_edited(tmp_path, 'call_mode = "wsparcie"', 'call_mode = "dotacja"'))
    assert message == "criterion B1, applicability: call_mode must be 'wsparcie' or 'powierzenie', got 'dotacja'"


def test_evidence_hints_must_be_lower_case_lemmas(tmp_path):
    message = only_message(load_edited(tmp_path, '"osiedle"', '"Osiedle"'))
    assert message == "criterion A1: evidence hint 'Osiedle' must be a lemma in lower case"


def test_guidance_in_both_languages_has_the_same_questions(tmp_path):
    message = only_message(load_edited(tmp_path, 'en = ["Does the applicant know the estate?"]',
                                       'en = ["Does the applicant know the estate?", "And its needs?"]'))
    assert message == "criterion A1: guidance has 1 Polish and 2 English questions"


def test_unknown_status(tmp_path):
    message = only_message(load_edited(tmp_path, 'status = "draft"', 'status = "final"'))
    assert message == "[rubric]: status 'final' must be one of draft, published, withdrawn"


def test_missing_rubric_table(tmp_path):
    result = load_edited(tmp_path, "[rubric]\n", "[rubryka]\n")
    assert "missing table 'rubric'" in messages(result)


def test_deduction_must_be_a_boolean(tmp_path):
    basis = '  legal_basis = "art. 15 ust. 1 pkt 6"'
    result = load_edited(tmp_path, basis, basis + '\n  deduction = "yes"')
    assert only_message(result) == "criterion B2: deduction must be true or false"
    ok = load_edited(tmp_path, basis, basis + "\n  deduction = true")
    assert ok.ok and ok.rubric.criterion("B2").deduction and ok.rubric.max_points == Decimal(27)


def test_assesses_must_be_a_list_of_ids(tmp_path):
    result = load_edited(tmp_path, '  id = "A1"\n', '  id = "A1"\n  assesses = "value-solidarity"\n')
    assert only_message(result) == "criterion A1: assesses must be a list of element ids"

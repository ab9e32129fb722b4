"""The real CAL rubric: sound, 100 points, traceable to the Model, every element covered."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.rubric import Applicability, AssessmentContext, CallMode
from app.rubrics.loader import load_rubric

REPO = Path(__file__).resolve().parents[2]
RUBRIC_FILE = REPO / "rubrics" / "cal-2021.toml"


@pytest.fixture(scope="module")
def cal():
    result = load_rubric(RUBRIC_FILE, REPO)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.fixture
def repo_copy(tmp_path):
    """A copy of rubrics/ to break in one place."""
    shutil.copytree(REPO / "rubrics", tmp_path / "rubrics")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_hundred_points_in_sections_a_to_g(cal):
    rubric = cal.rubric
    assert rubric.max_points == Decimal(100)
    assert [s.id for s in rubric.sections] == ["A", "B", "C", "D", "E", "F", "G"]
    assert not rubric.is_weighted
    assert sum(c.max_points for c in rubric.sections[1].criteria) == 45


def test_statutory_criteria_cite_every_point_of_art_15_ust_1(cal):
    bases = sorted(c.legal_basis for c in cal.rubric.criteria if c.legal_basis)
    assert bases == [f"art. 15 ust. 1 pkt {n}" for n in range(1, 7)]


@pytest.mark.parametrize("context, expected_max", [
    (AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=True), 100),
    (AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=False), 90),
    (AssessmentContext(CallMode.COMMISSION, applicant_prior_tasks=True), 95),
    (AssessmentContext(CallMode.COMMISSION, applicant_prior_tasks=False), 85),
])
def test_not_applicable_rules_of_pkt_4_and_pkt_6(cal, context, expected_max):
    applicable = [c for c in cal.rubric.criteria if c.applicability_for(context) is Applicability.APPLIES]
    assert sum(c.max_points for c in applicable) == expected_max


def test_every_criterion_is_usable_by_a_reviewer_and_an_ngo(cal):
    for criterion in cal.rubric.criteria:
        assert len(criterion.descriptors) >= 3, criterion.id
        assert len({d.text.pl for d in criterion.descriptors}) == len(criterion.descriptors), criterion.id
        assert len(criterion.guidance) >= 2, criterion.id
        assert len(criterion.evidence_hints) >= 4, criterion.id
        if not criterion.legal_basis:
            assert any(q.source == "cal" for q in criterion.quotes), criterion.id


def test_every_element_of_the_model_is_covered(cal):
    coverage = cal.coverage
    kinds = [e.kind for e in coverage.elements.elements]
    assert (kinds.count("value"), kinds.count("method"), kinds.count("effect")) == (4, 5, 6)
    assert {"condition", "partnership", "network"} <= set(kinds)
    assert coverage.uncovered == []
    assert coverage.matrix["network-voluntary"] == ("B4",)
    assert coverage.matrix["condition-entry"] == ("B1",)


def test_a_quote_edited_by_one_word_is_caught(repo_copy):
    rubric_file = repo_copy / "rubrics" / "cal-2021.toml"
    edit(rubric_file, "Uczestnictwo operatorów CAL w Sieci jest dobrowolne.",
         "Uczestnictwo operatorów CAL w Sieci jest obowiązkowe.")
    result = load_rubric(rubric_file, repo_copy)
    assert not result.ok
    assert any("criterion B4" in str(p) and "then differs at 'obowiązkowe.'" in str(p) for p in result.problems)


def test_an_element_without_a_covering_criterion_is_caught(repo_copy):
    elements = repo_copy / "rubrics" / "sources" / "cal-model-elements.toml"
    with elements.open("a", encoding="utf-8") as handle:
        handle.write('\n[[elements]]\nid = "network-standing-team"\nkind = "network"\n'
                     'name = { pl = "Zespół Stały ds. CAL", en = "Standing Team for CAL" }\n'
                     'chapter = "Zespół Stały ds. CAL"\nanchor = "Zespół roboczy powołany w marcu 2019 r."\n')
    result = load_rubric(repo_copy / "rubrics" / "cal-2021.toml", repo_copy)
    assert [str(p) for p in result.problems] == [
        "element network-standing-team: the Model's element 'Zespół Stały ds. CAL' is covered by no criterion: "
        "no quote overlaps its anchor"]
    assert result.coverage.uncovered == ["network-standing-team"]


def test_a_wrong_sha256_of_the_model_is_caught(repo_copy):
    rubric_file = repo_copy / "rubrics" / "cal-2021.toml"
    edit(rubric_file, 'sha256 = "6e5dfda4f4e14c42025aa7bbf49c33bbbddb9d0360f37863fcf2421fffb8633a"',
         'sha256 = "' + "0" * 64 + '"')
    result = load_rubric(rubric_file, repo_copy)
    assert [p.where for p in result.problems] == ["[sources.cal]"]
    assert "the source changed or the hash is wrong" in result.problems[0].message


def test_an_edited_model_text_is_caught_by_its_hash(repo_copy):
    model = repo_copy / "rubrics" / "sources" / "model-cal-wroclaw-2021.txt"
    edit(model, "Kluczowe wartości CAL to: solidarność", "Kluczowe wartości CAL to: lojalność")
    result = load_rubric(repo_copy / "rubrics" / "cal-2021.toml", repo_copy)
    assert [p.where for p in result.problems] == ["[sources.cal]"]


def test_an_anchor_that_is_not_unique_is_caught(repo_copy):
    elements = repo_copy / "rubrics" / "sources" / "cal-model-elements.toml"
    edit(elements, 'anchor = "solidarność"', 'anchor = "społeczności lokalnej"')
    result = load_rubric(repo_copy / "rubrics" / "cal-2021.toml", repo_copy)
    assert any("element value-solidarity: the anchor must occur exactly once" in str(p) for p in result.problems)


def test_an_anchor_under_the_wrong_chapter_is_caught(repo_copy):
    elements = repo_copy / "rubrics" / "sources" / "cal-model-elements.toml"
    text = elements.read_text(encoding="utf-8")
    start = text.index('id = "value-solidarity"')
    chapter_line = 'chapter = "Wartości i działania Centrów Aktywności Lokalnej"'
    position = text.index(chapter_line, start)
    elements.write_text(text[:position] + 'chapter = "Partnerstwo lokalne"' + text[position + len(chapter_line):],
                        encoding="utf-8")
    result = load_rubric(repo_copy / "rubrics" / "cal-2021.toml", repo_copy)
    assert any("element value-solidarity: chapter 'Partnerstwo lokalne' is not the nearest heading" in str(p)
               for p in result.problems)

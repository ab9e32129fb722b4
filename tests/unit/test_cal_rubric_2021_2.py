"""cal-wroclaw 2021.2: sound, 100 points, G1 deduction-only, every element assessed in levels, the call options."""

from decimal import Decimal

import pytest

from app.core.rubric import AssessmentContext, CallMode, OptionKind
from app.core.scoring import CriterionScore, card_total
from app.rubrics.loader import load_rubric

from .test_cal_rubric import REPO

RUBRIC_FILE = REPO / "rubrics" / "cal-2021.2.toml"
INCUMBENT = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=True)
NEWCOMER = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=False)


@pytest.fixture(scope="module")
def cal():
    result = load_rubric(RUBRIC_FILE, REPO)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_one_hundred_points_and_the_new_split(cal):
    rubric = cal.rubric
    assert (rubric.version, rubric.status, rubric.max_points) == ("2021.2", "published", Decimal(100))
    points = {c.id: c.max_points for c in rubric.criteria}
    assert points == {"A1": 10, "B1": 10, "B2": 6, "B3": 12, "B4": 7, "B5": 5, "B6": 8, "B7": 4, "C1": 10,
                      "D1": 15, "E1": 5, "F1": 8, "G1": 5}
    assert [c.id for c in rubric.criteria if c.deduction] == ["G1"]  # its 5 points are not in the 100


def test_a_clean_record_does_not_beat_an_otherwise_equal_newcomer_at_the_threshold(cal):
    # Both offers earn 6+6+4+7+4+3+5+2+6+9+3+5 = 60 of the 100 points outside G1: 60 % each.
    rubric = cal.rubric
    scores = {"A1": 6, "B1": 6, "B2": 4, "B3": 7, "B4": 4, "B5": 3, "B6": 5, "B7": 2, "C1": 6, "D1": 9, "E1": 3,
              "F1": 5}
    card = {cid: CriterionScore(cid, Decimal(p)) for cid, p in scores.items()}
    newcomer = card_total(rubric, card, NEWCOMER)
    clean = card_total(rubric, {**card, "G1": CriterionScore("G1", Decimal(5))}, INCUMBENT)
    late = card_total(rubric, {**card, "G1": CriterionScore("G1", Decimal(3))}, INCUMBENT)
    assert newcomer.share == clean.share == Decimal("0.6000")  # 60 / 100 each
    assert late.share == Decimal("0.5800")  # 60 − (5 − 3) = 58 / 100: only shortcomings move the result


def test_every_element_is_assessed_in_levels_not_only_quoted(cal):
    coverage = cal.coverage
    assert coverage.assessed is not None and coverage.uncovered == []
    assert len(coverage.elements.elements) == 30
    for element_id in ("partnership-rules", "condition-area", "effect-long-term-identity", "network-bottom-up",
                       "condition-material-resources"):
        assert coverage.assessed[element_id], element_id
    assert coverage.assessed["condition-operator-capacity"] == ("A1",)
    assert coverage.assessed["network-scal"] == ("B7",) and coverage.assessed["partnership-rules"] == ("B4",)
    # Each element in one place
    assert all(len(criteria) == 1 for criteria in coverage.assessed.values())


def test_the_gaps_between_levels_are_closed(cal):
    rubric = cal.rubric
    b3 = {(d.min, d.max): d.text.pl for d in rubric.criterion("B3").descriptors}
    # one method used regularly, or three used now and then: 4–6
    assert "jedną metodę stosowaną regularnie" in b3[(4, 6)]
    assert "dwie lub trzy metody stosowane doraźnie" in b3[(4, 6)]
    c1 = rubric.criterion("C1").descriptor_for(Decimal(8)).text.pl
    assert "wymagania określone wobec osób, które zostaną dopiero zatrudnione" in c1
    f1 = rubric.criterion("F1").descriptor_for(Decimal(6)).text.pl
    assert "pracę wolontariuszy lub członków albo udostępniane zasoby" in f1
    d1 = {(d.min, d.max): d.text.pl for d in rubric.criterion("D1").descriptors}
    assert "trzy lub więcej pozycji" in d1[(6, 10)] and "najwyżej dwie pozycje" in d1[(11, 14)]


def test_translations_and_attribution(cal):
    rubric = cal.rubric
    partners = next(q for q in rubric.criterion("B4").quotes if q.text.startswith("Pożądanymi partnerami"))
    assert "the municipal guard" in partners.en
    strategy = next(q for q in rubric.criterion("F1").quotes if q.text.startswith("Centra lokalne"))
    assert strategy.cited_from.pl.startswith("Strategii rozwoju współpracy Wrocławia")
    assert "Dz.U. z 2023 r. poz. 571" in rubric.source("upp").title.pl
    assert "entrusting (powierzenie)" in rubric.criterion("E1").applicability.note.en


def test_the_call_options(cal):
    rubric = cal.rubric
    assert [(o.id, o.kind) for o in rubric.options] == [
        ("city-premises", OptionKind.VARIANT), ("prevention", OptionKind.CRITERION),
        ("opening-hours", OptionKind.CONDITION)]
    call = rubric.with_options(["city-premises", "prevention", "opening-hours"])
    assert call.criterion("B5").title.pl.startswith("Wykorzystanie lokalu udostępnionego przez Gminę")
    assert [c.id for c in call.sections[1].criteria] == ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8"]
    assert call.max_points == Decimal(105)
    assert call.conditions[0].condition.pl.startswith("Harmonogram (pkt III.4) przewiduje, że CAL jest otwarty co "
                                                      "najmniej 5 dni w tygodniu, co najmniej 4 godziny dziennie")

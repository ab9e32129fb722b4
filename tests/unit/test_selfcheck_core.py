"""The self-check's core on three fictional Polish drafts: completeness, budget, evidence, the Model, self-score.

strong.txt addresses the CAL Model throughout; weak.txt is vague; budget-errors.json is a
form draft whose V.A rows and V.B sources do not add up. Expected findings are listed per
criterion, including inflected forms that are not literally in the hints.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.core.drafts import (
    BudgetNotChecked,
    BudgetSkip,
    DraftPart,
    DraftSource,
    file_draft,
    form_draft,
    heading_section,
    locate_sections,
    text_completeness,
)
from app.core.evidence import EvidenceMatch, Snippet
from app.core.offer import Action, Offer, TaskSummary
from app.core.offer_checks import IssueCode
from app.core.offer_completeness import CompletenessCode, SectionState
from app.core.rubric import Applicability, AssessmentContext, CallMode
from app.core.scoring import CriterionScore
from app.core.selfcheck import Passage, check_draft
from app.rubrics.loader import load_rubric
from app.selfcheck.element_hints import hints_path, load_element_hints
from app.selfcheck.lemmatizer import simplemma_lemmatizer
from app.selfcheck.payload import draft_from_dict, draft_to_dict
from tests.unit.test_selfcheck_readers import budget_offer, draft_lines

REPO = Path(__file__).resolve().parents[2]
SUPPORT_WITH_RECORD = AssessmentContext(CallMode.SUPPORT, True)

STRONG_HINTS = {
    # "Zasoby" stands only in the form's heading of IV.2, which is not the applicant's text.
    "A1": ("doświadczenie", "koordynatorka", "zespół", "lokal", "wyposażenie", "zastępstwo"),
    "B1": ("diagnoza", "potrzeba", "rozpoznanie", "mieszkaniec", "sąsiad", "ankieta", "konsultacja",
           "spacer badawczy", "zaufanie"),
    "B2": ("solidarność", "różnorodność", "otwartość", "integracja", "międzypokoleniowy", "bezpłatny"),
    # "Partycypacji" stands only in "Wydział Partycypacji Społecznej", a city unit's name.
    "B3": ("animacja", "inicjatywa", "lider", "podwórko", "skwer", "przestrzeń"),
    "B4": ("partnerstwo", "rada osiedla", "szkoła", "biblioteka", "mops", "porozumienie"),
    "B5": ("lokal", "budynek", "świetlica", "ogródek", "podwórko", "wyposażenie"),
    "B6": ("rezultat", "wskaźnik", "monitorowanie", "ewaluacja", "ankieta", "relacja", "tożsamość",
           "odpowiedzialność", "wykluczenie"),
    "C1": ("kwalifikacja", "doświadczenie", "animatorka", "koordynatorka", "wykształcenie", "szkolenie", "superwizja",
           "rekrutacja"),
    "D1": ("koszt", "stawka", "wynagrodzenie", "budżet", "koszt administracyjny"),
    "E1": ("wkład własny", "darowizna", "składka", "dotacja"),
    "F1": ("wolontariusz", "członek", "wkład osobowy", "wkład rzeczowy", "porozumienie", "sprzęt", "nieodpłatny"),
    "G1": ("sprawozdanie", "rozliczenie", "termin", "kontrola", "umowa", "dotacja", "rezultat"),
}
# Forms of the draft that are not literally any hint: found only through their lemmas.
STRONG_INFLECTED = {
    "A1": {"doświadczeniem", "Zastępstwo"},
    "B1": {"sąsiadami", "sąsiadów", "mieszkańców", "diagnozy", "spacery badawcze", "zaufaniem", "konsultacje"},
    "B2": {"międzypokoleniowe", "bezpłatne", "integrację"},
    "B3": {"podwórkach", "skwerze", "liderów", "inicjatyw"},
    "B4": {"Radą Osiedla", "partnerstwach", "MOPS-em", "Szkołą", "biblioteką"},
    "B5": {"świetlicy", "ogródka", "budynku"},
    "B6": {"wykluczeniem", "tożsamości", "ewaluację", "relacji", "odpowiedzialności"},
    "C1": {"kwalifikacjami", "superwizji", "wykształceniem"},
    "D1": {"stawek", "koszty administracyjne", "budżetu"},
    "E1": {"składek", "darowizny"},
    "F1": {"wolontariuszami", "członkowie", "nieodpłatną"},
    "G1": {"sprawozdania", "rozliczenia", "terminie", "kontroli"},
}
WEAK_SILENT = ("B1", "B2", "B3", "B4", "B6", "C1", "F1")


@pytest.fixture(scope="module")
def rubric_file():
    return load_rubric(REPO / "rubrics" / "cal-2021.toml", REPO)


@pytest.fixture(scope="module")
def lemmatizer():
    return simplemma_lemmatizer()


def file_of(name: str):
    return file_draft(DraftSource.DOCX, [DraftPart(line, paragraph=n) for n, line in
                                         enumerate(draft_lines(name), start=1)])


@pytest.fixture(scope="module")
def check(rubric_file, lemmatizer):
    def _check(draft, *, context=SUPPORT_WITH_RECORD, scores=None, terms=None):
        coverage = rubric_file.coverage
        return check_draft(draft, rubric_file.rubric, lemmatizer, terms=terms, context=context,
                           elements=coverage.elements.elements, coverage=coverage.matrix, scores=scores,
                           element_hints=load_element_hints(hints_path(REPO / "rubrics", rubric_file.rubric)))
    return _check


def by_id(report):
    return {e.criterion.id: e for e in report.evidence}


def words(evidence):
    return {w for p in own_passages(evidence) for w in p.words}


def own_passages(evidence):
    """The passages found by the criterion's own hints alone (not through the elements it covers)."""
    own = set(evidence.hints_found)
    return [p for p in evidence.passages if own & {m.hint for m in p.matches}]


# --- the form's headings in a file -------------------------------------------------------------


@pytest.mark.parametrize(("text", "section"), [
    ("III.3 Syntetyczny opis zadania", "III.3"),
    ("3. Syntetyczny opis zadania (należy wskazać i opisać: miejsce realizacji zadania, grupę docelową)", "III.3"),
    ("Informacja o wcześniejszej działalności oferenta", "IV.1"),
    ("V.A Zestawienie kosztów realizacji zadania", "V.A"),
    ("B. Źródła finansowania kosztów realizacji zadania", "V.B"),
    ("VI. Inne informacje – jeżeli dotyczy", "VI"),
    ("III.4 Nasz plan", "III.4"),
    ("II.1.", None),
    ("Inne działania też planujemy, np. festyn.", None),
    ("I tak dalej", None),
    ("V. Alicja Nowak", None),
    ("Syntetyczny opis zadania " + "słowo " * 70, None),
])
def test_a_heading_of_the_2018_form_names_its_section(text, section):
    assert heading_section(text) == section


def test_paragraphs_take_the_section_of_the_heading_above_and_form_wording_is_not_evidence():
    parts = locate_sections([DraftPart("Wstęp bez nagłówka."), DraftPart("3. Syntetyczny opis zadania"),
                             DraftPart("Rozmawiamy z sąsiadami."),
                             DraftPart("Zasoby kadrowe: koordynatorka, dwie animatorki i piętnastu wolontariuszy."),
                             DraftPart("VII. Oświadczenia"), DraftPart("Oświadczam, że dotacja …")])
    assert [(p.section, p.heading) for p in parts] == [(None, False), ("III.3", True), ("III.3", False),
                                                       ("IV.2", True), ("IV.2", False), ("VII", True),
                                                       ("VII", False)]
    draft = file_draft(DraftSource.DOCX, parts)
    # A heading's own text after the colon is still read, as a paragraph of its own; the declarations are not.
    assert [p.text for p in draft.text_parts] == ["Wstęp bez nagłówka.", "Rozmawiamy z sąsiadami.",
                                                  "koordynatorka, dwie animatorki i piętnastu wolontariuszy."]


# --- completeness ----------------------------------------------------------------------------


def test_the_weak_draft_is_thin_or_missing_section_by_section():
    statuses = {s.section: s for s in text_completeness(file_of("weak.txt"))}
    assert {k: s.state for k, s in statuses.items()} == {
        "II.1": SectionState.MISSING, "II.2": SectionState.MISSING, "III.1": SectionState.COMPLETE,
        "III.2": SectionState.MISSING, "III.3": SectionState.THIN, "III.4": SectionState.THIN,
        "III.5": SectionState.THIN, "III.6": SectionState.MISSING, "IV.1": SectionState.THIN,
        "IV.2": SectionState.MISSING, "V.A": SectionState.MISSING, "V.B": SectionState.MISSING}
    (gap,) = statuses["III.3"].gaps
    # 3 + 10 + 40 + 20 words: the form's thresholds for place, target group, needs and complementarity.
    assert (gap.code, gap.params) == (CompletenessCode.TOO_FEW_WORDS, {"words": 21, "min_words": 73})


def test_the_strong_draft_has_every_written_section_complete(check):
    report = check(file_of("strong.txt"))
    states = {s.section: s.state for s in report.completeness}
    assert all(states[s] is SectionState.COMPLETE for s in ("III.1", "III.2", "III.3", "III.4", "III.5", "III.6",
                                                           "IV.1", "IV.2"))
    assert report.sections_found >= {"III.1", "III.3", "III.4", "III.5", "III.6", "IV.1", "IV.2", "V"}


def test_a_form_draft_uses_the_form_s_completeness(check):
    report = check(form_draft(budget_offer()))
    states = {s.section: s.state for s in report.completeness}
    assert states["V.A"] is SectionState.COMPLETE and states["III.3"] is SectionState.THIN
    assert report.sections_found is None


# --- the budget --------------------------------------------------------------------------------


def test_the_budget_errors_are_found_row_by_row(check):
    report = check(form_draft(budget_offer()))
    assert report.budget_checked
    assert [(i.code, i.section, i.row) for i in report.issues] == [
        (IssueCode.COST_VALUE_MISMATCH, "V.A", "I.1"),
        (IssueCode.COST_YEARS_MISMATCH, "V.A", "I.2"),
        (IssueCode.COST_UNITS_MISSING, "V.A", "I.3"),
        (IssueCode.COSTS_TOTAL_MISMATCH, "V.B", "1"),
        (IssueCode.FUNDING_SUM_MISMATCH, "V.B", "1"),
    ]
    mismatch = report.issues[0].params
    assert (mismatch["product"], mismatch["value"]) == (Decimal("45000.00"), Decimal("54000.00"))
    assert report.issues[4].params["sources_total"] == Decimal("66500.00")


def test_a_file_s_tables_are_checked_for_the_budget_only(check):
    offer = budget_offer()
    draft = file_draft(DraftSource.DOCX, [DraftPart("Tekst.")], offer=Offer(costs=offer.costs, funding=offer.funding))
    report = check(draft)
    # No III.2 dates in the tables: only V.A and V.B are judged.
    assert {i.section for i in report.issues} == {"V.A", "V.B"} and len(report.issues) == 5


def test_a_file_without_tables_says_why_the_budget_was_not_checked(check):
    draft = file_draft(DraftSource.PDF, [DraftPart("Tekst.")], budget_skip=BudgetNotChecked(BudgetSkip.PDF))
    report = check(draft)
    assert not report.budget_checked and report.issues == ()
    assert report.budget_skip.reason is BudgetSkip.PDF


# --- evidence per criterion ----------------------------------------------------------------------


def test_the_strong_draft_gives_evidence_for_every_criterion(check):
    evidence = by_id(check(file_of("strong.txt")))
    assert {cid: e.hints_found for cid, e in evidence.items()} == STRONG_HINTS
    for cid, expected in STRONG_INFLECTED.items():
        assert expected <= words(evidence[cid]), (cid, expected - words(evidence[cid]))


def test_inflected_forms_come_with_their_place_in_the_file(check):
    evidence = by_id(check(file_of("strong.txt")))
    passage = next(p for p in evidence["B4"].passages if "Radą Osiedla" in p.words)
    assert passage.part.section == "III.3" and passage.part.paragraph == 9
    assert ("Radą Osiedla", True) in passage.segments
    volunteers = next(p for p in evidence["F1"].passages if "wolontariuszami" in p.words)
    assert volunteers.part.section == "IV.2"


def test_the_weak_draft_has_no_evidence_for_the_named_criteria(check):
    report = check(file_of("weak.txt"))
    evidence = by_id(report)
    for cid in WEAK_SILENT:
        assert own_passages(evidence[cid]) == [], cid
        assert evidence[cid].hints_missing == report.rubric.criterion(cid).evidence_hints
        # What the criterion still shows comes from the elements it covers, each passage saying which.
        assert all(p.elements for p in evidence[cid].passages), cid
    assert {cid: words(e) for cid, e in evidence.items() if own_passages(e)} == {
        "A1": {"lokalu"}, "B5": {"lokalu"}, "D1": {"Koszty"}, "E1": {"dotacja"}, "G1": {"dotacja"}}


def test_the_budget_draft_typed_into_the_form_finds_evidence_in_its_fields(check):
    evidence = by_id(check(form_draft(budget_offer())))
    passage = next(p for p in evidence["B1"].passages if "sąsiadami" in p.words)
    assert (passage.part.section, passage.part.field_name) == ("III.3", "needs")
    council = next(p for p in evidence["B4"].passages if "radą osiedla" in p.words)
    assert (council.part.section, council.part.field_name, council.part.row) == ("III.4", "description", 3)
    assert own_passages(evidence["B2"]) == [] and all(p.elements for p in evidence["B2"].passages)


def test_all_matches_of_a_sentence_are_marked_once_and_overlaps_merge():
    snippet = Snippet("Koszt jednostkowy i wkład.", 100, 0, 5, False, False)
    matches = tuple(EvidenceMatch(h, t, 1, 100 + s, 100 + e, snippet) for h, t, s, e in (
        ("koszt", "Koszt", 0, 5), ("koszt jednostkowy", "Koszt jednostkowy", 0, 17), ("wkład", "wkład", 20, 25)))
    passage = Passage(matches, DraftPart("x"))
    assert passage.segments == (("Koszt jednostkowy", True), (" i ", False), ("wkład", True), (".", False))
    assert passage.words == ("Koszt", "Koszt jednostkowy", "wkład")


# --- the CAL Model's elements --------------------------------------------------------------------


def test_elements_are_found_by_their_own_hints(check):
    strong, weak = check(file_of("strong.txt")), check(file_of("weak.txt"))
    assert strong.elements_addressed >= 20
    # The weak draft's "lokal" and "zajęcia" no longer address the place or the operator's capacity.
    assert weak.elements_addressed <= 1
    assert {s.element.id for s in weak.elements if s.addressed} <= {"value-universality"}
    # Every addressed element says which passages decided it.
    assert all(s.deciding for s in strong.elements if s.addressed)


# --- the self-score ------------------------------------------------------------------------------


def test_the_self_score_is_totalled_like_a_members_card(check):
    scores = {"B1": CriterionScore("B1", Decimal(8)), "B4": CriterionScore("B4", Decimal("6")),
              "G1": CriterionScore("G1", None, not_applicable=True)}
    report = check(file_of("strong.txt"), scores=scores)
    assert (report.total.points, report.total.max_points) == (Decimal(14), Decimal(100))
    assert by_id(report)["B1"].score == scores["B1"] and report.self_scored
    # In "powierzenie" E1 does not apply; G1 leaves the maximum only when the applicant says it had no earlier
    # tasks (the form's question), never by a "nie dotyczy" on the self-score, as on a member's card.
    unknown = check(file_of("strong.txt"), scores=scores, context=AssessmentContext(CallMode.COMMISSION, None))
    assert (unknown.total.points, unknown.total.max_points) == (Decimal(14), Decimal(95))
    assert not unknown.score_problems  # no office settles a draft's fact: the applicant may self-score G1
    newcomer = check(file_of("strong.txt"), scores=scores, context=AssessmentContext(CallMode.COMMISSION, False))
    assert (newcomer.total.points, newcomer.total.max_points) == (Decimal(14), Decimal(85))
    assert by_id(newcomer)["E1"].applicability is Applicability.NOT_APPLICABLE


def test_self_score_problems_are_reported_not_raised(check):
    report = check(file_of("weak.txt"), scores={"B1": CriterionScore("B1", Decimal(70))})
    assert [(p.criterion_id, p.code.value) for p in report.score_problems] == [("B1", "out_of_range")]


# --- the draft as JSON ---------------------------------------------------------------------------


def test_drafts_survive_the_round_trip_through_json():
    located = file_of("strong.txt")
    with_budget = file_draft(DraftSource.DOCX, [DraftPart("Tekst.", paragraph=1)], offer=budget_offer())
    skipped = file_draft(DraftSource.DOCX, [DraftPart("Tekst.")],
                         budget_skip=BudgetNotChecked(BudgetSkip.UNREADABLE_NUMBER, {"row": "I.1", "text": "x"}))
    form = form_draft(Offer(title="Tytuł", summary=TaskSummary(needs="Sąsiedzi."),
                            actions=(Action(name="Spacer"),)))
    for draft in (located, with_budget, skipped, form):
        assert draft_from_dict(draft_to_dict(draft)) == draft


@pytest.mark.parametrize("data", [
    None, [], {"source": "word"}, {"source": "docx", "parts": [["tekst"]]},
    {"source": "docx", "parts": [["tekst", None, "1", None, False, False]]}, {"source": "docx", "extra": 1},
    {"source": "docx", "budget_skip": {"reason": "nothing"}}, {"source": "form", "offer": {"title": 5}},
])
def test_anything_else_is_not_a_draft(data):
    with pytest.raises(ValueError):
        draft_from_dict(data)

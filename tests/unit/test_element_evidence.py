"""Evidence per element of the CAL Model (issue #16): each reproduced fault, and the hints file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.draft_dates import task_dates
from app.core.drafts import DraftPart, DraftSource, file_draft, heading_section, is_form_wording
from app.core.element_evidence import ElementHints, ElementStatus, build_element_hints, is_bare_list
from app.core.offer import Offer
from app.core.offer_checks import CallTerms, IssueCode
from app.core.rubric import AssessmentContext, CallMode
from app.core.selfcheck import DatesCheck, check_draft, hint_label
from app.rubrics.loader import load_rubric
from app.selfcheck.element_hints import hints_path, load_element_hints
from app.selfcheck.form_tables import read_budget
from app.selfcheck.lemmatizer import simplemma_lemmatizer

REPO = Path(__file__).resolve().parents[2]
CONTEXT = AssessmentContext(CallMode.SUPPORT, True)


@pytest.fixture(scope="module")
def rubric_file():
    return load_rubric(REPO / "rubrics" / "cal-2021.toml", REPO)


@pytest.fixture(scope="module")
def hints(rubric_file):
    return load_element_hints(hints_path(REPO / "rubrics", rubric_file.rubric))


@pytest.fixture(scope="module")
def check(rubric_file, hints):
    lemmatizer = simplemma_lemmatizer()

    def _draft_check(draft, *, element_hints=hints, terms=None):
        coverage = rubric_file.coverage
        return check_draft(draft, rubric_file.rubric, lemmatizer, terms=terms, context=CONTEXT,
                           elements=coverage.elements.elements, coverage=coverage.matrix, element_hints=element_hints)

    def _check(*lines: str, element_hints=hints):
        draft = file_draft(DraftSource.DOCX, [DraftPart(line, paragraph=n) for n, line in enumerate(lines, 1)])
        return _draft_check(draft, element_hints=element_hints)

    _check.__wrapped__ = _draft_check  # the same check of a draft made by the test
    return _check


def statuses(report) -> dict[str, ElementStatus]:
    return {s.element.id: s.status for s in report.elements}


def passages_of(report, criterion_id: str) -> list[str]:
    evidence = next(e for e in report.evidence if e.criterion.id == criterion_id)
    return [p.part.text for p in evidence.passages]


def test_the_hints_file_is_sound_and_lists_the_elements_without_hints(rubric_file, hints):
    ids = [e.id for e in rubric_file.coverage.elements.elements]
    assert set(hints.elements) <= set(ids), "hints for an element the Model does not have"
    without = [element_id for element_id in ids if element_id not in hints.elements or hints.elements[element_id].empty]
    # An element added to the Model later appears here until someone writes its hints.
    assert without == []


def test_an_element_without_hints_is_not_assessed_rather_than_not_found(check, hints):
    partial = build_element_hints({"elements": {"value-solidarity": {"strong": ["pomagać sobie"]}}})[0]
    report = check("III.3 Syntetyczny opis zadania", "Sąsiedzi będą pomagać sobie w codziennych sprawach.",
                   element_hints=partial)
    found = statuses(report)
    assert found["value-solidarity"] is ElementStatus.ADDRESSED
    assert found["network-scal"] is ElementStatus.NOT_ASSESSED


def test_one_word_does_not_mark_all_four_values(check):
    found = statuses(check("III.3 Syntetyczny opis zadania", "Zajęcia będą międzypokoleniowe."))
    values = {k: v for k, v in found.items() if k.startswith("value-")}
    assert [k for k, v in values.items() if v is ElementStatus.ADDRESSED] == ["value-cohesion"]


def test_a_draft_of_weekly_classes_addresses_nothing(check):
    report = check("III.3 Syntetyczny opis zadania",
                   "W poniedziałki odbędą się zajęcia plastyczne dla dzieci, we wtorki joga, w środy szachy.",
                   "Zajęcia poprowadzą instruktorzy z doświadczeniem w naszej sali.",
                   "IV.2 Zasoby kadrowe", "Pięcioro instruktorów z uprawnieniami i koordynator zadania.")
    assert report.elements_addressed == 0


def test_naming_the_values_is_a_mention_not_addressing_them(check):
    found = statuses(check("III.3 Syntetyczny opis zadania", "Kierujemy się wartościami Modelu: solidarnością, "
                           "otwartością na różnorodność, spójnością i powszechnym charakterem działań."))
    assert {found[k] for k in found if k.startswith("value-")} == {ElementStatus.MENTIONED}


def test_pasted_hint_words_are_not_evidence(check):
    report = check("III.3 Syntetyczny opis zadania",
                   "Diagnoza potrzeb, spacer badawczy, ankieta, rada osiedla, partnerstwo lokalne, SCAL, solidarność.",
                   "Słowa kluczowe: zakorzenienie, zaufanie, liderzy, inicjatywy, partycypacja.")
    assert report.elements_addressed == 0
    assert not any(e.passages for e in report.evidence)


def test_the_name_of_a_city_unit_is_not_evidence_of_the_applicants_team(check):
    report = check("IV.2 Zasoby kadrowe", "Współpracujemy z Zespołem Terenowej Pracy Socjalnej MOPS.")
    evidence = next(e for e in report.evidence if e.criterion.id == "A1")
    assert "zespół" not in evidence.hints_found
    # The MOPS after the unit's name is still a partner (B4).
    assert "mops" in next(e for e in report.evidence if e.criterion.id == "B4").hints_found


@pytest.mark.parametrize("heading", ["III.5 Zakładane rezultaty", "V.A Zestawienie kosztów realizacji zadania",
                                     "V.B Źródła finansowania kosztów realizacji zadania",
                                     "III.2 Termin realizacji zadania publicznego"])
def test_a_heading_is_never_evidence(check, heading):
    report = check(heading)
    assert not any(e.passages for e in report.evidence), heading
    assert report.elements_addressed == 0 and not any(s.passages for s in report.elements)


def test_section_letters_are_not_unknown_words_of_a_heading():
    assert is_form_wording("V.A Zestawienie kosztów realizacji zadania")
    assert is_form_wording("V.B Źródła finansowania kosztów realizacji zadania")
    assert not is_form_wording("Termin realizacji zadania uzgodnimy z radą osiedla", heading=False)


def test_an_explicit_section_number_wins_over_a_title():
    assert heading_section("III.3 Opis zadania") == "III.3"
    assert heading_section("III. Opis zadania") == "III"


def test_a_heading_that_carries_content_keeps_it(check):
    report = check("III.6 Rezultaty: 40 spotkań sąsiedzkich w roku (lista obecności)")
    section = next(s for s in report.completeness if s.section == "III.6")
    assert section.state.value != "missing"
    assert "40 spotkań sąsiedzkich w roku (lista obecności)" in [p.text for p in report.draft.text_parts]


def test_an_addressed_element_names_the_passage_that_decided_it(check):
    report = check("III.3 Syntetyczny opis zadania", "Wstęp bez znaczenia.",
                   "W październiku przeprowadziliśmy dwa spacery badawcze z mieszkańcami.")
    state = next(s for s in report.elements if s.element.id == "method-needs-identification")
    assert state.status is ElementStatus.ADDRESSED
    (deciding,) = state.deciding
    assert deciding.part.text.startswith("W październiku") and deciding.section_paragraph == 2


def test_two_sentences_address_an_element_and_one_mentions_it(check):
    one = statuses(check("III.3 Syntetyczny opis zadania", "Sąsiedzi wspierają się w razie choroby."))
    two = statuses(check("III.3 Syntetyczny opis zadania", "Sąsiedzi wspierają się w razie choroby.",
                         "Na klatkach wzajemnie pilnują sobie mieszkań."))
    assert one["value-solidarity"] is ElementStatus.MENTIONED
    assert two["value-solidarity"] is ElementStatus.ADDRESSED


def test_the_models_own_words_are_a_mention_however_often_they_are_said(check):
    report = check("III.5 Opis zakładanych rezultatów",
                   "Relacje międzyludzkie zostaną wzmocnione.", "Wzmocnimy relacje międzyludzkie na osiedlu.",
                   "Zbudujemy lokalną tożsamość.", "Tożsamość lokalna będzie dla nas ważna.",
                   "Zależy nam na solidarności.", "Solidarność jest naszą wartością.",
                   "Mieszkańcy przejmą odpowiedzialność.", "Przejmowanie odpowiedzialności to nasz cel.")
    found = statuses(report)
    for element_id in ("effect-relationships", "effect-local-identity", "value-solidarity",
                       "effect-responsibility"):
        assert found[element_id] is ElementStatus.MENTIONED, element_id
    # Nor do they reach a criterion as an element's evidence.
    assert not any(p.elements for e in report.evidence for p in e.passages)


def test_a_hint_inside_the_models_words_does_not_count_for_another_element(check):
    # "pracy ze społecznością" is operator capacity's phrase, but here it is the Model's name of a method.
    found = statuses(check("III.3 Syntetyczny opis zadania", "Stosujemy pracę ze społecznością lokalną.",
                           "Praca ze społecznością lokalną jest podstawą."))
    assert found["condition-operator-capacity"] is not ElementStatus.ADDRESSED
    assert found["method-community-work"] is ElementStatus.MENTIONED


@pytest.mark.parametrize(("lines", "element_id"), [
    # A verb's other aspect, the subject after the verb: the same practice in other words.
    (("Wiosną zapytaliśmy ludzi na podwórkach, co chcieliby zmienić.",), "method-needs-identification"),
    (("Raz w miesiącu o planie decydują sami sąsiedzi.",), "method-community-work"),
    (("Co najmniej trzy grupy sąsiadów zrealizują własne pomysły.",), "effect-community-potential"),
    (("Koordynatorka mieszka tu od urodzenia.",), "condition-rootedness"),
    (("Centrum otworzymy w sali udostępnionej przez parafię.",), "condition-place"),
])
def test_word_families_and_words_near_each_other_find_the_practice(check, lines, element_id):
    assert statuses(check("III.3 Syntetyczny opis zadania", *lines))[element_id] is ElementStatus.ADDRESSED


def test_the_applicants_record_is_not_a_plan_for_the_task(check):
    record = statuses(check("IV.1 Informacja o wcześniejszej działalności oferenta",
                            "Od 2018 roku organizujemy pikniki na podwórkach i kino plenerowe."))
    plan = statuses(check("III.4 Plan i harmonogram działań",
                          "Od maja organizujemy pikniki na podwórkach i kino plenerowe."))
    assert record["method-public-spaces"] is ElementStatus.NOT_FOUND
    assert plan["method-public-spaces"] is ElementStatus.ADDRESSED


def test_an_address_is_not_evidence_of_a_street_or_a_square(check):
    found = statuses(check("III.3 Syntetyczny opis zadania", "Lokal mieści się przy ul. Długiej 5.",
                           "Drugi punkt będzie przy pl. Grunwaldzkim 2."))
    assert found["method-public-spaces"] is ElementStatus.NOT_FOUND


@pytest.mark.parametrize("text", [
    "[Tu wpisz opis – maks. 3000 znaków. Opisz diagnozę potrzeb i sposób włączania mieszkańców.]",
    "Należy opisać zmianę społeczną, np. wzmocnienie relacji sąsiedzkich, przejmowanie odpowiedzialności.",
    "| 3 | [nazwa działania] | [opis działania] | [grupa docelowa] |",
    "(należy podać rodzaj planowanych działań w kolejności realizacji)",
])
def test_the_forms_instructions_and_placeholders_left_in_are_not_the_applicants_text(check, text):
    assert is_form_wording(text, heading=False)
    report = check("III.5 Opis zakładanych rezultatów", text)
    assert report.elements_addressed == 0 and not any(s.passages for s in report.elements)


def test_a_sentence_with_brackets_stays_the_applicants_text():
    assert not is_form_wording("Sąsiedzi (także nowi) spotykają się w świetlicy [co tydzień].", heading=False)


@pytest.mark.parametrize(("text", "bare"), [
    ("Diagnoza potrzeb, spacer badawczy, ankieta, rada osiedla.", True),
    ("Rezultaty: wzmacnianie relacji, potencjał, odpowiedzialność, tożsamość.", True),
    ("Prowadząca – pedagożka z wieloletnim doświadczeniem w pracy z sąsiadami, dwoje pomocników, wolontariusze.",
     False),
    ("Spotykamy się z radą osiedla, szkołą i biblioteką co miesiąc.", False),
])
def test_a_bare_list_is_told_from_a_sentence(text, bare):
    assert is_bare_list(text) is bare


def test_a_wrong_hints_file_is_refused():
    hints, problems = build_element_hints({"elements": {"x": {"hints": "nie lista", "other": 1}}})
    assert hints is None and problems
    assert ElementHints().empty


# --- every figure read: V.A's own total row, the task's dates ------------------------------------


def _budget_lines(total_row: str) -> list[list[str]]:
    return [["Lp.", "Rodzaj kosztu", "Rodzaj miary", "Koszt jednostkowy", "Liczba jednostek", "Wartość razem"],
            ["I.1", "Animatorka", "miesiąc", "5 000,00", "10", "50 000,00"],
            ["II.1", "Księgowość", "miesiąc", "550,00", "10", "5 500,00"],
            ["", "Suma wszystkich kosztów realizacji zadania", "", "", "", total_row]]


def test_the_total_row_of_v_a_is_checked_against_its_items(check):
    funding = [["1.", "Suma wszystkich kosztów realizacji zadania", "55 500,00"],
               ["2.", "Planowana dotacja w ramach niniejszej oferty", "54 000,00"],
               ["3.2.", "Wkład własny niefinansowy", "1 500,00"]]
    wrong = read_budget([_budget_lines("55 000,00"), funding])
    right = read_budget([_budget_lines("55 500,00"), funding])
    assert wrong.stated_total == Decimal("55000.00") and right.stated_total == Decimal("55500.00")

    def issues(budget):
        draft = file_draft(DraftSource.DOCX, [DraftPart("Tekst.", paragraph=1)],
                           offer=Offer(costs=budget.costs, funding=budget.funding),
                           stated_costs_total=budget.stated_total)
        return [(i.code, i.params) for i in check.__wrapped__(draft).issues]

    assert issues(wrong) == [(IssueCode.COST_TABLE_TOTAL_MISMATCH, {"stated_total": Decimal("55000.00"),
                                                                    "costs_total": Decimal("55500.00")})]
    assert issues(right) == []


@pytest.mark.parametrize(("text", "dates"), [
    ("od 01.02.2027 do 30.11.2027", ("2027-02-01", "2027-11-30")),
    ("od 1 lutego 2027 r. do 31 grudnia 2028 r.", ("2027-02-01", "2028-12-31")),
    ("2027-02-01 – 2027-12-31", ("2027-02-01", "2027-12-31")),
    ("kwiecień – wrzesień 2027", None),
    ("od 31.02.2027 do 30.11.2027", None),
])
def test_dates_are_read_in_polish_formats(text, dates):
    draft = file_draft(DraftSource.DOCX, [DraftPart("III.2 Termin realizacji zadania publicznego", paragraph=1),
                                          DraftPart(text, paragraph=2)])
    found = task_dates(draft)
    assert (None if found is None else (found.start.isoformat(), found.end.isoformat())) == dates


def test_dates_are_checked_against_the_window_or_said_not_to_be(check):
    draft = file_draft(DraftSource.DOCX, [DraftPart("III.2 Termin realizacji zadania publicznego", paragraph=1),
                                          DraftPart("od 1 lutego 2027 r. do 31 grudnia 2029 r.", paragraph=2)])
    terms = CallTerms(mode=CallMode.SUPPORT, window_start=date(2027, 1, 1), window_end=date(2028, 12, 31))
    within_call = check.__wrapped__(draft, terms=terms)
    assert within_call.dates is DatesCheck.CHECKED
    assert [i.code for i in within_call.issues] == [IssueCode.ENDS_AFTER_WINDOW]
    assert check.__wrapped__(draft).dates is DatesCheck.NO_WINDOW
    undated = file_draft(DraftSource.DOCX, [DraftPart("III.2 Termin realizacji", paragraph=1),
                                            DraftPart("wiosna i lato 2027", paragraph=2)])
    assert check.__wrapped__(undated, terms=terms).dates is DatesCheck.NOT_FOUND


def test_exclusion_in_the_models_words_is_found_by_its_criterion_too(check):
    report = check("III.5 Opis zakładanych rezultatów",
                   "Przeciwdziałamy wykluczeniu seniorów, którzy mieszkają sami i nie wychodzą z domu.")
    b6 = next(e for e in report.evidence if e.criterion.id == "B6")
    assert statuses(report)["effect-preventing-exclusion"] is ElementStatus.ADDRESSED
    assert "wykluczenie" in b6.hints_found and "wykluczenie" not in b6.hints_missing


def test_a_criterion_shows_the_evidence_of_the_elements_it_covers(check):
    report = check("III.3 Syntetyczny opis zadania",
                   "W październiku przeprowadziliśmy dwa spacery badawcze z mieszkańcami.")
    b1 = next(e for e in report.evidence if e.criterion.id == "B1")
    states = {s.element.id: s.status for s in b1.elements}
    assert states["method-needs-identification"] is ElementStatus.ADDRESSED
    assert all(b1.criterion.id in s.criteria for s in b1.elements)


def test_a_criterions_evidence_is_its_elements_evidence_and_its_own_hints_once_per_sentence(check):
    report = check("III.3 Syntetyczny opis zadania",
                   "W październiku przeprowadziliśmy dwa spacery badawcze z mieszkańcami.",
                   "Zapytaliśmy sąsiadów, czego brakuje na osiedlu.",
                   "Lokal ma aneks kuchenny.")
    b1 = next(e for e in report.evidence if e.criterion.id == "B1")
    needs = next(s for s in report.elements if s.element.id == "method-needs-identification")
    texts = [p.part.text for p in b1.passages]
    # Every sentence that describes a covered element is the criterion's evidence, once, in the draft's order.
    assert {p.part.text for p in needs.passages} <= set(texts)
    assert len(texts) == len(set(texts)) and texts == sorted(texts, key=lambda t: report.draft.text_parts.index(
        next(part for part in report.draft.text_parts if part.text == t)))
    walk = next(p for p in b1.passages if p.part.text.startswith("W październiku"))
    assert needs.element in walk.elements
    # The criterion's own hint ("mieszkaniec") and the element's phrase mark the same sentence together.
    assert "mieszkańcami" in walk.words and "spacery badawcze" in walk.words
    # A passage of an element the criterion does not cover stays out.
    assert not any("aneks" in t for t in texts)
    # The coverage of the element is its own finding, whatever the criterion shows.
    assert needs.status is ElementStatus.ADDRESSED


def test_a_hint_does_not_match_another_word_the_lemmatiser_confuses_it_with(check):
    # simplemma reads "razem" as raz and "zebranie" as zebrać: "raz w tygodniu" is no work with the community.
    report = check("III.4 Plan i harmonogram działań", "Raz w tygodniu zajęcia plastyczne.",
                   "Dwa razy w miesiącu zebraliśmy ankiety od uczestników zajęć.")
    state = next(s for s in report.elements if s.element.id == "method-community-work")
    assert state.status is ElementStatus.NOT_FOUND, [p.words for p in state.passages]


def test_the_tasks_title_names_it_and_is_no_elements_evidence(check):
    report = check("III.1 Tytuł zadania publicznego: Poznajmy się – sąsiedzi pomagają sąsiadom")
    assert "Poznajmy się – sąsiedzi pomagają sąsiadom" in [p.text for p in report.draft.text_parts]
    assert not any(s.passages for s in report.elements)


@pytest.mark.parametrize(("hint", "label"), [
    ("pytać|zapytać + mieszkaniec|sąsiad", "pytać … mieszkaniec"),
    ("diagnoza potrzeb", "diagnoza potrzeb"),
    ("mieszkać|żyć + sam|samotnie", "mieszkać … sam"),
])
def test_a_hint_is_shown_by_its_first_words_and_what_matched(hint, label):
    assert hint_label(hint) == label

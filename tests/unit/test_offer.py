"""The 2018 offer form as data: totals, the applicant's record, and the JSON form.

make_offer() is a small consistent offer; nadodrze_offer() a realistic one (fictional).
Both are used by test_offer_checks.py too.
"""

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from app.core.offer import (
    Action,
    Applicant,
    ContactPerson,
    CostCategory,
    CostRow,
    CostShare,
    FundingSources,
    Offer,
    ResultRow,
    TaskSummary,
    category_totals,
    cost_total,
    offer_from_dict,
    offer_to_dict,
    year_totals,
)

ACTIONS, ADMIN = CostCategory.ACTIONS, CostCategory.ADMINISTRATIVE


def cost(number: str, unit_cost: str, units: str, value: str, *by_year: str, category=ACTIONS,
         cost_type: str = "Warsztaty", unit: str = "godzina") -> CostRow:
    """A V.A row; the year split defaults to the whole value in Rok 1."""
    years = tuple(D(y) for y in by_year) or (D(value),)
    return CostRow(number=number, category=category, cost_type=cost_type, unit=unit, unit_cost=D(unit_cost),
                   units=D(units), value=D(value), by_year=years)


def make_offer(**changes) -> Offer:
    """A small consistent offer for 2027; any field can be replaced.

    V.A: I.1 12 × 450.00 = 5 400.00; II.1 12 × 50.00 = 600.00; total 6 000.00.
    V.B: 6 000.00 = grant 5 800.00 + own 100.00 (3.1) + 100.00 (3.2) + participants 0.00.
    """
    offer = Offer(
        applicants=(Applicant(name="Stowarzyszenie Testowe", legal_form="stowarzyszenie",
                              register_number="0000000000", address="Wrocław", had_prior_tasks=True),),
        contact=ContactPerson(name="Anna Testowa", email="anna@example.org"),
        title="Centrum Aktywności Lokalnej",
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        costs=(cost("I.1", "450.00", "12", "5400.00"),
               cost("II.1", "50.00", "12", "600.00", category=ADMIN, cost_type="Księgowość", unit="miesiąc")),
        funding=FundingSources(total_costs=D("6000.00"), grant=D("5800.00"), own_financial=D("100.00"),
                               own_non_financial=D("100.00"), participant_payments=D("0.00")),
    )
    return replace(offer, **changes)


def nadodrze_offer() -> Offer:
    """A FICTIONAL offer for a CAL on Nadodrze (Wrocław), March 2027 – February 2028.

    V.A (Rok 1 = March–December 2027, Rok 2 = January–February 2028):
      I.1 animator          12 × 6 500.00 = 78 000.00 = 65 000.00 + 13 000.00
      I.2 coordinator       12 × 4 800.00 = 57 600.00 = 48 000.00 +  9 600.00
      I.3 workshops        120 ×   150.00 = 18 000.00 = 15 000.00 +  3 000.00
      I.4 rent and media    12 × 2 250.00 = 27 000.00 = 22 500.00 +  4 500.00
      I.5 materials         20 ×   275.50 =  5 510.00 =  4 408.00 +  1 102.00
      I.6 volunteers' work 400 ×    40.00 = 16 000.00 = 13 600.00 +  2 400.00
      II.1 accounting       12 ×   800.00 =  9 600.00 =  8 000.00 +  1 600.00
      II.2 phone, internet  12 ×   180.00 =  2 160.00 =  1 800.00 +    360.00
      part I 202 110.00 + part II 11 760.00 = 213 870.00 = Rok 1 178 308.00 + Rok 2 35 562.00
    V.B: 213 870.00 = grant 193 770.00 + 3.1 3 500.00 + 3.2 16 000.00 + participants 600.00.
    """
    return Offer(
        authority="Prezydent Wrocławia",
        task_type="Działalność wspomagająca rozwój wspólnot i społeczności lokalnych",
        applicants=(Applicant(name="Stowarzyszenie Sąsiedzkie Podwórka Nadodrza", legal_form="stowarzyszenie",
                              register_number="KRS 0000000000", address="ul. Rydygiera 99/1, 50-249 Wrocław",
                              had_prior_tasks=True),),
        contact=ContactPerson(name="Anna Przykładowa", email="kontakt@example.org", phone="+48 71 000 00 00"),
        title="Centrum Aktywności Lokalnej Nadodrze 2027/2028",
        start_date=date(2027, 3, 1),
        end_date=date(2028, 2, 29),
        summary=TaskSummary(
            place="Wrocław, osiedle Nadodrze: lokal CAL przy ul. Rydygiera oraz podwórka i skwery osiedla.",
            target_group="Mieszkańcy i mieszkanki Nadodrza w każdym wieku, w szczególności seniorzy, rodziny "
                         "z dziećmi, młodzież oraz osoby nowo zamieszkałe na osiedlu.",
            needs="Diagnoza przeprowadzona jesienią 2026 roku (ankieta wśród 212 mieszkańców i trzy spacery "
                  "badawcze) pokazała, że mieszkańcy Nadodrza rzadko się znają, brakuje im miejsca do spotkań "
                  "poza domem, a seniorzy czują się osamotnieni. CAL odpowie na te potrzeby, udostępniając otwarty "
                  "lokal, wspierając grupy sąsiedzkie i pomagając mieszkańcom samodzielnie realizować inicjatywy "
                  "na rzecz podwórek.",
            complementarity="Działania uzupełniają program rewitalizacji Nadodrza oraz ofertę osiedlowej filii "
                            "biblioteki i klubu seniora; z partnerami ustalimy wspólny kalendarz, aby wydarzenia "
                            "się nie powielały i docierały do różnych grup mieszkańców.",
        ),
        actions=(
            Action("Otwarty lokal CAL", "Lokal czynny pięć dni w tygodniu: dyżury animatorki, kawiarenka "
                   "sąsiedzka i miejsce na spotkania grup mieszkańców.", "mieszkańcy Nadodrza",
                   "03.2027–02.2028", ""),
            Action("Rada sąsiedzka i mikrogranty", "Comiesięczne spotkania rady sąsiedzkiej oraz dwa nabory "
                   "mikrograntów na inicjatywy mieszkańców, z pomocą w ich przygotowaniu i rozliczeniu.",
                   "grupy nieformalne i aktywni mieszkańcy", "04.2027–11.2027", ""),
            Action("Warsztaty międzypokoleniowe", "Cykl 120 godzin warsztatów (rękodzieło, ogrodnictwo "
                   "podwórkowe, pomoc cyfrowa dla seniorów) prowadzonych w parach senior–junior.",
                   "seniorzy i młodzież", "03.2027–02.2028", ""),
            Action("Święto podwórek", "Przygotowane wspólnie z mieszkańcami święto trzech podwórek: porządkowanie "
                   "zieleni, koncert i wystawa zdjęć sąsiadów.", "rodziny z dziećmi i sąsiedzi", "06.2027", ""),
        ),
        expected_results="Bezpośrednim efektem będzie działający przez cały rok lokal CAL, z którego skorzysta "
                         "co najmniej 600 mieszkańców, oraz co najmniej 8 inicjatyw sąsiedzkich przygotowanych i "
                         "przeprowadzonych przez samych mieszkańców. Zmiana społeczna: mieszkańcy lepiej się znają, "
                         "częściej działają razem i wiedzą, gdzie szukać wsparcia. Trwałość zapewni rada sąsiedzka, "
                         "która będzie działać po zakończeniu zadania.",
        results=(
            ResultRow("Liczba osób korzystających z oferty CAL", "600 osób", "listy obecności, rejestr wejść"),
            ResultRow("Liczba inicjatyw zrealizowanych przez mieszkańców", "8 inicjatyw",
                      "sprawozdania grup, dokumentacja zdjęciowa"),
            ResultRow("Liczba godzin warsztatów międzypokoleniowych", "120 godzin", "dziennik zajęć"),
        ),
        experience="Stowarzyszenie działa na Nadodrzu od 2015 roku. W latach 2021–2026 prowadziło na zlecenie "
                   "Gminy Wrocław trzy zadania publiczne z zakresu rozwoju wspólnot lokalnych, rozliczone "
                   "terminowo i bez zastrzeżeń, oraz organizowało coroczne święto podwórek. Współpracuje z radą "
                   "osiedla, szkołą podstawową i parafią, a jego członkowie ukończyli szkolenia z animacji "
                   "społecznej według Modelu CAL.",
        resources="Zespół: koordynatorka CAL (umowa o pracę), animatorka lokalna z doświadczeniem w pracy "
                  "podwórkowej, księgowa oraz 12 stałych wolontariuszy. Stowarzyszenie dysponuje lokalem "
                  "użytkowym o powierzchni 85 m² wynajmowanym od gminy, sprzętem nagłośnieniowym, rzutnikiem "
                  "i wyposażeniem kuchni.",
        costs=(
            cost("I.1", "6500.00", "12", "78000.00", "65000.00", "13000.00", cost_type="Animatorka lokalna",
                 unit="miesiąc"),
            cost("I.2", "4800.00", "12", "57600.00", "48000.00", "9600.00", cost_type="Koordynatorka CAL",
                 unit="miesiąc"),
            cost("I.3", "150.00", "120", "18000.00", "15000.00", "3000.00", cost_type="Prowadzenie warsztatów"),
            cost("I.4", "2250.00", "12", "27000.00", "22500.00", "4500.00", cost_type="Najem i media lokalu CAL",
                 unit="miesiąc"),
            cost("I.5", "275.50", "20", "5510.00", "4408.00", "1102.00", cost_type="Materiały do warsztatów",
                 unit="komplet"),
            cost("I.6", "40.00", "400", "16000.00", "13600.00", "2400.00", cost_type="Praca wolontariuszy"),
            cost("II.1", "800.00", "12", "9600.00", "8000.00", "1600.00", category=ADMIN,
                 cost_type="Obsługa księgowa", unit="miesiąc"),
            cost("II.2", "180.00", "12", "2160.00", "1800.00", "360.00", category=ADMIN,
                 cost_type="Telefon i internet", unit="miesiąc"),
        ),
        funding=FundingSources(total_costs=D("213870.00"), grant=D("193770.00"), own_financial=D("3500.00"),
                               own_non_financial=D("16000.00"), participant_payments=D("600.00")),
        other_information="Wkład osobowy to 400 godzin pracy wolontariuszy wycenionych po 40,00 zł za godzinę.",
    )


# --- the model and its totals -------------------------------------------------------------------

def test_an_empty_offer_is_an_empty_draft():
    offer = Offer()
    assert offer.applicants == offer.costs == offer.actions == offer.cost_split == ()
    assert offer.start_date is None and offer.title == ""
    assert offer.funding.sources_total == D(0)
    assert cost_total(offer.costs) == D(0)
    assert category_totals(offer.costs) == {ACTIONS: D(0), ADMIN: D(0)}
    assert year_totals(offer.costs) == ()


def test_totals_of_the_small_offer():
    costs = make_offer().costs
    assert cost_total(costs) == D("6000.00")  # 5 400.00 + 600.00
    assert category_totals(costs) == {ACTIONS: D("5400.00"), ADMIN: D("600.00")}
    assert year_totals(costs) == (D("6000.00"),)


def test_year_totals_follow_the_longest_row():
    costs = (cost("I.1", "100.00", "12", "1200.00", "1000.00", "200.00"), cost("I.2", "300.00", "1", "300.00"))
    # Rok 1: 1 000.00 + 300.00 = 1 300.00; Rok 2: 200.00 (the second row has no Rok 2)
    assert year_totals(costs) == (D("1300.00"), D("200.00"))


def test_totals_of_the_nadodrze_offer():
    offer = nadodrze_offer()
    # 78 000 + 57 600 + 18 000 + 27 000 + 5 510 + 16 000 = 202 110.00; 9 600 + 2 160 = 11 760.00
    assert category_totals(offer.costs) == {ACTIONS: D("202110.00"), ADMIN: D("11760.00")}
    assert cost_total(offer.costs) == D("213870.00") == offer.funding.total_costs
    # Rok 1: 65 000 + 48 000 + 15 000 + 22 500 + 4 408 + 13 600 + 8 000 + 1 800 = 178 308.00
    assert year_totals(offer.costs) == (D("178308.00"), D("35562.00"))


def test_own_contribution_and_sources():
    funding = FundingSources(total_costs=D("1000.00"), grant=D("900.00"), own_financial=D("30.00"),
                             own_non_financial=D("50.00"), participant_payments=D("20.00"))
    assert funding.own_total == D("80.00")  # 3 = 3.1 + 3.2 = 30.00 + 50.00
    assert funding.sources_total == D("1000.00")  # 2 + 3 + 4 = 900.00 + 80.00 + 20.00


@pytest.mark.parametrize("flags, expected", [
    ((), None), ((True,), True), ((False,), False), ((None,), None),
    ((False, None), None), ((False, True), True), ((None, True), True), ((False, False), False),
])
def test_prior_tasks_of_the_applicants(flags, expected):
    offer = Offer(applicants=tuple(Applicant(name=f"A{i}", had_prior_tasks=f) for i, f in enumerate(flags)))
    assert offer.applicant_prior_tasks is expected
    assert offer.is_joint is (len(flags) > 1)


# --- JSON ---------------------------------------------------------------------------------------

JOINT = make_offer(applicants=(Applicant(name="A"), Applicant(name="B", had_prior_tasks=False)),
                   cost_split=(CostShare("A", D("4000.00")), CostShare("B", D("2000.00"))))


@pytest.mark.parametrize("offer", [Offer(), make_offer(), nadodrze_offer(), JOINT], ids=["empty", "small",
                                                                                        "nadodrze", "joint"])
def test_round_trip_through_json_text(offer):
    data = offer_to_dict(offer)
    text = json.dumps(data, ensure_ascii=False)
    again = offer_from_dict(json.loads(text))
    assert again == offer
    assert offer_to_dict(again) == data


def test_json_keeps_the_amounts_as_written():
    data = offer_to_dict(make_offer())
    row = data["costs"][0]
    assert row == {"number": "I.1", "category": "actions", "cost_type": "Warsztaty", "unit": "godzina",
                   "unit_cost": "450.00", "units": "12", "value": "5400.00", "by_year": ["5400.00"]}
    assert data["form"] == "2018"
    assert data["start_date"] == "2027-01-01"
    assert data["funding"]["participant_payments"] == "0.00"
    assert offer_to_dict(Offer())["start_date"] is None
    # The scale survives: 5400.00 is not turned into 5400 or 5.4E+3.
    assert str(offer_from_dict(data).costs[0].value) == "5400.00"


@pytest.mark.parametrize("data, expected", [
    ({}, Offer()),
    ({"form": "2018"}, Offer()),
    ({"title": None, "start_date": None, "contact": None, "costs": None}, Offer()),
    ({"funding": {"grant": "100.50"}}, Offer(funding=FundingSources(grant=D("100.50")))),
    ({"costs": [{}]}, Offer(costs=(CostRow(),))),
    ({"costs": [{"unit_cost": 450, "units": "12"}]}, Offer(costs=(CostRow(unit_cost=D(450), units=D(12)),))),
    ({"applicants": [{"name": "A", "had_prior_tasks": False}]},
     Offer(applicants=(Applicant(name="A", had_prior_tasks=False),))),
], ids=["empty", "form-only", "nulls", "one-amount", "empty-row", "int-amount", "applicant"])
def test_missing_keys_mean_an_empty_draft(data, expected):
    assert offer_from_dict(data) == expected


@pytest.mark.parametrize("data, where", [
    ([], "offer: expected an object"),
    (None, "offer: expected an object"),
    ({"titel": "x"}, "offer: unknown field(s) 'titel'"),
    ({"form": "2024"}, "offer.form: expected '2018'"),
    ({"form": 2018}, "offer.form: expected '2018'"),
    ({"title": 5}, "offer.title: expected a string"),
    ({"title": True}, "offer.title: expected a string"),
    ({"contact": []}, "offer.contact: expected an object"),
    ({"applicants": {"name": "A"}}, "offer.applicants: expected a list"),
    ({"applicants": ["A"]}, "offer.applicants[0]: expected an object"),
    ({"applicants": [{"had_prior_tasks": "yes"}]}, "offer.applicants[0].had_prior_tasks: expected true"),
    ({"applicants": [{"had_prior_tasks": 1}]}, "offer.applicants[0].had_prior_tasks: expected true"),
    ({"costs": [{"unit_cost": 12.5}]}, "offer.costs[0].unit_cost: expected a decimal number as a string"),
    ({"costs": [{"units": True}]}, "offer.costs[0].units: expected a decimal number"),
    ({"costs": [{"value": "12,50"}]}, "offer.costs[0].value: not a number"),
    ({"costs": [{"value": ""}]}, "offer.costs[0].value: not a number"),
    ({"costs": [{"value": "NaN"}]}, "offer.costs[0].value: not a finite number"),
    ({"costs": [{"category": "other"}]}, "offer.costs[0].category: expected one of 'actions', 'administrative'"),
    ({"costs": [{"by_year": ["1", "2", "3", "4"]}]}, "offer.costs[0].by_year: at most 3 items"),
    ({"costs": [{"by_year": "100"}]}, "offer.costs[0].by_year: expected a list"),
    ({"costs": [{"by_year": ["1", 2.0]}]}, "offer.costs[0].by_year[1]: expected a decimal number"),
    ({"funding": {"grant": [1]}}, "offer.funding.grant: expected a decimal number"),
    ({"cost_split": [{"amount": "x"}]}, "offer.cost_split[0].amount: not a number"),
    ({"start_date": "01.03.2027"}, "offer.start_date: expected an ISO date"),
    ({"start_date": "2027-02-30"}, "offer.start_date: expected an ISO date"),
    ({"end_date": "20270301"}, "offer.end_date: expected an ISO date"),
    ({"end_date": 20270301}, "offer.end_date: expected an ISO date"),
])
def test_wrong_types_are_refused_with_the_path(data, where):
    with pytest.raises(ValueError, match="^" + re.escape(where)):
        offer_from_dict(data)

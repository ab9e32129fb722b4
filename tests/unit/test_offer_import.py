"""Reading rows of an import into offers: headers, cells, duplicates — pure, without files or a database."""

import time
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from app.core.offer_import import IMPORT_COLUMNS, Formula, ProblemCode, header_key, read_rows

HEADER = ["Numer oferty", "Wnioskodawca", "Tytuł zadania", "Numer KRS lub innego rejestru", "Wnioskowana dotacja (zł)",
          "Data rozpoczęcia"]


def problems(rows, header=HEADER):
    return [(p.row, p.column, p.code, p.params) for p in read_rows(header, rows)[1]]


def test_headers_match_whatever_the_case_accents_and_spacing():
    assert header_key("  TYTUŁ   zadania ") == header_key("tytul zadania") == "tytul zadania"
    header = ["numer  OFERTY", "WNIOSKODAWCA", "tytul zadania"]
    offers, found = read_rows(header, [["A/1", "Fundacja", "Tytuł"]])
    assert found == [] and offers[0].number == "A/1" and offers[0].form.title == "Tytuł"


def test_header_problems_are_on_row_one():
    assert problems([], ["Numer oferty", "Kolor", "Numer oferty"]) == [
        (1, "Kolor", ProblemCode.UNKNOWN_COLUMN, {"column": "Kolor"}),
        (1, "Numer oferty", ProblemCode.REPEATED_COLUMN, {"column": "Numer oferty"}),
        (1, "Wnioskodawca", ProblemCode.MISSING_COLUMN, {"column": "Wnioskodawca"}),
        (1, "Tytuł zadania", ProblemCode.MISSING_COLUMN, {"column": "Tytuł zadania"})]


@pytest.mark.parametrize(("cell", "expected"), [
    ("1 234,50", D("1234.50")), ("1\u00a0234,5 zł", D("1234.5")), ("64000", D(64000)), (64000, D(64000)),
    (1234.5, D("1234.5")), (D("10.25"), D("10.25")), ("", D(0)), (None, D(0)),
])
def test_amounts_as_typed_in_poland_or_as_numbers(cell, expected):
    offers, found = read_rows(HEADER, [["A/1", "F", "T", "", cell, ""]])
    assert found == [] and offers[0].form.funding.grant == expected


@pytest.mark.parametrize(("cell", "code"), [
    ("dużo", ProblemCode.BAD_AMOUNT), ("1,234", ProblemCode.BAD_AMOUNT), ("1.2.3", ProblemCode.BAD_AMOUNT),
    ("1e9", ProblemCode.BAD_AMOUNT), ("NaN", ProblemCode.BAD_AMOUNT), ("-10", ProblemCode.NEGATIVE_AMOUNT),
    (True, ProblemCode.BAD_AMOUNT), ("1" * 13, ProblemCode.BAD_AMOUNT), (Formula("=A1*2"), ProblemCode.FORMULA),
])
def test_bad_amounts_name_the_row_and_column(cell, code):
    assert [(r, c, k) for r, c, k, _p in problems([["A/1", "F", "T", "", cell, ""]])] == [
        (2, "Wnioskowana dotacja (zł)", code)]


@pytest.mark.parametrize(("cell", "expected"), [
    ("2027-03-01", date(2027, 3, 1)), ("1.03.2027", date(2027, 3, 1)), (datetime(2027, 3, 1, 0, 0), date(2027, 3, 1)),
    (date(2027, 3, 1), date(2027, 3, 1)), ("", None),
])
def test_dates(cell, expected):
    offers, found = read_rows(HEADER, [["A/1", "F", "T", "", "", cell]])
    assert found == [] and offers[0].form.start_date == expected


@pytest.mark.parametrize("cell", ["2027-02-30", "30.02.2027", "jutro", "20270301", "2027/03/01"])
def test_bad_dates(cell):
    assert [k for _r, _c, k, _p in problems([["A/1", "F", "T", "", "", cell]])] == [ProblemCode.BAD_DATE]


def test_required_fields_lengths_control_characters_and_extra_cells():
    found = problems([["", "F", "", "", "", ""], ["A/2", "x" * 301, "T", "", "", ""],
                      ["A/3", "F\x07", "T", "", "", ""], ["A/4", "F", "T", "", "", "", "nadmiar"],
                      ["", "", "", "", "", ""], []])
    assert [(r, c, k) for r, c, k, _p in found] == [
        (2, "Numer oferty", ProblemCode.REQUIRED), (2, "Tytuł zadania", ProblemCode.REQUIRED),
        (3, "Wnioskodawca", ProblemCode.TOO_LONG), (4, "Wnioskodawca", ProblemCode.CONTROL_CHARACTERS),
        (5, None, ProblemCode.EXTRA_CELLS)]


def test_duplicates_in_the_file_by_number_and_by_krs_and_title():
    found = problems([["A/1", "F", "Centrum  CAL", "0000012345", "", ""],
                      ["A/1", "G", "Inne", "", "", ""],
                      ["A/3", "F", "centrum cal", "12345", "", ""],
                      ["A/4", "F", "centrum cal", "", "", ""]])  # no KRS: not a duplicate by KRS and title
    assert found == [(3, "Numer oferty", ProblemCode.NUMBER_REPEATED, {"value": "A/1", "first_row": 2}),
                     (4, "Tytuł zadania", ProblemCode.DUPLICATE_IN_FILE, {"first_row": 2})]


def test_a_header_without_rows_and_every_column_of_the_template_is_read():
    assert problems([]) == [(None, None, ProblemCode.NO_ROWS, {})]
    values = {"number": "N/1", "applicant_name": "Stowarzyszenie", "had_prior_tasks": "NIE", "contact_email": "a@b.pl",
              "title": "Tytuł", "total_costs": "100", "own_financial": "1", "own_non_financial": "2",
              "participant_payments": "3", "place": "Nadodrze", "other_information": "Uwagi"}
    offers, found = read_rows([c.header for c in IMPORT_COLUMNS], [[values.get(c.key, "") for c in IMPORT_COLUMNS]])
    form = offers[0].form
    assert found == [] and form.applicants[0].had_prior_tasks is False and form.summary.place == "Nadodrze"
    assert (form.funding.own_total, form.funding.participant_payments, form.other_information) == (D(3), D(3), "Uwagi")


def test_ten_thousand_rows_are_read_quickly():
    rows = [[f"R/{n}", f"Fundacja {n}", f"Tytuł {n}", str(n), "1 000,00", "2027-01-01"] for n in range(10_000)]
    started = time.perf_counter()
    offers, found = read_rows(HEADER, rows)
    assert found == [] and len(offers) == 10_000
    assert time.perf_counter() - started < 5  # generous: a shared machine; measured ≈ 0.3 s

"""The agreement figures in the workbook's "Zgodność" sheet and in the protocol: the page's, from its function."""

import io
import re

import openpyxl

from app.competitions.permissions import can_see_scores
from app.offers.views import rubric_for
from app.results.queries import agreement_data
from tests.app.test_results_pages import committee  # noqa: F401 — the fixture
from tests.conftest import login

SHEET = "Zgodność"


def page_figures(client, competition) -> str:
    return client.get(f"/konkursy/{competition.id}/zgodnosc").get_data(as_text=True)


def sheet_of(client, competition):
    response = client.get(f"/konkursy/{competition.id}/zestawienie.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))[SHEET]


def polish(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def rows_of(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_zgodnosc_sheet_holds_the_agreement_pages_figures(client, app, committee):  # noqa: F811
    competition, secretary = committee["competition"], committee["secretary"]
    login(client, secretary)
    html = page_figures(client, competition)
    sheet = sheet_of(client, competition)
    rows = rows_of(sheet)
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Kryterium")
    assert sheet.freeze_panes == f"A{header_at + 2}" and sheet.auto_filter.ref.startswith(f"A{header_at + 1}:")
    totals = rows[header_at + 1]
    with app.test_request_context():
        figures = agreement_data(competition, rubric_for(competition), secretary.id,
                                 lambda offer, own: can_see_scores(secretary, offer, own)).figures
    # totals: alpha with the offers it rests on, ICC(2,1) and ICC(2,k) on the complete table, as on the page
    assert totals[0] == "Suma" and totals[9] == figures.total_alpha.units == 6
    assert abs(totals[8] - figures.total_alpha.value) < 1e-9 and polish(totals[8]) in html
    assert abs(totals[10] - figures.icc.single) < 1e-9 and polish(totals[10]) in html
    assert abs(totals[11] - figures.icc.average) < 1e-9 and polish(totals[11]) in html
    assert (totals[12], totals[13]) == (figures.icc.offers, figures.icc.members) == (5, 3)
    assert sheet.cell(header_at + 2, 9).number_format == "0.000"
    by_criterion = {row[0]: row for row in rows[header_at + 2:header_at + 6]}
    for criterion in figures.criteria:
        row = by_criterion[criterion.id]
        assert row[9] == criterion.alpha.units and row[7] == criterion.offers_apart
        if criterion.alpha.value is None:
            assert row[8] is None and "za mało danych" in row[14]
        else:
            assert abs(row[8] - criterion.alpha.value) < 1e-9 and f"{polish(row[8])} ({row[9]})" in html
    # every offer with its flag; Z/4 (30, 7 and 30 of 33 points) is furthest apart on B1, all 4 points
    offers = {row[0]: row for row in rows[header_at + 8:] if row and row[0] and row[0].startswith("Z/")}
    assert set(offers) == {f"Z/{i}" for i in range(1, 7)}
    assert offers["Z/4"][6] == "TAK" and offers["Z/4"][7] == "B1" and offers["Z/4"][9] == 4
    assert offers["Z/4"][2] == "90,91%; 21,21%; 90,91%" and abs(offers["Z/4"][5] - 0.697) < 1e-9
    assert offers["Z/3"][6] == "NIE"
    flagged_on_page = set(re.findall(r">(Z/\d)</a>", html.split('id="flagged"')[1].split("</table>")[0]))
    assert flagged_on_page == {key for key, row in offers.items() if row[6] == "TAK"}
    # never a member's leniency, never a member's name
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    for person in ("Przewodnicząca Ewa", "Członek Adam", "Członkini Beata"):
        assert person not in text
    assert "łagodn" not in text.lower()


def test_the_chair_gets_the_figures_of_the_offers_they_may_see_and_the_preliminary_note(client, committee):  # noqa: F811
    competition = committee["competition"]
    login(client, committee["chair"])
    rows = rows_of(sheet_of(client, competition))
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    assert "Z/6" not in text and "Pominięte oferty: 1" in text  # the chair has not scored Z/6
    assert "Ranking wstępny — brakujące karty oceny: 1;" in text
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Kryterium")
    assert rows[header_at + 1][9] == 5  # alpha on the totals rests on the five offers the chair may see


def test_the_protocol_shows_the_charts_and_the_agreement_figures_of_the_page(client, app, committee):  # noqa: F811
    from tests.app.documents_helpers import flat, pdf_text

    competition, secretary = committee["competition"], committee["secretary"]
    login(client, secretary)
    html = page_figures(client, competition)
    pdf = client.get(f"/konkursy/{competition.id}/dokumenty/protokol.pdf").get_data()
    text = flat(pdf_text(pdf))
    with app.test_request_context():
        figures = agreement_data(competition, rubric_for(competition), secretary.id,
                                 lambda offer, own: can_see_scores(secretary, offer, own)).figures
    assert "Rozkład wyników" in text and "Zgodność ocen" in text and "Oferty do omówienia" in text
    for value in (figures.total_alpha.value, figures.icc.single, figures.icc.average):
        assert polish(value) in text and polish(value) in html
    assert f"ICC obliczono na podstawie ofert ({figures.icc.offers})" in text
    for criterion in figures.criteria:
        shown = polish(criterion.alpha.value) if criterion.alpha.value is not None else "za mało danych"
        assert f"{shown} ({criterion.alpha.units})" in text
    flagged = text.split("Oferty do omówienia")[1].split("6. ")[0]
    assert "Z/4" in flagged and "69,7%" in flagged and "Z/3" not in flagged
    assert {o.key for o in figures.flagged} == set(re.findall(r"Z/\d", flagged))
    assert "łagodn" not in text.lower()  # never members' leniency

"""The self-check's rough edges (issue #11): drafts listed with their call, where a passage stands,
the offer's title and applicant in the report and its PDF, no heading alone at the bottom of a page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import render_template
from pypdf import PdfReader
from weasyprint import HTML

from app.exports.pdf import StaticFilesFetcher, page_numbers_css
from app.i18n import local_today
from app.selfcheck.payload import unseal
from app.selfcheck.reports import build_report
from app.selfcheck.targets import sent_back
from tests.app.test_selfcheck import cal_rubrics, call, check_form, payload_of, text_of, upload  # noqa: F401
from tests.conftest import login, post
from tests.unit.test_selfcheck_readers import budget_offer, docx_bytes, draft_lines, pdf_bytes

APPLICANT_LINE = "II.1 Nazwa oferenta: Stowarzyszenie Sąsiedzkie „Jarzębina”"
TITLE = "Centrum Aktywności Lokalnej „Pod Jarzębiną” na osiedlu Jarzębinowym we Wrocławiu"


def test_saved_drafts_are_listed_with_the_call_they_were_checked_against(client, app, call, create_user):  # noqa: F811
    login(client, create_user(is_ngo=True))
    report = check_form(client, app, budget_offer(), key=f"konkurs:{call.id}")
    saved = post(client, "/samoocena/szkice", {"payload": payload_of(report), "title": "Wersja z marca"})
    assert saved.status_code == 302
    page = text_of(client.get("/samoocena/szkice"))
    row = page[page.index("Wersja z marca"):]
    row = row[:row.index("</tr>")]
    assert f"Konkurs {call.reference}: {call.title}" in row


def test_a_draft_checked_against_criteria_names_the_criteria(client, app, cal_rubrics, create_user):  # noqa: F811
    login(client, create_user(is_ngo=True))
    report = check_form(client, app, budget_offer())
    post(client, "/samoocena/szkice", {"payload": payload_of(report), "title": "Bez konkursu"})
    page = text_of(client.get("/samoocena/szkice"))
    row = page[page.index("Bez konkursu"):]
    assert "Kryteria: Kryteria oceny merytorycznej ofert na prowadzenie Centrów Aktywności Lokalnej" in \
        row[:row.index("</tr>")]


def test_a_passage_of_a_file_is_located_by_its_section_and_paragraph_in_it(client, cal_rubrics):  # noqa: F811
    page = text_of(upload(client, docx_bytes(draft_lines("strong.txt")), "mocna.docx"))
    # "…przeprowadzonej jesienią 2026 roku" is the third paragraph under heading III.3.
    where = page[page.index("przeprowadzonej jesienią"):]
    where = where[where.index('class="where"'):][:200]
    assert "sekcja III.3 Syntetyczny opis zadania, akapit 3" in where
    assert "akapit 9" not in page and "akapit 34" not in page


def test_a_passage_of_a_pdf_names_its_page(client, cal_rubrics):  # noqa: F811
    lines = draft_lines("strong.txt")
    page = text_of(upload(client, pdf_bytes(lines), "mocna.pdf"))
    assert "strona 2, sekcja IV.2" in page or "strona 3, sekcja IV.2" in page


def test_the_report_and_its_pdf_name_the_title_and_the_applicant(client, cal_rubrics):  # noqa: F811
    report = upload(client, docx_bytes([APPLICANT_LINE, *draft_lines("strong.txt")]), "mocna.docx")
    page = text_of(report)
    assert TITLE in page and "Stowarzyszenie Sąsiedzkie „Jarzębina”" in page
    response = post(client, "/samoocena/raport.pdf", {"payload": payload_of(report)})
    first_page = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Tytuł zadania publicznego" in first_page and "Stowarzyszenie Sąsiedzkie „Jarzębina”" in first_page
    assert "Pod Jarzębiną" in first_page


def test_a_draft_without_them_says_where_they_belong(client, cal_rubrics):  # noqa: F811
    page = text_of(upload(client, docx_bytes(["Syntetyczny opis zadania", "Rozmawiamy z sąsiadami."]), "x.docx"))
    assert "nie znaleziono w projekcie oferty (należy go podać w części II.1 formularza)" in page
    assert "nie znaleziono w projekcie oferty (należy go podać w części III.1 formularza)" in page


def test_a_form_draft_names_its_title_and_applicant(client, app, cal_rubrics):  # noqa: F811
    page = text_of(check_form(client, app, budget_offer()))
    assert "Centrum Aktywności Lokalnej przy ulicy Kleczkowskiej" in page
    assert "Fundacja „Podwórko Kleczkowskie”" in page


# --- the PDF's page breaks ------------------------------------------------------------------------

_KEPT_WITH_NEXT = {"h1", "h2", "h3", "h4", "caption"}


def _last_line_tags(page) -> tuple[str, ...] | None:
    """The elements that hold the last line of the page's main content (WeasyPrint's layout boxes)."""
    last = None

    def walk(box, tags):
        nonlocal last
        if type(box).__name__ == "LineBox":
            if "main" in tags:  # not the running header or the page number
                last = tags
            return
        for child in getattr(box, "children", ()) or ():
            walk(child, (*tags, getattr(box, "element_tag", None)))

    walk(page._page_box, ())  # WeasyPrint keeps its layout boxes there; there is no public accessor
    return last


@pytest.mark.parametrize("cut", range(2, 26, 8))
def test_no_heading_is_left_alone_at_the_bottom_of_a_pdf_page(client, app, cal_rubrics, cut):  # noqa: F811
    lines = draft_lines("strong.txt")[:cut]
    report = upload(client, docx_bytes(lines, budget_offer() if cut % 4 else None), "x.docx")
    with app.test_request_context():
        sealed = unseal(payload_of(report))
        target = sent_back(sealed.rubric_id, sealed.rubric_version, sealed.competition_id)
        html = render_template("exports/selfcheck.html", report=build_report(sealed.draft, target), target=target,
                               today=local_today(), page_numbers_css=page_numbers_css())
        static = app.static_folder
    document = HTML(string=html, base_url=f"file://{static}/", url_fetcher=StaticFilesFetcher(Path(static))).render()
    assert len(document.pages) >= 3
    for number, page in enumerate(document.pages[:-1], start=1):
        tags = _last_line_tags(page)
        assert tags is not None, number
        assert not _KEPT_WITH_NEXT & set(tags), (number, tags)

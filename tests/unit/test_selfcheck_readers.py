"""Reading uploaded drafts in memory: type by content, the 2018 form's budget tables, bad files.

The builders here make the test files (.docx with python-docx, .odt by hand, .pdf with
WeasyPrint and pypdf); the app tests import them too.
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from app.core.drafts import BudgetSkip, DraftSource, sections_found
from app.core.offer import CostCategory, Offer, offer_from_dict
from app.selfcheck.form_tables import is_header_row, parse_amount, read_budget
from app.selfcheck.readers import UploadProblem, UploadRefused, detect_type, pdf_paragraphs, read_upload

DRAFTS = Path(__file__).resolve().parents[1] / "data" / "drafts"


def draft_lines(name: str) -> list[str]:
    """The paragraphs of a draft in tests/data/drafts."""
    return [line for line in (DRAFTS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def budget_offer() -> Offer:
    """The draft with budget errors (tests/data/drafts/budget-errors.json)."""
    return offer_from_dict(json.loads((DRAFTS / "budget-errors.json").read_text(encoding="utf-8")))


def polish_amount(amount: Decimal) -> str:
    """1234.5 → "1 234,50", as a Polish Word document writes it."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def _cost_table(document, offer: Offer) -> None:
    table = document.add_table(rows=2, cols=9)
    titles = ["Lp.", "Rodzaj kosztu", "Rodzaj miary", "Koszt jednostkowy [PLN]", "Liczba jednostek"]
    for column, title in enumerate(titles):
        table.cell(0, column).merge(table.cell(1, column)).text = title
    table.cell(0, 5).merge(table.cell(0, 8)).text = "Wartość [PLN]"
    for column, title in enumerate(["Razem", "Rok 1", "Rok 2", "Rok 3"], start=5):
        table.cell(1, column).text = title

    def row(*cells):
        for cell, text in zip(table.add_row().cells, cells, strict=False):
            cell.text = text

    for category, group, sum_label in ((CostCategory.ACTIONS, ("I.", "Koszty realizacji działań"),
                                        "Suma kosztów realizacji działań"),
                                       (CostCategory.ADMINISTRATIVE, ("II.", "Koszty administracyjne"),
                                        "Suma kosztów administracyjnych")):
        row(*group)
        for cost in (c for c in offer.costs if c.category is category):
            years = [polish_amount(y) for y in cost.by_year] + [""] * (3 - len(cost.by_year))
            row(cost.number + ".", cost.cost_type, cost.unit, polish_amount(cost.unit_cost),
                format(cost.units.normalize(), "f"), polish_amount(cost.value), *years)
        row("", sum_label, "", "", "", "0,00")
    row("", "Suma wszystkich kosztów realizacji zadania", "", "", "", "0,00")


def _funding_table(document, offer: Offer) -> None:
    f = offer.funding
    rows = [("Lp.", "Źródło finansowania kosztów realizacji zadania", "Wartość [PLN]", "Udział [%]"),
            ("1.", "Suma wszystkich kosztów realizacji zadania", polish_amount(f.total_costs), "100"),
            ("2.", "Planowana dotacja w ramach niniejszej oferty", polish_amount(f.grant), ""),
            ("3.", "Wkład własny", polish_amount(f.own_total), ""),
            ("3.1.", "Wkład własny finansowy", polish_amount(f.own_financial), ""),
            ("3.2.", "Wkład własny niefinansowy (osobowy i rzeczowy)", polish_amount(f.own_non_financial), ""),
            ("4.", "Świadczenia pieniężne od odbiorców zadania", polish_amount(f.participant_payments), "")]
    table = document.add_table(rows=0, cols=4)
    for cells in rows:
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text


def docx_bytes(lines: list[str], budget: Offer | None = None, *, funding: bool = True) -> bytes:
    """A .docx of paragraphs and, with ``budget``, tables V.A and V.B in the 2018 form's layout."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if budget is not None:
        document.add_paragraph("V.A Zestawienie kosztów realizacji zadania")
        _cost_table(document, budget)
        if funding:
            document.add_paragraph("V.B Źródła finansowania kosztów realizacji zadania")
            _funding_table(document, budget)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(lines: list[str]) -> bytes:
    """A minimal OpenDocument text: a heading, paragraphs and one table."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    body = "".join(f"<text:p>{line}</text:p>" for line in lines)
    table = ('<table:table><table:table-row><table:table-cell><text:p>Wolontariusze<text:s text:c="2"/>'
             'pomagają</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>'
               f'<text:h>Syntetyczny opis zadania</text:h>{body}{table}</office:text></office:body>'
               '</office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A PDF with a text layer, made by WeasyPrint."""
    from weasyprint import HTML

    from app.exports.pdf import StaticFilesFetcher

    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    html = f'<html lang="pl"><body style="font-family: DejaVu Sans">{paragraphs}</body></html>'
    return HTML(string=html, url_fetcher=StaticFilesFetcher(Path(__file__).parent)).write_pdf()


@pytest.fixture(scope="module")
def strong_pdf():
    return pdf_bytes(draft_lines("strong.txt"))


# --- the type, by content ---------------------------------------------------------------------


def test_the_type_is_told_by_the_content_not_by_the_name(strong_pdf):
    assert detect_type(docx_bytes(["Tekst."])) is DraftSource.DOCX
    assert detect_type(odt_bytes(["Tekst."])) is DraftSource.ODT
    assert detect_type(strong_pdf) is DraftSource.PDF
    # A PDF called .docx is read as the PDF it is.
    assert read_upload(strong_pdf, "oferta.docx").source is DraftSource.PDF


@pytest.mark.parametrize(("data", "problem"), [
    (b"", UploadProblem.EMPTY),
    ("Zwykły tekst, nie dokument.".encode(), UploadProblem.UNKNOWN_TYPE),
    (b"{\\rtf1\\ansi Oferta}", UploadProblem.UNKNOWN_TYPE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, UploadProblem.OLD_WORD),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le"),
     UploadProblem.ENCRYPTED),
    (b"PK\x03\x04" + b"\x00" * 100, UploadProblem.CORRUPT),
    (b"%PDF-1.7\n" + b"\x8f" * 300, UploadProblem.CORRUPT),
], ids=["empty", "text", "rtf", "doc", "encrypted-docx", "broken-zip", "broken-pdf"])
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(data, problem):
    with pytest.raises(UploadRefused) as refused:
        read_upload(data, "oferta.docx")
    assert refused.value.problem is problem


def test_a_zip_that_is_neither_docx_nor_odt_is_an_unknown_type():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UploadRefused) as refused:
        read_upload(buffer.getvalue(), "oferta.docx")
    assert refused.value.problem is UploadProblem.UNKNOWN_TYPE


def test_a_docx_with_broken_xml_is_corrupt():
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(["Tekst."])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in original.infolist():
            data = b"<w:document><w:body>" if item.filename == "word/document.xml" else original.read(item)
            archive.writestr(item, data)
    with pytest.raises(UploadRefused) as refused:
        read_upload(buffer.getvalue(), "oferta.docx")
    assert refused.value.problem is UploadProblem.CORRUPT


def test_a_file_over_the_limit_is_too_big():
    with pytest.raises(UploadRefused) as refused:
        read_upload(b"x" * 3000, "oferta.docx", max_bytes=2000)
    assert refused.value.problem is UploadProblem.TOO_BIG
    assert refused.value.params == {"max_mb": 1}


def encrypted_pdf(data: bytes, user_password: str = "tajne-hasło", owner_password: str | None = None) -> bytes:
    """The PDF locked with a password (an empty user password only restricts editing)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf(pages: int = 3) -> bytes:
    """Pages without any text, as a scanner makes them."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_password_protected_pdf_is_refused(strong_pdf):
    with pytest.raises(UploadRefused) as refused:
        read_upload(encrypted_pdf(strong_pdf), "oferta.pdf")
    assert refused.value.problem is UploadProblem.ENCRYPTED


def test_a_pdf_locked_only_against_editing_is_read(strong_pdf):
    data = encrypted_pdf(strong_pdf, user_password="", owner_password="tylko-dla-wlasciciela")
    assert "sąsiadami" in " ".join(p.text for p in read_upload(data, "oferta.pdf").parts)


def test_a_scan_without_a_text_layer_is_refused():
    with pytest.raises(UploadRefused) as refused:
        read_upload(scanned_pdf(), "skan.pdf")
    assert refused.value.problem is UploadProblem.NO_TEXT_LAYER


def test_a_truncated_pdf_is_refused_not_crashed(strong_pdf):
    with pytest.raises(UploadRefused) as refused:
        read_upload(strong_pdf[: len(strong_pdf) // 3], "oferta.pdf")
    assert refused.value.problem in (UploadProblem.CORRUPT, UploadProblem.NO_TEXT_LAYER)


# --- text and sections ------------------------------------------------------------------------


def test_docx_paragraphs_get_numbers_and_the_section_of_the_heading_above():
    draft = read_upload(docx_bytes(draft_lines("strong.txt")), "mocna.docx")
    assert draft.source is DraftSource.DOCX and draft.filename == "mocna.docx"
    neighbours = next(p for p in draft.parts if "nie znają sąsiadów" in p.text)
    assert (neighbours.section, neighbours.paragraph, neighbours.heading) == ("III.3", 8, False)
    heading = next(p for p in draft.parts if p.text.startswith("3. Syntetyczny opis"))
    assert heading.heading and heading.section == "III.3"


def test_text_of_tracked_insertions_and_content_controls_is_read():
    document = docx.Document()
    paragraph = document.add_paragraph("Działamy z ")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    inserted = paragraph._p.makeelement(f"{w}ins", {f"{w}id": "1", f"{w}author": "A"})
    run = paragraph.add_run("radą osiedla")._r
    inserted.append(run)
    paragraph._p.append(inserted)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_upload(buffer.getvalue(), "x.docx").parts[0].text == "Działamy z radą osiedla"


def test_odt_paragraphs_tables_and_spaces_are_read():
    draft = read_upload(odt_bytes(["Rozmawiamy z sąsiadami."]), "oferta.odt")
    assert draft.source is DraftSource.ODT
    assert [p.text for p in draft.parts] == ["Syntetyczny opis zadania", "Rozmawiamy z sąsiadami.",
                                             "Wolontariusze  pomagają"]
    assert draft.parts[1].section == "III.3"
    assert draft.budget_skip.reason is BudgetSkip.NO_COST_TABLE


def test_pdf_lines_are_joined_into_paragraphs_with_pages(strong_pdf):
    draft = read_upload(strong_pdf, "mocna.pdf")
    assert draft.source is DraftSource.PDF and draft.budget_skip.reason is BudgetSkip.PDF
    assert draft.offer is None
    texts = [p.text for p in draft.parts]
    assert any("Radą Osiedla i dyrekcją szkoły" in t for t in texts), texts[:12]
    assert {p.page for p in draft.parts} >= {1, 2}
    assert {p.section for p in draft.parts} >= {"III.3", "III.4", "IV.1", "IV.2"}


def test_pdf_paragraphs_join_hyphenated_words_and_stop_after_headings():
    text = "III.3 Syntetyczny opis zadania\nWspółpracujemy ze spo-\nłecznością osiedla od lat, a zwłaszcza\nz radą.\n"
    assert pdf_paragraphs(text) == ["III.3 Syntetyczny opis zadania",
                                    "Współpracujemy ze społecznością osiedla od lat, a zwłaszcza z radą."]


# --- the budget tables ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "amount"), [
    ("1 234,50 zł", Decimal("1234.50")), ("1\u00a0234,50", Decimal("1234.50")), ("1.234,50", Decimal("1234.50")),
    ("1,234.50", Decimal("1234.50")), ("1234.5", Decimal("1234.5")), ("12", Decimal(12)), ("-", None), ("", None),
    ("1.000.000", Decimal(1000000)), ("PLN 300", Decimal(300)),
])
def test_amounts_are_read_as_a_polish_form_writes_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["dwanaście", "12 zł/h", "1,2,3"])
def test_text_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_header_rows_of_the_form_tables_are_recognised():
    assert is_header_row(["Lp.", "Nazwa działania", "Opis", "Grupa docelowa", "Planowany termin realizacji"])
    assert not is_header_row(["1.", "Spacer badawczy", "Opis spaceru"])


def test_the_2018_tables_of_a_docx_fill_the_budget():
    draft = read_upload(docx_bytes(["Tytuł zadania", "Centrum"], budget_offer()), "budzet.docx")
    offer = budget_offer()
    assert draft.budget_skip is None
    assert draft.offer.costs == offer.costs
    assert draft.offer.funding == offer.funding
    # The column titles and the form's row names are the form's words, not the applicant's.
    form_words = {p.text for p in draft.parts if p.form_text}
    assert {"Rodzaj kosztu", "Rok 1", "Wartość [PLN]", "Koszt jednostkowy [PLN]", "Planowana dotacja w ramach "
            "niniejszej oferty", "Koszty administracyjne", "Suma wszystkich kosztów realizacji zadania"} <= form_words
    assert not form_words & {p.text for p in draft.text_parts}
    assert "Animacje na podwórkach" in {p.text for p in draft.text_parts}
    # "II.1." in the number column is a cost row, not section II.1 of the form.
    assert "II.1" not in sections_found(draft)


def test_without_table_v_b_the_budget_is_not_checked():
    draft = read_upload(docx_bytes(["Tekst oferty."], budget_offer(), funding=False), "budzet.docx")
    assert draft.offer is None and draft.budget_skip.reason is BudgetSkip.NO_FUNDING_TABLE


def test_a_plain_docx_says_its_budget_has_no_table():
    draft = read_upload(docx_bytes(draft_lines("weak.txt")), "slaba.docx")
    assert draft.offer is None and draft.budget_skip.reason is BudgetSkip.NO_COST_TABLE


def test_an_unreadable_amount_names_its_row():
    grid_costs = [["Lp.", "Rodzaj kosztu", "Rodzaj miary", "Koszt jednostkowy", "Liczba jednostek", "Wartość"],
                  ["I.1", "Animator", "godzina", "50,00", "dużo", "500,00"]]
    grid_funding = [["1.", "Suma wszystkich kosztów realizacji zadania", "500"],
                    ["2.", "Planowana dotacja", "500"]]
    skipped = read_budget([grid_costs, grid_funding])
    assert skipped.reason is BudgetSkip.UNREADABLE_NUMBER and skipped.params == {"row": "I.1", "text": "dużo"}


def test_a_table_without_year_columns_counts_the_value_as_year_one():
    grid_costs = [["Lp.", "Rodzaj kosztu", "Koszt jednostkowy", "Liczba jednostek", "Wartość"],
                  ["II.1", "Księgowość", "100", "3", "300"]]
    grid_funding = [["Suma wszystkich kosztów", "300"], ["Planowana dotacja", "300"]]
    budget = read_budget([grid_costs, grid_funding])
    (row,) = budget.costs
    assert (row.category, row.value, row.by_year) == (CostCategory.ADMINISTRATIVE, Decimal(300), (Decimal(300),))
    assert (budget.funding.total_costs, budget.funding.grant) == (Decimal(300), Decimal(300))


def test_a_word_heading_that_carries_content_with_brackets_keeps_it():
    # Issue #16: "III.6 Rezultaty: 40 spotkań … (lista obecności)" as a Word heading was taken for the form's
    # instructions and dropped, and the report said the section was empty.
    document = docx.Document()
    document.add_heading("III.3 Syntetyczny opis zadania", level=2)
    document.add_paragraph("Centrum prowadzimy na Kozanowie.")
    document.add_heading("III.6 Rezultaty: 40 spotkań sąsiedzkich w roku (lista obecności)", level=2)
    buffer = io.BytesIO()
    document.save(buffer)
    draft = read_upload(buffer.getvalue(), "oferta.docx")
    content = [p for p in draft.text_parts if p.section == "III.6"]
    assert [p.text for p in content] == ["40 spotkań sąsiedzkich w roku (lista obecności)"]
    assert "III.6" in sections_found(draft)

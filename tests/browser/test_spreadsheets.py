"""The workbook download and the offers import in Chromium with the demo: axe-core, and the files opened."""

import io
import os

import openpyxl
import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in

SCREENSHOTS = os.environ.get("CAL_SCREENSHOTS")  # a folder: the pages are also saved there as PNG
BROKEN = ("Numer oferty;Wnioskodawca;Tytuł zadania;Wnioskowana dotacja (zł);Data rozpoczęcia\r\n"
          "N/1;Fundacja „Żółty Róg”;Centrum;dużo;2027-01-01\r\n"
          ";Stowarzyszenie;;64 000,00;31.02.2027\r\n").encode("cp1250")


@pytest.mark.parametrize("email", ["sekretarz@example.org", "przewodniczacy@example.org"])
def test_the_workbook_is_downloaded_from_the_competition_page_and_opens(page, live_server, email):
    sign_in(page, live_server, email)
    page.goto(live_server + "/konkursy/1")
    assert violations(page) == []
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/competition-{email.split('@')[0]}.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Zestawienie konkursu (Excel)").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("-zestawienie-wersja-robocza.xlsx")
    with open(path, "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames == ["Ranking", "Oceny", "Kryteria", "Zgodność", "Ocena formalna", "Kryteria oceny"]
    assert "WERSJA ROBOCZA" in book["Ranking"]["A1"].value
    assert any(isinstance(row[4], float | int) for row in book["Ranking"].iter_rows(min_row=3, values_only=True))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_import_page_with_errors_is_accessible_at_every_width(page, live_server, language):
    sign_in(page, live_server, "sekretarz@example.org")
    page.goto(f"{live_server}/language/{language}?next=/konkursy/3/oferty/import")
    assert violations(page) == []
    page.set_input_files("#document", files=[{"name": "oferty.csv", "mimeType": "text/csv", "buffer": BROKEN}])
    page.get_by_role("button", name="Importuj oferty" if language == "pl" else "Import the offers").click()
    page.locator("#problems-heading").wait_for()
    rows = page.locator(".error-summary tbody tr")
    assert rows.count() == 4  # the amount, then the number, the title and the date of row 3
    assert "nie jest kwotą" in rows.nth(0).inner_text() or "is not an amount" in rows.nth(0).inner_text()
    for width in (390, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], width
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/import-{language}-{width}.png", full_page=True)

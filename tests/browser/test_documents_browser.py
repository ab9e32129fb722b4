"""The "Dokumenty" page in Chromium: axe-clean in both languages and three widths; downloads that open."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import demo_app, serving
from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in

WIDTHS = [390, 1280, 1920]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("email, paths", [
    ("sekretarz@example.org", ["/konkursy/1/dokumenty", "/konkursy/1/dokumenty/protokol"]),
    ("przewodniczacy@example.org", ["/konkursy/1/dokumenty", "/konkursy/1/dokumenty/protokol/opinie"]),
    ("czlonek1@example.org", ["/konkursy/1/dokumenty"]),
])
def test_the_documents_pages_are_accessible_at_every_width(page, live_server, email, paths, language):
    sign_in(page, live_server, email)
    for path in paths:
        page.goto(f"{live_server}/language/{language}?next={path}")
        assert page.locator("html").get_attribute("lang") == language
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.locator("h1").count() == 1
            assert (path, width, violations(page)) == (path, width, [])
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, width, overflow)


def _download(page, link_text: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_text, exact=True).first.click()
    return Path(download.value.path()).read_bytes()


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A demo of its own: this module closes the call, which the other browser tests must not see."""
    tmp = tmp_path_factory.mktemp("documents")
    with serving(demo_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'documents.sqlite3'}"})) as base:
        yield base


@pytest.fixture
def contexts(browser):
    """Browser contexts (one per person), closed at the end."""
    opened = []

    def _new(width: int):
        opened.append(browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True))
        return opened[-1].new_page()

    yield _new
    for context in opened:
        context.close()


def test_the_secretary_closes_the_call_and_the_official_downloads_the_protocol(contexts, own_server):
    secretary = contexts(1280)
    sign_in(secretary, own_server, "sekretarz@example.org")
    secretary.goto(own_server + "/konkursy/1")
    secretary.get_by_role("link", name="Dokumenty (PDF): protokół, wyniki, karty oceny, pisma").click()
    draft = _download(secretary, "Protokół z prac komisji (oryginał do podpisu)")
    assert "WERSJA ROBOCZA" in PdfReader(io.BytesIO(draft)).pages[0].extract_text()
    secretary.goto(own_server + "/konkursy/1")
    secretary.get_by_role("link", name="Zamknij konkurs").click()  # the confirmation page lists the missing cards
    secretary.fill("#reason", "Członkowie komisji nie złożą brakujących kart przed terminem rozstrzygnięcia.")
    secretary.get_by_role("button", name=re.compile("^Wykonaj mimo przeszkód")).click()
    secretary.locator(".flash-success").wait_for()

    official = contexts(390)
    sign_in(official, own_server, "urzednik@example.org")
    official.goto(own_server + "/konkursy/1")
    official.get_by_role("link", name="Dokumenty (PDF): protokół, wyniki, karty oceny, pisma").click()
    assert official.locator("h1").inner_text().startswith("Dokumenty")
    assert violations(official) == []
    reader = PdfReader(io.BytesIO(_download(official, "Protokół z prac komisji (oryginał do podpisu)")))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Protokół z prac komisji konkursowej" in text and "WERSJA ROBOCZA" not in text
    assert f"strona 1 z {len(reader.pages)}" in text
    results = PdfReader(io.BytesIO(_download(official, "Lista wyników do publikacji"))).pages[0].extract_text()
    assert "PROJEKT" in results and "nie przyznano" in results

"""Layout in a real browser: the ranking fits the screen and A4, and no page scrolls sideways on a phone.

At 390 px (phones) a wide data table may scroll inside its own region (focusable, labelled: the WCAG 1.4.10
exception for data tables), but the page as a whole must not, and no column may be hidden.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from app import create_app
from tests.browser.conftest import demo_app, serving
from tests.browser.test_committee_accessibility import sign_in
from tests.browser.test_selfcheck_accessibility import RUBRIC, upload_draft
from tests.unit.test_selfcheck_readers import budget_offer, draft_lines

A4_LANDSCAPE_PRINTABLE = 1032  # 297 mm less 2 × 12 mm margins (the print stylesheet's @page), at 96 px per inch

# Where the last cell of each row (or the header) ends, against the viewport and the table's own region.
LAST_COLUMN = """() => {
  const region = document.querySelector('.table-scroll');
  const box = region.getBoundingClientRect();
  const cells = [...document.querySelectorAll('table.ranking tr')].map(tr => tr.lastElementChild);
  return {viewport: document.documentElement.clientWidth, regionRight: box.right,
          scrolls: region.scrollWidth > region.clientWidth, header: cells[0].innerText,
          cells: cells.map(c => { const r = c.getBoundingClientRect();
                                  return {left: r.left, right: r.right, width: r.width, text: c.innerText}; })};
}"""


@pytest.fixture(scope="module")
def closed_scoring(tmp_path_factory):
    """The demo with scoring closed by the chair, so the ranking is final ("Rekomendowana kwota")."""
    tmp = tmp_path_factory.mktemp("final")
    app = demo_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'final.sqlite3'}"})
    with app.app_context():
        from app.auth.models import User
        from app.competitions.models import Competition
        from app.competitions.operations import close_scoring
        from app.extensions import db

        chair = db.session.scalar(sa.select(User).where(User.email == "przewodniczacy@example.org"))
        close_scoring(chair, db.session.get(Competition, 1),
                      "Termin oceny minął; brakujące karty członków nie wpłyną przed posiedzeniem komisji.")
        db.session.commit()
    with serving(app) as base:
        yield base


def assert_last_column_visible(layout, right_edge):
    assert layout["header"] == "Rekomendowana kwota"
    assert not layout["scrolls"], "the ranking needs a scroll bar to show its last column"
    for cell in layout["cells"]:
        assert cell["width"] > 0 and cell["left"] >= 0, cell
        assert cell["right"] <= min(right_edge, layout["regionRight"]) + 0.5, cell


@pytest.mark.parametrize("email", ["przewodniczacy@example.org", "sekretarz@example.org"])
@pytest.mark.parametrize("width", [1280, 1440, 1920])
def test_the_ranking_shows_its_last_column_on_wide_screens(page, closed_scoring, email, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, closed_scoring, email)
    page.goto(closed_scoring + "/konkursy/1/wyniki")
    assert page.locator("h1").inner_text() == "Ranking ofert"
    layout = page.evaluate(LAST_COLUMN)
    assert_last_column_visible(layout, layout["viewport"])
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_printed_ranking_fits_a4_without_navigation(page, closed_scoring):
    from pypdf import PdfReader

    sign_in(page, closed_scoring, "sekretarz@example.org")
    page.goto(closed_scoring + "/konkursy/1/wyniki")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_LANDSCAPE_PRINTABLE, "height": 700})
    for hidden in (".main-nav", ".lang-switch", ".site-footer", ".breadcrumb"):
        assert not page.locator(hidden).is_visible(), hidden
    layout = page.evaluate(LAST_COLUMN)
    assert_last_column_visible(layout, A4_LANDSCAPE_PRINTABLE)
    amounts = [c["text"] for c in layout["cells"][1:]]
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    first = pdf.pages[0].mediabox
    assert round(float(first.width)) == 842 and round(float(first.height)) == 595  # A4 landscape, in points
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages).replace("\u00a0", " "))
    assert "Rekomendowana kwota" in text
    for amount in amounts:  # every row's recommended amount made it onto paper
        assert amount.replace("\u00a0", " ") in text, amount


# Every page of the app, as each role that sees it, in the demo (live_server): (who, path).
# "ngo" registers an NGO account; "follow:<selector>" opens the first link matching the selector.
PAGES = [
    ("-", "/"), ("-", "/kryteria/cal-wroclaw/2021.1"), ("-", "/logowanie"), ("-", "/deklaracja-dostepnosci"),
    ("-", "/kryteria/cal-wroclaw/2021.2"), ("-", "/kryteria/porownanie?z=cal-wroclaw:2021.1&na=cal-wroclaw:2021.2"),
    ("-", "/informacja-o-danych-osobowych"), ("-", "/konkursy/999"),
    ("-", "/samoocena/"), ("-", f"/samoocena/formularz?kryteria={RUBRIC}"),
    ("-", f"/samoocena/plik?kryteria={RUBRIC}"),
    ("-", "/samoocena/rejestracja"), ("-", "report"), ("-", "/haslo"), ("-", "/kryteria/"),
    ("sekretarz", "/konkursy/"), ("sekretarz", "/konkursy/1"), ("sekretarz", "/konkursy/1/pulpit"),
    ("sekretarz", "/konkursy/1/wyniki"), ("sekretarz", "/konkursy/1/status"), ("sekretarz", "/konkursy/1/moja-praca"),
    ("sekretarz", "/konkursy/1/oferty/6"), ("sekretarz", "/konkursy/1/oferty/10/ocena-formalna"),
    ("sekretarz", "/konkursy/1/oferty/1/karty"), ("sekretarz", "/konkursy/3"), ("sekretarz", "/konkursy/3/status"),
    ("sekretarz", "/konkursy/3/oferty/nowa"), ("sekretarz", "/konkursy/1/eksporty"),
    ("sekretarz", "follow:form[action$='/eksporty/nowy'] button"), ("sekretarz", "/konkursy/1/komisja"),
    ("sekretarz", "/konkursy/1/dziennik"), ("sekretarz", "/konkursy/3/oferty/import"),
    ("sekretarz", "/konkursy/2/decyzja"), ("sekretarz", "follow:a[href$='/aktualizacja']"),
    ("sekretarz", "/konkursy/1/dokumenty"),
    ("sekretarz", "/konkursy/1/dokumenty/protokol"),
    ("sekretarz", "/konkursy/1/przypomnienia"), ("sekretarz", "/konkursy/3/ustawienia"),
    ("sekretarz", "/konto"), ("sekretarz", "/konto/haslo"),
    ("admin", "/admin/konta"), ("admin", "/konkursy/nowy"),
    ("admin", "/konkursy/"), ("admin", "/konkursy/1"), ("admin", "/konkursy/1/wyniki"), ("admin", "/konkursy/1/pulpit"),
    ("przewodniczacy", "/konkursy/1"), ("przewodniczacy", "/konkursy/1/moja-praca"),
    ("przewodniczacy", "/konkursy/1/wyniki"), ("przewodniczacy", "/konkursy/1/wyniki/zamkniecie-oceny"),
    ("przewodniczacy", "/konkursy/1/pulpit"), ("przewodniczacy", "/konkursy/1/dokumenty/protokol/opinie"),
    ("przewodniczacy", "/konkursy/1/oferty/1"), ("przewodniczacy", "/konkursy/2/zgodnosc"),
    ("przewodniczacy", "/konkursy/1/wyniki/oferty/1/kwota"),
    ("przewodniczacy", "/konkursy/1/oferty/1/karty"),
    ("przewodniczacy", "follow:.table-scroll thead a[href*='/karty/']"),
    ("przewodniczacy", "/konkursy/1/oferty/1/ocena/korekta"),
    ("przewodniczacy", "/konkursy/1/moja-praca"), ("przewodniczacy", "follow:a[href$='/ocena']"),
    ("czlonek2", "/konkursy/1/moja-praca"), ("czlonek2", "/konkursy/1/oferty/7"),
    ("czlonek2", "/konkursy/1/oferty/9/konflikt"), ("czlonek2", "/konkursy/1/oferty/1/karty"),
    ("czlonek3", "/konkursy/1/moja-praca"), ("czlonek3", "follow:a[href$='/konflikt/wycofanie']"),
    ("czlonek4", "/konkursy/1"), ("czlonek4", "/konkursy/1/oswiadczenie"),
    ("ekspert", "/konkursy/1/moja-praca"), ("ekspert", "/konkursy/1/oferty/1"),
    ("ngo", "/samoocena/szkice"), ("ngo", "follow:a[href*='/samoocena/szkice/']"),
    # calibration: call 2 (closed) has a finished round with samples 1 and 2, call 3 none, call 4 an open one
    ("sekretarz", "/konkursy/3/kalibracja/start"), ("sekretarz", "/konkursy/3/kalibracja/start/wlasna-probka"),
    ("sekretarz", "/konkursy/4/kalibracja"),
    ("sekretarz", "/konkursy/4/kalibracja/zamkniecie"), ("sekretarz", "/konkursy/2/kalibracja"),
    ("sekretarz", "/konkursy/2/kalibracja/probki/1/oferta"),
    ("czlonek1", "/konkursy/4/moja-praca"), ("czlonek1", "follow:a[href$='/kalibracja/probki/3/ocena']"),
    ("czlonek1", "/konkursy/2/kalibracja/probki/1"), ("czlonek1", "/konkursy/2/kalibracja/probki/2"),
]
NOT_PAGES = {"static", "main.health", "main.set_language", "rubrics.download", "selfcheck.pdf", "jobs.download",
             "documents.call_document", "documents.card", "documents.offer_document",  # PDF files
             "workbook.xlsx", "workbook.scores_csv", "competitions.import_template",  # spreadsheets
             "offers.edit",  # the demo's open call has no offer to edit; editing uses the entry page's template
             # reached only with a single-use token from an e-mail: tests/browser/test_setup_journey.py
             # walks them at 1280 px and tests/browser/test_admin_accessibility.py checks them
             "accounts.accept_invitation", "accounts.reset_password"}
POST_RESULTS = {"selfcheck.report", "selfcheck.edit", "selfcheck.save_draft", "selfcheck.delete_draft",
                "selfcheck.delete_account", "auth.logout", "offers.supplemented", "offers.exclude", "offers.comment"}

FITS = """() => {
  const doc = document.documentElement;
  const tables = [...document.querySelectorAll('table')].map(t => {
    const region = t.closest('.table-scroll');
    const cells = [...t.querySelectorAll('th, td')];
    return {wide: t.getBoundingClientRect().width > doc.clientWidth,
            region: !!region && region.getAttribute('tabindex') === '0' && region.getAttribute('role') === 'region'
                    && !!(region.getAttribute('aria-label') || region.getAttribute('aria-labelledby')),
            hidden: cells.filter(c => { const s = getComputedStyle(c);
                                        return s.display === 'none' || s.visibility === 'hidden'; }).length};
  });
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, tables};
}"""


def register_ngo(page, base, draft_saved: list) -> None:
    """An NGO account with one saved draft (so that the drafts pages have something to show)."""
    page.goto(base + "/samoocena/rejestracja")
    page.fill("#email", "ngo-layout@example.org")
    page.fill("#password", "Hasło-organizacji-2027")
    page.fill("#repeat", "Hasło-organizacji-2027")
    page.check("#consent")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    upload_draft(page, base, "strong.txt", draft_lines("strong.txt"), budget_offer())
    page.locator(".save-draft button[type=submit]").first.click()
    page.wait_for_load_state()
    draft_saved.append(True)


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server):
    url_map = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map.bind("localhost")
    seen, wrong, context, who_now = set(), [], None, None
    for who, path in PAGES:
        if who != who_now:
            if context:
                context.close()
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            if who == "ngo":
                register_ngo(page, live_server, [])
            elif who != "-":
                sign_in(page, live_server, f"{who}@example.org")
            who_now = who
        if path == "report":
            upload_draft(page, live_server, "strong.txt", draft_lines("strong.txt"), budget_offer())
            seen.add("selfcheck.upload")
        elif path.startswith("follow:"):
            page.locator(path.removeprefix("follow:")).first.click()
            page.wait_for_load_state()
        else:
            response = page.goto(live_server + path)
            assert response.status in (200, 404), (who, path, response.status)
        current = page.url.removeprefix(live_server).split("?")[0]
        with contextlib.suppress(NotFound):  # the 404 page has no endpoint
            seen.add(url_map.match(current, method="GET")[0])
        fits = page.evaluate(FITS)
        if fits["scrollWidth"] > fits["clientWidth"]:
            wrong.append(f"{who} {current}: the page is {fits['scrollWidth']} px wide at 390")
        for number, table in enumerate(fits["tables"], start=1):
            if table["wide"] and not table["region"]:
                wrong.append(f"{who} {current}: wide table {number} is not in a focusable, labelled region")
            if table["hidden"]:
                wrong.append(f"{who} {current}: table {number} hides {table['hidden']} cells")
    context.close()
    assert wrong == [], "\n".join(wrong)
    pages = {rule.endpoint for rule in url_map.map.iter_rules() if "GET" in (rule.methods or ())}
    assert pages - NOT_PAGES - POST_RESULTS - seen == set(), "add the new page to PAGES"

"""The chair from the preliminary ranking to closing scoring, and the secretary on to the recorded decision,
in a real browser on SQLite and PostgreSQL; the results pages checked with axe-core at three widths."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.browser.conftest import demo_app, serving
from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in
from tests.conftest import BACKENDS, backend_config, require_postgres

SCHEMA = "cal_browser_results"
REFERENCE = "WPS-CAL/2026-B"
REASON = "Koszty wynagrodzeń w pozycji I.3 są wyższe niż stawki rynkowe przyjęte w pozostałych ofertach."
NOTE = "Prezydent obniżył dotację o koszt wyposażenia, które zapewni Gmina Wrocław."


@pytest.fixture(scope="module", params=BACKENDS)
def results_call(request, tmp_path_factory):
    """The demo, plus a call like the demo's closed one but still in merit assessment, every card submitted."""
    if request.param == "postgresql":
        require_postgres(SCHEMA)
    app = demo_app(backend_config(request.param, tmp_path_factory.mktemp(f"results-{request.param}"), SCHEMA))
    from app.auth.models import User
    from app.demo.closed_call import load_closed_call
    from app.extensions import db
    from app.offers.models import Offer
    from app.rubrics.registry import registry

    with app.app_context():
        people = {key: db.session.scalar(sa.select(User).where(User.email == email)) for key, email in (
            ("admin", "admin@example.org"), ("secretary", "sekretarz@example.org"),
            ("chair", "przewodniczacy@example.org"), ("member1", "czlonek1@example.org"),
            ("member2", "czlonek2@example.org"), ("official", "urzednik@example.org"))}
        call = load_closed_call(registry().get("cal-wroclaw", "2021.1"), people, reference=REFERENCE, finish=False)
        offers = dict(db.session.execute(sa.select(Offer.number, Offer.id)
                                         .where(Offer.competition_id == call.id)).all())
        call_id = call.id
    with serving(app) as base:
        yield base, app, call_id, offers
    with app.app_context():
        db.engine.dispose()


def test_chair_to_closing_and_secretary_to_the_decision(browser, results_call):
    base, app, call, offers = results_call
    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(chair, base, "przewodniczacy@example.org")

    # The preliminary ranking states the call's rule; one offer gets what is left of the budget.
    chair.goto(f"{base}/konkursy/{call}/wyniki")
    assert "co najmniej 25%" in chair.locator("main").inner_text()
    assert "rekomendowana w części" in chair.locator("main").inner_text()
    assert violations(chair) == []

    # Where the committee disagrees: offer 05 is flagged for discussion.
    chair.get_by_role("link", name="Zgodność ocen").click()
    assert f"{REFERENCE}/05" in chair.locator("table", has_text="Największa rozbieżność").inner_text()
    assert chair.get_by_role("heading", name="Jak łagodnie oceniają poszczególni członkowie").count() == 1
    assert violations(chair) == []

    # The chair lowers one amount with a reason; a too short reason is refused and the typed amount stays.
    chair.goto(f"{base}/konkursy/{call}/wyniki")
    chair.get_by_role("link", name=f"Zmień kwotę proponowaną dla oferty {REFERENCE}/02").click()
    chair.fill("#amount", "250 000,00")
    chair.fill("#reason", "Za drogo.")
    chair.get_by_role("button", name="Zapisz kwotę").click()
    assert "co najmniej 10 znaków" in chair.locator("#reason-error").inner_text()
    assert chair.locator("#amount").input_value() == "250 000,00"
    chair.fill("#reason", REASON)
    chair.get_by_role("button", name="Zapisz kwotę").click()
    assert chair.locator(".flash-success").inner_text() == "Proponowana kwota została zmieniona."
    assert "ustalona przez przewodniczącego" in chair.locator("main").inner_text()
    chair.context.close()

    # The secretary closes the committee's work and records the mayor's order.
    secretary = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(secretary, base, "sekretarz@example.org")
    secretary.goto(f"{base}/konkursy/{call}")
    secretary.get_by_role("link", name="Zamknij konkurs").click()
    secretary.get_by_role("button", name=re.compile("^Potwierdź")).click()  # every card is in: nothing blocks it
    secretary.goto(f"{base}/konkursy/{call}/wyniki")
    secretary.get_by_role("link", name="Rozstrzygnięcie konkursu").click()
    secretary.fill("#number", "2113/26")
    secretary.fill("#decided_on", "2026-12-04")
    twelve = offers[f"{REFERENCE}/12"]
    secretary.fill(f"#amount_{twelve}", "300 000,00")
    secretary.get_by_role("button", name="Zapisz rozstrzygnięcie").click()
    assert "podaj powód w uwadze" in secretary.locator(f"#note_{twelve}-error").inner_text()
    assert secretary.locator(f"#amount_{twelve}").input_value() == "300 000,00"
    secretary.fill(f"#note_{twelve}", NOTE)
    secretary.get_by_role("button", name="Zapisz rozstrzygnięcie").click()
    assert secretary.locator(".flash-success").inner_text() == "Rozstrzygnięcie zostało zapisane."
    assert violations(secretary) == []
    secretary.goto(f"{base}/konkursy/{call}/wyniki")
    assert "przyznano: 300\u00a0000,00\u00a0zł" in secretary.locator("main").inner_text()
    secretary.context.close()
    with app.app_context():
        from app.audit.log import verify
        from app.extensions import db

        assert verify(db.session).ok


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_results_pages_at_three_widths(browser, live_server, width, tmp_path):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, live_server, "przewodniczacy@example.org")
    for path in ("/konkursy/2/wyniki", "/konkursy/2/zgodnosc", "/konkursy/2/decyzja", "/konkursy/1/zgodnosc"):
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        assert (path, violations(page)) == (path, [])
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, width)
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '-')}-{width}.png"), full_page=True)
    page.context.close()

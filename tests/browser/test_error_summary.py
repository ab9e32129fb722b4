"""The error summary in a real browser: focused on opening, links that move to the field, axe-clean, no CSP
violation on the pages with scripts (the policy allows no inline code)."""

import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in


def watch_csp(page) -> list[str]:
    """Console messages of refused content: a CSP violation shows there."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    return refused


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_the_offer_entry_summary_is_focused_and_links_to_the_field(page, live_server, width, tmp_path):
    refused = watch_csp(page)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "sekretarz@example.org")
    page.goto(live_server + "/konkursy/3/oferty/nowa")
    page.fill("#contact_email", "biuro(at)example.org")
    page.fill("#costs-0-unit_cost", "pięćset")
    page.locator("#save").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.title().startswith("Błąd: ")
    page.screenshot(path=str(tmp_path / f"entry-{width}.png"))
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert texts[0].startswith("Numer oferty w rejestrze") and any("Adres e-mail" in t for t in texts)
    assert any(t.startswith("Koszt jednostkowy (wiersz 1)") for t in texts)
    summary.get_by_text("Koszt jednostkowy (wiersz 1)", exact=False).click()
    assert page.evaluate("document.activeElement.id") == "costs-0-unit_cost"
    assert page.locator("#costs-0-unit_cost").input_value() == "pięćset"  # kept
    page.evaluate("window.scrollTo(0, 0)")
    assert violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the page scrolls sideways"
    assert refused == []


def test_the_scoring_card_summary_by_keyboard(page, live_server):
    refused = watch_csp(page)
    sign_in(page, live_server, "czlonek2@example.org")
    page.goto(live_server + "/konkursy/1/oferty/11/ocena")
    page.fill("#points_A1", "dużo")
    page.locator("#save_draft").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.keyboard.press("Tab")  # the first link of the summary
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#points_A1"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "points_A1"
    assert violations(page) == []
    assert refused == []


def test_pages_with_scripts_run_them_under_the_policy(page, live_server):
    refused = watch_csp(page)
    sign_in(page, live_server, "czlonek2@example.org")
    page.goto(live_server + "/konkursy/1/oferty/11/ocena")
    page.fill("#points_A1", "4")
    page.locator("#points_A1").dispatch_event("input")
    assert page.locator("#running-total").inner_text() != ""  # card.js ran
    page.goto(live_server + "/samoocena/")
    page.goto(live_server + "/deklaracja-dostepnosci")
    assert refused == []

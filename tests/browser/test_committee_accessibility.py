"""The committee's pages with the demo competition: axe-core (WCAG 2.1 AA) and keyboard use."""

import pytest

from tests.browser.test_accessibility import violations

PASSWORD = "demo-CAL-2027"


def sign_in(page, base, email):
    page.goto(base + "/logowanie")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konkursy/")


@pytest.mark.parametrize("path", ["/logowanie", "/deklaracja-dostepnosci", "/informacja-o-danych-osobowych"])
def test_public_pages(page, live_server, path):
    page.goto(live_server + path)
    assert violations(page) == []


@pytest.mark.parametrize("email, paths", [
    ("czlonek2@example.org", ["/konkursy/", "/konkursy/1", "/konkursy/1/moja-praca", "/konkursy/1/oferty/7/ocena",
                              "/konkursy/1/oferty/1/karty", "/konkursy/1/oferty/7", "/konkursy/1/oferty/9/konflikt"]),
    ("czlonek4@example.org", ["/konkursy/1/oswiadczenie"]),
    ("przewodniczacy@example.org", ["/konkursy/1/wyniki", "/konkursy/1/wyniki/zamkniecie-oceny"]),
    ("sekretarz@example.org", ["/konkursy/1", "/konkursy/1/oferty/6", "/konkursy/1/pulpit", "/konkursy/1/status",
                               "/konkursy/1/wyniki",
                               "/konkursy/1/oferty/10/ocena-formalna", "/konkursy/2/oferty/nowa"]),
])
def test_committee_pages(page, live_server, email, paths):
    sign_in(page, live_server, email)
    for path in paths:
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        assert (path, violations(page)) == (path, [])


def test_a_card_can_be_filled_and_saved_with_the_keyboard_only(page, live_server):
    sign_in(page, live_server, "czlonek2@example.org")
    page.goto(live_server + "/konkursy/1/oferty/9/ocena")
    page.locator("#points_A1").focus()
    page.keyboard.type("7")
    page.keyboard.press("Tab")  # to the justification of A1
    assert page.evaluate("document.activeElement.id") == "why_A1"
    page.keyboard.type("Oferent opisał zespół, lokal i doświadczenie w pracy z mieszkańcami Leśnicy.")
    assert page.locator("#running-total").inner_text() == "7"
    page.locator("#save_draft").focus()
    page.keyboard.press("Enter")
    page.locator(".flash-success").wait_for()
    assert page.locator(".flash-success").inner_text() == "Szkic został zapisany."
    assert page.locator("#points_A1").input_value() == "7"


def test_leaving_with_unsaved_changes_asks_first(page, live_server):
    sign_in(page, live_server, "czlonek2@example.org")
    page.goto(live_server + "/konkursy/1/oferty/11/ocena")
    page.locator("#points_A1").fill("3")
    page.locator("#points_A1").dispatch_event("input")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/konkursy/'")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def test_offer_entry_checks_the_figures_as_the_secretary_types(page, live_server):
    sign_in(page, live_server, "sekretarz@example.org")
    page.goto(live_server + "/konkursy/2/oferty/nowa")
    page.fill("#costs-0-unit_cost", "450")
    page.fill("#costs-0-units", "12")
    page.fill("#costs-0-value", "5 500")
    check = page.locator(".cost-row .live-check").first
    assert check.inner_text() == "× = 5\u00a0400,00\u00a0zł ≠ 5\u00a0500,00\u00a0zł"  # 450 × 12 = 5 400
    page.fill("#costs-0-value", "5 400,00")
    assert check.inner_text() == ""
    page.fill("#total_costs", "5400")
    page.fill("#grant", "5300")
    page.fill("#own_financial", "100")
    assert page.locator(".live-total").inner_text().endswith("= V.B 1")
    assert page.locator(".live-funding").inner_text().endswith("= 1")
    own = page.locator(".live-own-share")
    assert own.inner_text() == "3.1: 100,00\u00a0zł ≥ 79,50\u00a0zł (1,5% × 2)"  # 1,5 % × 5 300,00 = 79,50
    # The example (the 2023 call): 1,5 % of a 100 000,00 zł grant is 1 500,00 zł, not 1 522,50 zł.
    page.fill("#grant", "100 000,00")
    page.fill("#own_financial", "1 500,00")
    assert own.inner_text() == "3.1: 1\u00a0500,00\u00a0zł ≥ 1\u00a0500,00\u00a0zł (1,5% × 2)"
    page.fill("#own_financial", "1 499,99")
    assert own.inner_text() == "3.1: 1\u00a0499,99\u00a0zł < 1\u00a0500,00\u00a0zł (1,5% × 2)"

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
    ("czlonek4@example.org", ["/konkursy/1/oswiadczenie", "/konkursy/1/oferty/7"]),  # the second: a 403 with its reason
    ("przewodniczacy@example.org", ["/konkursy/1/wyniki", "/konkursy/1/wyniki/zamkniecie-oceny"]),
    ("sekretarz@example.org", ["/konkursy/1", "/konkursy/1/oferty/6", "/konkursy/1/pulpit", "/konkursy/1/status",
                               "/konkursy/1/wyniki",
                               "/konkursy/1/oferty/10/ocena-formalna", "/konkursy/3/oferty/nowa"]),
])
def test_committee_pages(page, live_server, email, paths):
    sign_in(page, live_server, email)
    for path in paths:
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path  # a refused page (403) is checked too
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

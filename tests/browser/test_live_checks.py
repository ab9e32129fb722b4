"""The secretary's live checks and the member's running total, in Chromium (issue 11).

The live checks must say what the server says: the test types figures, reads the script's messages, saves,
and finds each of them among the server's findings for the saved offer.
"""

import re

from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in

NB = "\u00a0"


def note(page, selector):
    """The text of a live check and whether it is green, red or silent."""
    element = page.locator(selector)
    classes = element.get_attribute("class") or ""
    state = "ok" if "live-ok" in classes else "bad" if "live-bad" in classes else None
    return element.inner_text(), state


def test_live_checks_show_the_operands_and_agree_with_the_server(page, live_server):
    sign_in(page, live_server, "sekretarz@example.org")
    page.goto(live_server + "/konkursy/3/oferty/nowa")
    row = ".cost-row:nth-of-type(1) .live-check"
    assert note(page, row) == ("", None)  # nothing typed: silent, not red
    assert note(page, "[data-check='total']") == ("", None)
    assert note(page, "[data-check='own']") == ("", None)

    page.fill("#costs-0-number", "I.1")
    page.fill("#costs-0-cost_type", "Wynagrodzenie koordynatora Centrum Aktywności Lokalnej (umowa zlecenia, "
                                    "pół etatu, przez cały okres realizacji zadania)")
    page.fill("#costs-0-unit_cost", "4 000")
    assert note(page, row) == ("", None)  # incomplete: still silent
    page.fill("#costs-0-units", "24")
    page.fill("#costs-0-value", "90 000")
    assert note(page, row) == (f"Pozycja I.1: 4{NB}000,00{NB}zł × 24 = 96{NB}000,00{NB}zł, a w wierszu wpisano "
                               f"90{NB}000,00{NB}zł.", "bad")
    page.fill("#costs-0-value", "96 000,00")
    assert note(page, row) == (f"Pozycja I.1: 4{NB}000,00{NB}zł × 24 = 96{NB}000,00{NB}zł, zgodnie z wartością "
                               "wpisaną w wierszu.", "ok")
    # the cost's description is not cut: the textarea is as wide as the row and shows every word
    box = page.locator("#costs-0-cost_type")
    assert box.evaluate("e => e.scrollHeight <= e.clientHeight + 2 && e.scrollWidth <= e.clientWidth")

    page.fill("#costs-1-number", "II.1")
    page.fill("#costs-1-unit_cost", "0,33")
    page.fill("#costs-1-units", "0,5")
    page.fill("#costs-1-value", "0,17")  # 0,165 is written 0,16 by the server (half to even), and differs
    assert note(page, ".cost-row:nth-of-type(2) .live-check") == (
        f"Pozycja II.1: 0,33{NB}zł × 0,5 = 0,16{NB}zł, a w wierszu wpisano 0,17{NB}zł.", "bad")

    page.fill("#total_costs", "96 000")
    assert note(page, "[data-check='total']") == (
        f"Suma kosztów w zestawieniu V.A wynosi 96{NB}000,17{NB}zł, natomiast suma wszystkich kosztów realizacji "
        f"zadania w sekcji V.B (pozycja 1) – 96{NB}000,00{NB}zł.", "bad")
    page.fill("#grant", "95 000")
    page.fill("#own_financial", "1 000")
    assert note(page, "[data-check='funding']")[1] == "ok"
    # the call (tests/browser/conftest.py) sets 1,5 % of the requested grant, counting row 3.1 only
    assert note(page, "[data-check='own']") == (  # 1,5 % of 95 000 = 1 425 > 1 000
        f"Wkład własny liczony zgodnie z ogłoszeniem (V.B 3.1) wynosi 1{NB}000,00{NB}zł; wymagane jest co najmniej "
        f"1{NB}425,00{NB}zł, tj. 1,5% wnioskowanej kwoty dotacji w wysokości 95{NB}000,00{NB}zł, w zaokrągleniu "
        "w górę do pełnego grosza.", "bad")
    page.fill("#own_non_financial", "440")  # row 3.2 does not count in this call
    page.fill("#grant", "94 560")
    assert note(page, "[data-check='own']")[1] == "bad" and note(page, "[data-check='funding']")[1] == "ok"
    page.fill("#own_non_financial", "0")
    page.fill("#own_financial", "1 440")  # 1,5 % of 94 560 = 1 418,40
    assert note(page, "[data-check='own']")[1] == "ok" and note(page, "[data-check='funding']")[1] == "ok"
    page.fill("#own_non_financial", "1 000")  # 94 560 + 1 440 + 1 000 = 97 000 ≠ 96 000
    said = {name: note(page, f"[data-check='{name}']") for name in ("total", "funding", "own")}
    said["row1"] = note(page, ".cost-row:nth-of-type(2) .live-check")
    assert said["funding"][1] == "bad" and "= 97" in said["funding"][0]

    page.fill("#number", "TEST/LIVE/1")
    page.fill("#applicant_name", "Stowarzyszenie Testowe „Podwórko”")
    page.fill("#title", "CAL na osiedlu testowym")
    page.locator("#save").click()
    page.wait_for_url("**/edycja")
    findings = page.locator(".issues li").all_inner_texts()
    for name, (text, state) in said.items():
        if state == "bad":
            assert any(text in finding for finding in findings), (name, text, findings)
    # the edit page's script reads the saved figures and says the same again
    assert note(page, ".cost-row:nth-of-type(2) .live-check") == said["row1"]
    assert note(page, "[data-check='funding']") == said["funding"]
    assert note(page, "[data-check='total']") == said["total"]
    assert violations(page) == []


def test_running_total_updates_its_share_says_unsaved_and_stays_in_view(page, live_server):
    sign_in(page, live_server, "czlonek2@example.org")
    page.goto(live_server + "/konkursy/1/oferty/11/ocena")
    box = page.locator("#running-total-box")
    before = box.inner_text()
    assert before.endswith("zapisane") and "niezapisane" not in before
    page.locator("#points_A1").fill("7")
    text = box.inner_text()
    assert text.endswith("niezapisane")
    points, maximum, share = re.search(r"Suma: ([\d,]+) / ([\d,]+) \(([\d,]+)%\)", text).groups()
    number = [float(x.replace(",", ".")) for x in (points, maximum, share)]
    assert abs(number[0] / number[1] * 100 - number[2]) < 0.01
    assert box.get_attribute("aria-live") == "polite"
    page.locator("#why_A1").scroll_into_view_if_needed()
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    top = box.bounding_box()["y"]
    assert 0 <= top < 50, f"the running total left the screen (y = {top})"
    assert violations(page) == []


def test_a_conflict_declared_by_mistake_is_withdrawn_through_the_secretary(page, live_server):
    sign_in(page, live_server, "czlonek3@example.org")
    page.goto(live_server + "/konkursy/1/moja-praca")
    page.get_by_role("link", name=re.compile("Złóż wniosek o wycofanie oświadczenia")).first.click()
    assert violations(page) == []
    page.fill("#reason", "Pomyliłam stowarzyszenia o podobnych nazwach.")
    page.get_by_role("button", name="Przekaż wniosek sekretarzowi komisji").click()
    page.locator(".flash-success").wait_for()
    page.context.clear_cookies()
    sign_in(page, live_server, "sekretarz@example.org")
    page.goto(live_server + "/konkursy/1/pulpit")
    section = page.locator("section[aria-labelledby='exclusions-heading']")
    assert "W latach 2024–2025 byłam wolontariuszką tego stowarzyszenia." in section.inner_text()
    assert "Pomyliłam stowarzyszenia o podobnych nazwach." in section.inner_text()
    assert violations(page) == []
    section.get_by_role("button", name=re.compile("Nie uwzględniaj")).first.click()
    page.locator(".flash-success").wait_for()
    assert "nieuwzględniony" in page.locator("section[aria-labelledby='exclusions-heading']").inner_text()

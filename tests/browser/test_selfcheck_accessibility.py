"""The NGO self-check in a real browser: axe-core (WCAG 2.1 AA) on its pages, and keyboard use."""

import pytest

from tests.browser.test_accessibility import violations
from tests.unit.test_selfcheck_readers import budget_offer, docx_bytes, draft_lines

RUBRIC = "kryteria:cal-wroclaw:2021.1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload_draft(page, base, name: str, lines: list[str], budget=None) -> None:
    """Choose the CAL criteria, upload a .docx and wait for the report."""
    page.goto(f"{base}/samoocena/plik?kryteria={RUBRIC}")
    page.set_input_files("#document", files=[{"name": name, "mimeType": DOCX,
                                              "buffer": docx_bytes(lines, budget)}])
    page.get_by_role("button", name="Sprawdź plik").or_(page.get_by_role("button", name="Check the file")).click()
    page.wait_for_selector("#completeness")


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("path", ["/samoocena/", f"/samoocena/formularz?kryteria={RUBRIC}",
                                  f"/samoocena/plik?kryteria={RUBRIC}", "/samoocena/rejestracja"])
def test_the_self_check_pages_have_no_axe_violations(page, live_server, path, language):
    page.goto(f"{live_server}/language/{language}?next=/samoocena/")
    page.goto(live_server + path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize("draft", ["strong.txt", "weak.txt"])
def test_a_report_has_no_axe_violations(page, live_server, draft):
    upload_draft(page, live_server, draft, draft_lines(draft), budget_offer())
    assert page.locator("svg[role=img] title").count() >= 1
    assert violations(page) == []


def test_the_report_has_no_violations_at_200_percent_zoom_on_a_narrow_screen(page, live_server):
    page.set_viewport_size({"width": 640, "height": 900})
    upload_draft(page, live_server, "strong.txt", draft_lines("strong.txt"))
    page.evaluate("document.body.style.zoom = '200%'")
    assert violations(page) == []


def test_form_errors_are_announced_and_linked(page, live_server):
    page.goto(f"{live_server}/samoocena/formularz?kryteria={RUBRIC}")
    page.fill("#costs-0-unit_cost", "cztery tysiące")
    page.locator("#save").click()
    page.wait_for_selector(".error-summary")
    assert page.locator("#costs-0-unit_cost").get_attribute("aria-invalid") == "true"
    assert page.locator("#costs-0-unit_cost").get_attribute("aria-describedby") == "costs-0-unit_cost-error"
    assert violations(page) == []


def test_a_draft_can_be_typed_checked_and_self_scored_with_the_keyboard_only(page, live_server):
    page.goto(f"{live_server}/samoocena/formularz?kryteria={RUBRIC}")
    page.locator("#title").focus()
    page.keyboard.type("Centrum Aktywności Lokalnej na osiedlu")
    page.locator("#needs").focus()
    page.keyboard.type("Rozmawiamy z sąsiadami i z radą osiedla o potrzebach mieszkańców.")
    # From the last table's "add a row" button, Tab reaches the button that checks the draft.
    page.locator("#add_cost").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "save":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("#completeness")
    assert page.locator("mark", has_text="sąsiadami").count() == 1
    page.locator("#points_B1").focus()
    page.keyboard.type("6")
    page.keyboard.press("Enter")  # submits the report's form: the self-score is counted
    page.wait_for_selector("#self-score")
    assert page.locator("table.self-score tfoot").inner_text().split()[1] == "6"

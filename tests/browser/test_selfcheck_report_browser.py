"""The self-check report in a real browser: element states at phone and desktop widths, wrong self-scores."""

import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_selfcheck_accessibility import upload_draft
from tests.unit.test_selfcheck_readers import budget_offer, draft_lines


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_the_report_with_element_states_fits_the_screen_and_passes_axe(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    upload_draft(page, live_server, "strong.txt", draft_lines("strong.txt"), budget_offer())
    assert page.locator(".coverage-table td.element-addressed").count() >= 15
    assert page.locator(".coverage-table .element-passages q").count() >= 15
    # A criterion's passages include its elements' evidence and say which element each is evidence of.
    assert page.locator(".criterion-evidence .where", has_text="świadczy o elemencie Modelu").count() >= 5
    # The page never scrolls sideways as a whole; a wide table scrolls in its own region.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert violations(page) == []


def test_a_wrong_self_score_is_listed_linked_and_the_rest_still_counts(page, live_server):
    upload_draft(page, live_server, "weak.txt", draft_lines("weak.txt"))
    page.fill("#points_D1", "13")
    page.fill("#points_C1", "5")
    page.get_by_role("button", name="Policz moją samoocenę").or_(
        page.get_by_role("button", name="Count my self-score")).click()
    page.wait_for_selector(".problems a[href='#points_D1']")
    assert page.locator("#points_D1").get_attribute("aria-invalid") == "true"
    assert page.locator("#points_D1").input_value() == "13"
    assert page.locator("table.self-score tfoot td.num").first.inner_text() == "5"
    assert violations(page) == []

"""WCAG 2.1 AA checked with axe-core in a real browser, and keyboard use."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["/", "/kryteria/", "/kryteria/cal-wroclaw/2021.1", "/kryteria/cal-wroclaw/2021.2",
         "/kryteria/porownanie?z=cal-wroclaw:2021.1&na=cal-wroclaw:2021.2"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page, live_server, path, language):
    page.goto(f"{live_server}/language/{language}?next={path}")
    assert page.locator("html").get_attribute("lang") == language
    assert violations(page) == []


def test_no_axe_violations_at_200_percent_zoom_on_a_narrow_screen(page, live_server):
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(f"{live_server}/kryteria/cal-wroclaw/2021.1")
    page.evaluate("document.body.style.zoom = '200%'")
    assert violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth * 2.05")
    assert not overflow, "the page scrolls sideways at 200 % zoom"


def test_keyboard_user_can_skip_to_content_and_reach_the_rubric(page, live_server):
    page.goto(live_server + "/kryteria/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    # From the content, Tab reaches the rubric link; Enter opens the rubric page.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/kryteria/cal-wroclaw/2021.1":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/kryteria/cal-wroclaw/2021.1")
    assert page.locator("h1").inner_text().startswith("Kryteria oceny merytorycznej")


def test_language_switch_by_keyboard(page, live_server):
    page.goto(live_server + "/kryteria/cal-wroclaw/2021.1")
    page.get_by_role("link", name="English").focus()
    with page.expect_navigation():  # waits for the switch's redirect back, not for the page already loaded
        page.keyboard.press("Enter")
    assert page.url.endswith("/kryteria/cal-wroclaw/2021.1")
    assert page.locator("h1").inner_text().startswith("Merit assessment criteria")


def test_the_axe_check_does_find_a_violation(page):
    page.set_content("<html><head><title>t</title></head><body><main><img src='x.png'></main></body></html>")
    assert any(v.startswith("image-alt") for v in violations(page))
    assert any(v.startswith("html-has-lang") for v in violations(page))


def test_printed_rubric_hides_navigation_and_keeps_every_criterion(page, live_server):
    page.goto(live_server + "/kryteria/cal-wroclaw/2021.1")
    page.emulate_media(media="print")
    assert not page.locator(".toc").is_visible()
    assert not page.locator(".lang-switch").is_visible()
    assert page.locator("article.criterion").count() == 12
    assert page.locator("#criterion-G1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

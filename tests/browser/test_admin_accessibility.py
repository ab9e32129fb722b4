"""The administration pages (competitions, committee, accounts, audit log, reminders): axe-core, no sideways scroll."""

import pytest

from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in

ADMIN_PAGES = ["/admin/konta", "/konto", "/konto/haslo", "/konkursy/nowy", "/konkursy/3/ustawienia",
               "/konkursy/1/ustawienia", "/konkursy/1/komisja", "/konkursy/1/dziennik", "/konkursy/1/przypomnienia",
               "/konkursy/1/pulpit"]


@pytest.mark.parametrize("email, paths", [
    ("admin@example.org", ADMIN_PAGES),
    ("sekretarz@example.org", ["/konkursy/1/komisja", "/konkursy/1/dziennik?rodzaj=card.submit", "/konto"]),
    ("czlonek1@example.org", ["/konkursy/1/dziennik", "/konto"]),
])
def test_admin_pages_pass_axe(page, live_server, email, paths):
    sign_in(page, live_server, email)
    for path in paths:
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        assert (path, violations(page)) == (path, [])


@pytest.mark.parametrize("path", ["/haslo", "/zaproszenie/zepsuty-link"])
def test_public_account_pages_pass_axe(page, live_server, path):
    page.goto(live_server + path)
    assert violations(page) == []


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_no_page_scrolls_sideways(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "admin@example.org")
    for path in ADMIN_PAGES[:-1]:  # the dashboard's own tables belong to the results issue
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert (path, overflow) == (path, 0)
    context.close()

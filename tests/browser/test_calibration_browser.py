"""The calibration round in a real browser: axe (WCAG 2.1 AA) on its pages, and a round walked to the end.

The demo's closed call (2) has a finished round (samples 1 and 2); the test-only call 4 has an open one
(sample 3) where the chair and czlonek1 still have to score.
"""

import pytest

from tests.browser.conftest import demo_app, serving
from tests.browser.test_accessibility import violations
from tests.browser.test_committee_accessibility import sign_in

WHY = {
    "A1": "Zespół jest mały, ale lokal i koordynatorka są zapewnione na cały okres realizacji zadania.",
    "B1": "Ankieta objęła tylko 62 osoby, a potrzeb seniorów oferent jeszcze nie rozpoznał; plan uzupełnienia jest.",
}


@pytest.mark.parametrize("email, paths", [
    ("sekretarz@example.org", ["/konkursy/3/kalibracja", "/konkursy/3/kalibracja/start",
                               "/konkursy/3/kalibracja/start/wlasna-probka", "/konkursy/4/kalibracja",
                               "/konkursy/4/kalibracja/zamkniecie", "/konkursy/2/kalibracja",
                               "/konkursy/2/kalibracja/probki/1", "/konkursy/2/kalibracja/probki/2/oferta"]),
    ("przewodniczacy@example.org", ["/konkursy/4/kalibracja", "/konkursy/2/kalibracja/probki/2"]),
    ("czlonek1@example.org", ["/konkursy/4/moja-praca", "/konkursy/4/kalibracja/probki/3/ocena",
                              "/konkursy/2/kalibracja/probki/1"]),
])
def test_calibration_pages_have_no_axe_violations(page, live_server, email, paths):
    sign_in(page, live_server, email)
    for path in paths:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        assert (path, violations(page)) == (path, [])


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A demo of its own: this test changes the open round."""
    tmp = tmp_path_factory.mktemp("calibration")
    with serving(demo_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'calibration.sqlite3'}"})) as base:
        yield base


def fill_card(page, why_default):
    """Points in the middle of each criterion's scale and a justification, read from the form itself."""
    for field in page.locator("input.points-input").all():
        key = field.get_attribute("name").removeprefix("points_")
        maximum = int(float(field.get_attribute("data-max")))
        field.fill(str(maximum // 2 if field.get_attribute("data-deduction") == "0" else maximum))
        page.locator(f"#why_{key}").fill(WHY.get(key, why_default))


def test_members_score_the_sample_and_the_committee_compares_side_by_side(browser, fresh):
    member, chair = (browser.new_context(viewport={"width": 1280, "height": 900}).new_page() for _ in range(2))
    sign_in(member, fresh, "czlonek1@example.org")
    member.goto(fresh + "/konkursy/4/moja-praca")
    member.get_by_role("link", name="Oceń ofertę przykładową").click()
    assert "Karta kalibracyjna" in member.locator("h1").inner_text()
    fill_card(member, "Oferta opisuje działania konkretnie, choć bez harmonogramu dla okresu zimowego na osiedlu.")
    member.locator("#submit_card").click()
    member.locator(".flash-success").wait_for()
    assert "karta kalibracyjna została złożona" in member.locator(".flash-success").inner_text()
    # one card of two: nobody sees the comparison yet, the chair sees who has submitted
    assert member.goto(fresh + "/konkursy/4/kalibracja/probki/3").status == 403
    sign_in(chair, fresh, "przewodniczacy@example.org")
    chair.goto(fresh + "/konkursy/4/kalibracja")
    progress = chair.locator("#progress-heading + .table-scroll").inner_text()
    assert "Agnieszka Nowicka (demo)\tzłożona" in progress and "nierozpoczęta" in progress
    chair.get_by_role("link", name="Wypełnij moją kartę kalibracyjną").click()
    fill_card(chair, "Oferent opisał zespół i lokal, ale brakuje mi konkretów o współpracy z partnerami z osiedla.")
    chair.locator("#why_B1").fill("Diagnoza jest solidna: ankieta, spotkania z radą osiedla i plan jej uzupełnienia.")
    chair.locator("#points_B1").fill("9")
    chair.locator("#submit_card").click()
    chair.locator(".flash-success").wait_for()
    # every card is in: the round is closed and the side-by-side view opens, the widest spread first
    chair.get_by_role("link", name="Porównaj oceny, od największego rozrzutu").click()
    first = chair.locator("section.calibration-criterion").first
    assert first.locator("h2").inner_text().startswith("B1.")
    rows = first.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2 and any("9" in r and "Diagnoza jest solidna" in r for r in rows)
    assert any("Ankieta objęła tylko 62 osoby" in r for r in rows)
    assert chair.locator("svg[role=img] title").first.text_content() == "Rozrzut ocen kalibracyjnych w kryteriach"
    assert violations(chair) == []
    member.goto(fresh + "/konkursy/4/kalibracja/probki/3")
    assert member.locator("section.calibration-criterion").count() >= 10

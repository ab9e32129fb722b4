"""A committee member's whole journey through the demo call, in a real browser, on SQLite and on PostgreSQL:
sign the declaration, declare a conflict, score an offer, submit the card, correct it with a reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.browser.conftest import demo_app, serving
from tests.browser.test_committee_accessibility import sign_in
from tests.conftest import BACKENDS, backend_config, require_postgres

MEMBER = "czlonek4@example.org"  # the demo member who has not signed the declaration yet
SCHEMA = "cal_browser"
REASON = ("Po ponownej lekturze harmonogramu uznaję, że oferent nie wskazał, kto poprowadzi zajęcia "
          "w soboty, więc obniżam ocenę tego kryterium.")


@pytest.fixture(scope="module", params=BACKENDS)
def committee(request, tmp_path_factory):
    """The demo served on one database; yields the address, the app and two admitted offers of the call."""
    if request.param == "postgresql":
        require_postgres(SCHEMA)
    app = demo_app(backend_config(request.param, tmp_path_factory.mktemp(f"journey-{request.param}"), SCHEMA))
    from app.extensions import db
    from app.offers.models import Offer

    with app.app_context():
        admitted = db.session.scalars(sa.select(Offer.id).where(Offer.competition_id == 1,
                                                                Offer.formal_status == "admitted")
                                      .order_by(Offer.id)).all()
    with serving(app) as base:
        yield base, app, admitted[0], admitted[1]
    with app.app_context():
        db.engine.dispose()


def test_declare_conflict_score_submit_and_correct(page, committee):
    base, app, conflicted, scored = committee
    sign_in(page, base, MEMBER)

    # Before the declaration no offer's content is shown.
    assert page.goto(f"{base}/konkursy/1/oferty/{scored}").status == 403
    page.goto(base + "/konkursy/1/oswiadczenie")
    page.check("#confirm")
    page.get_by_role("button", name="Złóż oświadczenie").click()
    assert "Oświadczenie zostało zapisane" in page.locator(".flash-success").inner_text()
    assert page.goto(f"{base}/konkursy/1/oferty/{scored}").status == 200

    # A conflict of interest: the offer is closed to the member from then on.
    page.goto(f"{base}/konkursy/1/oferty/{conflicted}/konflikt")
    page.check("input[name=category][value=family]")
    page.fill("#explanation", "Prezeska stowarzyszenia jest moją siostrą.")
    page.get_by_role("button", name="Zgłoś konflikt").click()
    assert "konfliktu interesów zostało zapisane" in page.locator(".flash-success").inner_text()
    assert page.goto(f"{base}/konkursy/1/oferty/{conflicted}").status == 403
    assert page.goto(f"{base}/konkursy/1/oferty/{conflicted}/ocena").status == 403

    # Score every criterion and submit the card.
    page.goto(f"{base}/konkursy/1/oferty/{scored}/ocena")
    points = page.locator(".points-input")
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(field.get_attribute("data-max"))
        key = field.get_attribute("id").removeprefix("points_")
        page.fill(f"#why_{key}", f"W kryterium {key} oferent podał konkretne działania, terminy i osoby "
                                 f"odpowiedzialne, opisane w sekcji {index + 3} oferty.")
    page.get_by_role("button", name="Złóż kartę").click()
    assert "Karta została złożona" in page.locator(".flash-success").inner_text()

    # The card can be corrected only with a reason; the history keeps the old and the new points.
    page.goto(f"{base}/konkursy/1/oferty/{scored}/ocena/korekta")
    first = page.locator(".points-input").first
    criterion = first.get_attribute("id").removeprefix("points_")
    old_points = first.input_value()
    first.fill("0")
    page.fill("#reason", REASON)
    page.get_by_role("button", name="Zapisz korektę").click()
    assert page.locator(".flash-success").inner_text().strip() == "Korekta została zapisana."
    history = page.locator("table", has=page.get_by_role("columnheader", name="Przed", exact=True))
    assert criterion in history.inner_text() and REASON in history.inner_text()
    with app.app_context():
        from app.audit.log import verify
        from app.extensions import db
        from app.reviews.models import CardCorrection

        correction = db.session.scalar(sa.select(CardCorrection).where(CardCorrection.criterion_id == criterion))
        assert (format(correction.old_points.normalize(), "f"), correction.new_points) == (old_points, 0)
        assert correction.reason == REASON and correction.user.email == MEMBER
        assert verify(db.session).ok

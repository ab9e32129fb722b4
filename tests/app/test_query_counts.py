"""Pages a member uses all day run a small, fixed number of SQL queries, whatever the number of offers."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.conftest import login

MAX_QUERIES = 10


class QueryCounter:
    """Counts the SQL statements the app sends while it is active."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, *args):
        # Transaction control is not a query (and SAVEPOINTs exist only because tests nest transactions).
        if statement.lstrip().split(" ", 1)[0].upper() in ("SAVEPOINT", "RELEASE", "BEGIN", "ROLLBACK", "COMMIT"):
            return
        self.count += 1
        self.statements.append(" ".join(statement.split())[:150])

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._count)


def queries_for(app, client, url, *, first_visit: bool = True) -> int:
    from app.reviews import card_page

    with app.app_context():
        engine = db.engine
    db.session.expunge_all()  # a request in production starts with an empty session
    if first_visit:  # no offer's column rendered before: the worst case
        card_page._OFFER_COLUMNS.clear()
    with QueryCounter(engine) as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("page", ["my_work", "score", "offer", "cards"])
def test_queries_per_page_are_few_and_do_not_grow_with_offers(app, client, db_session, create_competition,
                                                              create_member, create_offer, page):
    competition = create_competition()
    member = create_member(competition, "chair")
    offers = [create_offer(competition) for _ in range(2)]
    login(client, member)
    cid, first = competition.id, offers[0].id
    url = {
        "my_work": f"/konkursy/{cid}/moja-praca",
        "score": f"/konkursy/{cid}/oferty/{first}/ocena",
        "offer": f"/konkursy/{cid}/oferty/{first}",
        "cards": f"/konkursy/{cid}/oferty/{first}/karty",
    }[page]
    if page == "cards":
        from tests.app.test_impartiality import submitted_card

        for offer in offers:
            submitted_card(db_session, offer, member, {"A1": "5", "A2": "2", "B1": "2", "B2": "3"})
    few = queries_for(app, client, url)
    competition = db_session.merge(competition)
    member = db_session.merge(member)
    more = [create_offer(competition) for _ in range(8)]
    if page == "cards":
        for offer in more:
            submitted_card(db_session, offer, member, {"A1": "5", "A2": "2", "B1": "2", "B2": "3"})
    many = queries_for(app, client, url)
    assert few <= MAX_QUERIES, f"{page}: {few} queries"
    assert many == few, f"{page}: {few} queries with 2 offers, {many} with 10"


def test_the_scoring_page_shown_again_does_not_read_the_offers_form(app, client, db_session, create_competition,
                                                                     create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    url = f"/konkursy/{competition.id}/oferty/{offer.id}/ocena"
    first = queries_for(app, client, url)
    again = queries_for(app, client, url, first_visit=False)
    assert again == first - 1, (first, again)  # the form is read only to render the offer's column

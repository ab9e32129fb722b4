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
        self.statements.append(" ".join(statement.split()))

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


@pytest.mark.parametrize("saved_before", [False, True], ids=["new card", "next version"])
def test_a_card_save_writes_the_card_its_scores_and_locks_the_log_head_in_one_statement_on_postgresql(
        app, client, db_session, backend, create_competition, create_member, create_offer, saved_before):
    """The committee's hot path: on PostgreSQL the card's row, its scores and the audit head's lock are one round
    trip, then the audit row and the head's move another; SQLite writes them one by one."""
    from tests.app.test_scoring_flow import card_data, score_url, version_on
    from tests.conftest import post

    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    url, version = score_url(offer), ""
    if saved_before:
        assert post(client, url, {**card_data(A1="5"), "save_draft": "1"}).status_code == 302
        version = version_on(client.get(url).get_data(as_text=True))
    with app.app_context():
        engine = db.engine
    db.session.expunge_all()
    with QueryCounter(engine) as counter:
        response = post(client, url, {**card_data(version, A1="7", A2="2,5"), "save_draft": "1"})
    assert response.status_code == 302
    writes = [s for s in counter.statements if not s.startswith("SELECT")]
    head_reads = [s for s in counter.statements if s.startswith("SELECT audit_head")]
    if backend == "postgresql":
        assert len(writes) == 2 and writes[0].startswith("WITH card AS"), writes
        assert "FROM audit_head" in writes[0] and "FOR UPDATE" in writes[0], writes[0]
        assert writes[1].startswith("WITH appended AS") and head_reads == [], counter.statements
    else:
        assert len(head_reads) == 1 and len(writes) == 4, counter.statements  # card, scores, audit row, head

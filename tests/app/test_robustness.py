"""Bad input an attacker sends: huge ids in URLs, control characters in text. Never an HTTP 500."""

import re
from decimal import Decimal

import pytest
from werkzeug.routing import IntegerConverter

from app.reviews.models import Score, ScoreCard
from app.web import MAX_ID
from tests.conftest import login, post

INT_ARG = re.compile(r"<int:(\w+)>")


def int_rules(app):
    """Every route with an integer id in its address, from app.url_map."""
    rules = [rule for rule in app.url_map.iter_rules()
             if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]
    assert len(rules) >= 15
    return rules


@pytest.fixture
def ids(db_session, create_competition, create_member, create_offer, create_user):
    competition = create_competition()
    offer = create_offer(competition)
    chair = create_member(competition, "chair")
    card = ScoreCard(offer_id=offer.id, user_id=chair.id, status="submitted", rubric_id="mini",
                     rubric_version="1.0", rubric_hash=competition.rubric_hash, submitted_at=competition.created_at)
    card.scores.append(Score(criterion_id="A1", points=Decimal(5), max_points=Decimal(10), justification="x"))
    db_session.add(card)
    db_session.commit()
    return {"competition_id": competition.id, "offer_id": offer.id, "card_id": card.id, "draft_id": 1,
            "admin": create_user(is_admin=True)}


@pytest.mark.parametrize("huge", [MAX_ID + 1, 2**63, 2**64, 1180591620717411303424, 10**40])
def test_an_id_too_big_for_the_database_is_a_404_on_every_route(app, client, ids, huge):
    login(client, ids["admin"])
    wrong = []
    for rule in int_rules(app):
        names = INT_ARG.findall(rule.rule)
        for name in names:  # one id too big at a time, the others real
            url = INT_ARG.sub(lambda m, name=name: str(huge if m.group(1) == name else ids[m.group(1)]), rule.rule)
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.get(url) if method == "GET" else post(client, url)
                if response.status_code != 404:
                    wrong.append(f"{method} {url}: {response.status_code}")
    assert wrong == []


def test_the_largest_id_the_database_holds_is_still_a_route(app, client, ids):
    login(client, ids["admin"])
    assert client.get(f"/konkursy/{MAX_ID}").status_code == 404  # routed, not found in the database
    assert client.get(f"/konkursy/{ids['competition_id']}").status_code == 200
    with app.test_request_context():
        assert app.url_map.bind("localhost").match(f"/konkursy/{MAX_ID}") == (
            "competitions.show", {"competition_id": MAX_ID})

"""Bad input an attacker sends: huge ids in URLs, control characters in text. Never an HTTP 500."""

import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from werkzeug.routing import IntegerConverter

from app.reviews.models import Score, ScoreCard
from app.web import MAX_ID
from tests.app.test_every_form import entry_page  # noqa: F401
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
    from app.competitions.models import Membership

    membership = db_session.query(Membership).filter_by(user_id=chair.id).one()
    # the huge id fails at routing, so an id that points at nothing (draft_id, request_id) is as good as any
    return {"competition_id": competition.id, "offer_id": offer.id, "card_id": card.id, "draft_id": 1,
            "request_id": 1, "membership_id": membership.id, "user_id": chair.id, "sample_id": 1,
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


# --- control characters ------------------------------------------------------------------------------

REMOVED = "Z wysłanych danych usunięto niewidoczne znaki sterujące"


def test_a_nul_in_the_login_e_mail_is_removed_and_said(client, create_user):
    from tests.conftest import TEST_PASSWORD, csrf_token

    user = create_user(email="nul@example.org")
    response = client.post("/logowanie", data={"email": "\x00\x1b[31m", "password": "x" * 12,
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert response.status_code in (200, 400) and REMOVED in response.get_data(as_text=True)
    response = client.post("/logowanie", data={"email": "nul\x00@example.org", "password": TEST_PASSWORD,
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert response.status_code == 302  # the address without the NUL is the account's
    assert REMOVED in client.get(response.headers["Location"]).get_data(as_text=True)
    assert user.email == "nul@example.org"


def test_a_nul_in_a_card_justification_is_removed_on_both_databases(client, db_session, create_competition,
                                                                    create_member, create_offer):
    import sqlalchemy as sa

    from app.reviews.models import ScoreCard
    from tests.app.test_scoring_flow import WHY, card_data, score_url

    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    data = {**card_data(A1="7"), "why_A1": f"{WHY[:20]}\x00\x07{WHY[20:]}\r\nDruga linia.\tKoniec.",
            "save_draft": "1"}
    response = post(client, score_url(offer), data)
    assert response.status_code == 302
    card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == member.id))
    assert card.scores[0].justification == f"{WHY}\nDruga linia.\tKoniec."
    assert REMOVED in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_nul_in_the_registration_e_mail_never_reaches_the_database(client, db_session):
    import sqlalchemy as sa

    from app.auth.models import User

    password = "Dobre-hasło-na-2027"
    response = post(client, "/samoocena/rejestracja", {"email": "biuro\x00@jarzebina.example.org",
                                                      "password": password, "repeat": password, "consent": "y"})
    assert response.status_code == 302
    assert db_session.scalar(sa.select(User.email).where(User.is_ngo)) == "biuro@jarzebina.example.org"


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f"])
def test_every_control_character_is_removed_from_every_form_and_query(app, character):
    from app.web import CleanParameters

    with app.test_request_context(f"/?kryteria=a{quote(character)}b", method="POST",
                                  data={"text": f"a{character}b\r\nc\rd\te", "ok": "bez zmian"}):
        from flask import request

        assert type(request.form) is CleanParameters and type(request.args) is CleanParameters
        assert request.form["text"] == "ab\nc\nd\te" and request.form.removed == {"text"}
        assert request.form["ok"] == "bez zmian"
        assert request.args["kryteria"] == "ab" and request.args.removed == {"kryteria"}


def test_line_ends_alone_are_normalised_without_a_message(client, db_session, create_user):
    from app.web import CleanParameters

    parameters = CleanParameters([("text", "a\r\nb\rc\n")])
    assert parameters["text"] == "a\nb\nc\n" and parameters.removed == frozenset()
    assert REMOVED not in client.get("/samoocena/?kryteria=a%0D%0Ab").get_data(as_text=True)


def test_a_control_character_in_an_address_is_a_404(client):
    assert client.get("/kryteria/mini%00/1.0").status_code == 404
    assert client.get("/language/p%00l").status_code == 404


def test_a_nul_in_every_field_of_the_offer_entry_form_is_saved_without_it(client, db_session, entry_page):  # noqa: F811
    """The mechanism, not a list of fields: every text field of the longest form gets control characters."""
    import sqlalchemy as sa

    from app.offers.models import Offer

    url, clean = entry_page
    fixed = ("save", "had_prior_tasks")  # buttons and choices: a NUL there is simply not a choice
    dirty = {name: value if name in fixed or name.endswith("category") else f"\x00{value[:3]}\x01{value[3:]}\x7f"
             for name, value in clean.items()}
    dirty["needs"] += "\r\nDruga linia."
    response = post(client, url, dirty)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    offer = db_session.scalar(sa.select(Offer))
    stored = repr(offer.form_data)
    assert "\\x00" not in stored and "\\x01" not in stored and "\\x7f" not in stored and "\\r" not in stored
    assert offer.applicant_name == clean["applicant_name"]
    assert offer.form_data["summary"]["needs"] == clean["needs"] + "\nDruga linia."

"""Every route × every role → allowed, denied or sent to sign in.

The table is built from app.url_map: a new route without an entry here fails the test.
"allow" means any answer but 403 and the login redirect (200, 302 after an action, 400 for an
empty form); "deny" means 403; "login" means a redirect to the login page.
"""

from decimal import Decimal

import pytest

from app.reviews.models import Score, ScoreCard
from tests.conftest import login, post

ROLES = ["anonymous", "admin", "secretary", "chair", "member", "undeclared", "conflicted", "expert", "outsider"]
A, D, L = "allow", "deny", "login"


def expect(anonymous=A, admin=A, secretary=A, chair=A, member=A, undeclared=A, conflicted=A, expert=A,
           outsider=A):
    return dict(anonymous=anonymous, admin=admin, secretary=secretary, chair=chair, member=member,
                undeclared=undeclared, conflicted=conflicted, expert=expert, outsider=outsider)


COMMITTEE_ONLY = dict(anonymous=L, outsider=D)
# (method, url template, expectations); {c} competition, {o} offer, {k} the chair's submitted card
ROUTES = {
    "main.index": ("GET", "/", expect()),
    "main.health": ("GET", "/health", expect()),
    "legal.accessibility": ("GET", "/deklaracja-dostepnosci", expect()),
    "legal.privacy": ("GET", "/informacja-o-danych-osobowych", expect()),
    "main.set_language": ("GET", "/language/pl", expect()),
    "rubrics.show": ("GET", "/kryteria/mini/1.0", expect()),
    "rubrics.download": ("GET", "/kryteria/mini/1.0/plik.toml", expect()),
    "auth.login": ("GET", "/logowanie", expect()),
    "auth.logout": ("POST", "/wylogowanie", expect(anonymous=L)),
    "competitions.index": ("GET", "/konkursy/", expect(anonymous=L)),
    "competitions.show": ("GET", "/konkursy/{c}", expect(**COMMITTEE_ONLY)),
    "competitions.advance": ("POST", "/konkursy/{c}/status", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "competitions.declaration": ("GET", "/konkursy/{c}/oswiadczenie", expect(
        anonymous=L, admin=D, secretary=D, outsider=D)),
    "competitions.my_work": ("GET", "/konkursy/{c}/moja-praca", expect(**COMMITTEE_ONLY)),
    "competitions.new_offer": ("GET", "/konkursy/{c}/oferty/nowa", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "offers.edit": ("GET", "/konkursy/{c}/oferty/{o}/edycja", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "results.ranking": ("GET", "/konkursy/{c}/wyniki", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "competitions.dashboard": ("GET", "/konkursy/{c}/pulpit", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "offers.formal": ("GET", "/konkursy/{c}/oferty/{o}/ocena-formalna", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "offers.supplemented": ("POST", "/konkursy/{c}/oferty/{o}/uzupelnienie", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "offers.show": ("GET", "/konkursy/{c}/oferty/{o}", expect(anonymous=L, undeclared=D, conflicted=D, outsider=D)),
    "offers.conflict": ("GET", "/konkursy/{c}/oferty/{o}/konflikt", expect(
        anonymous=L, admin=D, secretary=D, conflicted=D, outsider=D)),
    "offers.exclude": ("POST", "/konkursy/{c}/oferty/{o}/wylaczenie", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "offers.comment": ("POST", "/konkursy/{c}/oferty/{o}/komentarze", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, outsider=D)),
    "reviews.score": ("GET", "/konkursy/{c}/oferty/{o}/ocena", expect(
        anonymous=L, admin=D, secretary=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "reviews.correct": ("GET", "/konkursy/{c}/oferty/{o}/ocena/korekta", expect(
        anonymous=L, admin=D, secretary=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "reviews.cards": ("GET", "/konkursy/{c}/oferty/{o}/karty", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # another member's card, reached by putting its id in the URL
    "reviews.card": ("GET", "/konkursy/{c}/oferty/{o}/karty/{k}", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "workbook.xlsx": ("GET", "/konkursy/{c}/zestawienie.xlsx", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "workbook.scores_csv": ("GET", "/konkursy/{c}/oceny.csv", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # the competition is in merit assessment: offers can no longer be imported, the template is still there
    "competitions.import_offers_page": ("GET", "/konkursy/{c}/oferty/import", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "competitions.import_template": ("GET", "/konkursy/{c}/oferty/import/wzor.xlsx", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # The NGO self-check: open to all without an account (an empty POST is a 400, a page without
    # a chosen call redirects to the start); kept drafts are for NGO accounts only, so every role
    # here is refused (the drafts' own matrix with NGO owners is in tests/app/test_selfcheck_accounts.py).
    "selfcheck.start": ("GET", "/samoocena/", expect()),
    "selfcheck.form": ("GET", "/samoocena/formularz", expect()),
    "selfcheck.upload": ("GET", "/samoocena/plik", expect()),
    "selfcheck.edit": ("POST", "/samoocena/popraw", expect()),
    "selfcheck.report": ("POST", "/samoocena/raport", expect()),
    "selfcheck.pdf": ("POST", "/samoocena/raport.pdf", expect()),
    "selfcheck.register": ("GET", "/samoocena/rejestracja", expect()),
    "selfcheck.drafts": ("GET", "/samoocena/szkice", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "selfcheck.save_draft": ("POST", "/samoocena/szkice", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "selfcheck.open_draft": ("GET", "/samoocena/szkice/{c}", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "selfcheck.delete_draft": ("POST", "/samoocena/szkice/{c}/usun", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "selfcheck.delete_account": ("POST", "/samoocena/konto/usun", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
}


def test_every_route_has_an_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - ROUTES.keys() == set(), "add the new route to ROUTES with its expected access"
    assert ROUTES.keys() - endpoints == set()


@pytest.fixture
def world(db_session, create_competition, create_member, create_offer, create_user, rubrics_dir):
    from app.competitions.models import Membership
    from app.offers.models import Exclusion
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition()
    other = create_competition()
    offer = create_offer(competition)
    people = {
        "admin": create_user(is_admin=True),
        "secretary": create_member(competition, "secretary"),
        "chair": create_member(competition, "chair"),
        "member": create_member(competition, "member"),
        "undeclared": create_member(competition, "member", declared=False),
        "conflicted": create_member(competition, "member"),
        "expert": create_member(competition, "expert"),
        "outsider": create_member(other, "member"),
    }
    db_session.add(Exclusion(offer_id=offer.id, user_id=people["conflicted"].id, kind="conflict",
                             category="family", reason="", created_by_id=people["conflicted"].id))
    card = ScoreCard(offer_id=offer.id, user_id=people["chair"].id, status="submitted", rubric_id="mini",
                     rubric_version="1.0", rubric_hash=competition.rubric_hash,
                     submitted_at=competition.created_at)
    card.scores.append(Score(criterion_id="A1", points=Decimal(5), max_points=Decimal(10), justification="x"))
    db_session.add(card)
    db_session.commit()
    assert db_session.query(Membership).count() == 7
    return {"c": competition.id, "o": offer.id, "k": card.id, "people": people}


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(client, world, role):
    if role != "anonymous":
        login(client, world["people"][role])
    wrong = []
    for endpoint, (method, template, expected) in ROUTES.items():
        url = template.format(**world)
        response = client.get(url) if method == "GET" else post(client, url)
        location = response.headers.get("Location", "")
        if response.status_code == 403:
            got = D
        elif response.status_code == 302 and "/logowanie" in location:
            got = L
        elif response.status_code in (200, 302, 400):
            got = A
        else:
            got = f"HTTP {response.status_code}"
        if got != expected[role]:
            wrong.append(f"{method} {endpoint}: expected {expected[role]}, got {got}")
        response.close()
        if endpoint == "auth.logout" and role != "anonymous":
            login(client, world["people"][role])
    assert wrong == []

"""Every route × every role → allowed, denied or sent to sign in.

The table is built from app.url_map: a new route without an entry here fails the test.
"allow" means any answer but 403 and the login redirect (200, 302 after an action, 400 for an
empty form); "deny" means 403; "login" means a redirect to the login page.
"""

import re
from decimal import Decimal

import pytest

from app.calibration.models import CalibrationRound, CalibrationSample
from app.jobs.models import BackgroundJob
from app.reviews.models import Score, ScoreCard
from tests.conftest import login, post

ROLES = ["anonymous", "admin", "secretary", "chair", "member", "undeclared", "conflicted", "expert", "outsider",
         "official"]
A, D, L = "allow", "deny", "login"


def expect(anonymous=A, admin=A, secretary=A, chair=A, member=A, undeclared=A, conflicted=A, expert=A,
           outsider=A, official=None):
    # An official of this call during scoring is refused what an outsider is, unless said otherwise.
    return dict(anonymous=anonymous, admin=admin, secretary=secretary, chair=chair, member=member,
                undeclared=undeclared, conflicted=conflicted, expert=expert, outsider=outsider,
                official=outsider if official is None else official)


COMMITTEE_ONLY = dict(anonymous=L, outsider=D)
MANAGERS_ONLY = dict(anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)
ADMIN_ONLY = dict(MANAGERS_ONLY, secretary=D)
# (method, url template, expectations); {c} competition, {o} offer, {k} the chair's submitted card,
# {m} a spare member's membership, {u} that member's account, {s} a calibration sample
ROUTES = {
    "main.index": ("GET", "/", expect()),
    "main.health": ("GET", "/health", expect()),
    "legal.accessibility": ("GET", "/deklaracja-dostepnosci", expect()),
    "legal.privacy": ("GET", "/informacja-o-danych-osobowych", expect()),
    "main.set_language": ("GET", "/language/pl", expect()),
    "rubrics.index": ("GET", "/kryteria/", expect()),
    "rubrics.show": ("GET", "/kryteria/mini/1.0", expect()),
    "rubrics.download": ("GET", "/kryteria/mini/1.0/plik.toml", expect()),
    "rubrics.diff": ("GET", "/kryteria/porownanie?z=mini:1.0&na=mini:1.0", expect()),
    "auth.login": ("GET", "/logowanie", expect()),
    "auth.logout": ("POST", "/wylogowanie", expect(anonymous=L)),
    "competitions.index": ("GET", "/konkursy/", expect(anonymous=L)),
    "competitions.show": ("GET", "/konkursy/{c}", expect(**COMMITTEE_ONLY, official=A)),
    # the confirmation page of the next stage (its POST: tests/app/test_lifecycle.py)
    "competitions.advance": ("GET", "/konkursy/{c}/status", expect(
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
    "results.close_scoring": ("GET", "/konkursy/{c}/wyniki/zamkniecie-oceny", expect(
        anonymous=L, admin=D, secretary=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "outcome.agreement": ("GET", "/konkursy/{c}/zgodnosc", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "outcome.adjust": ("GET", "/konkursy/{c}/wyniki/oferty/{o}/kwota", expect(
        anonymous=L, admin=D, secretary=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "outcome.decision": ("GET", "/konkursy/{c}/decyzja", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "outcome.offer_update": ("GET", "/konkursy/{c}/oferty/{o}/aktualizacja", expect(
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
    # only the member who declared the conflict asks to withdraw it; the secretary decides (an unknown
    # request id here: the decision is refused with a message, after the permission check)
    "offers.withdraw_conflict": ("GET", "/konkursy/{c}/oferty/{o}/konflikt/wycofanie", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, expert=D, outsider=D)),
    "offers.decide_withdrawal": ("POST", "/konkursy/{c}/oferty/{o}/konflikt/wycofanie/999999", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
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
    "competitions.create": ("GET", "/konkursy/nowy", expect(**ADMIN_ONLY)),
    "competitions.edit": ("GET", "/konkursy/{c}/ustawienia", expect(**MANAGERS_ONLY)),
    "competitions.committee": ("GET", "/konkursy/{c}/komisja", expect(**MANAGERS_ONLY)),
    "competitions.change_role": ("POST", "/konkursy/{c}/komisja/{m}/rola", expect(**MANAGERS_ONLY)),
    "competitions.exclude_member": ("POST", "/konkursy/{c}/komisja/{m}/wylaczenie", expect(**MANAGERS_ONLY)),
    "competitions.remove_member": ("POST", "/konkursy/{c}/komisja/{m}/usun", expect(**MANAGERS_ONLY)),
    # everyone on the call; members and officials see only their own entries (tests/app/test_audit_page.py)
    "competitions.audit_log": ("GET", "/konkursy/{c}/dziennik", expect(**COMMITTEE_ONLY, official=A)),
    "competitions.audit_verify": ("POST", "/konkursy/{c}/dziennik/weryfikacja", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "competitions.reminders": ("GET", "/konkursy/{c}/przypomnienia", expect(**MANAGERS_ONLY)),
    "accounts.my_account": ("GET", "/konto", expect(anonymous=L)),
    "accounts.change_password": ("GET", "/konto/haslo", expect(anonymous=L)),
    "accounts.request_reset": ("GET", "/haslo", expect()),
    "accounts.accept_invitation": ("GET", "/zaproszenie/not-a-token", expect()),
    "accounts.reset_password": ("GET", "/haslo/not-a-token", expect()),
    "accounts.users": ("GET", "/admin/konta", expect(**ADMIN_ONLY)),
    "accounts.update_user": ("POST", "/admin/konta/{u}", expect(**ADMIN_ONLY)),
    # Documents during scoring (the competition is in merit assessment; the closed call's matrix, where
    # officials download, is in tests/app/test_documents.py). The chair has submitted a card for {o}.
    "documents.index": ("GET", "/konkursy/{c}/dokumenty", expect(anonymous=L, expert=D, outsider=D)),
    "documents.call_document": ("GET", "/konkursy/{c}/dokumenty/protokol.pdf", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "documents.offer_document": ("GET", "/konkursy/{c}/dokumenty/oferty/{o}/zestawienie.pdf", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # the chair's card: its author, the secretary and administrators
    "documents.card": ("GET", "/konkursy/{c}/dokumenty/karty/{k}.pdf", expect(
        anonymous=L, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "documents.meeting": ("GET", "/konkursy/{c}/dokumenty/protokol", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "documents.opinions": ("GET", "/konkursy/{c}/dokumenty/protokol/opinie", expect(
        anonymous=L, admin=D, secretary=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
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
    # Exports in the background: the secretary (and the admin) start them; a job is seen only by
    # whoever started it ({j} is the secretary's).
    "jobs.index": ("GET", "/konkursy/{c}/eksporty", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "jobs.start": ("POST", "/konkursy/{c}/eksporty/nowy", expect(
        anonymous=L, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "jobs.show": ("GET", "/konkursy/{c}/eksporty/{j}", expect(
        anonymous=L, admin=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "jobs.download": ("GET", "/konkursy/{c}/eksporty/{j}/plik", expect(
        anonymous=L, admin=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # Calibration ({s}: a sample of the call's open round; nobody has submitted, so no comparison yet).
    # No declaration is needed (the samples are fictional); officials and outsiders see nothing of it.
    "calibration.show": ("GET", "/konkursy/{c}/kalibracja", expect(**COMMITTEE_ONLY)),
    "calibration.sample": ("GET", "/konkursy/{c}/kalibracja/probki/{s}/oferta", expect(**COMMITTEE_ONLY)),
    "calibration.score": ("GET", "/konkursy/{c}/kalibracja/probki/{s}/ocena", expect(
        anonymous=L, admin=D, secretary=D, expert=D, outsider=D)),
    "calibration.compare": ("GET", "/konkursy/{c}/kalibracja/probki/{s}", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    # the call is in merit assessment: too late to start a round
    "calibration.start": ("GET", "/konkursy/{c}/kalibracja/start", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "calibration.start_own": ("GET", "/konkursy/{c}/kalibracja/start/wlasna-probka", expect(
        anonymous=L, admin=D, secretary=D, chair=D, member=D, undeclared=D, conflicted=D, expert=D, outsider=D)),
    "calibration.close": ("GET", "/konkursy/{c}/kalibracja/zamkniecie", expect(**MANAGERS_ONLY)),
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
        "official": create_member(competition, "official", declared=False),
    }
    spare = create_member(competition, "member", declared=False)
    db_session.add(Exclusion(offer_id=offer.id, user_id=people["conflicted"].id, kind="conflict",
                             category="family", reason="", created_by_id=people["conflicted"].id))
    card = ScoreCard(offer_id=offer.id, user_id=people["chair"].id, status="submitted", rubric_id="mini",
                     rubric_version="1.0", rubric_hash=competition.rubric_hash,
                     submitted_at=competition.created_at)
    card.scores.append(Score(criterion_id="A1", points=Decimal(5), max_points=Decimal(10), justification="x"))
    db_session.add(card)
    job = BackgroundJob(kind="audit_csv", competition_id=competition.id, requested_by_id=people["secretary"].id)
    db_session.add(job)
    calibration = CalibrationRound(competition_id=competition.id, started_by_id=people["secretary"].id)
    sample = CalibrationSample(position=1, source="shipped", key="podworko", label="Oferta przykładowa",
                               applicant_name="Stowarzyszenie", title="CAL", form_data={})
    calibration.samples.append(sample)
    db_session.add(calibration)
    db_session.commit()
    assert db_session.query(Membership).count() == 9
    membership = db_session.query(Membership).filter_by(user_id=spare.id).one()
    return {"c": competition.id, "o": offer.id, "k": card.id, "j": job.id, "m": membership.id, "u": spare.id,
            "s": sample.id, "people": people}


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


# "No scores before one's own card": what a scoring member sees of an offer's results, by the state of his
# own card and whether scoring is closed (by the chair, or with the competition). Secretary and admin: always.
# An official: once the competition is closed (tests/app/test_documents.py).
OPEN, SCORING_CLOSED, CLOSED = "open", "scoring closed", "competition closed"
RESULT_CASES = [(role, state, closing, sees) for role in ("chair", "member") for state, closing, sees in [
    ("no card", OPEN, False), ("draft", OPEN, False), ("submitted", OPEN, True),
    ("conflict", OPEN, False), ("conflict", SCORING_CLOSED, True), ("conflict", CLOSED, True),
    ("excluded", OPEN, False), ("excluded", SCORING_CLOSED, True),
    ("submitted, then excluded", OPEN, False), ("submitted, then excluded", SCORING_CLOSED, True),
    ("no card", SCORING_CLOSED, False), ("no card", CLOSED, False), ("submitted", CLOSED, True),
]] + [(role, "—", closing, True) for role in ("secretary", "admin") for closing in (OPEN, CLOSED)]


@pytest.mark.parametrize("role, state, closing, sees", RESULT_CASES)
def test_offer_results_only_after_ones_own_card(app, client, db_session, create_competition, create_member,
                                                create_offer, create_user, rubrics_dir, role, state, closing, sees):
    from app.competitions import permissions
    from app.offers.models import Exclusion
    from app.reviews.models import CardStatus
    from tests.app.test_impartiality import submitted_card
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition()
    offer = create_offer(competition, number="W/1")
    create_member(competition, "chair" if role != "chair" else "member")  # the rest of the committee
    other = create_member(competition, "member", display_name="Inny Członek")
    others_card = submitted_card(db_session, offer, other, {"A1": "9", "A2": "4", "B1": "4", "B2": "6"})  # 30
    person = create_user(is_admin=True) if role == "admin" else create_member(competition, role)
    if state in ("submitted", "submitted, then excluded"):
        submitted_card(db_session, offer, person, {"A1": "2", "A2": "1", "B1": "0", "B2": "2"})  # 7
    if state == "draft":
        submitted_card(db_session, offer, person, {"A1": "2"}).status = CardStatus.DRAFT.value
    if state in ("conflict", "excluded", "submitted, then excluded"):
        db_session.add(Exclusion(offer_id=offer.id, user_id=person.id, kind="conflict" if state == "conflict"
                                 else "secretary", category=None, reason="Powód wyłączenia testowy.",
                                 created_by_id=person.id))
    if closing == SCORING_CLOSED:
        competition.scoring_closed_at = competition.created_at
    elif closing == CLOSED:
        competition.status = "closed"
    db_session.commit()
    with app.test_request_context():
        assert permissions.can_see_offer_results(person, offer) is sees
    login(client, person)
    base = f"/konkursy/{competition.id}/oferty/{offer.id}"
    assert client.get(base + "/karty").status_code == (200 if sees else 403)
    assert client.get(f"{base}/karty/{others_card.id}").status_code == (200 if sees else 403)
    if role == "member":
        assert client.get(f"/konkursy/{competition.id}/wyniki").status_code == 403
        return
    html = client.get(f"/konkursy/{competition.id}/wyniki").get_data(as_text=True)
    hidden = "ukryte do czasu" in html
    assert hidden is not sees
    assert ("/ 33" in html) is sees  # the offer's points are shown only to those who may see them
    # no link on the ranking leads to a 403
    for link in set(re.findall(r'href="(/konkursy/[^"#]+)"', html)):
        assert client.get(link).status_code != 403, link

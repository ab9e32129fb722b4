"""Invitations, password change and reset by e-mail through a real SMTP server, deactivation, "Moje konto"."""

import re

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from tests.app.test_query_counts import QueryCounter
from tests.conftest import csrf_token, login, post
from tests.mail import PUBLIC_URL, deliver_reset_links

NEW_PASSWORD = "Zielone jabłko na Nadodrzu 2031"


def _set_password(client, path, password=NEW_PASSWORD):
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)[:1000]
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": csrf_token(client, path)})


def test_an_invitation_goes_by_mail_and_its_link_sets_the_password_once(app, client, db_session, create_user,
                                                                        smtp_inbox):
    admin = create_user(is_admin=True, display_name="Anna Administratorka")
    login(client, admin)
    response = post(client, "/admin/konta", {"email": "Nowa.Sekretarz@example.org", "display_name": "Ewa Sekretarz"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "/zaproszenie/" not in html  # sent, not shown
    assert "wysłana na adres nowa.sekretarz@example.org" in html
    message = smtp_inbox.to("nowa.sekretarz@example.org")[-1]
    assert message["Subject"] == "Zaproszenie do systemu oceny ofert CAL"
    assert "Anna Administratorka zaprasza" in message.get_body().get_content()
    user = db_session.scalar(sa.select(User).where(User.email == "nowa.sekretarz@example.org"))
    assert user.password_hash is None  # no password is ever chosen by someone else

    assert f"{PUBLIC_URL}/zaproszenie/" in message.get_body().get_content()  # the public address, as sent
    visitor = app.test_client()
    link = smtp_inbox.link("nowa.sekretarz@example.org", "zaproszenie")
    assert _set_password(visitor, link).status_code == 302
    db_session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    login(visitor, user, NEW_PASSWORD)
    used = app.test_client().get(link)
    assert used.status_code == 400 and "Link nie działa" in used.get_data(as_text=True)


def test_without_smtp_the_invitation_link_is_shown_once(client, db_session, create_user):
    login(client, create_user(is_admin=True))
    html = post(client, "/admin/konta", {"email": "bez.poczty@example.org", "display_name": "Piotr Bez"}) \
        .get_data(as_text=True)
    assert re.search(r'value="http://localhost/zaproszenie/[^"]+"', html)
    assert "/zaproszenie/" not in client.get("/admin/konta").get_data(as_text=True)


def test_reset_by_mail_ends_every_session_and_the_old_password(app, client, db_session, create_user, smtp_inbox):
    user = create_user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    answers = []
    for address in (user.email.upper(), "nikogo-takiego@example.org"):
        response = client.post("/haslo", data={"email": address, "csrf_token": csrf_token(client, "/haslo")},
                               follow_redirects=True)
        answers.append(re.findall(r'class="flash[^"]*">([^<]*)', response.get_data(as_text=True)))
    assert answers[0] == answers[1] and "Jeżeli istnieje konto z tym adresem" in answers[0][0]
    assert smtp_inbox.messages == []  # the job worker sends it, not the request
    assert deliver_reset_links(app) == 2
    assert len(smtp_inbox.messages) == 1 and smtp_inbox.to(user.email)
    assert _set_password(app.test_client(), smtp_inbox.link(user.email, "haslo")).status_code == 302
    assert elsewhere.get("/konkursy/").status_code == 302  # the other session has ended
    db_session.refresh(user)
    assert not user.check_password("Hasło-testowe-2027") and user.check_password(NEW_PASSWORD)


def test_a_reset_link_is_built_on_the_public_address_whatever_host_the_request_named(app, create_user, smtp_inbox):
    """Password reset poisoning: anyone may ask for a reset of anyone's account, naming any host; the mailed
    link, which carries a valid token, must still lead to the app's own public address (CAL_PUBLIC_URL)."""
    user = create_user()
    attacker = app.test_client()
    forged = "http://evil.example"
    page = attacker.get("/haslo", base_url=forged).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert attacker.post("/haslo", data={"email": user.email, "csrf_token": token}, base_url=forged).status_code == 302
    deliver_reset_links(app)
    body = smtp_inbox.to(user.email)[-1].get_body(preferencelist=("plain",)).get_content()
    assert f"{PUBLIC_URL}/haslo/" in body and "evil.example" not in body


def test_a_reset_request_does_the_same_work_for_any_address(app, client, db_session, create_user, smtp_inbox):
    """Nothing in the request tells whether the address has an account, not even its duration: no query, no
    token, no mail; one task for the worker, whatever the address (an inactive account's too)."""
    active, inactive = create_user(), create_user(email="nieaktywny@example.org")
    inactive.is_active = False
    db_session.commit()
    with app.app_context():
        engine = db.engine
    for address in (active.email, inactive.email, "nikogo-takiego@example.org"):
        token = csrf_token(client, "/haslo")
        with QueryCounter(engine) as counter:
            assert client.post("/haslo", data={"email": address, "csrf_token": token}).status_code == 302
        assert counter.statements == [], (address, counter.statements)
    assert smtp_inbox.messages == []
    assert deliver_reset_links(app) == 3
    assert [message["To"] for message in smtp_inbox.messages] == [active.email]


def test_a_reset_mail_goes_in_the_language_the_request_was_made_in(app, client, create_user, smtp_inbox):
    user = create_user()
    client.get("/language/en")
    client.post("/haslo", data={"email": user.email, "csrf_token": csrf_token(client, "/haslo")})
    deliver_reset_links(app)
    assert smtp_inbox.to(user.email)[-1]["Subject"] == "Setting a new password"


def test_with_smtp_but_no_public_address_a_reset_sends_nothing(app, client, create_user, smtp_inbox, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", None)
    user = create_user()
    response = client.post("/haslo", data={"email": user.email, "csrf_token": csrf_token(client, "/haslo")},
                           follow_redirects=True)
    assert "Poproś administratora o link" in response.get_data(as_text=True)
    assert deliver_reset_links(app) == 0 and smtp_inbox.messages == []


def test_links_in_mails_keep_the_public_address_path_prefix(app, monkeypatch):
    from app.accounts.mail import public_link

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://miasto.example.org/cal")
    with app.test_request_context("/", base_url="http://10.0.0.7:8000/cal"):
        assert public_link("accounts.reset_password", token="abc") == "https://miasto.example.org/cal/haslo/abc"
    with app.test_request_context("/"):
        assert public_link("accounts.reset_password", token="abc") == "https://miasto.example.org/cal/haslo/abc"


def test_a_reset_link_expires(app, client, create_user, smtp_inbox, monkeypatch):
    user = create_user()
    client.post("/haslo", data={"email": user.email, "csrf_token": csrf_token(client, "/haslo")})
    deliver_reset_links(app)
    monkeypatch.setitem(app.config, "RESET_SECONDS", -1)
    assert client.get(smtp_inbox.link(user.email, "haslo")).status_code == 400


def test_without_smtp_a_reset_shows_no_link_to_anyone(client, create_user):
    user = create_user()
    response = client.post("/haslo", data={"email": user.email, "csrf_token": csrf_token(client, "/haslo")},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Poproś administratora o link" in html and "/haslo/" not in html


def test_reset_requests_are_rate_limited(tmp_path):
    import flask_migrate

    from app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
                      "RESET_RATE_LIMIT": "2 per hour", "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        flask_migrate.upgrade()
    client = app.test_client()
    codes = [client.post("/haslo", data={"email": "x@example.org"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_password_change_keeps_this_session_and_ends_the_others(app, client, db_session, create_user):
    user = create_user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    login(client, user)
    wrong = post(client, "/konto/haslo", {"current": "nie to hasło", "password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "Obecne hasło jest nieprawidłowe." in wrong.get_data(as_text=True)
    differ = post(client, "/konto/haslo", {"current": "Hasło-testowe-2027", "password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD + "x"})
    assert "Hasła różnią się od siebie." in differ.get_data(as_text=True)
    short = post(client, "/konto/haslo", {"current": "Hasło-testowe-2027", "password": "krótkie",
                                          "confirm": "krótkie"})
    assert "co najmniej 12 znaków" in short.get_data(as_text=True)
    done = post(client, "/konto/haslo", {"current": "Hasło-testowe-2027", "password": NEW_PASSWORD,
                                         "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get("/konkursy/").status_code == 200
    assert elsewhere.get("/konkursy/").status_code == 302
    db_session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_a_deactivated_account_cannot_sign_in_and_keeps_its_name(app, client, db_session, create_user):
    admin = create_user(is_admin=True)
    person = create_user(display_name="Marek Odchodzący")
    their_session = app.test_client()
    login(their_session, person)
    login(client, admin)
    post(client, f"/admin/konta/{person.id}", {"action": "deactivate"})
    db_session.refresh(person)
    assert not person.is_active and person.display_name == "Marek Odchodzący"
    assert their_session.get("/konkursy/").status_code == 302
    refused = app.test_client().post("/logowanie", data={"email": person.email, "password": "Hasło-testowe-2027",
                                                         "csrf_token": csrf_token(their_session, "/logowanie")})
    assert refused.status_code in (400, 302) and "_user_id" not in str(their_session.get_cookie("session"))
    assert "Marek Odchodzący" in client.get("/admin/konta").get_data(as_text=True)
    assert post(client, f"/admin/konta/{admin.id}", {"action": "deactivate"},
                follow_redirects=True).get_data(as_text=True).count("Nie możesz dezaktywować własnego konta.") == 1


def test_the_admin_grants_the_right_to_create_calls(client, db_session, create_user):
    admin = create_user(is_admin=True)
    person = create_user()
    login(client, admin)
    post(client, f"/admin/konta/{person.id}", {"action": "grant"})
    db_session.refresh(person)
    assert person.can_create_competitions
    post(client, f"/admin/konta/{person.id}", {"action": "revoke"})
    db_session.refresh(person)
    assert not person.can_create_competitions
    assert post(client, f"/admin/konta/{person.id}", {"action": "delete"}).status_code == 400


def test_my_account_lists_roles_per_call(client, create_competition, create_member):
    competition = create_competition(title="Konkurs na Karłowicach")
    member = create_member(competition, "chair")
    login(client, member)
    page = client.get("/konto").get_data(as_text=True)
    assert "Konkurs na Karłowicach" in page and "przewodniczący" in page.lower()


def test_my_account_lists_an_ngos_drafts(client, db_session, create_user):
    from app.selfcheck.models import SelfCheckDraft

    ngo = create_user(is_ngo=True)
    db_session.add(SelfCheckDraft(owner_id=ngo.id, title="CAL Kleczków — szkic", rubric_id="mini",
                                  rubric_version="1.0", content={}))
    db_session.commit()
    login(client, ngo)
    assert "CAL Kleczków — szkic" in client.get("/konto").get_data(as_text=True)

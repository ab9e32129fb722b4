"""Signing in: argon2 hashes, one answer for every mistake, a fresh session, rate limiting, CSRF."""

import json
import os
import subprocess
import sys
import uuid

import flask_migrate
import redis
import sqlalchemy as sa

from app import create_app
from app.auth.models import User
from tests.conftest import REPO, csrf_token, login, missing


def test_passwords_are_stored_as_argon2_hashes(db_session, create_user):
    user = create_user()
    user.set_password("Długie hasło 2027!")
    assert user.password_hash.startswith("$argon2id$")
    assert "Długie" not in user.password_hash
    assert user.check_password("Długie hasło 2027!")
    assert not user.check_password("długie hasło 2027!")


def test_wrong_password_and_unknown_email_get_the_same_answer(client, create_user):
    user = create_user()
    answers = []
    for email, password in [(user.email, "złe hasło"), ("nikt@example.org", "złe hasło")]:
        response = client.post("/logowanie", data={"email": email, "password": password,
                                                   "csrf_token": csrf_token(client, "/logowanie")})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "Nieprawidłowy adres e-mail lub hasło." in html
        assert f'value="{email}"' in html  # what was typed is kept (but never the password)
        assert "złe hasło" not in html
        answers.append(response.status_code)
    assert answers[0] == answers[1]


def test_inactive_user_cannot_sign_in(client, create_user):
    user = create_user(is_active=False)
    response = client.post("/logowanie", data={"email": user.email, "password": "Hasło-testowe-2027",
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert response.status_code == 400


def test_login_renews_the_session_and_keeps_only_the_language(app, client, create_user):
    user = create_user()
    client.get("/language/en")
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    login(client, user)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["lang"] == "en" and after["_user_id"] == f"{user.id}:{user.session_version}"


def test_login_requires_csrf(client, create_user):
    user = create_user()
    response = client.post("/logowanie", data={"email": user.email, "password": "Hasło-testowe-2027"})
    assert response.status_code == 400
    with client.session_transaction() as current:
        assert "_user_id" not in current


def test_logout_is_a_post_with_csrf(client, create_user):
    user = create_user()
    login(client, user)
    assert client.get("/wylogowanie").status_code == 405
    assert client.post("/wylogowanie").status_code == 400  # no token
    response = client.post("/wylogowanie", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302
    assert client.get("/konkursy/").status_code == 302


def test_login_is_rate_limited(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
                      "LOGIN_RATE_LIMIT": "3 per minute", "RATELIMIT_ENABLED": True,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        flask_migrate.upgrade()
    client = app.test_client()
    codes = [client.post("/logowanie", data={"email": "x@example.org", "password": "nie"}).status_code
             for _ in range(5)]
    assert codes[:3] == [400, 400, 400]  # the form runs, the answer is "wrong e-mail or password"
    assert codes[3:] == [429, 429]
    page = client.post("/logowanie", data={"email": "x@example.org", "password": "nie"}).get_data(as_text=True)
    assert "Zbyt wiele prób" in page


def test_users_create_command(app, db_session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Sekretarz@Wroclaw.example", "--name",
                                 "Anna Sekretarz", "--password", "bardzo-dlugie-haslo"])
    assert result.exit_code == 0, result.output
    user = db_session.scalar(sa.select(User).where(User.email == "sekretarz@wroclaw.example"))
    assert user.check_password("bardzo-dlugie-haslo")
    again = runner.invoke(args=["users", "create", "--email", "sekretarz@wroclaw.example", "--name", "X",
                                "--password", "bardzo-dlugie-haslo"])
    assert again.exit_code == 1 and "exists" in again.output
    short = runner.invoke(args=["users", "create", "--email", "b@example.org", "--name", "B", "--password", "krótkie"])
    assert short.exit_code == 1 and "12 characters" in short.output


def test_session_cookie_flags(app, client, create_user):
    user = create_user()
    response = client.post("/logowanie", data={"email": user.email, "password": "Hasło-testowe-2027",
                                               "csrf_token": csrf_token(client, "/logowanie")})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_form_without_its_token_gets_a_clear_message(client, create_user):
    login(client, create_user())
    response = client.post("/wylogowanie")
    assert response.status_code == 400
    assert "bez tokenu zabezpieczającego" in response.get_data(as_text=True)


WORKER = """
import json, sys
from app import create_app
app = create_app(json.loads(sys.argv[1]))
client = app.test_client()
print(json.dumps([client.post("/logowanie", data={"email": "x@example.org", "password": "nie"}).status_code
                  for _ in range(2)]))
"""


def test_the_login_limit_is_shared_by_workers_through_redis(tmp_path):
    """Two processes (two gunicorn workers) counting in one Redis: the limit holds across them."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        missing(f"REDIS UNREACHABLE at {url}: {error}")
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rl.sqlite3'}",
              "LOGIN_RATE_LIMIT": "3 per minute", "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": False,
              "RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": f"cal-test-{uuid.uuid4().hex}"}
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
    client = app.test_client()

    def attempt() -> int:
        return client.post("/logowanie", data={"email": "x@example.org", "password": "nie"}).status_code

    here = [attempt(), attempt()]
    other_worker = subprocess.run([sys.executable, "-c", WORKER, json.dumps(config)], cwd=REPO, check=True,
                                  capture_output=True, text=True)
    there = json.loads(other_worker.stdout.strip().splitlines()[-1])
    assert (here, there, attempt()) == ([400, 400], [400, 429], 429)

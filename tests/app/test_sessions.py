"""Signing out ends every copy of the session; a wrong password and an unknown address cost the same."""


import pytest

from app.auth import models as auth_models
from tests.conftest import csrf_token, login


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_cookie_copied_before_logout_no_longer_works(app, client, create_user):
    user = create_user()
    login(client, user)
    copied = _session_cookie(client)
    assert client.get("/konkursy/").status_code == 200
    assert client.post("/wylogowanie", data={"csrf_token": csrf_token(client)}).status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/konkursy/")
    assert response.status_code == 302 and "/logowanie" in response.headers["Location"]


def test_logout_ends_the_users_other_sessions_too(app, client, create_user):
    user = create_user()
    other_device = app.test_client()
    login(other_device, user)
    login(client, user)
    assert other_device.get("/konkursy/").status_code == 200
    client.post("/wylogowanie", data={"csrf_token": csrf_token(client)})
    assert other_device.get("/konkursy/").status_code == 302


def test_an_old_style_session_id_without_a_counter_is_anonymous(app, client, create_user):
    user = create_user()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert client.get("/konkursy/").status_code == 302


class CountingHasher:
    """The real argon2 hasher, counting how often a password is verified."""

    def __init__(self, real):
        self.real = real
        self.verified = 0

    def verify(self, hash_, password):
        self.verified += 1
        return self.real.verify(hash_, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("case", ["wrong password", "unknown address", "inactive account"])
def test_the_hasher_runs_on_every_failed_login(client, create_user, monkeypatch, case):
    counting = CountingHasher(auth_models._hasher)
    monkeypatch.setattr(auth_models, "_hasher", counting)
    user = create_user(is_active=case != "inactive account")
    email = "nikogo-takiego@example.org" if case == "unknown address" else user.email
    password = "Hasło-testowe-2027" if case == "inactive account" else "złe hasło, ale długie"
    response = client.post("/logowanie", data={"email": email, "password": password,
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert response.status_code == 400
    assert counting.verified == 1


def test_the_dummy_hash_is_a_real_argon2id_hash():
    assert auth_models.dummy_password_hash().startswith("$argon2id$")

"""Signing in and out, and creating accounts."""

from __future__ import annotations

import sqlalchemy as sa
from flask import session
from flask_login import login_user, logout_user

from app.audit import log
from app.extensions import db

from .models import User, utcnow, verify_password

MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """An account cannot be created as asked."""


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same answer for both mistakes)."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        verify_password(None, password)  # the same argon2 work as for a real account
        return None
    return user if user.check_password(password) else None


def sign_in(user: User) -> None:
    """Start a fresh session for the user: nothing from the anonymous session survives."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    user.last_login_at = utcnow()
    login_user(user)
    log.record(db.session, actor=user, action="user.login", object_type="user", object_id=user.id)
    db.session.commit()


def sign_out(user: User) -> None:
    """End the session, and every other copy of it: the user's session counter moves on."""
    user.end_sessions()
    log.record(db.session, actor=user, action="user.logout", object_type="user", object_id=user.id)
    db.session.commit()
    logout_user()
    session.clear()


def create_user(email: str, display_name: str, password: str | None, *, is_admin: bool = False,
                actor: User | None = None) -> User:
    """Add an account; the password (if any) is stored as an argon2 hash."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError("not an e-mail address")
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise AccountError("an account with this e-mail exists")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = User(email=email, display_name=display_name.strip(), is_admin=is_admin)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    log.record(db.session, actor=actor, action="user.create", object_type="user", object_id=user.id,
               new={"email": email, "display_name": user.display_name, "is_admin": is_admin})
    return user

"""Signed links (itsdangerous) that set a password: single use, with an expiry.

A token carries the user's id and session counter. Setting the password moves the counter on,
so the link works once; signing out or another password change also retires it.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.auth.models import User
from app.extensions import db

INVITATION = "invitation"
RESET = "reset"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"cal-password-{purpose}")


def max_age(purpose: str) -> int:
    """Seconds a link of this kind stays valid."""
    return current_app.config["INVITATION_SECONDS" if purpose == INVITATION else "RESET_SECONDS"]


def make_token(user: User, purpose: str) -> str:
    """A link token for the user."""
    return _serializer(purpose).dumps({"u": user.id, "v": user.session_version or 0})


def user_for_token(token: str, purpose: str) -> User | None:
    """The active user the token was made for, if it is genuine, unexpired and unused."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not user.is_active or user.session_version != payload.get("v"):
        return None
    return user

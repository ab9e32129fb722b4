"""Account operations: invite, set or change a password, reset, deactivate, grant the right to create calls."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.auth.operations import MIN_PASSWORD_LENGTH, AccountError, create_user
from app.extensions import db

from . import tokens


def find_user(email: str) -> User | None:
    """The account with this address (addresses are kept in lower case)."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def invite(actor: User, email: str, display_name: str) -> tuple[User, str | None]:
    """The account for an address, created without a password if new; with an invitation token if it has none."""
    user = find_user(email)
    if user is None:
        if not display_name.strip():
            raise AccountError("name_needed")
        user = create_user(email, display_name, None, actor=actor)
    if user.password_hash:
        return user, None  # the person already signs in: no invitation needed
    log.record(db.session, actor=actor, action="user.invite", object_type="user", object_id=user.id,
               new={"email": user.email})
    return user, tokens.make_token(user, tokens.INVITATION)


def _check_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_short")


def set_password(user: User, password: str, *, action: str) -> None:
    """Store a new password (from an invitation, a reset or a change); every session of the user ends."""
    _check_length(password)
    user.set_password(password)
    user.end_sessions()
    log.record(db.session, actor=user, action=action, object_type="user", object_id=user.id)


def change_password(user: User, current: str, new: str) -> None:
    """The signed-in user changes their password, proving the current one."""
    if not user.check_password(current):
        raise AccountError("wrong_password")
    set_password(user, new, action="user.password_change")


def reset_token_for(email: str) -> tuple[User, str] | None:
    """A reset token for an active account with this address, or None (the caller answers the same)."""
    user = find_user(email)
    if user is None or not user.is_active:
        return None
    log.record(db.session, actor=user, action="user.reset_requested", object_type="user", object_id=user.id)
    return user, tokens.make_token(user, tokens.RESET)


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account: it keeps its name in the log; a deactivated one cannot sign in."""
    if user.id == actor.id:
        raise AccountError("not_yourself")
    if user.is_active == active:
        return
    user.is_active = active
    user.end_sessions()
    log.record(db.session, actor=actor, action="user.activate" if active else "user.deactivate",
               object_type="user", object_id=user.id, old={"is_active": not active}, new={"is_active": active})


def set_can_create(actor: User, user: User, allowed: bool) -> None:
    """Give or take the right to create competitions."""
    if user.is_ngo and allowed:
        raise AccountError("ngo_account")
    if user.can_create_competitions == allowed:
        return
    user.can_create_competitions = allowed
    log.record(db.session, actor=actor, action="user.can_create_competitions", object_type="user",
               object_id=user.id, old={"can_create_competitions": not allowed},
               new={"can_create_competitions": allowed})


def log_link(actor: User, user: User) -> None:
    """The administrator made a link to set the password (it is shown or sent, never stored)."""
    log.record(db.session, actor=actor, action="user.password_link", object_type="user", object_id=user.id)

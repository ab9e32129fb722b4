"""User accounts."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

_hasher = PasswordHasher()


@functools.cache
def dummy_password_hash() -> str:
    """A hash no password matches in practice, checked for unknown addresses so they cost as much time."""
    return _hasher.hash("no account has this password: it only spends the same time")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Run argon2 once whatever the account's state (timing must not tell whether it exists)."""
    try:
        return _hasher.verify(password_hash or dummy_password_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def utcnow() -> datetime:
    """Current time, timezone-aware UTC."""
    return datetime.now(UTC)


class User(UserMixin, db.Model):
    """A person with an account: an official, a committee member or an NGO coordinator."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("locale IN ('pl', 'en')", name="known_locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_ngo: Mapped[bool] = mapped_column(default=False, server_default=db.false())  # NGO self-check account
    is_active: Mapped[bool] = mapped_column(default=True)
    # May create competitions (and so become their secretary); administrators always may.
    can_create_competitions: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    # Part of the session's user id: bumping it (logout, password change or reset) ends every session.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locale: Mapped[str] = mapped_column(String(5), default="pl")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.current_timestamp()
    )

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of the password, never the password."""
        self.password_hash = _hasher.hash(password)

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: the user and the session counter."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Invalidate every session (and copy of a session cookie) of this user."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """True when the password matches; rehashes when argon2's parameters have grown."""
        if not verify_password(self.password_hash, password):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

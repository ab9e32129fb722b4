"""User accounts."""

from __future__ import annotations

from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

_hasher = PasswordHasher()


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
    locale: Mapped[str] = mapped_column(String(5), default="pl")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.current_timestamp()
    )

    def set_password(self, password: str) -> None:
        """Store an argon2id hash of the password, never the password."""
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """True when the password matches; rehashes when argon2's parameters have grown."""
        if not self.password_hash:
            return False
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

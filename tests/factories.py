"""Factory fixtures: create_* functions that add valid objects with overridable fields."""

from __future__ import annotations

import itertools

import pytest

from app.auth.models import User

_sequence = itertools.count(1)


def _saved(session, obj):
    """Commit (inside the test's savepoint) and load the object, so it outlives requests."""
    session.add(obj)
    session.commit()
    session.refresh(obj)
    return obj


@pytest.fixture
def create_user(db_session):
    """Add a user; any field can be given, the rest get unique defaults."""

    def _create_user(**fields) -> User:
        number = next(_sequence)
        fields.setdefault("email", f"osoba{number}@example.org")
        fields.setdefault("display_name", f"Osoba Testowa {number}")
        user = User(**fields)
        return _saved(db_session, user)

    return _create_user

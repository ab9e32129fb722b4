"""Factory fixtures: create_* functions that add valid objects with overridable fields."""

from __future__ import annotations

import functools
import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.auth.models import User

__all__ = ["create_competition", "create_member", "create_offer", "create_user"]

_sequence = itertools.count(1)
TEST_PASSWORD = "Hasło-testowe-2027"


@functools.cache
def _test_password_hash() -> str:
    """Hashed once per run: argon2 is deliberately slow."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(TEST_PASSWORD)


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
        fields.setdefault("password_hash", _test_password_hash())
        user = User(**fields)
        return _saved(db_session, user)

    return _create_user


@pytest.fixture
def create_competition(db_session, app):
    """Add a competition in merit assessment with the mini rubric (tests/data), locked by its hash."""
    from app.competitions.models import Competition
    from app.rubrics.loader import load_rubric

    data = Path(__file__).parent / "data"
    rubric = load_rubric(data / "mini-rubric.toml", data.parent.parent).rubric

    def _create_competition(**fields) -> Competition:
        number = next(_sequence)
        fields.setdefault("reference", f"TEST-CAL/{number}")
        fields.setdefault("title", f"Konkurs testowy nr {number}")
        fields.setdefault("rubric_id", rubric.id)
        fields.setdefault("rubric_version", rubric.version)
        fields.setdefault("rubric_hash", rubric.content_hash)
        fields.setdefault("budget", Decimal("500000.00"))
        fields.setdefault("min_own_share", Decimal("0.015"))
        fields.setdefault("status", "merit")
        fields.setdefault("mode", "wsparcie")
        return _saved(db_session, Competition(**fields))

    return _create_competition


@pytest.fixture
def create_member(db_session, create_user):
    """Add a person with a role in a competition; declared=True also signs the declaration."""
    from app.competitions.models import ImpartialityDeclaration, Membership

    def _create_member(competition, role: str, *, declared: bool = True, user=None, **user_fields):
        user = user or create_user(**user_fields)
        _saved(db_session, Membership(competition_id=competition.id, user_id=user.id, role=role))
        if declared and role != "secretary":
            _saved(db_session, ImpartialityDeclaration(competition_id=competition.id, user_id=user.id,
                                                       statement_version="test"))
        return user

    return _create_member


def sample_offer_form(**overrides):
    """A small, consistent offer (core dataclasses): 2 cost rows, figures that add up."""
    from app.core.offer import Applicant, ContactPerson, CostCategory, CostRow, FundingSources, Offer

    form = Offer(
        applicants=(Applicant(name="Stowarzyszenie Testowe „Podwórko”", legal_form="stowarzyszenie",
                              register_number="0000000001", address="ul. Testowa 1, 50-001 Wrocław",
                              had_prior_tasks=overrides.pop("had_prior_tasks", True)),),
        contact=ContactPerson(name="Anna Testowa", email="anna@example.org"),
        title="Centrum Aktywności Lokalnej na osiedlu testowym",
        start_date=date(2027, 1, 1), end_date=date(2027, 12, 31),
        costs=(CostRow(number="I.1", category=CostCategory.ACTIONS, cost_type="Animator", unit="miesiąc",
                       unit_cost=Decimal("5000.00"), units=Decimal(12), value=Decimal("60000.00"),
                       by_year=(Decimal("60000.00"),)),
               CostRow(number="II.1", category=CostCategory.ADMINISTRATIVE, cost_type="Księgowość",
                       unit="miesiąc", unit_cost=Decimal("500.00"), units=Decimal(12), value=Decimal("6000.00"),
                       by_year=(Decimal("6000.00"),))),
        funding=FundingSources(total_costs=Decimal("66000.00"), grant=Decimal("64000.00"),
                               own_financial=Decimal("1000.00"), own_non_financial=Decimal("1000.00")),
    )
    return replace(form, **overrides)


@pytest.fixture
def create_offer(db_session):
    """Add an admitted offer to a competition."""
    from app.core.offer import offer_to_dict
    from app.offers.models import Offer

    def _create_offer(competition, **fields) -> Offer:
        number = next(_sequence)
        form = fields.pop("form", None) or sample_offer_form(had_prior_tasks=fields.get("applicant_prior_tasks",
                                                                                         True))
        fields.setdefault("number", f"T/{number:03d}")
        fields.setdefault("applicant_name", form.applicants[0].name)
        fields.setdefault("title", form.title)
        fields.setdefault("requested_grant", form.funding.grant)
        fields.setdefault("applicant_prior_tasks", form.applicant_prior_tasks)
        fields.setdefault("formal_status", "admitted")
        return _saved(db_session, Offer(competition_id=competition.id, form_data=offer_to_dict(form), **fields))

    return _create_offer

"""Creating a call in the browser, editing its settings and starting a new one from a closed call."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.extensions import db
from app.rubrics.registry import registry

from .models import Competition, CompetitionStatus, Membership, Role
from .operations import OperationRefused
from .permissions import forget_access

# Columns that belong to one call only and never travel to a copy.
NOT_COPIED = frozenset({"id", "reference", "status", "rubric_hash", "created_at"})


def _check_rubric(settings: dict) -> None:
    if "rubric_id" not in settings:
        return
    rubric = registry().get(settings["rubric_id"], settings["rubric_version"])
    name = f"{settings['rubric_id']} {settings['rubric_version']}"
    if rubric is None:
        raise OperationRefused("rubric_missing", rubric=name)
    if rubric.status != "published":
        raise OperationRefused("rubric_not_published", rubric=name)
    try:
        rubric.with_options(settings.get("rubric_options", ()))
    except ValueError:
        raise OperationRefused("rubric_option_unknown", options=", ".join(settings["rubric_options"])) from None


def _check_reference(reference: str, competition_id: int | None = None) -> None:
    taken = db.session.scalar(sa.select(Competition.id).where(Competition.reference == reference,
                                                              Competition.id != (competition_id or 0)))
    if taken is not None:
        raise OperationRefused("reference_taken", reference=reference)


def create_call(actor: User, settings: dict, *, based_on: Competition | None = None) -> Competition:
    """A new call in draft; its creator becomes its secretary; a closed call's committee may come along."""
    settings = {**settings, "reference": settings["reference"].strip()}
    _check_rubric(settings)
    _check_reference(settings["reference"])
    competition = Competition(status=CompetitionStatus.DRAFT.value, **settings)
    db.session.add(competition)
    db.session.flush()
    log.record(db.session, actor=actor, action="competition.create", object_type="competition",
               object_id=competition.id, competition_id=competition.id,
               new={**settings, "based_on": based_on.reference if based_on else None})
    _add(actor, competition, actor, Role.SECRETARY)
    if based_on is not None:
        for membership in based_on.memberships:
            person = membership.user
            if person.id != actor.id and person.is_active and not person.is_ngo:
                _add(actor, competition, person, Role(membership.role))
    forget_access()
    return competition


def _add(actor: User, competition: Competition, person: User, role: Role) -> None:
    membership = Membership(competition=competition, user=person, role=role.value)
    db.session.add(membership)
    db.session.flush()
    log.record(db.session, actor=actor, action="membership.add", object_type="membership",
               object_id=membership.id, competition_id=competition.id, new={"user": person.email, "role": role.value})


def copy_settings(source: Competition) -> dict:
    """Every setting of a call (all its columns but those of its own identity and state)."""
    return {column.key: getattr(source, column.key) for column in sa.inspect(Competition).column_attrs
            if column.key not in NOT_COPIED}


def locked_settings(competition: Competition, names) -> frozenset[str]:
    """The settings the announcement has fixed (none while the call is a draft)."""
    if competition.status == CompetitionStatus.DRAFT.value:
        return frozenset()
    return frozenset(names)


def update_settings(actor: User, competition: Competition, settings: dict, locked: frozenset[str]) -> dict:
    """Change a call's settings; refuse locked ones; log each change old → new. Returns the changes."""
    if competition.is_closed:
        raise OperationRefused("competition_closed")
    touched = {"rubric" if key in ("rubric_id", "rubric_version") else key for key in settings}
    if touched & locked_settings(competition, locked):
        raise OperationRefused("setting_locked")
    if "reference" in settings:
        settings = {**settings, "reference": settings["reference"].strip()}
        _check_reference(settings["reference"], competition.id)
    if (settings.get("rubric_id"), settings.get("rubric_version"), settings.get("rubric_options")) != (
            competition.rubric_id, competition.rubric_version, competition.rubric_options):
        _check_rubric(settings)
    old, new = {}, {}
    for key, value in settings.items():
        if getattr(competition, key) != value:
            old[key], new[key] = getattr(competition, key), value
            setattr(competition, key, value)
    if new:
        log.record(db.session, actor=actor, action="competition.settings", object_type="competition",
                   object_id=competition.id, competition_id=competition.id, old=old, new=new)
    return new

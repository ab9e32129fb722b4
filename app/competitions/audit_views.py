"""The audit log of a call on a page, and "Sprawdź integralność" (the same check as `flask audit verify`)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import format_datetime
from flask_login import current_user, login_required

from app.audit.log import verify
from app.extensions import db

from . import permissions
from .audit_names import ACTION_NAMES
from .audit_queries import Filters, filter_choices, log_page
from .views import bp, competition_or_404

MAX_PAGE = 100_000


def _number(name: str, limit: int = 2**31 - 1) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 11 and 0 < int(value) <= limit else None


def _filters() -> Filters:
    kind = request.args.get("rodzaj", "")[:64] or None
    return Filters(person=_number("osoba"), kind=kind, offer=_number("oferta"), page=_number("strona", MAX_PAGE) or 1)


def _render(competition, report=None):
    filters = _filters()
    people, kinds, offers = filter_choices(current_user, competition)
    return render_template("competitions/audit_log.html", competition=competition, filters=filters,
                           page=log_page(current_user, competition, filters), people=people, kinds=kinds,
                           offers=offers, report=report, action_names=ACTION_NAMES,
                           whole=permissions.sees_whole_audit_log(current_user, competition))


@bp.app_template_filter("moment")
def _moment(value) -> str:
    """A moment in Wrocław's time, to the second."""
    return format_datetime(value, "dd.MM.yyyy HH:mm:ss")


@bp.get("/<int:competition_id>/dziennik")
@login_required
def audit_log(competition_id: int):
    """Who did what, when, old → new: the secretary, the chair and admins see all; members their own entries."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_audit_log(current_user, competition):
        abort(403)
    return _render(competition)


@bp.post("/<int:competition_id>/dziennik/weryfikacja")
@login_required
def audit_verify(competition_id: int):
    """Recompute the whole chain and show the head hash and row count, to copy into the protocol."""
    competition = competition_or_404(competition_id)
    if not permissions.sees_whole_audit_log(current_user, competition):
        abort(403)
    report = verify(db.session)
    db.session.rollback()  # verify holds the head FOR SHARE: let go at once
    return _render(competition, report)

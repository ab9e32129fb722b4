"""Competitions: my competitions, one competition, lifecycle, impartiality declaration, my work."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.calibration.queries import my_tasks as calibration_tasks
from app.core import lifecycle
from app.extensions import db
from app.rubrics.registry import call_rubric

from . import operations, permissions, queries
from .forms import DeclarationForm, StatusForm
from .messages import REFUSALS
from .models import Competition, CompetitionStatus, Membership, Role

bp = Blueprint("competitions", __name__, url_prefix="/konkursy")


def competition_or_404(competition_id: int) -> Competition:
    """The competition, if the user may see it (404 if it does not exist, 403 if not theirs)."""
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    if not permissions.can_view_competition(current_user, competition):
        permissions.refuse(current_user, competition)
    return competition


@bp.get("/")
@login_required
def index():
    """The competitions the user serves in (all of them for an administrator)."""
    query = sa.select(Competition).order_by(Competition.created_at.desc())
    if not current_user.is_admin:
        query = query.join(Membership).where(Membership.user_id == current_user.id)
    return render_template("competitions/index.html", competitions=db.session.scalars(query).all())


@bp.get("/<int:competition_id>")
@login_required
def show(competition_id: int):
    """The call's terms, the committee's progress and what the user can do next."""
    competition = competition_or_404(competition_id)
    manages = permissions.can_manage_competition(current_user, competition)
    overview = queries.dashboard(competition) if manages else None
    rubric = call_rubric(competition)
    options = [o for o in rubric.options if o.id in rubric.chosen_options] if rubric else []
    return render_template("competitions/show.html", competition=competition, overview=overview,
                           access=permissions.access(current_user, competition), status_form=StatusForm(),
                           options=options)


@bp.route("/<int:competition_id>/status", methods=["GET", "POST"])
@login_required
def advance(competition_id: int):
    """Announce the call, start merit assessment, or close it: what it does and what blocks it, then confirm."""
    competition = competition_or_404(competition_id)
    if not permissions.can_change_competition(current_user, competition):
        abort(403)
    target = operations.NEXT_STATUS[CompetitionStatus(competition.status)]
    form = StatusForm(target=target.value)
    status = 200
    if form.validate_on_submit():
        try:
            operations.advance_status(current_user, competition, CompetitionStatus(form.target.data),
                                      reason=form.reason.data or "")
        except operations.OperationRefused as refused:
            db.session.rollback()
            if refused.code == "override_reason":
                form.reason.errors = [operations_message(refused)]
            else:
                flash(operations_message(refused), "error")
                status = 409
        else:
            db.session.commit()
            flash(_("The competition's stage has been changed."), "success")
            return redirect(url_for(".show", competition_id=competition.id))
    if form.errors:
        status = 400
    elif status == 409:
        competition = competition_or_404(competition_id)  # read again after the rollback
        target = operations.NEXT_STATUS.get(CompetitionStatus(competition.status), target)
    board = queries.committee(competition)
    blockers = board.blockers(lifecycle.transition_blockers(target, board.snapshot))
    return render_template("competitions/transition.html", competition=competition, form=form, target=target,
                           blockers=blockers), status


@bp.route("/<int:competition_id>/oswiadczenie", methods=["GET", "POST"])
@login_required
def declaration(competition_id: int):
    """The impartiality declaration, signed before any offer can be opened."""
    competition = competition_or_404(competition_id)
    access = permissions.access(current_user, competition)
    applicants = queries.applicants(competition)
    if access.declared:
        return render_template("competitions/declaration.html", competition=competition, form=None, signed=True,
                               applicants=applicants)
    if not permissions.can_sign_declaration(current_user, competition):
        abort(403)
    form = DeclarationForm()
    if form.validate_on_submit():
        operations.sign_declaration(current_user, competition)
        db.session.commit()
        flash(_("Your declaration has been recorded. You can now open the offers."), "success")
        return redirect(url_for(".my_work", competition_id=competition.id))
    return render_template("competitions/declaration.html", competition=competition, form=form, signed=False,
                           applicants=applicants)


@bp.get("/<int:competition_id>/pulpit")
@login_required
def dashboard(competition_id: int):
    """Offers by state, the members' declarations and cards, and what still blocks the protocol."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_dashboard(current_user, competition):
        abort(403)
    return render_template("competitions/dashboard.html", competition=competition,
                           board=queries.dashboard(competition), overrides=queries.lifecycle_overrides(competition),
                           exclusions=queries.exclusions(competition))


@bp.get("/<int:competition_id>/moja-praca")
@login_required
def my_work(competition_id: int):
    """The member's offers with the state of each card and the progress."""
    competition = competition_or_404(competition_id)
    access = permissions.access(current_user, competition)
    if access.role in (None, Role.OFFICIAL) and not access.manages:
        permissions.refuse(current_user, competition)
    rows = queries.my_work(competition, current_user, access) if access.declared or access.manages else []
    return render_template("competitions/my_work.html", competition=competition, rows=rows, access=access,
                           calibration=calibration_tasks(competition, current_user))


def operations_message(refused: operations.OperationRefused) -> str:
    """A refused operation as a sentence in the user's language."""
    return str(REFUSALS.get(refused.code, REFUSALS["default"])) % refused.params


@bp.app_context_processor
def _competition_helpers():
    from .messages import (
        CALL_MODE_NAMES,
        CARD_STATES,
        FORMAL_STATUS_NAMES,
        NEXT_ACTION,
        REFUSAL_REASONS,
        ROLE_NAMES,
        STATUS_NAMES,
        TRANSITION_BUTTONS,
        TRANSITION_EFFECTS,
        WITHDRAWAL_STATES,
    )

    return {
        "competition_status_names": STATUS_NAMES, "call_mode_names": CALL_MODE_NAMES, "role_names": ROLE_NAMES,
        "card_states": CARD_STATES,
        "formal_status_names": FORMAL_STATUS_NAMES, "transition_effects": TRANSITION_EFFECTS,
        "transition_buttons": TRANSITION_BUTTONS, "refusal_reasons": REFUSAL_REASONS,
        "withdrawal_states": WITHDRAWAL_STATES,
        "next_action": NEXT_ACTION, "next_status": {k.value: v.value for k, v in operations.NEXT_STATUS.items()},
        **{name: getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")},
    }

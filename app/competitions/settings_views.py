"""A call's settings in the browser: create (or base on a closed call) and edit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db

from . import permissions
from .models import Competition
from .operations import OperationRefused
from .settings_forms import LOCKED_AT_ANNOUNCEMENT, CompetitionForm, published_rubrics
from .settings_operations import copy_settings, create_call, locked_settings, update_settings
from .views import bp, competition_or_404, operations_message


def _source_or_none() -> Competition | None:
    """The closed call a new one is based on (?na_podstawie=ID), if the user may copy it."""
    source_id = request.values.get("na_podstawie", "")
    if not source_id:
        return None
    source = db.session.get(Competition, int(source_id)) if source_id.isdigit() and len(source_id) < 10 else None
    if source is None:
        abort(404)
    if not permissions.can_copy_competition(current_user, source):
        abort(403)
    return source


@bp.route("/nowy", methods=["GET", "POST"])
@login_required
def create():
    """A new call; whoever creates it becomes its secretary."""
    if not permissions.can_create_competition(current_user):
        abort(403)
    source = _source_or_none()
    if source is not None and request.method == "GET":
        form = CompetitionForm.for_competition(source)
        form.reference.data = ""
    else:
        form = CompetitionForm()
    if form.validate_on_submit():
        settings = {**(copy_settings(source) if source else {}), **form.settings()}
        try:
            competition = create_call(current_user, settings, based_on=source)
        except OperationRefused as refused:
            db.session.rollback()
            target = form.rubric if refused.code.startswith("rubric") else form.reference
            target.errors.append(operations_message(refused))
        else:
            db.session.commit()
            flash(_("The competition has been created. You are its secretary."), "success")
            return redirect(url_for(".show", competition_id=competition.id))
    return render_template("competitions/settings.html", form=form, competition=None, source=source,
                           rubrics=published_rubrics()), 400 if form.errors else 200


@bp.route("/<int:competition_id>/ustawienia", methods=["GET", "POST"])
@login_required
def edit(competition_id: int):
    """The secretary edits the call; what the announcement fixed is shown but cannot change."""
    competition = competition_or_404(competition_id)
    if not permissions.can_edit_settings(current_user, competition):
        abort(403)
    locked = locked_settings(competition, LOCKED_AT_ANNOUNCEMENT)
    form = CompetitionForm.for_competition(competition, locked=locked)
    if form.validate_on_submit():
        try:
            changes = update_settings(current_user, competition, form.settings(), LOCKED_AT_ANNOUNCEMENT)
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
        else:
            db.session.commit()
            flash(_("The settings have been saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for(".show", competition_id=competition.id))
    return render_template("competitions/settings.html", form=form, competition=competition, source=None,
                           rubrics=published_rubrics()), 400 if form.errors else 200

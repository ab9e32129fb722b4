"""The committee page: add people by e-mail with a role, change a role, remove or exclude a member."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import operations as account_operations
from app.accounts.messages import refusal
from app.accounts.views import send_invitation
from app.auth.models import User
from app.auth.operations import AccountError
from app.extensions import db

from . import committee_operations, permissions
from .committee_forms import AddMemberForm, ExcludeMemberForm, RoleForm
from .models import Membership, Role
from .operations import OperationRefused
from .views import bp, competition_or_404, operations_message


def _members(competition):
    return db.session.execute(sa.select(Membership, User).join(User).where(
        Membership.competition_id == competition.id).order_by(Membership.role, User.display_name)).all()


def _page(competition, form, shown_link=None):
    rows = [(m, u, committee_operations.has_cards(m)) for m, u in _members(competition)]
    return render_template("competitions/committee.html", competition=competition, form=form, rows=rows,
                           role_form=RoleForm(formdata=None), exclude_form=ExcludeMemberForm(formdata=None),
                           shown_link=shown_link, can_edit=permissions.can_manage_committee(current_user, competition))


@bp.route("/<int:competition_id>/komisja", methods=["GET", "POST"])
@login_required
def committee(competition_id: int):
    """The committee of a call; the secretary adds people (inviting those without an account)."""
    competition = competition_or_404(competition_id)
    if not permissions.can_manage_competition(current_user, competition):
        abort(403)
    form = AddMemberForm()
    if form.validate_on_submit():
        if not permissions.can_manage_committee(current_user, competition):
            abort(403)
        try:
            person, token = account_operations.invite(current_user, form.email.data, form.display_name.data or "")
            if person.is_ngo:
                raise OperationRefused("ngo_account")
            committee_operations.add_person(current_user, competition, person, Role(form.role.data))
        except AccountError as error:
            db.session.rollback()
            form.display_name.errors.append(refusal(error))
        except OperationRefused as refused:
            db.session.rollback()
            form.email.errors.append(operations_message(refused))
        else:
            shown_link = send_invitation(person, token) if token else None
            db.session.commit()
            flash(_("%(name)s has been added to the committee.", name=person.display_name), "success")
            return _page(competition, AddMemberForm(formdata=None), shown_link)
    return _page(competition, form), 400 if form.errors else 200


def _membership_or_404(competition, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.competition_id != competition.id:
        abort(404)
    if not permissions.can_manage_committee(current_user, competition):
        abort(403)
    return membership


@bp.post("/<int:competition_id>/komisja/<int:membership_id>/rola")
@login_required
def change_role(competition_id: int, membership_id: int):
    """Give a member another role."""
    competition = competition_or_404(competition_id)
    membership = _membership_or_404(competition, membership_id)
    form = RoleForm()
    if form.validate_on_submit():
        _apply(lambda: committee_operations.change_role(current_user, membership, Role(form.role.data)),
               _("The role has been changed."))
    return redirect(url_for(".committee", competition_id=competition.id))


@bp.post("/<int:competition_id>/komisja/<int:membership_id>/usun")
@login_required
def remove_member(competition_id: int, membership_id: int):
    """Take a person off the committee."""
    competition = competition_or_404(competition_id)
    membership = _membership_or_404(competition, membership_id)
    _apply(lambda: committee_operations.remove_member(current_user, membership),
           _("The person has been removed from the committee."))
    return redirect(url_for(".committee", competition_id=competition.id))


@bp.post("/<int:competition_id>/komisja/<int:membership_id>/wylaczenie")
@login_required
def exclude_member(competition_id: int, membership_id: int):
    """Exclude a member who already has cards from every offer, with a reason."""
    competition = competition_or_404(competition_id)
    membership = _membership_or_404(competition, membership_id)
    form = ExcludeMemberForm()
    if form.validate_on_submit():
        _apply(lambda: committee_operations.exclude_member(current_user, membership, form.reason.data),
               _("The member has been excluded from the assessment; the record of their work stays."))
    else:
        flash(_("Give a reason of at least %(minimum)s characters.", minimum=10), "error")
    return redirect(url_for(".committee", competition_id=competition.id))


def _apply(operation, success: str) -> None:
    try:
        operation()
    except OperationRefused as refused:
        db.session.rollback()
        flash(operations_message(refused), "error")
    else:
        db.session.commit()
        flash(success, "success")

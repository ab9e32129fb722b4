"""Withdrawing a conflict of interest declared by mistake: the member asks, the secretary decides."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import operations_message
from app.extensions import db

from . import operations
from .forms import WithdrawalDecisionForm, WithdrawalForm
from .views import bp, offer_or_404


@bp.route("/konflikt/wycofanie", methods=["GET", "POST"])
@login_required
def withdraw_conflict(competition_id: int, offer_id: int):
    """The member asks the secretary to withdraw the conflict declared for this offer, with a reason."""
    offer = offer_or_404(competition_id, offer_id, with_form=False)
    if not permissions.can_request_conflict_withdrawal(current_user, offer):
        abort(403)
    form = WithdrawalForm()
    if form.validate_on_submit():
        try:
            operations.request_conflict_withdrawal(current_user, offer, form.reason.data)
        except OperationRefused as refused:
            db.session.rollback()
            form.reason.errors = [operations_message(refused)]
        else:
            db.session.commit()
            flash(_("Your request has been sent to the secretary. Until it is accepted you remain excluded "
                    "from this offer."), "success")
            return redirect(url_for("competitions.my_work", competition_id=competition_id))
    return render_template("offers/withdraw_conflict.html", offer=offer, form=form), 400 if form.errors else 200


@bp.post("/konflikt/wycofanie/<int:request_id>")
@login_required
def decide_withdrawal(competition_id: int, offer_id: int, request_id: int):
    """The secretary accepts or refuses a member's request to withdraw a declared conflict."""
    if request_id >= 2**63:  # beyond the database's integer: no such request
        abort(404)
    offer = offer_or_404(competition_id, offer_id, with_form=False)
    if not permissions.can_decide_conflict_withdrawal(current_user, offer):
        abort(403)
    form = WithdrawalDecisionForm()
    if form.validate_on_submit() and (form.accept.data or form.refuse.data):
        try:
            request = operations.decide_conflict_withdrawal(current_user, offer, request_id,
                                                            accept=bool(form.accept.data))
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
        else:
            db.session.commit()
            name = request.user.display_name
            flash(_("The request has been accepted: %(name)s may now assess this offer.", name=name)
                  if form.accept.data else
                  _("The request has been refused: %(name)s remains excluded from this offer.", name=name), "success")
    return redirect(url_for("competitions.dashboard", competition_id=competition_id) + "#exclusions-heading")

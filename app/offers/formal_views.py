"""The secretary's formal check of an offer."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import operations_message
from app.core.formal import Answer, Outcome
from app.core.offer import offer_from_dict
from app.core.offer_checks import check_offer
from app.extensions import db
from app.i18n import local_today

from . import formal_operations
from .formal_forms import build_formal_form
from .formal_messages import FORMAL_PROBLEMS
from .views import bp, offer_or_404


@bp.route("/ocena-formalna", methods=["GET", "POST"])
@login_required
def formal(competition_id: int, offer_id: int):
    """The checklist answered TAK / NIE / NIE DOTYCZY and the outcome."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_check_formally(current_user, offer):
        abort(403)
    items = formal_operations.checklist_of(offer)
    form = build_formal_form(items, str(get_locale()))()
    check = formal_operations.formal_check_of(offer)
    status = 200
    if request.method == "GET":
        if check is not None:
            for item in items:
                form[f"item_{item.id}"].data = check.answers.get(item.id)
            form.outcome.data, form.reason.data, form.supplement_by.data = check.outcome, check.reason, \
                check.supplement_by
        form.supplement_by.data = form.supplement_by.data or local_today() + timedelta(
            days=current_app.config["SUPPLEMENT_DAYS"])
    elif form.validate_on_submit():
        answers = {item.id: Answer(form[f"item_{item.id}"].data) for item in items}
        try:
            problems = formal_operations.record_formal_check(
                current_user, offer, answers, Outcome(form.outcome.data), form.reason.data or "",
                form.supplement_by.data, local_today())
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
            status = 409
        else:
            if not problems:
                db.session.commit()
                flash(_("The formal check of %(number)s has been recorded.", number=offer.number), "success")
                return redirect(url_for("competitions.dashboard", competition_id=competition_id))
            form.outcome.errors = [str(FORMAL_PROBLEMS[p]) for p in problems]
            status = 400
    else:
        status = 400
    issues = check_offer(offer_from_dict(offer.form_data), offer.competition.call_terms)
    return render_template("offers/formal.html", offer=offer, form=form, items=items, check=check,
                           issues=issues), status


@bp.post("/uzupelnienie")
@login_required
def supplemented(competition_id: int, offer_id: int):
    """The applicant supplemented the offer: open the formal check again."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_check_formally(current_user, offer):
        abort(403)
    try:
        formal_operations.reopen_after_supplement(current_user, offer)
    except OperationRefused as refused:
        db.session.rollback()
        flash(operations_message(refused), "error")
    else:
        db.session.commit()
        flash(_("The offer has been supplemented; answer the checklist again."), "success")
    return redirect(url_for(".formal", competition_id=competition_id, offer_id=offer_id))

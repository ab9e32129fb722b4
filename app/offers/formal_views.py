"""The secretary's formal check of an offer."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import operations_message
from app.core.formal import Answer, FormalProblem, Outcome
from app.core.offer import offer_from_dict
from app.core.offer_checks import check_offer
from app.extensions import db
from app.i18n import local_today

from . import formal_operations
from .formal_forms import build_formal_form
from .formal_messages import FORMAL_PROBLEMS
from .views import bp, offer_or_404


def prior_tasks_question(competition) -> str:
    """The question of art. 15 ust. 1 pkt 6 in the scope the call states (authority, years)."""
    return ngettext("Did the applicant carry out public tasks commissioned by %(authority)s in the last %(num)d year "
                    "(art. 15 ust. 1 pkt 6)?",
                    "Did the applicant carry out public tasks commissioned by %(authority)s in the last %(num)d years "
                    "(art. 15 ust. 1 pkt 6)?", competition.prior_tasks_years,
                    authority=competition.prior_tasks_authority)


@bp.route("/ocena-formalna", methods=["GET", "POST"])
@login_required
def formal(competition_id: int, offer_id: int):
    """The checklist answered TAK / NIE / NIE DOTYCZY and the outcome."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_check_formally(current_user, offer):
        abort(403)
    items = formal_operations.checklist_of(offer)
    label = prior_tasks_question(offer.competition) if formal_operations.prior_tasks_needed(offer) else None
    form = build_formal_form(items, str(get_locale()), label)()
    check = formal_operations.formal_check_of(offer)
    status = 200
    if request.method == "GET":
        if check is not None:
            for item in items:
                form[f"item_{item.id}"].data = check.answers.get(item.id)
            form.outcome.data, form.reason.data, form.supplement_by.data = check.outcome, check.reason, \
                check.supplement_by
        if "prior_tasks" in form and offer.applicant_prior_tasks is not None:
            form.prior_tasks.data = "yes" if offer.applicant_prior_tasks else "no"
        form.supplement_by.data = form.supplement_by.data or local_today() + timedelta(
            days=current_app.config["SUPPLEMENT_DAYS"])
    elif form.validate_on_submit():
        answers = {item.id: Answer(form[f"item_{item.id}"].data) for item in items}
        prior = {"yes": True, "no": False}.get(form.prior_tasks.data) if "prior_tasks" in form else None
        try:
            problems = formal_operations.record_formal_check(
                current_user, offer, answers, Outcome(form.outcome.data), form.reason.data or "",
                form.supplement_by.data, local_today(), prior)
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
            status = 409
        else:
            if not problems:
                db.session.commit()
                flash(_("The formal check of %(number)s has been recorded.", number=offer.number), "success")
                return redirect(url_for("competitions.dashboard", competition_id=competition_id))
            unsettled = FormalProblem.PRIOR_TASKS_UNSETTLED
            form.outcome.errors = [str(FORMAL_PROBLEMS[p]) for p in problems if p is not unsettled]
            if unsettled in problems:
                form.prior_tasks.errors = [str(FORMAL_PROBLEMS[FormalProblem.PRIOR_TASKS_UNSETTLED])]
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

"""The agreement page, the chair's adjusted amount, and the secretary's record of the decision."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions.operations import OperationRefused
from app.competitions.permissions import can_see_scores
from app.competitions.views import competition_or_404
from app.core.charts import agreement_charts
from app.core.committee_agreement import MIN_Z_CARDS
from app.extensions import db
from app.i18n import format_money
from app.offers.entry_forms import parse_amount
from app.offers.models import Offer
from app.offers.views import rubric_for
from app.reviews.queries import competition_ranking

from . import operations, permissions, queries
from .forms import AdjustAmountForm, build_decision_form
from .messages import ALLOCATION_RULES, DECISION_PROBLEMS, REFUSALS
from .models import Decision

bp = Blueprint("outcome", __name__, url_prefix="/konkursy/<int:competition_id>")


def refusal(refused: OperationRefused) -> str:
    """A refused operation as a sentence in the user's language."""
    params = {k: format_money(v) if isinstance(v, Decimal) else v
              for k, v in refused.params.items() if k != "problems"}
    return str(REFUSALS.get(refused.code, REFUSALS["default"])) % params


@bp.app_template_filter("coefficient")
def format_coefficient(value: float | None) -> str:
    """An agreement coefficient with three decimals in the user's language: 0,849."""
    return "–" if value is None else format_decimal(value, format="0.000")


@bp.app_template_filter("pp")
def format_percentage_points(value: Decimal | None) -> str:
    """A difference of shares in percentage points with two decimals: −15,42 p.p."""
    if value is None:
        return "–"
    return _("%(value)s pp", value=format_decimal(value * 100, format="+0.00;-0.00"))


def recorded_decision(competition) -> Decision | None:
    """The competition's recorded decision with its amounts, read once per request (templates ask per row)."""
    cache = g.setdefault("_cal_decisions", {})
    if competition.id not in cache:
        cache[competition.id] = queries.decision_of(competition)
    return cache[competition.id]


@bp.app_context_processor
def _outcome_helpers():
    return {"allocation_rules": ALLOCATION_RULES, "recorded_decision": recorded_decision,
            **{name: getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")}}


@bp.get("/zgodnosc")
@login_required
def agreement(competition_id: int):
    """Where the committee agrees and where it does not, from the scores the user may see."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_agreement(current_user, competition):
        abort(403)
    rubric = rubric_for(competition)
    data = queries.agreement_data(competition, rubric, current_user.id,
                                  lambda offer, own_submitted: can_see_scores(current_user, offer, own_submitted))
    return render_template("results/agreement.html", competition=competition, rubric=rubric, data=data,
                           figures=data.figures,
                           charts_data=agreement_charts(data.figures, competition.threshold, data.members),
                           min_z_cards=MIN_Z_CARDS,
                           leniency=permissions.can_see_leniency(current_user, competition))


def offer_in(competition, offer_id: int) -> Offer:
    """The offer of this competition, or 404."""
    offer = db.session.scalar(sa.select(Offer).where(Offer.id == offer_id, Offer.competition_id == competition.id))
    if offer is None:
        abort(404)
    return offer


@bp.route("/wyniki/oferty/<int:offer_id>/kwota", methods=["GET", "POST"])
@login_required
def adjust(competition_id: int, offer_id: int):
    """The chair sets the amount the committee proposes for a recommended offer, with a reason."""
    competition = competition_or_404(competition_id)
    offer = offer_in(competition, offer_id)
    if not permissions.can_adjust_amount(current_user, competition):
        abort(403)
    rubric = rubric_for(competition)
    stored = queries.adjustments(competition).get(offer.number)
    form = AdjustAmountForm()
    status = 200
    if request.method == "GET" and stored is not None:
        form.amount.data, form.reason.data = str(stored.amount).replace(".", ","), stored.reason
    elif form.validate_on_submit():
        try:
            operations.adjust_amount(current_user, offer, rubric, parse_amount(form.amount.data), form.reason.data)
        except OperationRefused as refused:
            db.session.rollback()
            target = form.reason if refused.code == "reason_too_short" else form.amount
            target.errors = [*target.errors, refusal(refused)]
            status = 400
        else:
            db.session.commit()
            flash(_("The proposed amount has been changed."), "success")
            return redirect(url_for("results.ranking", competition_id=competition.id))
    elif request.method == "POST":
        status = 400
    return render_template("results/adjust.html", competition=competition, offer=offer, form=form,
                           stored=stored), status


@bp.route("/decyzja", methods=["GET", "POST"])
@login_required
def decision(competition_id: int):
    """The mayor's order: the secretary records it after the committee closed; amounts beside the opinion."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_agreement(current_user, competition):
        abort(403)
    rubric = rubric_for(competition)
    ranking = competition_ranking(competition, rubric)
    offers = {o.number: o for o in db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id))}
    rows = [(row, offers[row.key]) for row in ranking.offers if row.position is not None]
    recorded = db.session.scalar(sa.select(Decision).where(Decision.competition_id == competition.id))
    granted = {g.offer_id: g for g in recorded.grants} if recorded else {}
    editable = permissions.can_record_decision(current_user, competition)
    if request.method == "POST" and not editable:
        abort(403)
    form = build_decision_form([offer for _, offer in rows])()
    problems: dict[str, str] = {}
    status = 200
    if request.method == "GET":
        form.number.data = recorded.number if recorded else ""
        form.decided_on.data = recorded.decided_on if recorded else None
        for row, offer in rows:
            grant = granted.get(offer.id)
            form[f"amount_{offer.id}"].data = str(grant.amount if grant else row.recommended_amount).replace(".", ",")
            form[f"note_{offer.id}"].data = grant.note if grant else ""
    elif form.validate_on_submit():
        lines = [operations.DecisionLine(offer, parse_amount(form[f"amount_{offer.id}"].data),
                                         form[f"note_{offer.id}"].data or "") for _, offer in rows]
        try:
            operations.record_decision(current_user, competition, rubric, number=form.number.data,
                                       decided_on=form.decided_on.data, lines=lines)
        except OperationRefused as refused:
            db.session.rollback()
            problems = refused.params.get("problems", {})
            for number, code in problems.items():
                field = form[f"note_{offers[number].id}" if code == "note_required" else f"amount_{offers[number].id}"]
                field.errors = [*field.errors, DECISION_PROBLEMS[code]]
            flash(refusal(refused), "error")
            status = 400
        else:
            db.session.commit()
            flash(_("The decision has been recorded."), "success")
            return redirect(url_for(".decision", competition_id=competition.id))
    else:
        flash(_("Nothing was saved: correct the fields marked below."), "error")
        status = 400
    return render_template("results/decision.html", competition=competition, ranking=ranking, rows=rows,
                           form=form, recorded=recorded, granted=granted, editable=editable), status

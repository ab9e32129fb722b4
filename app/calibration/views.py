"""The calibration round's pages: the round, starting and closing it, a calibration card, the comparison."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import permissions as competition_permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import competition_or_404, operations_message
from app.core.calibration import chart_rows
from app.core.offer import offer_from_dict
from app.core.scoring import card_total
from app.extensions import db
from app.offers.entry_forms import BLANK_ROWS, form_to_offer
from app.offers.entry_views import live_checks
from app.offers.views import rubric_for
from app.reviews.card_page import FieldValues, criterion_blocks
from app.reviews.forms import apply_problems, build_card_form, fill_form, read_entries
from app.reviews.operations import StaleCard

from . import operations, permissions, queries
from .forms import CloseCalibrationForm, SampleEntryForm, StartCalibrationForm
from .messages import REFUSALS, STATES
from .models import CalibrationSample

bp = Blueprint("calibration", __name__, url_prefix="/konkursy/<int:competition_id>/kalibracja")


@bp.app_context_processor
def _calibration_helpers():
    helpers = {name: getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")}
    return {**helpers, "calibration_states": STATES}


def _refused(refused: OperationRefused) -> str:
    if refused.code in REFUSALS:
        return str(REFUSALS[refused.code]) % refused.params
    return operations_message(refused)


def _sample_or_404(competition_id: int, sample_id: int) -> CalibrationSample:
    competition = competition_or_404(competition_id)
    sample = db.session.get(CalibrationSample, sample_id)
    if sample is None or sample.round.competition_id != competition.id:
        abort(404)
    if not permissions.can_see_calibration(current_user, competition):
        competition_permissions.refuse(current_user, competition)
    return sample


@bp.get("")
@login_required
def show(competition_id: int):
    """The round: its samples, the member's own calibration cards, who has submitted, and the comparisons."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_calibration(current_user, competition):
        competition_permissions.refuse(current_user, competition)
    calibration = queries.round_of(competition)
    own = {}
    if calibration is not None:
        own = {s.id: queries.card_of(s, current_user) for s in calibration.samples}
    follow = calibration is not None and permissions.can_follow_calibration(current_user, competition)
    return render_template("calibration/show.html", competition=competition, calibration=calibration, own=own,
                           progress=queries.progress(calibration) if follow else None,
                           participants=queries.participants(competition))


@bp.route("/start", methods=["GET", "POST"])
@login_required
def start(competition_id: int):
    """The secretary picks the sample offers and starts the round."""
    competition = competition_or_404(competition_id)
    if not permissions.can_start_calibration(current_user, competition):
        abort(403)
    form = StartCalibrationForm()
    if form.validate_on_submit():
        try:
            operations.start_round(current_user, competition, form.samples.data)
        except OperationRefused as refused:
            db.session.rollback()
            form.samples.errors = [_refused(refused)]
        else:
            db.session.commit()
            flash(_("The calibration round has started: every scoring member now has a calibration task."),
                  "success")
            return redirect(url_for(".show", competition_id=competition.id))
    exists = queries.round_of(competition) is not None
    return render_template("calibration/start.html", competition=competition, form=form, exists=exists,
                           participants=queries.participants(competition)), 400 if form.errors else 200


@bp.route("/start/wlasna-probka", methods=["GET", "POST"])
@login_required
def start_own(competition_id: int):
    """The secretary types in a sample offer of his own with the offer entry form, and starts the round with it."""
    competition = competition_or_404(competition_id)
    if not permissions.can_start_calibration(current_user, competition):
        abort(403)
    form = SampleEntryForm()
    if request.method == "GET":
        for table, blank in BLANK_ROWS.items():
            while len(form[table].entries) < blank:
                form[table].append_entry()
    elif not form.grow() and form.validate_on_submit():
        shipped = [form.also_shipped.data] if form.also_shipped.data else []
        try:
            operations.start_round(current_user, competition, shipped, [form_to_offer(form)])
        except OperationRefused as refused:
            db.session.rollback()
            flash(_refused(refused), "error")
        else:
            db.session.commit()
            flash(_("The calibration round has started: every scoring member now has a calibration task."),
                  "success")
            return redirect(url_for(".show", competition_id=competition.id))
    return render_template("calibration/entry.html", competition=competition, form=form, offer=None, issues=None,
                           version=None, live_checks=live_checks(competition)), 400 if form.errors else 200


@bp.route("/zamkniecie", methods=["GET", "POST"])
@login_required
def close(competition_id: int):
    """The secretary closes the round before every card is in, with a reason."""
    competition = competition_or_404(competition_id)
    calibration = queries.round_of(competition)
    if calibration is None:
        abort(404)
    if not permissions.can_close_calibration(current_user, calibration):
        abort(403)
    form = CloseCalibrationForm()
    if form.validate_on_submit():
        try:
            operations.close_round(current_user, calibration, form.reason.data)
        except OperationRefused as refused:
            db.session.rollback()
            form.reason.errors = [_refused(refused)]
        else:
            db.session.commit()
            flash(_("The calibration round is closed: the committee can now compare the scores."), "success")
            return redirect(url_for(".show", competition_id=competition.id))
    return render_template("calibration/close.html", competition=competition, calibration=calibration, form=form,
                           missing=queries.missing_cards(calibration)), 400 if form.errors else 200


@bp.get("/probki/<int:sample_id>/oferta")
@login_required
def sample(competition_id: int, sample_id: int):
    """A sample offer's text, laid out like the form."""
    shown = _sample_or_404(competition_id, sample_id)
    return render_template("calibration/sample.html", competition=shown.round.competition, sample=shown,
                           form_data=offer_from_dict(shown.form_data))


@bp.route("/probki/<int:sample_id>/ocena", methods=["GET", "POST"])
@login_required
def score(competition_id: int, sample_id: int):
    """The member's calibration card beside the sample offer: the same form and rules as a real card."""
    shown = _sample_or_404(competition_id, sample_id)
    competition = shown.round.competition
    card = queries.card_of(shown, current_user)
    if card is not None and card.is_submitted:
        return redirect(url_for(".show", competition_id=competition_id))
    if not permissions.can_score_calibration(current_user, shown):
        abort(403)
    rubric = rubric_for(competition)
    context = competition.context_for(shown.applicant_prior_tasks)
    saved = operations.stored_entries(card)
    form = build_card_form(rubric, context)()
    status = 200
    if request.method == "GET":
        fill_form(form, rubric, context, saved, card.version_id if card else None)
    elif form.validate_on_submit():
        entries = read_entries(form, rubric, context)
        status = 400
        if entries is not None:
            version = int(form.version.data) if form.version.data.isdigit() else None
            try:
                result = operations.save_calibration_card(current_user, shown, rubric, entries, version,
                                                          submit=bool(form.submit_card.data))
            except StaleCard:
                flash(_("This card was saved in another tab or window after you opened it. Your changes have "
                        "NOT been saved, so nothing was overwritten: copy what you typed below, then reload "
                        "the page to see the saved version."), "error")
                status = 409
            except OperationRefused as refused:
                db.session.rollback()
                flash(_refused(refused), "error")
                status = 409
            else:
                if result.submitted:
                    flash(_("Your calibration card has been submitted. The comparison opens when every member "
                            "has submitted theirs."), "success")
                    return redirect(url_for(".show", competition_id=competition_id))
                if not result.problems:
                    flash(_("Draft saved."), "success")
                    return redirect(url_for(".score", competition_id=competition_id, sample_id=sample_id))
                apply_problems(form, result.problems, rubric)
                if result.saved:
                    saved = entries
                    form.version.data = str(queries.card_of(shown, current_user).version_id)
                flash(_("The card was saved as a draft but not submitted: complete the fields marked below.")
                      if result.saved else _("Nothing was saved: correct the fields marked below."), "error")
    return render_template("calibration/score.html", competition=competition, sample=shown, rubric=rubric,
                           form=form, values=FieldValues.of_form(form), context=context,
                           total=card_total(rubric, saved, context), blocks=criterion_blocks(rubric, context),
                           form_data=offer_from_dict(shown.form_data),
                           unsaved=request.method == "POST"), status


@bp.get("/probki/<int:sample_id>")
@login_required
def compare(competition_id: int, sample_id: int):
    """Per criterion, widest spread first: the spread, each member's level and the justifications side by side."""
    shown = _sample_or_404(competition_id, sample_id)
    if not permissions.can_see_calibration_results(current_user, shown):
        abort(403)
    rubric = rubric_for(shown.round.competition)
    figures = queries.comparison(shown, rubric)
    return render_template("calibration/compare.html", competition=shown.round.competition, sample=shown,
                           rubric=rubric, figures=figures, chart=chart_rows(figures.criteria))

"""Scoring an offer, correcting a submitted card, and reading the cards of an offer."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import operations as competition_operations
from app.competitions import permissions
from app.competitions import queries as queries_of_competitions
from app.competitions.forms import CloseScoringForm
from app.competitions.operations import OperationRefused
from app.competitions.views import competition_or_404, operations_message
from app.core import lifecycle
from app.core.ranking import DISAGREEMENT, view_of
from app.core.scoring import card_total
from app.database import begin_writing, reads_before_writing
from app.extensions import db
from app.offers.models import FormalStatus, Offer
from app.offers.views import expert_comments, offer_or_404, rubric_for

from . import operations, queries
from .card_page import FieldValues, button, criteria_fields, criterion_blocks, offer_column
from .forms import MAX_JUSTIFICATION, apply_problems, build_card_form, field_key, fill_form, read_entries
from .messages import RECOMMENDATIONS

bp = Blueprint("reviews", __name__, url_prefix="/konkursy/<int:competition_id>/oferty/<int:offer_id>")


@bp.app_context_processor
def _review_helpers():
    return {"criterion_key": field_key, "max_justification": MAX_JUSTIFICATION, "button": button,
            "criteria_fields": criteria_fields}


def _unsettled(offer, rubric, context):
    """Scoring waits: the office has not settled a fact that decides which criteria apply (G1)."""
    status = 200 if request.method == "GET" else 409  # a POST saves nothing
    return render_template("reviews/unsettled.html", offer=offer, criteria=rubric.unsettled_criteria(context)), status


@bp.route("/ocena", methods=["GET", "POST"])
@reads_before_writing
@login_required
def score(competition_id: int, offer_id: int):
    """The member's card for one offer beside the offer: save a draft, save and go on, or submit."""
    showing = request.method == "GET"  # a save reads the comments only if the page is shown again
    offer = offer_or_404(competition_id, offer_id, with_form=False, with_comments=showing)
    stored = operations.stored_card(offer, current_user)
    card, saved_entries = stored.card, stored.entries
    if card is not None and card.is_submitted:
        return redirect(url_for(".card", competition_id=competition_id, offer_id=offer_id, card_id=card.id))
    if not permissions.can_score(current_user, offer):
        permissions.refuse(current_user, offer.competition, offer)
    rubric = rubric_for(offer.competition)
    context = offer.competition.context_for(offer.applicant_prior_tasks)
    if rubric.unsettled_criteria(context):
        return _unsettled(offer, rubric, context)
    if request.method == "GET":  # the stored card, shown without building its form (the committee's hot path)
        return _card_page(offer, rubric, context, saved_entries, None, "" if card is None else str(card.version_id),
                          correction=False, unsaved=False)
    form = build_card_form(rubric, context)()
    status, unsaved = 200, True  # a form shown again after a POST holds what was typed
    if form.validate_on_submit():
        entries = read_entries(form, rubric, context)
        if entries is None:
            status = 400
        else:
            version = int(form.version.data) if form.version.data.isdigit() else None
            begin_writing()  # SQLite: the write lock is held from here, not while the form was read
            try:
                result = operations.save_card(current_user, offer, rubric, entries, version,
                                              submit=bool(form.submit_card.data), stored=stored)
            except operations.StaleCard:
                flash(_("This card was saved in another tab or window after you opened it. Your changes have "
                        "NOT been saved, so nothing was overwritten: copy what you typed below, then reload "
                        "the page to see the saved version."), "error")
                status = 409
            else:
                if result.submitted:
                    flash(_("Your card has been submitted. You can now see the other members' scores."), "success")
                    return redirect(url_for(".cards", competition_id=competition_id, offer_id=offer_id))
                if result.problems:
                    if result.saved:  # the form goes on from the version now stored
                        saved_entries, unsaved = entries, False
                        form.version.data = str(result.card.version_id)
                    apply_problems(form, result.problems, rubric)
                    flash(_("The card was saved as a draft but not submitted: complete the fields marked below.")
                          if result.saved else _("Nothing was saved: correct the fields marked below."), "error")
                    status = 400
                else:
                    flash(_("Draft saved."), "success")
                    if form.save_next.data:
                        return redirect(queries.next_offer_url(offer, current_user))
                    return redirect(url_for(".score", competition_id=competition_id, offer_id=offer_id))
    else:
        status = 400
    # The saved points (a stale save changed nothing, so what was read at the start still holds).
    return _card_page(offer, rubric, context, saved_entries, form, form.version._value(), correction=False,
                      unsaved=unsaved), status


def _card_page(offer, rubric, context, saved_entries, form, version: str, *, correction: bool, unsaved: bool) -> str:
    """The scoring page: the offer beside the card's fields, the running total of the saved points. The fields show
    what was posted (``form``), or the stored entries when no form was built (a GET)."""
    blocks = criterion_blocks(rubric, context)
    values = FieldValues.of_entries(blocks, saved_entries) if form is None else FieldValues.of_form(form)
    comments = expert_comments(offer) if permissions.can_read_comments(current_user, offer) else None
    return render_template("reviews/score.html", offer=offer, rubric=rubric, form=form, values=values,
                           version=version, context=context, total=card_total(rubric, saved_entries, context),
                           correction=correction, blocks=blocks, column=offer_column(offer), comments=comments,
                           unsaved=unsaved)


@bp.route("/ocena/korekta", methods=["GET", "POST"])
@login_required
def correct(competition_id: int, offer_id: int):
    """Change a submitted card with a reason; the history keeps old → new."""
    offer = offer_or_404(competition_id, offer_id, with_form=False)
    stored = operations.stored_card(offer, current_user)
    card = stored.card
    if card is None or not card.is_submitted or not permissions.can_score(current_user, offer):
        abort(403)
    rubric = rubric_for(offer.competition)
    context = offer.competition.context_for(offer.applicant_prior_tasks)
    if rubric.unsettled_criteria(context):
        return _unsettled(offer, rubric, context)
    form = build_card_form(rubric, context, correction=True)()
    status = 200
    if request.method == "GET":
        fill_form(form, rubric, context, stored.entries, card.version_id)
    elif form.validate_on_submit():
        entries = read_entries(form, rubric, context)
        status = 400
        if entries is not None:
            version = int(form.version.data) if form.version.data.isdigit() else -1
            try:
                result = operations.correct_card(current_user, stored, rubric, entries, version, form.reason.data)
            except operations.StaleCard:
                flash(_("This card was changed in another tab or window. Your correction has NOT been saved."),
                      "error")
                status = 409
            except OperationRefused as refused:
                db.session.rollback()
                form.reason.errors = [operations_message(refused)]
            else:
                apply_problems(form, result.problems, rubric)
                if not result.problems:
                    flash(_("The correction has been saved."), "success")
                    return redirect(url_for(".card", competition_id=competition_id, offer_id=offer_id,
                                            card_id=card.id))
    else:
        status = 400
    # Nothing was saved if the page is shown again: the stored points still hold.
    return _card_page(offer, rubric, context, stored.entries, form, form.version._value(), correction=True,
                      unsaved=request.method == "POST"), status


@bp.get("/karty")
@login_required
def cards(competition_id: int, offer_id: int):
    """All submitted cards of an offer and the committee's result, once the user may see them."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_see_offer_results(current_user, offer):
        permissions.refuse(current_user, offer.competition, offer, fallback="scores_hidden")
    own = operations.card_of(offer, current_user)
    rubric = rubric_for(offer.competition)
    summary = queries.offer_cards(offer, rubric)
    return render_template("reviews/cards.html", offer=offer, rubric=rubric, summary=summary, own=own)


@bp.get("/karty/<int:card_id>")
@login_required
def card(competition_id: int, offer_id: int, card_id: int):
    """One card, printable; the member's own, or anyone's once the user may see scores."""
    offer = offer_or_404(competition_id, offer_id)
    shown = queries.card_with_scores(card_id)
    if shown is None or shown.offer_id != offer.id:
        abort(404)
    own = operations.card_of(offer, current_user)
    is_own = own is not None and own.id == shown.id
    if not is_own and not permissions.can_see_offer_results(current_user, offer):
        abort(403)
    if not shown.is_submitted and not is_own:
        abort(403)
    rubric = rubric_for(offer.competition)
    context = offer.competition.context_for(offer.applicant_prior_tasks)
    entries = operations.entries_of(shown)
    return render_template("reviews/card.html", offer=offer, rubric=rubric, card=shown, entries=entries,
                           total=card_total(rubric, entries, context), context=context, is_own=is_own)


results_bp = Blueprint("results", __name__, url_prefix="/konkursy/<int:competition_id>")


@results_bp.get("/wyniki")
@login_required
def ranking(competition_id: int):
    """The ranking with the threshold, the budget and where members disagree; rows the reader may not see hidden."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_results(current_user, competition):
        abort(403)
    rubric = rubric_for(competition)
    board = queries.competition_ranking(competition, rubric)
    offers = {o.number: o for o in db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id))}
    # a formally rejected offer has no scores to hide
    visible = {number for number, offer in offers.items() if offer.formal_status == FormalStatus.REJECTED.value
               or permissions.can_see_offer_results(current_user, offer)}
    return render_template("reviews/ranking.html", competition=competition, view=view_of(board, visible),
                           ranking=board, offers=offers, recommendations=RECOMMENDATIONS, disagreement=DISAGREEMENT,
                           closure=queries_of_competitions.scoring_closure(competition),
                           access=permissions.access(current_user, competition))


@results_bp.route("/wyniki/zamkniecie-oceny", methods=["GET", "POST"])
@login_required
def close_scoring(competition_id: int):
    """The chair closes scoring: what it does, which cards are missing, a reason for them, then confirm."""
    competition = competition_or_404(competition_id)
    if not permissions.can_close_scoring(current_user, competition):
        abort(403)
    form = CloseScoringForm()
    if form.validate_on_submit():
        try:
            competition_operations.close_scoring(current_user, competition, form.reason.data or "")
        except OperationRefused as refused:
            db.session.rollback()
            form.reason.errors = [operations_message(refused)]
        else:
            db.session.commit()
            flash(_("Scoring is closed: the ranking is final."), "success")
            return redirect(url_for(".ranking", competition_id=competition.id))
    board = queries_of_competitions.committee(competition)
    missing = [b for b in lifecycle.protocol_blockers(board.snapshot) if b.kind is lifecycle.BlockerKind.CARDS]
    return render_template("reviews/close_scoring.html", competition=competition, form=form,
                           blockers=board.blockers(missing)), 400 if form.errors else 200

"""An offer laid out like the form, conflicts of interest, exclusions and experts' comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload
from wtforms.fields.choices import SelectChoice

from app.auth.models import User
from app.competitions import permissions, queries
from app.competitions.models import Competition, Membership, Role
from app.competitions.operations import OperationRefused, exclude_from_offer
from app.competitions.views import operations_message
from app.core.offer import offer_from_dict
from app.core.offer_checks import check_offer
from app.core.rubric import Rubric
from app.extensions import db
from app.rubrics.registry import call_rubric

from . import operations
from .forms import CONFLICT_CATEGORY_NAMES, CommentForm, ConflictForm, ExclusionForm
from .models import ExclusionKind, ExpertComment, Offer

bp = Blueprint("offers", __name__, url_prefix="/konkursy/<int:competition_id>/oferty/<int:offer_id>")


# Built once: the loader options of the four ways an offer is read.
_OFFER_OPTIONS = {
    (with_form, with_comments): [joinedload(Offer.competition)] + ([] if with_form else [defer(Offer.form_data)])
    + ([joinedload(Offer.comments).joinedload(ExpertComment.user)] if with_comments else [])
    for with_form in (True, False) for with_comments in (True, False)}


def offer_or_404(competition_id: int, offer_id: int, *, with_form: bool = True, with_comments: bool = False) -> Offer:
    """The offer of this competition, if the user is on its committee (404 / 403 otherwise).

    ``with_form=False`` leaves the form's content (the largest column) unread until something uses it;
    ``with_comments=True`` reads the experts' comments in the same statement (see ``expert_comments``).
    """
    options = _OFFER_OPTIONS[with_form, with_comments]
    offer = db.session.get(Offer, offer_id, options=options)
    if offer is None or offer.competition_id != competition_id:
        abort(404)
    if not permissions.can_view_competition(current_user, offer.competition):
        permissions.refuse(current_user, offer.competition)
    return offer


def expert_comments(offer: Offer) -> list[ExpertComment]:
    """The advisory experts' comments on an offer, oldest first, with their authors (one query, or none
    when they were read with the offer)."""
    if "comments" not in sa.inspect(offer).unloaded:
        return list(offer.comments)
    return list(db.session.scalars(sa.select(ExpertComment).options(joinedload(ExpertComment.user))
                                   .where(ExpertComment.offer_id == offer.id)
                                   .order_by(ExpertComment.created_at, ExpertComment.id)))


def rubric_for(competition: Competition) -> Rubric:
    """The rubric the call was announced with; refuses to go on if its file changed since."""
    rubric = call_rubric(competition)
    if rubric is None or (competition.rubric_hash and rubric.content_hash != competition.rubric_hash):
        abort(409, description=operations_message(OperationRefused("rubric_changed")))
    return rubric


@bp.get("")
@login_required
def show(competition_id: int, offer_id: int):
    """The offer as on the 2018 form, with the consistency checks' findings."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_open_offer(current_user, offer):
        permissions.refuse(current_user, offer.competition, offer)
    form = offer_from_dict(offer.form_data)
    comments = expert_comments(offer)
    exclusion_form = _exclusion_form(offer) if permissions.can_exclude_member(current_user, offer) else None
    exclusions = None
    if permissions.can_see_exclusion_reasons(current_user, offer.competition):
        exclusions = [row for row in queries.exclusions(offer.competition) if row.offer.id == offer.id]
    return render_template("offers/show.html", offer=offer, form=form,
                           issues=check_offer(form, offer.competition.call_terms), comments=comments,
                           comment_form=CommentForm(), exclusion_form=exclusion_form, exclusions=exclusions)


@bp.route("/konflikt", methods=["GET", "POST"])
@login_required
def conflict(competition_id: int, offer_id: int):
    """A member withdraws from an offer because of a tie with the applicant."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_declare_conflict(current_user, offer):
        permissions.refuse(current_user, offer.competition, offer)
    form = ConflictForm()
    if form.validate_on_submit():
        exclude_from_offer(current_user, offer, current_user, kind=ExclusionKind.CONFLICT,
                           reason=form.explanation.data or "", category=form.category.data)
        db.session.commit()
        flash(_("Your conflict of interest has been recorded: you will not assess this offer."), "success")
        return redirect(url_for("competitions.my_work", competition_id=competition_id))
    return render_template("offers/conflict.html", offer=offer, form=form), 400 if form.errors else 200


def _exclusion_form(offer: Offer) -> ExclusionForm:
    form = ExclusionForm()
    members = db.session.execute(sa.select(User.id, User.display_name).join(Membership).where(
        Membership.competition_id == offer.competition_id,
        Membership.role.in_([Role.CHAIR.value, Role.MEMBER.value, Role.EXPERT.value])).order_by(User.display_name))
    form.member.choices = [SelectChoice(str(user_id), name) for user_id, name in members]
    return form


@bp.post("/wylaczenie")
@login_required
def exclude(competition_id: int, offer_id: int):
    """The secretary excludes a member from this offer, with a reason."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_exclude_member(current_user, offer):
        abort(403)
    form = _exclusion_form(offer)
    if form.validate_on_submit():
        member = db.session.get(User, form.member.data)
        try:
            exclude_from_offer(current_user, offer, member, kind=ExclusionKind.SECRETARY, reason=form.reason.data)
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
        else:
            db.session.commit()
            flash(_("%(name)s has been excluded from this offer.", name=member.display_name), "success")
    else:
        flash(_("Choose a member and give a reason of at least 10 characters."), "error")
    return redirect(url_for(".show", competition_id=competition_id, offer_id=offer_id))


@bp.post("/komentarze")
@login_required
def comment(competition_id: int, offer_id: int):
    """An advisory expert comments on the offer."""
    offer = offer_or_404(competition_id, offer_id)
    if not permissions.can_comment(current_user, offer):
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        operations.add_comment(current_user, offer, form.text.data)
        db.session.commit()
        flash(_("Your comment has been added."), "success")
    else:
        flash(_("Write a comment of at least 3 characters."), "error")
    return redirect(url_for(".show", competition_id=competition_id, offer_id=offer_id))


def issue_text(issue) -> str:
    """A consistency finding as a sentence with the figures in the user's locale."""
    from app.i18n import format_day, format_money, format_points

    from .check_messages import ISSUE_MESSAGES

    params = {"row": issue.row or ""}
    for key, value in issue.params.items():
        if isinstance(value, Decimal):
            plain = key in ("units", "years_total_units") or key.endswith("_percent")
            params[key] = format_points(value) if plain else format_money(value)
        elif isinstance(value, date):
            params[key] = format_day(value)
        else:
            params[key] = value
    return str(ISSUE_MESSAGES[issue.code]) % params


@bp.app_context_processor
def _offer_helpers():
    from app.js_formats import number_formats

    return {"offer_issue_text": issue_text, "conflict_category_names": CONFLICT_CATEGORY_NAMES,
            "number_formats": number_formats}

"""The secretary enters and corrects offers, section by section, with the checks shown."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions import permissions
from app.competitions.operations import OperationRefused
from app.competitions.views import bp as competitions_bp
from app.competitions.views import competition_or_404, operations_message
from app.core.offer import offer_from_dict
from app.core.offer_checks import IssueCode, OwnShareBase, check_offer
from app.extensions import db
from app.i18n import format_points

from . import operations
from .check_messages import AGREEMENT_MESSAGES, ISSUE_MESSAGES
from .entry_forms import BLANK_ROWS, OfferEntryForm, form_to_offer, offer_to_form_data
from .models import Offer
from .views import bp, offer_or_404

_LIVE_CODES = (IssueCode.COST_VALUE_MISMATCH, IssueCode.COST_UNITS_MISSING, IssueCode.COSTS_TOTAL_MISMATCH,
               IssueCode.FUNDING_SUM_MISMATCH, IssueCode.OWN_SHARE_TOO_LOW, IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW)


def live_checks(competition) -> str:
    """What offer-entry.js needs to say what the server says: the messages and the call's own-share terms."""
    terms = competition.call_terms
    return json.dumps({
        "bad": {code.value: str(ISSUE_MESSAGES[code]) for code in _LIVE_CODES},
        "ok": {code.value: str(message) for code, message in AGREEMENT_MESSAGES.items()},
        # "base": the form field the minimum is a share of, "rows": the V.B rows counted
        # (core.offer_checks.own_share_base and counted_own_contribution)
        "own": {"applies": terms.own_share_applies, "base": terms.own_share_base.value,
                "rows": terms.own_share_rows.value,
                "code": (IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW if terms.own_share_base is OwnShareBase.GRANT
                         else IssueCode.OWN_SHARE_TOO_LOW).value,
                "minShare": str(terms.min_own_share), "minSharePercent": format_points(terms.min_own_share * 100)},
    }, ensure_ascii=False)


def _pad(form: OfferEntryForm) -> None:
    """Offer a few blank rows in each table of a fresh form."""
    for table, blank in BLANK_ROWS.items():
        while len(form[table].entries) < blank:
            form[table].append_entry()


def _number_taken(competition_id: int, number: str, offer_id: int | None) -> bool:
    query = sa.select(Offer.id).where(Offer.competition_id == competition_id, Offer.number == number.strip())
    found = db.session.scalar(query)
    return found is not None and found != offer_id


@competitions_bp.route("/<int:competition_id>/oferty/nowa", methods=["GET", "POST"])
@login_required
def new_offer(competition_id: int):
    """Enter an offer as it was submitted (the applicant's figures are kept even if they do not add up)."""
    competition = competition_or_404(competition_id)
    if not permissions.can_enter_offers(current_user, competition):
        abort(403)
    form = OfferEntryForm()
    if request.method == "GET":
        _pad(form)
    elif not form.grow() and form.validate_on_submit():
        if _number_taken(competition.id, form.number.data, None):
            form.number.errors = [operations_message(OperationRefused("number_taken"))]
        else:
            offer = operations.register_offer(current_user, competition, form_to_offer(form),
                                              number=form.number.data.strip())
            db.session.commit()
            flash(_("Offer %(number)s has been entered.", number=offer.number), "success")
            return redirect(url_for("offers.edit", competition_id=competition.id, offer_id=offer.id))
    return render_template("offers/entry.html", competition=competition, form=form, offer=None, issues=None,
                           version=None, live_checks=live_checks(competition)), 400 if form.errors else 200


@bp.route("/edycja", methods=["GET", "POST"])
@login_required
def edit(competition_id: int, offer_id: int):
    """Correct an entered offer before merit assessment starts; the findings of the checks are shown."""
    offer = offer_or_404(competition_id, offer_id)
    competition = offer.competition
    if not permissions.can_enter_offers(current_user, competition):
        abort(403)
    status, version_shown = 200, offer.version_id
    if request.method == "GET":
        form = OfferEntryForm(data=offer_to_form_data(offer_from_dict(offer.form_data), offer.number))
        _pad(form)
    else:
        form = OfferEntryForm()
        if not form.grow() and form.validate_on_submit():
            if _number_taken(competition.id, form.number.data, offer.id):
                form.number.errors = [operations_message(OperationRefused("number_taken"))]
            else:
                version = int(request.form.get("version") or -1)
                try:
                    operations.update_offer(current_user, offer, form_to_offer(form),
                                            number=form.number.data.strip(), expected_version=version)
                except OperationRefused as refused:
                    db.session.rollback()
                    flash(operations_message(refused), "error")
                    # Keep the stale version in the form: pressing "save" again must not overwrite.
                    status, version_shown = 409, version
                else:
                    db.session.commit()
                    flash(_("Offer %(number)s has been saved.", number=offer.number), "success")
                    return redirect(url_for(".edit", competition_id=competition_id, offer_id=offer_id))
    issues = check_offer(offer_from_dict(offer.form_data), competition.call_terms)
    return render_template("offers/entry.html", competition=competition, form=form, offer=offer, issues=issues,
                           version=version_shown, live_checks=live_checks(competition)), 400 if form.errors else status

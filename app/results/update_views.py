"""The updated offer (aktualizacja oferty): entered with the offer's form, held to the amount awarded."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions.views import competition_or_404
from app.core.offer import offer_from_dict
from app.core.offer_update import compare_budgets, update_findings
from app.extensions import db
from app.offers.entry_forms import OfferEntryForm, form_to_offer, offer_to_form_data
from app.offers.entry_views import _pad

from . import operations, permissions
from .models import OfferUpdate
from .views import bp, offer_in


@bp.route("/oferty/<int:offer_id>/aktualizacja", methods=["GET", "POST"])
@login_required
def offer_update(competition_id: int, offer_id: int):
    """The updated budget and schedule beside the original; the secretary enters it after the decision."""
    competition = competition_or_404(competition_id)
    offer = offer_in(competition, offer_id)
    if not permissions.can_see_agreement(current_user, competition):
        abort(403)
    editable = permissions.can_enter_update(current_user, offer)
    if request.method == "POST" and not editable:
        abort(403)
    stored = db.session.scalar(sa.select(OfferUpdate).where(OfferUpdate.offer_id == offer.id))
    original = offer_from_dict(offer.form_data)
    awarded = permissions.awarded_in_part(offer)
    if not editable:
        return _page("results/offer_update_view.html", competition, offer, original, stored, awarded)
    if request.method == "GET":
        form = OfferEntryForm(data=offer_to_form_data(
            offer_from_dict(stored.form_data) if stored else original, offer.number))
        _pad(form)
    else:
        form = OfferEntryForm()
        form.number.data = offer.number  # the registry number is the offer's; the update does not change it
        if not form.grow() and form.validate_on_submit():
            operations.record_offer_update(current_user, offer, form_to_offer(form))
            db.session.commit()
            flash(_("The updated offer %(number)s has been saved.", number=offer.number), "success")
            return redirect(url_for(".offer_update", competition_id=competition.id, offer_id=offer.id))
    return _page("results/offer_update.html", competition, offer, original, stored, awarded, form=form), \
        400 if form.errors else 200


def _page(template: str, competition, offer, original, stored, awarded, **extra):
    updated = offer_from_dict(stored.form_data) if stored else None
    findings = update_findings(updated, competition.call_terms, awarded) if updated and awarded is not None else None
    return render_template(template, competition=competition, offer=offer, stored=stored, awarded=awarded,
                           comparison=compare_budgets(original, updated) if updated else None, findings=findings,
                           issues=findings.issues if findings else None, version=None, **extra)

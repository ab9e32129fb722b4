"""The "Dokumenty" page of a call, the protocol's typed parts, and the PDF downloads (each one audit-logged).

Files are made in memory for each authorised request and never written under static/ or any public path.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.competitions.operations import OperationRefused
from app.competitions.queries import admitted_offers
from app.competitions.views import competition_or_404, operations_message
from app.database import write_after_reading
from app.extensions import db
from app.offers.views import offer_or_404, rubric_for
from app.reviews.queries import card_with_scores, competition_results

from . import operations, permissions
from .catalogue import catalogue
from .formal_letters import formal_letter_document
from .forms import MeetingForm, OpinionsForm
from .offer_summary import offer_summary_document
from .pdf import PDF_VARIANTS, pdf_response, render_pdf
from .protocol import committee, protocol_details, protocol_document
from .reasons import reasons_document
from .results_list import results_list_document
from .score_card import score_card_document

bp = Blueprint("documents", __name__, url_prefix="/konkursy/<int:competition_id>/dokumenty")

VARIANT_PARAMETER = {"": "ua", "archiwalny": "archival"}
CALL_DOCUMENTS = {"protokol": "protocol", "protokol-do-publikacji": "protocol_public", "lista-wynikow": "results"}
OFFER_DOCUMENTS = {"zestawienie": "offer_summary", "uzasadnienie": "reasons", "pismo": "formal_letter"}


@bp.app_context_processor
def _document_helpers():
    return {name: getattr(permissions, name) for name in dir(permissions) if name.startswith("can_")}


def _variant() -> str:
    variant = VARIANT_PARAMETER.get(request.args.get("wariant", ""))
    if variant is None:
        abort(404)
    return variant


def _file_name(competition, *parts: str) -> str:
    """Names that sort well in a folder: WPS-CAL-2027-protokol.pdf, WPS-CAL-2027-oferta-07-karta-….pdf."""
    stem = "-".join([competition.reference, *parts])
    return re.sub(r"[/\\\s]+", "-", stem) + ".pdf"


def _send(competition, template: str, document: str, filename: str, *, object_type: str = "competition",
          object_id: int | None = None, **context):
    variant = _variant()
    pdf = render_pdf(template, pdf_variant=PDF_VARIANTS[variant], **context)
    write_after_reading()  # SQLite: the audit log's write takes the lock up front, not by upgrading a read
    operations.record_download(current_user, competition, document, variant=variant, object_type=object_type,
                               object_id=object_id)
    db.session.commit()
    return pdf_response(pdf, filename if variant == "ua" else filename.replace(".pdf", "-PDFA.pdf"))


@bp.get("")
@login_required
def index(competition_id: int):
    """Every document of the call the user may download now."""
    competition = competition_or_404(competition_id)
    if not permissions.can_see_documents(current_user, competition):
        abort(403)
    return render_template("documents/index.html", competition=competition,
                           catalogue=catalogue(current_user, competition))


@bp.get("/<name>.pdf")
@login_required
def call_document(competition_id: int, name: str):
    """The protocol (original or copy for publication) or the results list."""
    competition = competition_or_404(competition_id)
    document = CALL_DOCUMENTS.get(name)
    if document is None:
        abort(404)
    if not permissions.can_download_call_documents(current_user, competition, admitted_offers(competition)):
        abort(403)
    rubric = rubric_for(competition)
    if document == "results":  # the ranking alone: no card is read as an object
        return _send(competition, "results_list.html", document, _file_name(competition, "lista-wynikow"),
                     doc=results_list_document(competition, competition_results(competition, rubric, cards_for=())))
    results = competition_results(competition, rubric)
    doc = protocol_document(competition, results, public_copy=document == "protocol_public")
    return _send(competition, "protocol.html", document, _file_name(competition, name), doc=doc)


@bp.get("/oferty/<int:offer_id>/<name>.pdf")
@login_required
def offer_document(competition_id: int, offer_id: int, name: str):
    """An offer's summary of assessment, its reasons letter, or the formal-stage letter."""
    offer = offer_or_404(competition_id, offer_id)
    document = OFFER_DOCUMENTS.get(name)
    if document is None:
        abort(404)
    competition = offer.competition
    locale = str(get_locale())
    number = offer.number.replace("/", "-")
    if document == "formal_letter":
        if not permissions.can_download_formal_letters(current_user, competition):
            abort(403)
        doc = formal_letter_document(offer, locale)
        if doc is None:
            abort(404)
        return _send(competition, "formal_letter.html", document, _file_name(competition, "oferta", number,
                     "wezwanie" if doc.kind == "supplement" else "odrzucenie"),
                     object_type="offer", object_id=offer.id, doc=doc)
    if not offer.is_admitted:
        abort(404)
    if not permissions.can_download_offer_documents(current_user, offer):
        abort(403)
    rubric = rubric_for(competition)
    results = competition_results(competition, rubric, cards_for={offer.id})  # the ranking, this offer's cards
    if document == "offer_summary":
        doc = offer_summary_document(offer, rubric, results, locale)
        template = "offer_summary.html"
    else:
        doc = reasons_document(offer, rubric, results, locale)
        template = "reasons.html"
    return _send(competition, template, document, _file_name(competition, "oferta", number, name),
                 object_type="offer", object_id=offer.id, doc=doc)


@bp.get("/karty/<int:card_id>.pdf")
@login_required
def card(competition_id: int, card_id: int):
    """One member's score card."""
    competition = competition_or_404(competition_id)
    shown = card_with_scores(card_id)
    if shown is None or shown.offer.competition_id != competition.id:
        abort(404)
    if not permissions.can_download_card(current_user, shown):
        abort(403)
    doc = score_card_document(shown, rubric_for(competition), str(get_locale()))
    return _send(competition, "score_card.html", "score_card",
                 _file_name(competition, "oferta", shown.offer.number.replace("/", "-"), "karta", str(shown.id)),
                 object_type="score_card", object_id=shown.id, doc=doc)


@bp.route("/protokol", methods=["GET", "POST"])
@login_required
def meeting(competition_id: int):
    """The secretary records the date, the place (or circulation) and the members present."""
    competition = competition_or_404(competition_id)
    if not permissions.can_prepare_protocol(current_user, competition):
        abort(403)
    details = protocol_details(competition)
    people = committee(competition)
    form = MeetingForm(obj=None)
    form.present.choices = [(user.id, user.display_name) for _, user in people]
    status = 200
    if request.method == "GET" and details is not None:
        form.meeting_date.data, form.place.data = details.meeting_date, details.place
        form.by_circulation.data, form.present.data = details.by_circulation, list(details.present_user_ids)
        form.version.data = str(details.version_id)
    elif request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                operations.save_meeting(current_user, competition, meeting_date=form.meeting_date.data,
                                        place=form.place.data or "", by_circulation=form.by_circulation.data,
                                        present_user_ids=form.present.data or [], version=_version(form))
            except OperationRefused as refused:
                db.session.rollback()
                target = form.place if refused.code == "place_missing" else form.meeting_date
                target.errors = [*target.errors, operations_message(refused)]
            else:
                db.session.commit()
                flash(_("The protocol's meeting details have been saved."), "success")
                return redirect(url_for(".index", competition_id=competition.id))
    return render_template("documents/meeting.html", competition=competition, form=form), status


@bp.route("/protokol/opinie", methods=["GET", "POST"])
@login_required
def opinions(competition_id: int):
    """The chair records the reasons for rejection and the dissenting opinions."""
    competition = competition_or_404(competition_id)
    if not permissions.can_write_opinions(current_user, competition):
        abort(403)
    details = protocol_details(competition)
    form = OpinionsForm()
    status = 200
    if request.method == "GET" and details is not None:
        form.rejection_reasons.data, form.dissenting_opinions.data = (details.rejection_reasons,
                                                                      details.dissenting_opinions)
        form.version.data = str(details.version_id)
    elif request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                operations.save_opinions(current_user, competition, rejection_reasons=form.rejection_reasons.data,
                                         dissenting_opinions=form.dissenting_opinions.data, version=_version(form))
            except OperationRefused as refused:
                db.session.rollback()
                form.rejection_reasons.errors = [operations_message(refused)]
            else:
                db.session.commit()
                flash(_("The reasons and dissenting opinions have been saved."), "success")
                return redirect(url_for(".index", competition_id=competition.id))
    return render_template("documents/opinions.html", competition=competition, form=form,
                           meeting_recorded=details is not None), status


def _version(form) -> int | None:
    return int(form.version.data) if (form.version.data or "").isdigit() else None

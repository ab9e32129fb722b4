"""The call's documents as files for a zip: the archive of a closed call and the zip of every score card.

Each file is made only when its turn comes (a callable per file), so a call of a thousand offers is
written one PDF at a time and the job's progress moves with each.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.competitions.models import Competition
from app.exports.archive import ArchivePart
from app.exports.offer_summary import offer_summary_document
from app.exports.pdf import PDF_VARIANTS, render_pdf
from app.exports.protocol import protocol_document
from app.exports.reasons import reasons_document
from app.exports.results_list import results_list_document
from app.exports.score_card import score_card_document
from app.exports.workbook import build_workbook
from app.exports.xlsx import render_xlsx
from app.extensions import db
from app.offers.models import Offer
from app.reviews.models import CardStatus, ScoreCard
from app.reviews.queries import competition_results
from app.rubrics.registry import call_rubric

PartMaker = Callable[[], ArchivePart]
ARCHIVAL = PDF_VARIANTS["archival"]  # PDF/A-3a: what an archive keeps


def scoring_rubric(competition: Competition):
    """The rubric the call was announced with (and its options); a changed file stops the job, as it stops
    the pages."""
    rubric = call_rubric(competition)
    if rubric is None or (competition.rubric_hash and rubric.content_hash != competition.rubric_hash):
        raise RuntimeError(f"the rubric {competition.rubric_id} {competition.rubric_version} is missing or its file "
                           "changed after the call was announced")
    return rubric


def _folder(offer: Offer) -> str:
    return "oferty/" + offer.number.replace("/", "-")


def submitted_cards(competition: Competition) -> list[ScoreCard]:
    """Every submitted card of the call with its scores, offer and author, by offer and card."""
    return list(db.session.scalars(
        sa.select(ScoreCard).join(Offer).where(Offer.competition_id == competition.id,
                                               ScoreCard.status == CardStatus.SUBMITTED.value)
        .options(selectinload(ScoreCard.scores), joinedload(ScoreCard.offer), joinedload(ScoreCard.user))
        .order_by(Offer.number, ScoreCard.id)))


def card_parts(competition: Competition, locale: str) -> list[PartMaker]:
    """One PDF per submitted score card, in a folder per offer."""
    rubric = scoring_rubric(competition)

    def maker(card: ScoreCard) -> PartMaker:
        return lambda: ArchivePart(f"{_folder(card.offer)}/karta-{card.id}.pdf", render_pdf(
            "score_card.html", pdf_variant=ARCHIVAL, doc=score_card_document(card, rubric, locale)))

    return [maker(card) for card in submitted_cards(competition)]


def document_parts(competition: Competition, user, locale: str) -> list[PartMaker]:
    """The protocol (original and the copy for publication), the results list, the workbook, and per
    admitted offer its summary and the reasons letter; then every score card."""
    rubric = scoring_rubric(competition)
    results = competition_results(competition, rubric)

    def call_pdf(name: str, template: str, make_doc) -> PartMaker:
        return lambda: ArchivePart(name, render_pdf(template, pdf_variant=ARCHIVAL, doc=make_doc()))

    def offer_pdf(offer: Offer, name: str, template: str, build) -> PartMaker:
        return lambda: ArchivePart(f"{_folder(offer)}/{name}", render_pdf(
            template, pdf_variant=ARCHIVAL, doc=build(offer, rubric, results, locale)))

    makers = [
        call_pdf("protokol.pdf", "protocol.html", lambda: protocol_document(competition, results)),
        call_pdf("protokol-do-publikacji.pdf", "protocol.html",
                 lambda: protocol_document(competition, results, public_copy=True)),
        call_pdf("lista-wynikow.pdf", "results_list.html", lambda: results_list_document(competition, results)),
        lambda: ArchivePart("zestawienie.xlsx", render_xlsx(build_workbook(user, competition, rubric))),
    ]
    for offer in results.offers:
        makers.append(offer_pdf(offer, "zestawienie.pdf", "offer_summary.html", offer_summary_document))
        makers.append(offer_pdf(offer, "uzasadnienie.pdf", "reasons.html", reasons_document))
    return makers + card_parts(competition, locale)

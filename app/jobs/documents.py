"""The call's documents as files for a zip: the archive of a closed call and the zip of the score cards.

Each file is made only when its turn comes (a callable per file), so a call of a thousand offers is
written one PDF at a time and the job's progress moves with each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.competitions.models import Competition
from app.competitions.permissions import can_see_offer_results
from app.exports.archive import ArchivePart
from app.exports.offer_summary import offer_summary_document
from app.exports.pdf import PDF_VARIANTS, render_pdf
from app.exports.protocol import protocol_document
from app.exports.reasons import reasons_document
from app.exports.results_list import results_list_document
from app.exports.score_card import offer_cards_document
from app.exports.workbook import build_workbook
from app.exports.xlsx import render_xlsx
from app.extensions import db
from app.offers.models import Offer
from app.reviews.models import CardStatus, ScoreCard
from app.reviews.queries import competition_results
from app.rubrics.registry import call_rubric

from .rendering import PdfTask

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


def _file_stem(number: str) -> str:
    return number.replace("/", "-")


def _folder(offer: Offer) -> str:
    return "oferty/" + _file_stem(offer.number)


def offers_with_submitted_cards(competition: Competition) -> list[tuple[int, str]]:
    """(id, number) of every offer of the call with a submitted card, by number: ids only, the rows come later."""
    return list(db.session.execute(
        sa.select(Offer.id, Offer.number).where(Offer.competition_id == competition.id, sa.select(ScoreCard.id).where(
            ScoreCard.offer_id == Offer.id, ScoreCard.status == CardStatus.SUBMITTED.value).exists())
        .order_by(Offer.number)).all())


def submitted_cards(offer_id: int) -> list[ScoreCard]:
    """The offer's submitted cards with their scores, corrections and authors, in the order they were made."""
    return list(db.session.scalars(
        sa.select(ScoreCard).where(ScoreCard.offer_id == offer_id, ScoreCard.status == CardStatus.SUBMITTED.value)
        .options(selectinload(ScoreCard.scores), selectinload(ScoreCard.corrections), joinedload(ScoreCard.user),
                 joinedload(ScoreCard.offer))
        .order_by(ScoreCard.id)))


def card_tasks(competition: Competition, user, locale: str, in_offer_folders: bool = False) -> Iterator[PdfTask]:
    """One PDF per offer with its submitted cards (a card per page): karty-oceny-<number>.pdf, or
    oferty/<number>/karty-oceny.pdf beside the offer's other documents in the archive.

    The offers' cards are read one offer at a time when its turn comes, and their rows leave the session
    once the document is built, so the memory used does not grow with the number of offers."""
    rubric = scoring_rubric(competition)
    for offer_id, number in offers_with_submitted_cards(competition):
        cards = submitted_cards(offer_id)
        offer = cards[0].offer
        if not can_see_offer_results(user, offer):
            raise PermissionError(f"{user} may not see the scores of the offer {number}")
        doc = offer_cards_document(offer, cards, rubric, locale)
        for card in cards:
            for row in (*card.scores, *card.corrections, card):
                db.session.expunge(row)
        name = f"oferty/{_file_stem(number)}/karty-oceny.pdf" if in_offer_folders else \
            f"karty-oceny-{_file_stem(number)}.pdf"
        yield PdfTask(name, "offer_cards.html", doc, ARCHIVAL, locale)


def document_parts(competition: Competition, user, locale: str) -> list[PartMaker]:
    """The protocol (original and the copy for publication), the results list, the workbook, and per
    admitted offer its summary and the reasons letter (the cards come from ``card_tasks``)."""
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
    return makers

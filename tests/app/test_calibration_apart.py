"""Calibration cards never count: the same ranking, agreement, workbook, protocol totals and card archive
with a calibration round as without one; its audit entries have names of their own."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from app.audit.models import AuditEntry
from app.calibration import operations
from app.core.scoring import CriterionScore
from app.exports.audit_csv import competition_entries
from app.exports.protocol import protocol_document
from app.exports.workbook import build_workbook
from app.extensions import db
from app.jobs.documents import offers_with_submitted_cards, submitted_cards
from app.results.queries import agreement_data
from app.reviews.queries import competition_results
from app.rubrics.registry import call_rubric

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
WHY = "Kalibracja: oferta przykładowa opisuje działania zbyt ogólnie, by przyznać więcej punktów (tekst testowy)."


def everything_counted(competition, secretary):
    """What the results, documents and archive say about the call's scores."""
    rubric = call_rubric(competition)
    results = competition_results(competition, rubric)
    agreement = agreement_data(competition, rubric, secretary.id, lambda offer, own: True)
    protocol = protocol_document(competition, results)
    return {
        "ranking": [(r.key, r.position, r.result, r.recommendation, r.recommended_amount)
                    for r in results.ranking.offers],
        "summaries": {key: [(row.card.id, row.total) for row in summary.rows]
                      for key, summary in results.summaries.items()},
        "agreement": (agreement.figures, agreement.members, agreement.hidden_offers),
        # the Oceny rows are read while the file would be written: read them here, to compare
        "workbook": [replace(sheet, rows=list(sheet.rows))
                     for sheet in build_workbook(secretary, competition, rubric, now=NOW).sheets],
        "protocol": (protocol.totals, protocol.ranking, protocol.scorers, protocol.members),
        "cards_zip": [(number, [card.id for card in submitted_cards(offer_id)])
                      for offer_id, number in offers_with_submitted_cards(competition)],
    }


def test_a_calibration_round_changes_no_result_document_or_archive(app, call):
    competition, people = call["competition"], call["people"]
    with app.test_request_context():
        before = everything_counted(competition, people["secretary"])
        # a round as it would have been held before merit assessment, with points far from the real ones
        competition.status = "announced"
        calibration = operations.start_round(people["secretary"], competition, ["podworko", "festyn"])
        db.session.commit()
        rubric = call_rubric(competition)
        for sample in calibration.samples:
            for key, points in (("chair", "0"), ("member", "10"), ("conflicted", "5")):
                entries = {cid: CriterionScore(cid, Decimal(points if cid == "A1" else "1"), False, WHY)
                           for cid in ("A1", "A2", "B1", "B2")}
                result = operations.save_calibration_card(people[key], sample, rubric, entries, None, submit=True)
                assert result.submitted, result.problems
        competition.status = "merit"
        db.session.commit()
        assert calibration.is_closed
        after = everything_counted(competition, people["secretary"])
        assert after == before
        scores_sheet = build_workbook(people["secretary"], competition, rubric, now=NOW).sheet("Oceny")
        assert WHY not in repr(scores_sheet.rows)
        actions = [e.action for e in competition_entries(db.session, competition.id)]
    # the audit log is the whole log (its CSV keeps them), under names of their own
    assert actions.count("calibration.card.submit") == 6 and "calibration.round.start" in actions
    assert AuditEntry.query.filter(AuditEntry.action.in_(["card.submit", "card.save_draft"])).count() == 0

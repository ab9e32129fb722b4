"""The competition's workbook as plain rows: Ranking, Oceny, Kryteria, Ocena formalna, Kryteria oceny.

Data first (STYLE.md): this module reads through the same query functions and app/core computations
as the ranking and cards pages and returns a WorkbookData; app/exports/xlsx.py and csv_export.py only
render it. Sheet names and headers are Polish whatever the UI language: the workbook is an official
record of a Polish call, read by the office's accountants and filed with the protocol.

Who sees what: a manager everything; the chair the scores of an offer only where can_see_scores
allows it (the rule of "no scores before one's own card"), other offers are listed with their
figures withheld. No figure about a member's habits (leniency and the like) is ever exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.competitions import permissions
from app.competitions.models import Competition
from app.core.criterion_stats import criterion_stats
from app.core.formal import DEFAULT_CHECKLIST
from app.core.ranking import Ranking, RankingInput, Recommendation, rank
from app.core.rubric import Rubric
from app.core.scoring import AggregationMethod, CardTotal, MemberCard, aggregate, card_total
from app.extensions import db
from app.offers.models import FormalCheck, FormalStatus, Offer
from app.reviews.models import CardStatus, ScoreCard

from .agreement_sheet import agreement_sheet
from .workbook_model import Column, Sheet, Table, WorkbookData
from .workbook_scores import counted_cards, score_rows

__all__ = ["Column", "Sheet", "Table", "WorkbookData", "build_workbook", "file_name"]

WARSAW = ZoneInfo("Europe/Warsaw")
DRAFT_MARK = "WERSJA ROBOCZA"
WITHHELD = "niewidoczne do złożenia własnej karty"

RECOMMENDATION_NAMES = {
    Recommendation.RECOMMENDED: "rekomendowana do dofinansowania",
    Recommendation.BELOW_THRESHOLD: "poniżej progu",
    Recommendation.ABOVE_BUDGET: "powyżej dostępnych środków",
    Recommendation.NOT_SCORED: "brak złożonych kart",
}
FORMAL_NAMES = {
    FormalStatus.PENDING.value: "ocena formalna w toku",
    FormalStatus.ADMITTED.value: "dopuszczona do oceny merytorycznej",
    FormalStatus.REJECTED.value: "odrzucona",
    FormalStatus.TO_SUPPLEMENT.value: "do uzupełnienia",
}
ANSWER_NAMES = {"tak": "TAK", "nie": "NIE", "nie_dotyczy": "NIE DOTYCZY"}


def local_time(moment: datetime | None) -> datetime | None:
    """A stored moment as Wrocław's wall-clock time without a zone (spreadsheets have no zones)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(WARSAW).replace(tzinfo=None, microsecond=0)


def _yes_no(flag: bool) -> str:
    return "TAK" if flag else "NIE"


def _visible_offer_ids(user, competition: Competition, offers: Sequence[Offer]) -> set[int]:
    """Offers whose scores the user may see (can_see_scores, with the user's own submitted cards)."""
    own_submitted = set(db.session.scalars(sa.select(ScoreCard.offer_id).join(Offer).where(
        Offer.competition_id == competition.id, ScoreCard.user_id == user.id,
        ScoreCard.status == CardStatus.SUBMITTED.value)))
    return {o.id for o in offers if permissions.can_see_scores(user, o, o.id in own_submitted)}


def build_workbook(user, competition: Competition, rubric: Rubric, now: datetime | None = None) -> WorkbookData:
    """Every sheet of the competition's workbook, as the user may see it."""
    offers = list(db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                     .order_by(Offer.number)))
    visible = _visible_offer_ids(user, competition, offers)
    contexts = {o.id: competition.context_for(o.applicant_prior_tasks) for o in offers}
    totals: dict[int, list[CardTotal]] = {}

    def visible_cards():  # one pass over the cards: each card's total, and the visible ones for Kryteria
        for offer_id, entries in counted_cards(competition.id):
            totals.setdefault(offer_id, []).append(card_total(rubric, entries, contexts[offer_id]))
            if offer_id in visible:
                yield entries

    stats = criterion_stats(rubric, visible_cards())
    draft = not competition.is_closed
    mark = f" — {DRAFT_MARK}" if draft else ""
    heading = f"{competition.reference} {competition.title}"
    sheets = (
        _ranking_sheet(competition, offers, visible, totals, f"Ranking — {heading}{mark}"),
        Sheet("Oceny", f"Oceny członków komisji — {heading}{mark}", SCORE_COLUMNS,
              score_rows(competition.id, visible, {c.id: c.title.pl for c in rubric.criteria}, local_time)),
        _criteria_sheet(rubric, stats, f"Kryteria: średnia i rozrzut ocen — {heading}{mark}"),
        agreement_sheet(user, competition, rubric, f"Zgodność ocen członków komisji — {heading}{mark}"),
        _formal_sheet(offers, f"Ocena formalna — {heading}{mark}"),
        _rubric_sheet(rubric, f"Kryteria oceny {rubric.id} {rubric.version} (skrót {rubric.content_hash[:16]}) — "
                              f"{heading}{mark}"),
    )
    return WorkbookData(competition.reference, competition.title, draft,
                        local_time(now or datetime.now(UTC)), sheets)


def committee_ranking(competition: Competition, offers: Sequence[Offer],
                      totals: dict[int, list[CardTotal]]) -> Ranking:
    """The ranking page's computation (reviews.queries.competition_ranking) on the rows read here: the admitted
    offers, the mean (or median) of the counted cards, threshold, tie-break and budget by app/core; the test
    test_the_workbook_totals_are_the_ranking_page_totals holds the two together."""
    method = AggregationMethod(competition.aggregation)
    items = []
    for offer in offers:
        if offer.formal_status != FormalStatus.ADMITTED.value:
            continue
        cards = totals.get(offer.id, [])
        shares = tuple(t.share for t in cards if t.share is not None)
        items.append(RankingInput(offer.number, aggregate([MemberCard(t) for t in cards], method),
                                  offer.requested_grant, shares))
    return rank(items, competition.threshold, competition.budget)


RANKING_COLUMNS = (
    Column("Pozycja", "int", 9), Column("Numer oferty", "text", 14), Column("Wnioskodawca", "text", 40),
    Column("Tytuł zadania", "text", 50), Column("Wynik (pkt)", "points", 12), Column("Maksimum (pkt)", "points", 14),
    Column("Wynik (% maksimum)", "share", 14), Column("Najniższa karta (pkt)", "points", 14),
    Column("Najwyższa karta (pkt)", "points", 14), Column("Rozrzut kart (% maksimum)", "share", 16),
    Column("Karty policzone", "int", 10), Column("Próg osiągnięty", "text", 10),
    Column("Wnioskowana dotacja (zł)", "money", 18), Column("Rekomendowana kwota (zł)", "money", 18),
    Column("Propozycja komisji", "text", 30),
)


def _ranking_sheet(competition, offers, visible, totals, title) -> Sheet:
    ranking = committee_ranking(competition, offers, totals)
    by_number = {o.number: o for o in offers}
    rows = []
    for item in ranking.offers:
        offer = by_number[item.key]
        if offer.id not in visible:
            rows.append((None, offer.number, offer.applicant_name, offer.title, None, None, None, None, None, None,
                         None, None, offer.requested_grant, None, WITHHELD))
            continue
        result, points = item.result, [t.points for t in totals.get(offer.id, [])]
        passed = None if result is None or result.share is None else _yes_no(result.share >= competition.threshold)
        rows.append((item.position, offer.number, offer.applicant_name, offer.title,
                     result.points if result else None, result.max_points if result else None,
                     result.share if result else None, min(points) if points else None,
                     max(points) if points else None, item.spread, result.cards_counted if result else 0, passed,
                     item.requested, item.recommended_amount, RECOMMENDATION_NAMES[item.recommendation]))
    return Sheet("Ranking", title, RANKING_COLUMNS, rows)


SCORE_COLUMNS = (
    Column("Numer oferty", "text", 14), Column("Wnioskodawca", "text", 36), Column("Członek komisji", "text", 26),
    Column("Kryterium", "text", 10), Column("Nazwa kryterium", "text", 40), Column("Punkty", "points", 9),
    Column("Nie dotyczy", "text", 11), Column("Maksimum (pkt)", "points", 12), Column("Uzasadnienie", "text", 70),
    Column("Karta złożona", "datetime", 17),
)


CRITERIA_COLUMNS = (
    Column("Kryterium", "text", 10), Column("Nazwa kryterium", "text", 44), Column("Maksimum (pkt)", "points", 12),
    Column("Liczba ocen", "int", 10), Column("Nie dotyczy (liczba)", "int", 12), Column("Średnia (pkt)", "points", 12),
    Column("Średnia (% maksimum)", "share", 14), Column("Najniżej (pkt)", "points", 12),
    Column("Najwyżej (pkt)", "points", 12), Column("Rozrzut (pkt)", "points", 12),
    Column("Odchylenie standardowe (pkt)", "points", 16),
)


def _criteria_sheet(rubric, stats, title) -> Sheet:
    names = {c.id: c.title.pl for c in rubric.criteria}
    rows = [(s.criterion_id, names[s.criterion_id], s.max_points, s.scored, s.not_applicable, s.mean, s.mean_share,
             s.lowest, s.highest, s.spread, s.stdev) for s in stats]
    return Sheet("Kryteria", title, CRITERIA_COLUMNS, rows)


FORMAL_COLUMNS = (
    Column("Numer oferty", "text", 14), Column("Wnioskodawca", "text", 40), Column("Tytuł zadania", "text", 50),
    Column("Wynik oceny formalnej", "text", 30), Column("Uzasadnienie", "text", 50),
    Column("Termin uzupełnienia", "date", 14), Column("Data sprawdzenia", "datetime", 17),
    *(Column(item.text.pl, "text", 14) for item in DEFAULT_CHECKLIST),
)


def _formal_sheet(offers, title) -> Sheet:
    checks = {c.offer_id: c for c in db.session.scalars(sa.select(FormalCheck).join(Offer).where(
        Offer.id.in_([o.id for o in offers])))} if offers else {}
    rows = []
    for offer in offers:
        check = checks.get(offer.id)
        answers = check.answers if check else {}
        rows.append((offer.number, offer.applicant_name, offer.title, FORMAL_NAMES[offer.formal_status],
                     check.reason if check else "", check.supplement_by if check else None,
                     local_time(check.checked_at) if check else None,
                     *(ANSWER_NAMES.get(answers.get(item.id), "") for item in DEFAULT_CHECKLIST)))
    return Sheet("Ocena formalna", title, FORMAL_COLUMNS, rows)


RUBRIC_COLUMNS = (
    Column("Część", "text", 26), Column("Kryterium", "text", 10), Column("Nazwa kryterium", "text", 40),
    Column("Maksimum (pkt)", "points", 12), Column("Krok skali (pkt)", "points", 10), Column("Waga", "points", 8),
    Column("Podstawa prawna", "text", 22), Column("Poziomy oceny", "text", 70),
    Column("Pytania pomocnicze", "text", 50),
    Column("Źródło (cytat)", "text", 80),
)


def _rubric_sheet(rubric: Rubric, title) -> Sheet:
    rows = []
    for section in rubric.sections:
        for c in section.criteria:
            levels = "\n".join(f"{_plain(d.min)}–{_plain(d.max)} pkt, {d.label.pl}: {d.text.pl}" for d in c.descriptors)
            quotes = "\n".join(f"{q.source}, {q.chapter}: „{q.text}”" for q in c.quotes)
            rows.append((f"{section.id}. {section.title.pl}", c.id, c.title.pl, c.max_points, c.step, c.weight,
                         c.legal_basis or "", levels, "\n".join(g.pl for g in c.guidance), quotes))
    return Sheet("Kryteria oceny", title, RUBRIC_COLUMNS, rows)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def file_name(data: WorkbookData, extension: str, part: str = "zestawienie") -> str:
    """The download's name: the reference, the part, "wersja-robocza" until the call is closed."""
    stem = f"{data.reference}-{part}" + ("-wersja-robocza" if data.draft else "")
    return f"{stem}.{extension}"


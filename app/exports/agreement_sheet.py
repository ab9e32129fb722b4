"""The workbook's "Zgodność" sheet: the agreement page's figures (results.queries.agreement_data), as rows.

The same function and the same visibility as the page (`/konkursy/<id>/zgodnosc`): only offers whose
scores the user may see count, so no figure reveals a score the user may not see. Never a member's
leniency: that stays on the chair's page, never in a download.
"""

from __future__ import annotations

from decimal import Decimal

from app.competitions import permissions
from app.competitions.models import Competition
from app.competitions.queries import missing_card_count_of
from app.core.committee_agreement import MIN_UNITS, Alpha
from app.core.rubric import Rubric
from app.results.queries import agreement_data

from .workbook_model import Column, Sheet, Table

TOO_FEW = f"za mało danych (potrzeba co najmniej {MIN_UNITS} ofert ocenionych przez co najmniej dwóch członków)"
ICC_TOO_FEW = (f"ICC: za mało danych (potrzeba co najmniej {MIN_UNITS} ofert ocenionych przez tych samych, "
               "co najmniej dwóch członków)")
TOTALS_ID = "Suma"

CRITERIA_COLUMNS = (
    Column("Kryterium", "text", 10), Column("Nazwa kryterium", "text", 40), Column("Maksimum (pkt)", "points", 12),
    Column("Średnia (pkt)", "points", 12), Column("Najniżej (pkt)", "points", 12),
    Column("Najwyżej (pkt)", "points", 12),
    Column("Średnia różnica członków na ofercie (pkt)", "points", 18),
    Column("Oferty powyżej limitu rozbieżności", "int", 16),
    Column("Alfa Krippendorffa (przedziałowa)", "coefficient", 16), Column("Alfa: liczba ofert", "int", 12),
    Column("ICC(2,1) — jeden członek", "coefficient", 14), Column("ICC(2,k) — średnia komisji", "coefficient", 14),
    Column("ICC: liczba ofert", "int", 12), Column("ICC: liczba członków", "int", 12), Column("Uwagi", "text", 50),
)
OFFER_COLUMNS = (
    Column("Numer oferty", "text", 10), Column("Wnioskodawca", "text", 40),
    Column("Udziały członków (% maksimum)", "text", 12), Column("Liczba kart", "int", 12),
    Column("Wynik komisji (% maksimum)", "share", 12), Column("Rozrzut udziałów (% maksimum)", "share", 12),
    Column("Do omówienia", "text", 12), Column("Kryterium najdalej rozbieżne", "text", 12),
    Column("Nazwa kryterium", "text", 18), Column("Różnica na tym kryterium (pkt)", "points", 18),
    Column("Maksimum kryterium (pkt)", "points", 12),
)


def _percent(share: Decimal) -> str:
    return f"{share * 100:.2f}".replace(".", ",") + "%"


def _alpha_note(alpha: Alpha) -> str:
    return TOO_FEW if alpha.value is None else ""


def agreement_sheet(user, competition: Competition, rubric: Rubric, title: str) -> Sheet:
    """Alpha per criterion and on the totals with the offers they rest on, ICC, and every offer's flag."""
    data = agreement_data(competition, rubric, user.id,
                          lambda offer, own_submitted: permissions.can_see_scores(user, offer, own_submitted))
    figures, names = data.figures, {c.id: c.title.pl for c in rubric.criteria}
    icc = figures.icc
    icc_note = (f"ICC z {icc.offers} ofert ocenionych przez każdego z {icc.members} członków"
                if icc.single is not None else ICC_TOO_FEW)
    alpha_total = figures.total_alpha
    rows = [(TOTALS_ID, "Suma punktów (udział w maksimum, w punktach procentowych)", None, None, None, None, None,
             sum(1 for o in figures.offers if o.flagged), alpha_total.value, alpha_total.units, icc.single,
             icc.average, icc.offers, icc.members, "; ".join(n for n in (_alpha_note(alpha_total), icc_note) if n))]
    rows += [(c.id, names[c.id], c.max_points, c.mean, c.lowest, c.highest, c.mean_spread, c.offers_apart,
              c.alpha.value, c.alpha.units, None, None, None, None, _alpha_note(c.alpha)) for c in figures.criteria]
    offers = sorted(figures.offers, key=lambda o: (not o.flagged, o.key))
    maxima = {c.id: c.max_points for c in rubric.criteria}
    offer_rows = [(o.key, data.offers[o.key].applicant_name, "; ".join(_percent(s) for s in o.shares),
                   len(o.shares), o.share, o.spread, "TAK" if o.flagged else "NIE", o.widest_criterion or "",
                   names.get(o.widest_criterion, "") if o.widest_criterion else "", o.widest_spread,
                   maxima.get(o.widest_criterion) if o.widest_criterion else None) for o in offers]
    limit = _percent(competition.disagreement_limit)
    notes = ["Informacja dla komisji, nie część wyniku. Alfa Krippendorffa i ICC wynoszą 1 przy pełnej zgodności "
             "i około 0, gdy oceny mówią nie więcej niż przypadek; poniżej 0,4 zgodność jest słaba. "
             f"Liczone od {MIN_UNITS} ofert ocenionych przez co najmniej dwóch członków komisji."]
    if data.hidden_offers:
        notes.append(f"Pominięte oferty: {data.hidden_offers} — wskaźniki opierają się tylko na ofertach, których "
                     "oceny pobierający może zobaczyć (po złożeniu własnej karty).")
    missing = missing_card_count_of(competition)
    if missing and not competition.scoring_is_closed:
        notes.append(f"Ranking wstępny — brakujące karty oceny: {missing}; wskaźniki mogą się jeszcze zmienić.")
    offers_table = Table(f"Oferty: rozbieżność udziałów członków (do omówienia, gdy przekracza {limit} maksimum)",
                         OFFER_COLUMNS, offer_rows)
    return Sheet("Zgodność", title, CRITERIA_COLUMNS, rows, notes=tuple(notes), tables=(offers_table,))

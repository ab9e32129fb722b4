"""The demo's second call: closed, with the committee's opinion, the chair's adjusted amount and the decision.

Fictional like the first call (the title says "dane fikcyjne"). It shows what a finished call looks
like: every card submitted, one offer where the members disagree, an amount the chair adjusted with a
reason, an offer recommended in part (the call's rule is "partial", at least 25 % of the request), a
formally rejected offer, the mayor's order that differs from the opinion for one offer, with a note, and
that offer's updated budget (aktualizacja oferty), held to the amount awarded.
Everything goes through the real operations, so the audit log stays a verifiable chain.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.auth.models import User
from app.competitions import operations
from app.competitions.models import Competition, CompetitionStatus, Role
from app.core.allocation import AllocationRule
from app.core.offer import offer_from_dict
from app.core.rubric import Rubric
from app.extensions import db
from app.offers.models import FormalStatus
from app.offers.operations import register_offer
from app.results.operations import DecisionLine, adjust_amount, record_decision, record_offer_update
from app.reviews.operations import save_card
from app.rubrics.registry import call_rubric

REFERENCE = "WPS-CAL/2026-U"
# The first call's offers reused: number there → number here.
OFFERS = ("09", "01", "02", "12", "08", "05", "14", "04", "13")
SCORERS = {"chair": Decimal(0), "member1": Decimal("0.04"), "member2": Decimal("-0.04")}
DISPUTED = ("05", "member2", Decimal("0.25"))  # this member scored this offer far below the others
ADJUSTED = ("02", Decimal("250000.00"), "Koszty wynagrodzeń animatorów w pozycji I.3 kosztorysu przekraczają "
            "stawki rynkowe przyjęte w innych ofertach; komisja proponuje ich obniżenie.")
DECIDED = ("12", Decimal("296920.00"), "Prezydent obniżył dotację o koszt roweru towarowego (pozycja I.3) "
           "i urządzenia lokalu (pozycja I.5), które zapewni Gmina Wrocław z innych środków.")
UPDATE_DROPS = ("I.3", "I.5")  # the updated offer leaves out the rows the decision did not fund: 21 500 zł


def load_closed_call(rubric: Rubric, people: dict[str, User], *, reference: str = REFERENCE,
                     finish: bool = True) -> Competition:
    """Create the closed call from the first call's offers, with the same people.

    finish=False stops when every card is submitted, before the chair's adjustment, the closing and the
    decision (the browser test walks that part).
    """
    from .calibration import load_calibration
    from .loader import DATA, _entries, _formal_check

    items = {item["number"][-2:]: item for item in json.loads((DATA / "offers.json").read_text(encoding="utf-8"))}
    texts = json.loads((DATA / "justifications.json").read_text(encoding="utf-8"))
    secretary, chair = people["secretary"], people["chair"]
    competition = operations.create_competition(
        people["admin"], reference=reference,
        title="Prowadzenie Centrów Aktywności Lokalnej we Wrocławiu w latach 2027–2028, nabór uzupełniający "
              "(konkurs demonstracyjny zakończony, dane fikcyjne)",
        rubric_id=rubric.id, rubric_version=rubric.version, budget=Decimal("1300000.00"),
        min_own_share=Decimal("0.015"), threshold=Decimal("0.60"), window_start=date(2027, 1, 1),
        window_end=date(2028, 12, 31), scoring_deadline=date(2026, 10, 30), allocation_rule=AllocationRule.PARTIAL,
        min_partial_share=Decimal("0.25"), disagreement_limit=Decimal("0.15"))
    for key, role in (("secretary", Role.SECRETARY), ("chair", Role.CHAIR), ("member1", Role.MEMBER),
                      ("member2", Role.MEMBER), ("official", Role.OFFICIAL)):
        operations.add_member(people["admin"], competition, people[key], role)
    operations.advance_status(secretary, competition, CompetitionStatus.ANNOUNCED)
    offers = {}
    for short in OFFERS:
        item = items[short]
        offer = register_offer(secretary, competition, offer_from_dict(item["form"]), number=f"{reference}/{short}")
        _formal_check(secretary, offer, FormalStatus.REJECTED if short == "13" else FormalStatus.ADMITTED)
        offers[short] = offer
    for key in SCORERS:
        operations.sign_declaration(people[key], competition)
    load_calibration(call_rubric(competition), competition, people)  # before merit assessment, as in a real call
    operations.advance_status(secretary, competition, CompetitionStatus.MERIT)
    db.session.commit()
    for key, leniency in SCORERS.items():
        for short, offer in offers.items():
            if not offer.is_admitted:
                continue
            level = Decimal(str(items[short].get("quality", "0.6"))) + leniency
            if (short, key) == DISPUTED[:2]:
                level = DISPUTED[2]
            level = max(Decimal(0), min(Decimal(1), level))
            entries = _entries(rubric, competition, offer, level, texts, complete=True)
            save_card(people[key], offer, rubric, entries, None, submit=True)
    if not finish:
        db.session.commit()
        return competition
    short, amount, reason = ADJUSTED
    adjust_amount(chair, offers[short], rubric, amount, reason)
    operations.advance_status(secretary, competition, CompetitionStatus.CLOSED)
    db.session.commit()
    from app.reviews.queries import competition_ranking

    opinion = {row.key: row.recommended_amount for row in competition_ranking(competition, rubric).offers
               if row.position is not None}
    decided_short, decided_amount, note = DECIDED
    lines = [DecisionLine(offer, decided_amount if short == decided_short else opinion[offer.number],
                          note if short == decided_short else "")
             for short, offer in offers.items() if offer.number in opinion]
    record_decision(secretary, competition, rubric, number="2113/26 (demo)", decided_on=date(2026, 12, 4),
                    lines=lines)
    original = offer_from_dict(items[decided_short]["form"])
    costs = tuple(row for row in original.costs if row.number not in UPDATE_DROPS)
    dropped = sum((row.value for row in original.costs if row.number in UPDATE_DROPS), Decimal(0))
    funding = replace(original.funding, total_costs=original.funding.total_costs - dropped, grant=decided_amount)
    record_offer_update(secretary, offers[decided_short], replace(original, costs=costs, funding=funding))
    return competition

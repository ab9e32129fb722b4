"""The pure core at committee scale: card totals and aggregation, rubric validation."""

from __future__ import annotations

import random
import tracemalloc
from decimal import Decimal
from pathlib import Path

from app.core.rubric import AssessmentContext, CallMode, Criterion, Descriptor, LocalizedText, Rubric, Section
from app.core.scoring import CriterionScore, MemberCard, aggregate, card_total, validate_card
from app.rubrics.loader import load_rubric

from .harness import Figure, best_of

ROOT = Path(__file__).resolve().parents[1]
OFFERS, MEMBERS, CRITERIA = 1000, 3, 25
JUSTIFICATION = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla i plan działań z partnerami."


def synthetic_rubric() -> Rubric:
    """25 criteria of 4 points each, three levels: the size of a real card."""
    text = LocalizedText("opis", "description")
    levels = (Descriptor(Decimal(0), Decimal(0), text, text), Descriptor(Decimal(1), Decimal(3), text, text),
              Descriptor(Decimal(4), Decimal(4), text, text))
    criteria = tuple(Criterion(id=f"K{i}", title=text, max_points=Decimal(4), step=Decimal(1), descriptors=levels)
                     for i in range(CRITERIA))
    return Rubric(id="bench", version="1", status="draft", title=text, sections=(Section("A", text, criteria),))


def run() -> list[Figure]:
    rubric = synthetic_rubric()
    context = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=True)
    rng = random.Random(7)
    cards = [[{c.id: CriterionScore(c.id, Decimal(rng.randint(0, 4)), justification=JUSTIFICATION)
               for c in rubric.criteria} for _ in range(MEMBERS)] for _ in range(OFFERS)]

    def score_everything():
        for offer_cards in cards:
            members = []
            for scores in offer_cards:
                validate_card(rubric, scores, context, final=True)
                members.append(MemberCard(card_total(rubric, scores, context)))
            aggregate(members)

    elapsed = best_of(3, score_everything)
    tracemalloc.start()  # a separate run: tracing slows Python several times over
    score_everything()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    validation = best_of(3, lambda: [load_rubric(p, ROOT) for p in sorted((ROOT / "rubrics").glob("*.toml"))])
    return [
        Figure(f"validate + total + aggregate {OFFERS} offers × {MEMBERS} members × {CRITERIA} criteria",
               elapsed, "ms", 1500, "own"),
        # Nothing is kept between offers, so the peak is small: shown in KiB, not as "0.00 MiB".
        Figure("peak memory allocated during the run above", peak / 2**10, "KiB", 64 * 2**10, "own"),
        Figure("load and validate every rubric in rubrics/", validation, "ms", 1000, "own"),
    ]

"""A call with every kind of document to download, and reading PDFs back (shared by the documents' tests)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

POLISH_LETTERS = "ąęłóśżźćń"


def pdf_text(data: bytes) -> str:
    """Every page's text, pages joined by a form feed."""
    assert data.startswith(b"%PDF-")
    return "\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces (also non-breaking) as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture
def call(db_session, create_competition, create_member, create_offer, create_user, rubrics_dir):
    """A call in merit assessment: two admitted offers with cards, a rejected one, one to be supplemented."""
    from app.competitions.models import Membership
    from app.offers.models import Exclusion, FormalCheck
    from tests.app.test_impartiality import submitted_card
    from tests.conftest import DATA, REPO

    rubrics_dir(DATA, REPO)
    competition = create_competition(budget=Decimal("100000.00"), threshold=Decimal("0.6"),
                                     title="Konkurs „Zażółć gęślą jaźń” na CAL")
    strong = create_offer(competition, number="D/1", requested_grant=Decimal("64000.00"),
                          applicant_name="Stowarzyszenie Łączność Śródmieścia")
    weak = create_offer(competition, number="D/2", requested_grant=Decimal("10000.00"))
    rejected = create_offer(competition, number="D/3", formal_status="rejected")
    pending = create_offer(competition, number="D/4", formal_status="to_supplement")
    people = {
        "secretary": create_member(competition, "secretary", display_name="Joanna Sekretarska"),
        "chair": create_member(competition, "chair", display_name="Tomasz Przewodniczący"),
        "member": create_member(competition, "member", display_name="Agnieszka Źródłowska"),
        "conflicted": create_member(competition, "member", display_name="Małgorzata Wyłączona"),
        "official": create_member(competition, "official", declared=False, display_name="Urszula Urzędniczka"),
        "expert": create_member(competition, "expert"),
        "admin": create_user(is_admin=True),
        "outsider": create_user(),
    }
    db_session.add(Exclusion(offer_id=strong.id, user_id=people["conflicted"].id, kind="conflict",
                             category="volunteering", reason="Wolontariat w latach 2024–2025 (sprawa prywatna).",
                             created_by_id=people["conflicted"].id))
    checker = people["secretary"].id
    db_session.add(FormalCheck(offer_id=rejected.id, answers={"statute": "nie"}, outcome="rejected",
                               reason="Statut nie obejmuje zadania; brak zgodności celów.", checked_by_id=checker))
    db_session.add(FormalCheck(offer_id=pending.id, answers={"krs": "nie"}, outcome="to_supplement",
                               reason="Brak aktualnego odpisu z KRS.", supplement_by=date(2027, 1, 15),
                               checked_by_id=checker))
    db_session.commit()
    cards = {
        # mini rubric, weighted, 33 points: A1×2 + A2 + B1×0.5 + B2
        "chair_strong": submitted_card(db_session, strong, people["chair"],
                                       {"A1": "9", "A2": "4", "B1": "4", "B2": "6"}),
        "member_strong": submitted_card(db_session, strong, people["member"],
                                        {"A1": "8", "A2": "4", "B1": "4", "B2": "6"}),
        "chair_weak": submitted_card(db_session, weak, people["chair"],
                                     {"A1": "2", "A2": "1", "B1": "0", "B2": "2"}),
    }
    assert db_session.query(Membership).count() == 6
    return {"competition": competition, "offers": {"strong": strong, "weak": weak, "rejected": rejected,
                                                   "pending": pending},
            "people": people, "cards": cards}


CLOSING_REASON = "Oferta w ocenie formalnej zostanie rozpatrzona w odrębnym trybie; komisja kończy pracę."


def close(app, db_session, competition) -> None:
    """Close the call (through the operation, so the audit log has the closing row); the pending offer's
    formal check still blocks closing, so the secretary overrides it with a reason, as the protocol shows."""
    from app.competitions import operations
    from app.competitions.models import CompetitionStatus

    with app.app_context():
        operations.advance_status(None, competition, CompetitionStatus.CLOSED, reason=CLOSING_REASON)
        db_session.commit()

"""The demo competition: a fictional CAL call with its committee, offers and cards in every state.

Everything here is fictional and labelled so: the call's title says "dane fikcyjne", the people
are invented, the e-mail addresses are at example.org. The data goes through the same operations
as real work, so the audit log of the demo is a real, verifiable chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import sqlalchemy as sa

from app.auth.models import User
from app.auth.operations import create_user
from app.competitions import operations
from app.competitions.models import Competition, CompetitionStatus, Role
from app.core.formal import Answer, Outcome
from app.core.offer import offer_from_dict
from app.core.offer_checks import OwnShareBase, OwnShareRows
from app.core.rubric import Applicability, Rubric
from app.core.scoring import CriterionScore
from app.extensions import db
from app.offers.formal_operations import checklist_of, record_formal_check
from app.offers.models import ExclusionKind, FormalStatus, Offer
from app.offers.operations import register_offer
from app.reviews.operations import save_card
from app.rubrics.registry import call_rubric, registry

DATA = Path(__file__).parent / "data"
# Printed in the README: the demo is for trying the tool; `flask demo load` refuses a database with data.
DEMO_PASSWORD = "demo-CAL-2027"  # noqa: S105
RUBRIC = ("cal-wroclaw", "2021.2")
# As Wrocław's 2025 call: the City provides the premises, and the call also funds alcohol prevention.
OPTIONS = ("city-premises", "prevention")


@dataclass(frozen=True)
class DemoPerson:
    """A fictional person of the demo committee."""

    key: str
    email: str
    name: str
    role: Role | None
    is_admin: bool = False


PEOPLE = (
    DemoPerson("admin", "admin@example.org", "Administrator systemu (demo)", None, is_admin=True),
    DemoPerson("secretary", "sekretarz@example.org", "Joanna Sekretarska (demo)", Role.SECRETARY),
    DemoPerson("chair", "przewodniczacy@example.org", "Tomasz Przewodniczący (demo)", Role.CHAIR),
    DemoPerson("member1", "czlonek1@example.org", "Agnieszka Nowicka (demo)", Role.MEMBER),
    DemoPerson("member2", "czlonek2@example.org", "Paweł Zieliński (demo)", Role.MEMBER),
    DemoPerson("member3", "czlonek3@example.org", "Małgorzata Wróbel (demo)", Role.MEMBER),
    DemoPerson("member4", "czlonek4@example.org", "Krzysztof Lis (demo)", Role.MEMBER),
    DemoPerson("expert", "ekspert@example.org", "dr Ewa Doradcza (demo)", Role.EXPERT),
    DemoPerson("official", "urzednik@example.org", "Urszula Urzędnicza (demo)", Role.OFFICIAL),
)

# How far each member has got: submitted cards, then drafts, in the order of the offers.
PROGRESS = {"member1": (12, 0), "member2": (6, 2), "chair": (3, 1), "member3": (0, 2), "member4": (0, 0)}
# Per-member leniency, so that the committee does not agree perfectly.
LENIENCY = {"member1": Decimal("0.05"), "member2": Decimal("-0.05"), "chair": Decimal(0), "member3": Decimal("0.1")}


# The legal pages' contacts while the demo runs: fictional, at example.org, and saying so. A real
# installation sets its own (CAL_LEGAL_CONTACT_*, CAL_LEGAL_DPO_EMAIL); `flask system check` warns until then.
DEMO_LEGAL_CONTACTS = {
    "contact_name": "Anna Przykładowa (osoba fikcyjna, dane demonstracyjne)",
    "contact_email": "dostepnosc@example.org",
    "contact_phone": "+48 71 000 00 00 (numer fikcyjny)",
    "dpo_email": "iod@example.org",
}


def is_loaded() -> bool:
    """True when the demo's accounts are in the database (example.org addresses are never real ones)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.email == PEOPLE[0].email)) == 1


def is_empty() -> bool:
    """True when the database holds no competition and no user yet."""
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Competition)) == 0
            and db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0)


def load() -> Competition:
    """Create the demo competitions (one in merit assessment, one closed) with people, offers and cards."""
    from .closed_call import load_closed_call  # it reuses this module's helpers

    rubric = registry().get(*RUBRIC)
    if rubric is None:
        raise RuntimeError(f"the rubric {RUBRIC[0]} {RUBRIC[1]} is missing or invalid: run flask rubrics check")
    people = {p.key: create_user(p.email, p.name, DEMO_PASSWORD, is_admin=p.is_admin) for p in PEOPLE}
    admin = people["admin"]
    competition = operations.create_competition(
        admin, reference="WPS-CAL/2027",
        title="Prowadzenie Centrów Aktywności Lokalnej we Wrocławiu w latach 2027–2028 (konkurs demonstracyjny, "
              "dane fikcyjne)",
        rubric_id=rubric.id, rubric_version=rubric.version, rubric_options=OPTIONS, budget=Decimal("3200000.00"),
        # As Wrocław's 2023 call: at least 1,5 % of the requested grant, in money (row 3.1).
        min_own_share=Decimal("0.015"), own_share_base=OwnShareBase.GRANT, own_share_rows=OwnShareRows.FINANCIAL,
        threshold=Decimal("0.60"),
        window_start=date(2027, 1, 1), window_end=date(2028, 12, 31), scoring_deadline=date(2026, 12, 18))
    for person in PEOPLE:
        if person.role is not None:
            operations.add_member(admin, competition, people[person.key], person.role)
    operations.advance_status(people["secretary"], competition, CompetitionStatus.ANNOUNCED)
    rubric = call_rubric(competition)  # the version with the call's options, as members score it
    offers = []
    for item in json.loads((DATA / "offers.json").read_text(encoding="utf-8")):
        offer = register_offer(people["secretary"], competition, offer_from_dict(item["form"]), number=item["number"])
        _formal_check(people["secretary"], offer, FormalStatus(item["formal_status"]))
        offers.append(offer)
    for key in ("chair", "member1", "member2", "member3", "expert"):  # member4 has not signed yet
        operations.sign_declaration(people[key], competition)
    # One offer still waits for its formal check: the secretary starts merit assessment anyway, with a reason
    # that the protocol will show (the override is part of what the demo lets one try).
    operations.advance_status(people["secretary"], competition, CompetitionStatus.MERIT,
                              reason="Jedna oferta czeka jeszcze na ocenę formalną; pozostałe dopuszczone oferty "
                                     "komisja może oceniać bez zwłoki, by dotrzymać terminu.")
    admitted = [o for o in offers if o.is_admitted]
    operations.exclude_from_offer(people["member3"], admitted[1], people["member3"], kind=ExclusionKind.CONFLICT,
                                  category="volunteering",
                                  reason="W latach 2024–2025 byłam wolontariuszką tego stowarzyszenia.")
    db.session.commit()
    _score(rubric, competition, admitted, people)
    load_closed_call(rubric, people)
    return competition


def _formal_check(secretary: User, offer: Offer, status: FormalStatus) -> None:
    """Record the formal check the demo's offer went through (a pending offer has none yet)."""
    answers = {item.id: Answer.YES for item in checklist_of(offer)}
    answers.update(power_of_attorney=Answer.NOT_APPLICABLE, partnership=Answer.NOT_APPLICABLE)
    if status is FormalStatus.ADMITTED:
        record_formal_check(secretary, offer, answers, Outcome.ADMITTED, "", None, date(2026, 11, 20))
    elif status is FormalStatus.REJECTED:
        answers["statute"] = Answer.NO
        record_formal_check(secretary, offer, answers, Outcome.REJECTED,
                            "Statut oferenta obejmuje wyłącznie działalność sportową; zadanie nie mieści się "
                            "w działalności statutowej oferenta.", None, date(2026, 11, 20))


def _score(rubric: Rubric, competition: Competition, offers: list[Offer], people: dict[str, User]) -> None:
    texts = json.loads((DATA / "justifications.json").read_text(encoding="utf-8"))
    quality = {item["number"]: Decimal(str(item.get("quality", "0.6")))
               for item in json.loads((DATA / "offers.json").read_text(encoding="utf-8"))}
    for key, (submitted, drafts) in PROGRESS.items():
        member = people[key]
        eligible = [o for o in offers if not any(e.user_id == member.id for e in o.exclusions)]
        for position, offer in enumerate(eligible[:submitted + drafts]):
            final = position < submitted
            level = max(Decimal(0), min(Decimal(1), quality[offer.number] + LENIENCY[key]))
            entries = _entries(rubric, competition, offer, level, texts, complete=final)
            save_card(member, offer, rubric, entries, None, submit=final)


def _entries(rubric: Rubric, competition: Competition, offer: Offer, level: Decimal, texts: dict,
             *, complete: bool) -> dict[str, CriterionScore]:
    """Points at the given level of each criterion's scale, with a justification of matching tone."""
    context = competition.context_for(offer.applicant_prior_tasks)
    entries = {}
    criteria = [c for c in rubric.criteria if c.applicability_for(context) is not Applicability.NOT_APPLICABLE]
    for index, criterion in enumerate(criteria if complete else criteria[: len(criteria) // 2]):
        steps = (criterion.max_points / criterion.step * level).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        tone = "positive" if level >= Decimal("0.75") else ("mixed" if level >= Decimal("0.45") else "critical")
        choices = texts[criterion.id][tone]
        entries[criterion.id] = CriterionScore(criterion.id, steps * criterion.step, False,
                                               choices[index % len(choices)])
    return entries

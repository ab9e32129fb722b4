"""Protokół z prac komisji konkursowej: the committee's record, as a plain dataclass (procedure.md, "Outputs").

The figures come from ``competition_results`` (the ranking page's function). What cannot be read from the
record is typed: the date, place and members present by the secretary, the reasons for rejection and the
dissenting opinions by the chair (``ProtocolDetails``). The copy for publication leaves out the names and
the free-text reasons of conflicts of private persons (RODO); the original for signing keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import joinedload

from app.audit.models import AuditEntry, AuditHead
from app.auth.models import User
from app.calibration.protocol import CalibrationSummary, calibration_summary
from app.competitions.models import (
    Competition,
    CompetitionStatus,
    ImpartialityDeclaration,
    LifecycleEvent,
    LifecycleEventKind,
    Membership,
    Role,
)
from app.core.ranking import Recommendation, TieBreak, tie_breaks
from app.core.scoring import CardTotal, OfferResult
from app.extensions import db
from app.offers.models import Exclusion, FormalCheck, Offer
from app.reviews.queries import CallResults
from app.rubrics.registry import call_rubric

from .heading import Heading, heading_of
from .models import ProtocolDetails
from .protocol_figures import ProtocolFigures, protocol_figures

COMMITTEE_ROLES = (Role.CHAIR, Role.SECRETARY, Role.MEMBER, Role.EXPERT)


@dataclass(frozen=True)
class MemberLine:
    """A person on the committee; ``name`` is None in the copy for publication."""

    number: int
    name: str | None
    role: str
    declared_on: datetime | None
    present: bool


@dataclass(frozen=True)
class ExclusionLine:
    """A member excluded from an offer (declared conflict or the secretary's decision)."""

    offer_number: str
    member_number: int
    member_name: str | None
    kind: str
    category: str | None
    reason: str | None  # None in the copy for publication


@dataclass(frozen=True)
class FormalLine:
    """An offer's formal check."""

    offer_number: str
    applicant: str
    status: str
    reason: str
    supplement_by: date | None


@dataclass(frozen=True)
class TotalCell:
    """A scoring member's total for an offer: None without a submitted card; excluded ones are not counted."""

    total: CardTotal | None
    excluded: bool


@dataclass(frozen=True)
class OfferTotals:
    """Each scoring member's total for an offer (in the order of ``scorers``) and the committee's result."""

    offer_number: str
    applicant: str
    cells: tuple[TotalCell, ...]
    result: OfferResult | None


@dataclass(frozen=True)
class RankingLine:
    """An offer's place with the tie-break that decided it, if any."""

    position: int | None
    offer_number: str
    applicant: str
    title: str
    result: OfferResult | None
    tie_break: TieBreak | None
    recommendation: Recommendation
    requested: Decimal
    recommended_amount: Decimal


@dataclass(frozen=True)
class StatusChange:
    """A move of the call's lifecycle, or the chair closing scoring; an override carries its reason and the
    blockers it went past ({"kind", "subject", "offers"} as stored; subjects left out of the public copy)."""

    at: datetime
    actor: str | None
    old: str
    new: str
    reason: str | None
    kind: str = LifecycleEventKind.STATUS.value
    overridden: tuple[dict, ...] = ()


@dataclass(frozen=True)
class AuditAnchor:
    """The audit chain's row and hash to verify the record against later (`flask audit verify --anchor`)."""

    row: int
    hash: str
    at_closing: bool


@dataclass(frozen=True)
class ProtocolDocument:
    """Everything the protocol says."""

    heading: Heading
    public_copy: bool
    prepared: bool
    meeting_date: date | None
    place: str
    by_circulation: bool
    members: tuple[MemberLine, ...]
    scorers: tuple[int, ...]  # numbers of the members who score (chair, members)
    exclusions: tuple[ExclusionLine, ...]
    formal: tuple[FormalLine, ...]
    totals: tuple[OfferTotals, ...]
    ranking: tuple[RankingLine, ...]
    threshold: Decimal
    aggregation: str
    budget: Decimal
    recommended_total: Decimal
    remaining: Decimal
    rejection_reasons: str
    dissenting_opinions: str
    status_changes: tuple[StatusChange, ...]
    anchor: AuditAnchor | None
    figures: ProtocolFigures | None = None  # charts and agreement (protocol_figures.py)
    calibration: CalibrationSummary | None = None  # the "Kalibracja" part (app/calibration/protocol.py)


def protocol_details(competition: Competition) -> ProtocolDetails | None:
    """What was typed for the protocol, if anything."""
    return db.session.scalar(sa.select(ProtocolDetails).where(ProtocolDetails.competition_id == competition.id))


def committee(competition: Competition) -> list[tuple[Membership, User]]:
    """The committee's members (not officials) in a stable order: chair, secretary, members, experts."""
    rows = db.session.execute(sa.select(Membership, User).join(User).where(
        Membership.competition_id == competition.id)).all()
    order = {role.value: i for i, role in enumerate(COMMITTEE_ROLES)}
    return sorted(((m, u) for m, u in rows if m.role in order), key=lambda r: (order[r[0].role], r[1].display_name))


def status_changes(competition: Competition) -> list[StatusChange]:
    """The call's stage changes and the closing of scoring, each with who, when and any override's reason."""
    events = db.session.scalars(sa.select(LifecycleEvent).where(LifecycleEvent.competition_id == competition.id)
                                .options(joinedload(LifecycleEvent.actor)).order_by(LifecycleEvent.id))
    return [StatusChange(e.created_at, e.actor.display_name if e.actor else None, e.from_status, e.to_status,
                         e.reason or None, e.kind, tuple(e.overridden or ())) for e in events]


def audit_anchor(competition: Competition) -> AuditAnchor | None:
    """The row that closed the call, or the chain's current head while the call is open."""
    if competition.is_closed:
        for entry in db.session.scalars(sa.select(AuditEntry).where(
                AuditEntry.competition_id == competition.id, AuditEntry.action == "competition.status")
                .order_by(AuditEntry.id.desc())):
            if (entry.new_values or {}).get("status") == CompetitionStatus.CLOSED.value:
                return AuditAnchor(entry.id, entry.hash, True)
    head = db.session.get(AuditHead, 1)
    return None if head is None else AuditAnchor(head.row_count, head.head_hash, False)


def protocol_document(competition: Competition, results: CallResults, *, public_copy: bool = False
                      ) -> ProtocolDocument:
    """The protocol of the call (``results`` from ``competition_results``); ``public_copy`` removes names."""
    details = protocol_details(competition)
    people = committee(competition)
    numbers = {user.id: i for i, (_, user) in enumerate(people, start=1)}
    declared = dict(db.session.execute(sa.select(ImpartialityDeclaration.user_id, ImpartialityDeclaration.signed_at)
                                       .where(ImpartialityDeclaration.competition_id == competition.id)).all())
    present = set(details.present_user_ids) if details else set()
    members = tuple(MemberLine(numbers[u.id], None if public_copy else u.display_name, m.role, declared.get(u.id),
                               u.id in present) for m, u in people)

    def number_of(user_id: int) -> int:
        return numbers.get(user_id, 0)

    exclusion_rows = db.session.execute(sa.select(Exclusion, Offer.number, User.display_name).join(Offer)
                                        .join(User, User.id == Exclusion.user_id)
                                        .where(Offer.competition_id == competition.id)
                                        .order_by(Offer.number, Exclusion.id)).all()
    exclusions = tuple(ExclusionLine(number, number_of(e.user_id), None if public_copy else name, e.kind, e.category,
                                     None if public_copy else e.reason) for e, number, name in exclusion_rows)
    checks = dict(db.session.execute(sa.select(FormalCheck.offer_id, FormalCheck).join(Offer)
                                     .where(Offer.competition_id == competition.id)).all())
    all_offers = db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                    .order_by(Offer.number)).all()
    formal = tuple(FormalLine(o.number, o.applicant_name, o.formal_status,
                              checks[o.id].reason if o.id in checks else "",
                              checks[o.id].supplement_by if o.id in checks else None) for o in all_offers)
    scorers = [u.id for m, u in people if m.role in (Role.CHAIR.value, Role.MEMBER.value)]
    excluded_pairs = {(e.offer_id, e.user_id) for e, _, _ in exclusion_rows}
    totals = []
    for o in results.offers:
        by_user = {r.card.user_id: r.total for r in results.summaries[o.id].rows}
        cells = tuple(TotalCell(by_user.get(uid), (o.id, uid) in excluded_pairs) for uid in scorers)
        totals.append(OfferTotals(o.number, o.applicant_name, cells, results.summaries[o.id].result))
    by_number = {o.number: o for o in results.offers}
    ties = tie_breaks(results.ranking)
    ranking = tuple(RankingLine(r.position, r.key, by_number[r.key].applicant_name, by_number[r.key].title, r.result,
                                ties.get(r.key), r.recommendation, r.requested, r.recommended_amount)
                    for r in results.ranking.offers if r.recommendation is not Recommendation.REJECTED_FORMALLY)
    changes = tuple(c if not public_copy else StatusChange(
        c.at, None, c.old, c.new, c.reason, c.kind, tuple({**b, "subject": ""} for b in c.overridden))
        for c in status_changes(competition))
    return ProtocolDocument(
        heading_of(competition), public_copy, details is not None,
        details.meeting_date if details else None, details.place if details else "",
        bool(details and details.by_circulation), members, tuple(numbers[uid] for uid in scorers), exclusions,
        formal, tuple(totals), ranking,
        competition.threshold, competition.aggregation, results.ranking.budget, results.ranking.recommended_total,
        results.ranking.remaining, details.rejection_reasons if details else "",
        details.dissenting_opinions if details else "", changes, audit_anchor(competition),
        _figures(competition), calibration=calibration_summary(competition))


def _figures(competition: Competition) -> ProtocolFigures | None:
    rubric = call_rubric(competition)
    return None if rubric is None else protocol_figures(competition, rubric, str(get_locale()))

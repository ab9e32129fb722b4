"""A competition, its committee and the members' impartiality declarations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.core.allocation import AllocationRule
from app.core.lifecycle import Stage
from app.core.offer_checks import CallTerms, OwnShareBase, OwnShareRows
from app.core.ranking import DISAGREEMENT
from app.core.rubric import AssessmentContext, CallMode
from app.extensions import db

# draft → announced (rubric locked) → merit assessment → closed (read-only); the stages are core domain rules.
CompetitionStatus = Stage


class Role(StrEnum):
    """A person's role in one competition's committee."""

    SECRETARY = "secretary"  # runs the call, does not score
    CHAIR = "chair"  # scores and sees the results
    MEMBER = "member"  # scores
    EXPERT = "expert"  # advisory voice: reads and comments, never scores
    OFFICIAL = "official"  # urzędnik: not on the committee; results and documents once the call is closed


SCORING_ROLES = (Role.CHAIR, Role.MEMBER)
# Roles that sit on the committee and sign the impartiality declaration.
DECLARING_ROLES = (Role.CHAIR, Role.MEMBER, Role.EXPERT)
MONEY = Numeric(14, 2)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Competition(db.Model):
    """An open competition for offers (otwarty konkurs ofert)."""

    __tablename__ = "competitions"
    __table_args__ = (
        CheckConstraint(_in("status", CompetitionStatus), name="known_status"),
        CheckConstraint(_in("mode", CallMode), name="known_mode"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint("threshold >= 0 AND threshold <= 1", name="threshold_is_share"),
        CheckConstraint("min_own_share >= 0 AND min_own_share <= 1", name="own_share_is_share"),
        CheckConstraint("window_start IS NULL OR window_end IS NULL OR window_start <= window_end",
                        name="window_in_order"),
        CheckConstraint(_in("aggregation", ("mean", "median")), name="known_aggregation"),
        CheckConstraint(_in("allocation_rule", AllocationRule), name="known_allocation_rule"),
        CheckConstraint("min_partial_share >= 0 AND min_partial_share <= 1", name="partial_share_is_share"),
        CheckConstraint("disagreement_limit >= 0 AND disagreement_limit <= 1", name="disagreement_is_share"),
        CheckConstraint(_in("own_share_base", OwnShareBase), name="known_own_share_base"),
        CheckConstraint("prior_tasks_years >= 1 AND prior_tasks_years <= 10", name="prior_tasks_years_in_range"),
        CheckConstraint(_in("own_share_rows", OwnShareRows), name="known_own_share_rows"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)  # e.g. "WPS-CAL/2027" — sorts files well
    title: Mapped[str] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(20), default=CallMode.SUPPORT.value)
    status: Mapped[str] = mapped_column(String(20), default=CompetitionStatus.DRAFT.value)
    rubric_id: Mapped[str] = mapped_column(String(60))
    rubric_version: Mapped[str] = mapped_column(String(40))
    rubric_hash: Mapped[str | None] = mapped_column(String(64))  # stored when announced; criteria locked
    # The call options chosen among those the rubric file declares (ids, sorted); locked with the hash.
    rubric_options: Mapped[list] = mapped_column(JSON, default=list)
    budget: Mapped[Decimal] = mapped_column(MONEY)
    min_own_share: Mapped[Decimal] = mapped_column(Numeric(6, 4), default=Decimal(0))
    # What the minimum is a share of, and which V.B rows count (app.core.offer_checks.OwnShareBase / OwnShareRows).
    own_share_base: Mapped[str] = mapped_column(String(20), default=OwnShareBase.TOTAL_COSTS.value)
    own_share_rows: Mapped[str] = mapped_column(String(20), default=OwnShareRows.OWN.value)
    # The scope of art. 15 ust. 1 pkt 6 as the call states it: tasks commissioned by whom (as in "zlecone przez …"),
    # over how many years. The office answers it per offer in the formal check.
    prior_tasks_authority: Mapped[str] = mapped_column(String(200), default="Gminę Wrocław")
    prior_tasks_years: Mapped[int] = mapped_column(default=3)
    threshold: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.6"))
    aggregation: Mapped[str] = mapped_column(String(10), default="mean")
    window_start: Mapped[date | None] = mapped_column(Date)
    window_end: Mapped[date | None] = mapped_column(Date)
    scoring_deadline: Mapped[date | None] = mapped_column(Date)
    # Set when the chair closes scoring (a lifecycle event says who and why): the ranking is final from then on.
    scoring_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the offer at which the budget runs out gets (app/core/allocation.py), and from how far apart
    # the members' shares an offer is flagged for discussion (app/core/ranking.py).
    allocation_rule: Mapped[str] = mapped_column(String(10), default=AllocationRule.SKIP.value,
                                                 server_default=AllocationRule.SKIP.value)
    min_partial_share: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal(0), server_default="0")
    disagreement_limit: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=DISAGREEMENT,
                                                        server_default=str(DISAGREEMENT))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="competition", cascade="all, delete-orphan")

    @property
    def call_mode(self) -> CallMode:
        """The commissioning mode as the core's enum."""
        return CallMode(self.mode)

    @property
    def is_closed(self) -> bool:
        """Closed competitions are read-only everywhere."""
        return self.status == CompetitionStatus.CLOSED

    @property
    def scoring_is_closed(self) -> bool:
        """No more cards: the chair closed scoring, or the competition is closed."""
        return self.is_closed or self.scoring_closed_at is not None

    @property
    def call_terms(self) -> CallTerms:
        """What the announcement fixes for the offers' figures and dates (for the offer checks)."""
        return CallTerms(mode=self.call_mode, min_own_share=self.min_own_share,
                         own_share_base=OwnShareBase(self.own_share_base),
                         own_share_rows=OwnShareRows(self.own_share_rows),
                         window_start=self.window_start, window_end=self.window_end)

    def context_for(self, applicant_prior_tasks: bool | None) -> AssessmentContext:
        """The facts that decide which criteria apply to an offer in this call."""
        return AssessmentContext(self.call_mode, applicant_prior_tasks)

    def __repr__(self) -> str:
        return f"<Competition {self.reference}>"


class Membership(db.Model):
    """A person's role in one competition."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("competition_id", "user_id"),
        CheckConstraint(_in("role", Role), name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    competition: Mapped[Competition] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def scores(self) -> bool:
        """True for roles that fill in score cards."""
        return self.role in SCORING_ROLES


class ImpartialityDeclaration(db.Model):
    """Oświadczenie o bezstronności: signed once per competition before any offer is opened."""

    __tablename__ = "impartiality_declarations"
    __table_args__ = (UniqueConstraint("competition_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    statement_version: Mapped[str] = mapped_column(String(20))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LifecycleEventKind(StrEnum):
    """A change of stage, or the chair closing scoring."""

    STATUS = "status"
    CLOSE_SCORING = "close_scoring"


class LifecycleEvent(db.Model):
    """A stage change or the closing of scoring: who, when, why, and which blockers were overridden."""

    __tablename__ = "lifecycle_events"
    __table_args__ = (
        CheckConstraint(_in("kind", LifecycleEventKind), name="known_kind"),
        CheckConstraint(_in("from_status", CompetitionStatus), name="known_from_status"),
        CheckConstraint(_in("to_status", CompetitionStatus), name="known_to_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
    overridden: Mapped[list] = mapped_column(JSON, default=list)  # blockers as plain data (core.lifecycle.describe)

    actor: Mapped[User | None] = relationship()

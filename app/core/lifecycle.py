"""What still blocks a competition's next stage, the protocol, or a final ranking.

Rules (stated once):
- merit assessment should not start without a chair and at least one other scoring member, without an admitted
  offer, or while a formal check is open (offers still pending or waiting for a supplement);
- the competition should not close, and the protocol is not ready, while a committee member has not signed the
  impartiality declaration, a formal check is open, or a scoring member (chair or member) has not submitted a
  card for an admitted offer he is not excluded from;
- announcing has no such blockers (the rubric's own checks refuse it outright);
- scoring is complete when no such card is missing (the ranking is final then: see ranking.rank).
The person who moves the call may override blockers with a written reason (kept for the protocol).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """The competition's stages, in order (the same values as the stored status)."""

    DRAFT = "draft"
    ANNOUNCED = "announced"
    MERIT = "merit"
    CLOSED = "closed"


class BlockerKind(StrEnum):
    """What can stand in the way; the UI turns a kind into a sentence."""

    DECLARATION = "declaration"  # a committee member has not signed the impartiality declaration
    FORMAL_CHECK = "formal_check"  # offers still in the formal check
    CARDS = "cards"  # a scoring member's missing cards
    NO_CHAIR = "no_chair"
    NO_SCORERS = "no_scorers"  # fewer than two scoring members (chair included)
    NO_ADMITTED = "no_admitted"


MIN_SCORERS = 2


@dataclass(frozen=True)
class OfferState:
    """An offer as the lifecycle sees it."""

    key: Hashable
    admitted: bool
    check_open: bool  # pending or to be supplemented


@dataclass(frozen=True)
class MemberState:
    """A committee member as the lifecycle sees him (the secretary is not listed)."""

    key: Hashable
    name: str
    role: str  # chair | member | expert
    declared: bool

    @property
    def scores(self) -> bool:
        """Chair and members fill in cards; advisory experts do not."""
        return self.role in ("chair", "member")


@dataclass(frozen=True)
class CommitteeSnapshot:
    """Offers, members, the submitted cards and the exclusions of one competition."""

    offers: tuple[OfferState, ...]
    members: tuple[MemberState, ...]
    submitted: frozenset[tuple[Hashable, Hashable]]  # (offer key, member key)
    excluded: frozenset[tuple[Hashable, Hashable]]


@dataclass(frozen=True)
class Blocker:
    """One thing that blocks: its kind, whom it concerns (a member's name) and which offers."""

    kind: BlockerKind
    subject: str = ""
    offers: tuple[Hashable, ...] = ()


def missing_cards(snapshot: CommitteeSnapshot) -> dict[Hashable, tuple[Hashable, ...]]:
    """Each scoring member's admitted offers without his submitted card, excluded ones left out."""
    admitted = [o.key for o in snapshot.offers if o.admitted]
    missing = {}
    for member in snapshot.members:
        if member.scores:
            keys = tuple(k for k in admitted
                         if (k, member.key) not in snapshot.submitted and (k, member.key) not in snapshot.excluded)
            if keys:
                missing[member.key] = keys
    return missing


def missing_card_count(snapshot: CommitteeSnapshot) -> int:
    """How many cards are still missing in the whole competition."""
    return sum(len(keys) for keys in missing_cards(snapshot).values())


def missing_card_total(admitted_offers: int, members: Iterable[MemberState], done: Mapping[Hashable, int]) -> int:
    """missing_card_count from counts (each member listed once): every scoring member owes a card for each admitted
    offer, less done[member key], the admitted offers he submitted a card for or is excluded from (both count once)."""
    return sum(admitted_offers - done.get(m.key, 0) for m in members if m.scores)


def protocol_blockers(snapshot: CommitteeSnapshot) -> list[Blocker]:
    """What keeps the committee's protocol from being written: declarations, formal checks, cards."""
    blockers = [Blocker(BlockerKind.DECLARATION, m.name) for m in snapshot.members if not m.declared]
    blockers += _open_checks(snapshot)
    names = {m.key: m.name for m in snapshot.members}
    blockers += [Blocker(BlockerKind.CARDS, names[key], offers) for key, offers in missing_cards(snapshot).items()]
    return blockers


def transition_blockers(target: Stage, snapshot: CommitteeSnapshot) -> list[Blocker]:
    """What still blocks the move to the target stage (empty: nothing does)."""
    if target is Stage.MERIT:
        scorers = [m for m in snapshot.members if m.scores]
        blockers = []
        if not any(m.role == "chair" for m in scorers):
            blockers.append(Blocker(BlockerKind.NO_CHAIR))
        if len(scorers) < MIN_SCORERS:
            blockers.append(Blocker(BlockerKind.NO_SCORERS))
        if not any(o.admitted for o in snapshot.offers):
            blockers.append(Blocker(BlockerKind.NO_ADMITTED))
        return blockers + _open_checks(snapshot)
    if target is Stage.CLOSED:
        return protocol_blockers(snapshot)
    return []


def _open_checks(snapshot: CommitteeSnapshot) -> list[Blocker]:
    open_checks = tuple(o.key for o in snapshot.offers if o.check_open)
    return [Blocker(BlockerKind.FORMAL_CHECK, "", open_checks)] if open_checks else []


def describe(blockers: Sequence[Blocker], offer_label) -> list[dict]:
    """Blockers as plain data to keep with an override (offer keys turned into labels, e.g. offer numbers)."""
    return [{"kind": b.kind.value, "subject": b.subject, "offers": [offer_label(k) for k in b.offers]}
            for b in blockers]

"""What blocks the next stage, the protocol and a final ranking: hand-built committees."""

from collections import Counter

from app.core.lifecycle import (
    Blocker,
    BlockerKind,
    CommitteeSnapshot,
    MemberState,
    OfferState,
    Stage,
    describe,
    missing_card_count,
    missing_card_total,
    missing_cards,
    protocol_blockers,
    transition_blockers,
)


def committee(**overrides) -> CommitteeSnapshot:
    """Three admitted offers (1, 2, 3), one pending (4); chair C, members M and N, expert E; N excluded from 2."""
    fields = dict(
        offers=(OfferState(1, True, False), OfferState(2, True, False), OfferState(3, True, False),
                OfferState(4, False, True)),
        members=(MemberState("C", "Chair", "chair", True), MemberState("M", "Member", "member", True),
                 MemberState("N", "Newcomer", "member", False), MemberState("E", "Expert", "expert", True)),
        submitted=frozenset({(1, "C"), (2, "C"), (3, "C"), (1, "M")}),
        excluded=frozenset({(2, "N")}),
    )
    fields.update(overrides)
    return CommitteeSnapshot(**fields)


def test_missing_cards_leave_out_exclusions_experts_and_offers_not_admitted():
    # M: 2 and 3 missing; N: 1 and 3 (2 excluded); the chair has all three; the expert never scores; 4 is pending
    assert missing_cards(committee()) == {"M": (2, 3), "N": (1, 3)}
    assert missing_card_count(committee()) == 4


def test_the_missing_card_total_from_counts_is_the_count_of_missing_cards_on_random_committees():
    import random

    rng = random.Random(17)
    for _ in range(300):
        offers = tuple(OfferState(key, rng.random() < 0.7, rng.random() < 0.2)
                       for key in rng.sample(range(1, 9), rng.randint(0, 8)))
        members = tuple(MemberState(key, "", rng.choice(("chair", "member", "expert")), True)
                        for key in rng.sample("ABCDEF", rng.randint(0, 6)))
        pairs = [(rng.randint(0, 9), rng.choice("ABCDEFG")) for _ in range(rng.randint(0, 30))]
        snapshot = CommitteeSnapshot(offers, members, frozenset(pairs[::2]), frozenset(pairs[1::3]))
        admitted = {o.key for o in offers if o.admitted}
        done = Counter(member for offer, member in snapshot.submitted | snapshot.excluded if offer in admitted)
        assert missing_card_total(len(admitted), members, done) == missing_card_count(snapshot)


def test_protocol_blockers_list_declarations_open_checks_and_cards():
    assert protocol_blockers(committee()) == [
        Blocker(BlockerKind.DECLARATION, "Newcomer"),
        Blocker(BlockerKind.FORMAL_CHECK, "", (4,)),
        Blocker(BlockerKind.CARDS, "Member", (2, 3)),
        Blocker(BlockerKind.CARDS, "Newcomer", (1, 3)),
    ]


def test_nothing_blocks_when_the_committee_is_done():
    done = committee(offers=(OfferState(1, True, False), OfferState(4, False, False)),
                     members=(MemberState("C", "Chair", "chair", True), MemberState("M", "Member", "member", True)),
                     submitted=frozenset({(1, "C"), (1, "M")}), excluded=frozenset())
    assert protocol_blockers(done) == []
    assert transition_blockers(Stage.CLOSED, done) == []
    assert transition_blockers(Stage.MERIT, done) == []


def test_closing_is_blocked_by_what_blocks_the_protocol():
    assert transition_blockers(Stage.CLOSED, committee()) == protocol_blockers(committee())


def test_merit_needs_a_chair_two_scorers_an_admitted_offer_and_no_open_check():
    empty = CommitteeSnapshot(offers=(OfferState(7, False, True), OfferState(8, False, True)),
                              members=(MemberState("E", "Expert", "expert", True),),
                              submitted=frozenset(), excluded=frozenset())
    assert transition_blockers(Stage.MERIT, empty) == [
        Blocker(BlockerKind.NO_CHAIR), Blocker(BlockerKind.NO_SCORERS), Blocker(BlockerKind.NO_ADMITTED),
        Blocker(BlockerKind.FORMAL_CHECK, "", (7, 8))]
    # a chair alone is still fewer than two scorers; unsigned declarations do not block the start
    alone = committee(members=(MemberState("C", "Chair", "chair", False),))
    assert transition_blockers(Stage.MERIT, alone) == [Blocker(BlockerKind.NO_SCORERS),
                                                        Blocker(BlockerKind.FORMAL_CHECK, "", (4,))]


def test_announcing_has_no_committee_blockers():
    assert transition_blockers(Stage.ANNOUNCED, committee(offers=(), members=())) == []


def test_blockers_are_described_as_plain_data_for_the_protocol():
    numbers = {1: "1/2027", 3: "3/2027", 4: "4/2027"}
    assert describe([Blocker(BlockerKind.FORMAL_CHECK, "", (4,)), Blocker(BlockerKind.CARDS, "Newcomer", (1, 3))],
                    numbers.__getitem__) == [
        {"kind": "formal_check", "subject": "", "offers": ["4/2027"]},
        {"kind": "cards", "subject": "Newcomer", "offers": ["1/2027", "3/2027"]}]

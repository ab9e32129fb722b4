"""Reading a card's aggregated score string (app.results.queries.read_entries) and totalling many (CardTotals)."""

from decimal import Decimal

from app.results.queries import CardTotals, read_entries


def test_points_marks_and_blanks_are_read_the_same_the_second_time():
    text = "A1=8.00,B1=-,C1=,D1=0,E1=2.50"
    expected = ({"A1": Decimal("8.00"), "B1": None, "C1": None, "D1": Decimal("0"), "E1": Decimal("2.50")},
                frozenset({"B1"}))
    assert read_entries(text) == expected
    assert read_entries(text) == expected  # from the cache of entries
    points, marked = read_entries("A1=-,B1=8.00")
    assert points == {"A1": None, "B1": Decimal("8.00")} and marked == {"A1"}


def _plans():
    """The mini rubric's plans in every context, with B2 as a deduction too."""
    from dataclasses import replace

    from app.core.rubric import AssessmentContext, CallMode
    from app.core.scoring import totals_plan
    from app.rubrics.loader import load_rubric
    from tests.conftest import DATA

    mini = load_rubric(DATA / "mini-rubric.toml", DATA.parent.parent).rubric
    deduction = replace(mini, sections=tuple(
        replace(s, criteria=tuple(replace(c, deduction=True) if c.id == "B2" else c for c in s.criteria))
        for s in mini.sections))
    return [totals_plan(r, AssessmentContext(m, prior)) for r in (mini, deduction) for m in CallMode
            for prior in (True, False, None)]


def test_card_totals_of_aggregated_strings_are_plan_totals():
    import random

    from app.core.scoring import plan_total

    rng = random.Random(5)
    written = {"SQLite": lambda v: f"{v:f}".rstrip("0").rstrip(".") if "." in f"{v:f}" else f"{v:f}",
               "PostgreSQL": lambda v: f"{v:.2f}"}
    for plan in _plans():
        totals = CardTotals(plan)
        for _ in range(60):
            write = written[rng.choice(list(written))]
            entries = []
            for criterion_id in ("A1", "A2", "B1", "B2", "Z9"):
                roll = rng.random()
                if roll < 0.1:
                    continue  # no score for the criterion
                value = "-" if roll < 0.25 else "" if roll < 0.3 else write(Decimal(rng.randint(0, 20)) / 2)
                entries.append(f"{criterion_id}={value}")
            if not entries:
                continue
            rng.shuffle(entries)  # the database's order
            text = ",".join(entries)
            assert totals(text) == plan_total(plan, *read_entries(text)), text


def test_card_totals_fall_back_on_plan_total_when_a_sum_could_round():
    from dataclasses import replace

    from app.core.scoring import plan_total

    plan = _plans()[0]
    # weights of 28 digits: 10 × weight and 1 × weight need more digits together than a Decimal keeps
    huge = replace(plan, rows=tuple((cid, Decimal("1234567890123456789012345678"), m, mp, d)
                                    for cid, _w, m, mp, d in plan.rows))
    twice = replace(plan, rows=plan.rows + plan.rows[:1])  # a criterion counted twice: only plan_total knows how
    for odd in (huge, twice):
        totals = CardTotals(odd)
        for text in ("A1=10,A2=0.5,B2=-", "A2=0.5,A1=10", "B1=3.5,A1=1"):
            assert totals(text) == plan_total(odd, *read_entries(text))
    totals = CardTotals(huge)
    totals("A1=10,A2=0.5")
    assert not totals._sums.exact

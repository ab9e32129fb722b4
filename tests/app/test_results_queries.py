"""Reading a card's aggregated score string (app.results.queries.read_entries)."""

from decimal import Decimal

from app.results.queries import read_entries


def test_points_marks_and_blanks_are_read_the_same_the_second_time():
    text = "A1=8.00,B1=-,C1=,D1=0,E1=2.50"
    expected = ({"A1": Decimal("8.00"), "B1": None, "C1": None, "D1": Decimal("0"), "E1": Decimal("2.50")},
                frozenset({"B1"}))
    assert read_entries(text) == expected
    assert read_entries(text) == expected  # from the cache of entries
    points, marked = read_entries("A1=-,B1=8.00")
    assert points == {"A1": None, "B1": Decimal("8.00")} and marked == {"A1"}

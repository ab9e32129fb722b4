"""Chart geometry: bins, the threshold line and horizontal ranges, by hand."""

from decimal import Decimal as D

from app.core.charts import PLOT_LEFT, PLOT_WIDTH, histogram, range_rows, scale_x


def test_histogram_bins_and_threshold():
    chart = histogram([D("0.05"), D("0.61"), D("0.65"), D("0.6"), D("1"), D("0.9999")], D("0.6"))
    assert [c.count for c in chart.columns] == [1, 0, 0, 0, 0, 0, 3, 0, 0, 2]
    assert (chart.columns[6].lower, chart.columns[6].upper, chart.top) == (60, 70, 3)
    assert chart.columns[6].height == 200 and chart.columns[9].height == 200 * 2 / 3
    assert chart.threshold_x == PLOT_LEFT + PLOT_WIDTH * 0.6


def test_an_empty_histogram_has_no_columns_drawn():
    assert {c.height for c in histogram([], D("0.6")).columns} == {0}


def test_range_rows_on_one_scale():
    rows = range_rows([("A1", D(2), D(5), D(8)), ("B1", None, None, None), ("C1", -3, 0, 20)], 0, 10)
    assert (rows[0].start, rows[0].mark, rows[0].end) == (PLOT_LEFT + PLOT_WIDTH * 0.2, PLOT_LEFT + PLOT_WIDTH * 0.5,
                                                          PLOT_LEFT + PLOT_WIDTH * 0.8)
    assert rows[1].start == rows[1].end and rows[1].mark is None
    assert (rows[2].start, rows[2].end) == (PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH)  # clamped to the scale
    assert [r.y for r in rows] == [0, 22, 44]
    assert scale_x(0, -1, 1) == PLOT_LEFT + PLOT_WIDTH / 2


def test_agreement_charts_from_the_figures():
    from app.core.charts import agreement_charts
    from app.core.committee_agreement import committee_agreement
    from tests.unit.test_committee_agreement import COMMITTEE, CRITERIA

    figures = committee_agreement(COMMITTEE, CRITERIA, D("0.20"))
    charts = agreement_charts(figures, D("0.6"), {1: "Anna", 2: "Jan"})
    # committee shares 0.80, 0.50, 0.5333, 0.8833, 0.4333, 0.65 → bins 40, 50, 50, 60, 80, 80
    assert [c.count for c in charts.distribution.columns] == [0, 0, 0, 0, 1, 2, 1, 0, 2, 0]
    # B: lowest 1 of 5 = 0.2, mean 3.25 of 5 = 0.65, highest 5 of 5
    b = charts.criteria[1]
    assert (b.start, b.mark, b.end) == (PLOT_LEFT + PLOT_WIDTH * 0.2, PLOT_LEFT + PLOT_WIDTH * 0.65,
                                        PLOT_LEFT + PLOT_WIDTH)
    # member 2's mean deviation −0.1542 is the largest: the scale is ±0.1542 and its bar ends at 0
    assert charts.leniency_bound == D("0.1542") and [r.label for r in charts.leniency] == ["Anna", "Jan", "3"]
    jan = charts.leniency[1]
    assert (jan.start, jan.end) == (PLOT_LEFT, charts.leniency_zero)
    assert charts.leniency_zero == PLOT_LEFT + PLOT_WIDTH / 2

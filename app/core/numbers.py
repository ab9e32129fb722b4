"""Decimal parsing and the one place where rounding rules live.

Rules (stated once, used everywhere):
- points a reviewer gives and card totals are exact: they are sums of multiples of
  the scale step (times weights), which Decimal represents without error;
- derived figures are rounded ROUND_HALF_UP: aggregated points (means, medians) to
  0.01 point, shares of the applicable maximum to 0.0001 (i.e. 0.01 percentage point);
- rankings and thresholds use the rounded figures, so what a user sees is what counts.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

POINTS_QUANTUM = Decimal("0.01")
SHARE_QUANTUM = Decimal("0.0001")


def to_decimal(value: object) -> Decimal:
    """Read an int, str or Decimal as a finite Decimal; refuse floats and bools."""
    if isinstance(value, (bool, float)):
        raise ValueError(f"not an exact number: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, str)):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise ValueError(f"not a number: {value!r}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def round_points(value: Decimal) -> Decimal:
    """Round aggregated points to 0.01, half up."""
    return value.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def round_share(value: Decimal) -> Decimal:
    """Round a share of the maximum to 0.0001, half up."""
    return value.quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)


def is_multiple(value: Decimal, step: Decimal) -> bool:
    """True when value is a whole number of steps."""
    return (value % step) == 0


def canonical_decimal(value: Decimal) -> str:
    """A Decimal as its shortest plain string: 10.50 -> '10.5', 1E+1 -> '10'."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text

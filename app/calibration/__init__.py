"""The calibration round: members score the same fictional sample offers before the real ones."""

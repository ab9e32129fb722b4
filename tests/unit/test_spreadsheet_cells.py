"""Spreadsheet text: formula starts defused, XML-illegal characters removed, hand-checked cases."""

import pytest

from app.core.spreadsheet_text import neutralise


@pytest.mark.parametrize(("text", "expected"), [
    ("=HYPERLINK(\"http://zlo.example\",\"klik\")", "'=HYPERLINK(\"http://zlo.example\",\"klik\")"),
    ("+48 71 000 00 00", "'+48 71 000 00 00"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Zażółć gęślą jaźń", "Zażółć gęślą jaźń"),
    ("a = b", "a = b"),
    ("", ""),
    ("\x01=cmd", "'=cmd"),  # the control character is removed first, then the formula start is defused
    ("wiersz\x0bdrugi\x00", "wierszdrugi"),
    ("nowa\nlinia", "nowa\nlinia"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected

"""Comparing free text the way a reader would: by its words, not its punctuation."""

import re

_NON_LETTERS = re.compile(r"[\W\d_]+")


def words_only(text: str) -> str:
    """Lower-case words separated by single spaces."""
    return _NON_LETTERS.sub(" ", text.casefold()).strip()

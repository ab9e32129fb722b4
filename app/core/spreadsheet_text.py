"""Text bound for a spreadsheet cell (XLSX or CSV): never evaluated as a formula, never invalid XML.

A cell that begins with = + - @, a tab or a carriage return can be taken by Excel or LibreOffice
for a formula ("CSV injection", OWASP); such text gets a leading apostrophe, as OWASP advises,
so it is shown as typed and never run. Control characters that XML 1.0 forbids (an XLSX is XML)
are removed: a justification pasted from another program may carry them.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def neutralise(text: str) -> str:
    """The text safe for a spreadsheet cell: illegal characters removed, a formula start defused."""
    cleaned = _XML_ILLEGAL.sub("", text) if _XML_ILLEGAL.search(text) else text  # search alone is cheaper
    if cleaned.startswith(FORMULA_STARTS):
        return "'" + cleaned
    return cleaned

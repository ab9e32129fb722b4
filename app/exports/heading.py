"""What every official document says at its top: the call, whether it is a draft, when it was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.competitions.models import Competition
from app.i18n import local_today


@dataclass(frozen=True)
class Heading:
    """The call a document belongs to; ``draft`` ("wersja robocza") until the call is closed."""

    reference: str
    call_title: str
    draft: bool
    made_on: date


def heading_of(competition: Competition) -> Heading:
    """The heading of a document of this call, made today (Wrocław's date)."""
    return Heading(competition.reference, competition.title, not competition.is_closed, local_today())

"""The task's dates as a file writes them (section III.2), in the formats Polish offers use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .drafts import Draft

MONTHS = {"stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7,
          "sierpnia": 8, "września": 9, "października": 10, "listopada": 11, "grudnia": 12}
# 01.02.2027 (also 1.2.2027 and with "/" or "-"), 2027-02-01, 1 lutego 2027 (r.)
_DATE = re.compile(
    r"(?<!\d)(?:(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2})"
    rf"|(?P<word_day>\d{{1,2}})\s+(?P<word_month>{'|'.join(MONTHS)})\s+(?P<word_year>\d{{4}}))(?!\d)",
    re.IGNORECASE)
DATE_SECTION = "III.2"


@dataclass(frozen=True)
class TaskDates:
    """The first and the last date written in section III.2."""

    start: date
    end: date


def dates_in(text: str) -> list[date]:
    """Every valid date written in a text, in order."""
    found = []
    for match in _DATE.finditer(text):
        if match["day"]:
            parts = (match["year"], match["month"], match["day"])
        elif match["iso_year"]:
            parts = (match["iso_year"], match["iso_month"], match["iso_day"])
        else:
            parts = (match["word_year"], MONTHS[match["word_month"].lower()], match["word_day"])
        try:
            found.append(date(int(parts[0]), int(parts[1]), int(parts[2])))
        except ValueError:
            continue  # 31.02.2027 is not a date
    return found


def task_dates(draft: Draft) -> TaskDates | None:
    """The task's start and end as a file gives them under III.2; None when fewer than two dates stand there."""
    found = [day for part in draft.text_parts if part.section == DATE_SECTION for day in dates_in(part.text)]
    if len(found) < 2:
        return None
    return TaskDates(found[0], found[-1])

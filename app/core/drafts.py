"""A draft offer as the self-check reads it: the form filled in, or a file cut into parts under the form's sections.

A part of a file stands under the section of the 2018 form whose heading comes last above it;
headings are found by the form's own titles (and numbering), so a draft written in Word on the
official template is read section by section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from .offer import Offer
from .offer_completeness import CompletenessCode, CompletenessThresholds, Gap, SectionState, SectionStatus
from .source_text import word_count

COMPLETENESS_SECTIONS = ("II.1", "II.2", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "IV.1", "IV.2",
                         "V.A", "V.B")


class DraftSource(StrEnum):
    """Where the draft's text comes from."""

    FORM = "form"
    DOCX = "docx"
    ODT = "odt"
    PDF = "pdf"


class BudgetSkip(StrEnum):
    """Why the budget (V.A, V.B) of an uploaded draft was not checked, with the params each carries."""

    PDF = "pdf"  # —: a PDF keeps the tables' layout, not their rows and columns
    NO_COST_TABLE = "no_cost_table"  # —: no table V.A in the layout of the 2018 form
    NO_FUNDING_TABLE = "no_funding_table"  # —: table V.A found, table V.B not
    UNREADABLE_NUMBER = "unreadable_number"  # row, text: a cell that should hold an amount


@dataclass(frozen=True)
class BudgetNotChecked:
    """The reason the budget was not checked, and what it refers to."""

    reason: BudgetSkip
    params: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class DraftPart:
    """A piece of the draft's text and where it stands: section, field and row (form), page, paragraph (file).

    A heading starts a section of the form. When it is the form's own wording (its words are
    the form's, or it has the form's instructions in brackets) it is not searched for evidence:
    the form's headings speak of "potrzeby" and "rezultaty" in every offer. ``form_text`` marks
    other words the form prints (a column title, a row name of the cost tables): never evidence,
    never a heading.
    """

    text: str
    section: str | None = None
    field_name: str | None = None
    row: int | None = None
    page: int | None = None
    paragraph: int | None = None
    heading: bool = False
    form_text: bool = False


@dataclass(frozen=True)
class Draft:
    """What the self-check reads: the form's data and/or the text of a file."""

    source: DraftSource
    parts: tuple[DraftPart, ...] = ()
    offer: Offer | None = None
    budget_skip: BudgetNotChecked | None = None
    filename: str = ""
    stated_costs_total: Decimal | None = None  # what a file's own V.A total row says, when it has one

    @property
    def text_parts(self) -> tuple[DraftPart, ...]:
        """The parts written by the applicant: not headings (their content after a colon is a part of its
        own), not the form's wording or instructions, nor the declarations of section VII."""
        return tuple(p for p in self.parts if p.text.strip() and p.section != "VII" and not p.form_text
                     and not p.heading and not is_form_wording(p.text, heading=False))


def form_draft(offer: Offer) -> Draft:
    """A draft typed into the offer form: every text field becomes a part with its section and field."""
    return Draft(DraftSource.FORM, form_parts(offer), offer)


def form_parts(offer: Offer) -> tuple[DraftPart, ...]:
    """The offer's texts in the order of the form, each with its section, field name and row."""
    s = offer.summary
    parts = [DraftPart(offer.title, "III.1", "title"),
             *(DraftPart(getattr(s, name), "III.3", name)
               for name in ("place", "target_group", "needs", "complementarity"))]
    for number, action in enumerate(offer.actions, start=1):
        parts += [DraftPart(getattr(action, name), "III.4", name, number)
                  for name in ("name", "description", "target_group", "period", "performer")]
    parts.append(DraftPart(offer.expected_results, "III.5", "expected_results"))
    for number, result in enumerate(offer.results, start=1):
        parts += [DraftPart(getattr(result, name), "III.6", name, number)
                  for name in ("result", "planned_value", "monitoring")]
    parts += [DraftPart(offer.experience, "IV.1", "experience"), DraftPart(offer.resources, "IV.2", "resources")]
    parts += [DraftPart(row.cost_type, "V.A", "cost_type", number) for number, row in enumerate(offer.costs, start=1)]
    parts.append(DraftPart(offer.other_information, "VI", "other_information"))
    return tuple(p for p in parts if p.text.strip())


# --- the sections of an uploaded file, found by the 2018 form's headings ----------------------

# The start of each section's title in the 2018 form (lower case); a paragraph that starts with
# one (after its numbering) and is short is that section's heading.
SECTION_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I", ("podstawowe informacje o złożonej ofercie",)),
    ("II.1", ("dane oferenta", "nazwa oferenta")),
    ("II.2", ("dane osoby upoważnionej", "osoba upoważniona do składania wyjaśnień")),
    ("III", ("opis zadania",)),
    ("III.1", ("tytuł zadania",)),
    ("III.2", ("termin realizacji zadania",)),
    ("III.3", ("syntetyczny opis zadania",)),
    ("III.4", ("plan i harmonogram działań",)),
    ("III.5", ("opis zakładanych rezultatów",)),
    ("III.6", ("dodatkowe informacje dotyczące rezultatów",)),
    ("IV", ("charakterystyka oferenta",)),
    ("IV.1", ("informacja o wcześniejszej działalności",)),
    ("IV.2", ("zasoby kadrowe",)),
    ("V", ("kalkulacja przewidywanych kosztów",)),
    ("V.A", ("zestawienie kosztów realizacji zadania",)),
    ("V.B", ("źródła finansowania kosztów",)),
    ("V.C", ("podział kosztów realizacji zadania pomiędzy oferentów",)),
    ("VI", ("inne informacje",)),
    ("VII", ("oświadczenia",)),
)
HEADING_MAX_WORDS = 60
# Every word of the 2018 form's own headings: a heading made only of them is the form's wording.
FORM_WORDING = frozenset(" ".join((
    "podstawowe informacje o złożonej ofercie organ administracji publicznej do którego jest adresowana oferta",
    "rodzaj zadania publicznego dane oferenta tów nazwa forma prawna numer w krajowym rejestrze sądowym lub innej",
    "ewidencji adres siedziby strona www do korespondencji e-mail telefonu osoby upoważnionej składania wyjaśnień",
    "dotyczących oferty opis zadania tytuł termin realizacji data rozpoczęcia zakończenia syntetyczny plan i",
    "harmonogram działań na rok zakładanych rezultatów dodatkowe informacje dotyczące charakterystyka",
    "informacja wcześniejszej działalności szczególności zakresie którego dotyczy zadanie publiczne zasoby",
    "kadrowe rzeczowe finansowe które będą wykorzystane do kalkulacja przewidywanych kosztów zestawienie",
    "źródła finansowania podział pomiędzy oferentów inne jeżeli oświadczenia",
)).split())
# "III.3.", "III. 3)", "3.", "V.A", "A." before a title; an explicit "III.3" alone also names the section.
_NOT_LETTER = r"(?![^\W\d_])"
_NUMBERING = re.compile(rf"^\s*(?:(?P<roman>VII|VI|IV|V|I{{1,3}}){_NOT_LETTER}\s*[.)]?\s*"
                        rf"(?:(?P<sub>[1-6]|[ABC]){_NOT_LETTER}\s*[.)]?)?|(?P<number>[1-6]|[A-C])\s*[.)])\s*",
                        re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# What a form copied from the call's annex still says to its reader: an instruction ("Należy opisać…",
# "Tu wpisz…", "Proszę wskazać…") and placeholders in brackets ("[nazwa działania]").
_INSTRUCTION = re.compile(r"^(?:należy|proszę|tu wpisz|wpisz|opisz|wskaż|uzupełnij|podaj)(?![^\W\d_])", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_HEADING_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_KNOWN_SECTIONS = frozenset(section for section, _ in SECTION_HEADINGS)


def heading_section(text: str) -> str | None:
    """The section of the 2018 form a paragraph is the heading of, or None for ordinary text.

    An explicit "III.3" wins over a title: "III.3 Opis zadania" is III.3, although "Opis zadania"
    is the title of part III.
    """
    flat = _SPACES.sub(" ", text).strip()
    if not flat or word_count(flat) > HEADING_MAX_WORDS:
        return None
    numbering = _NUMBERING.match(flat)
    rest = flat[numbering.end():] if numbering else flat
    # "III.3" written out in full names its section even under a title of the applicant's own; a number
    # alone ("II.1." in the number column of the cost table) does not.
    if numbering and numbering["roman"] and numbering["sub"] and _HEADING_WORD.search(rest):
        explicit = f"{numbering['roman'].upper()}.{numbering['sub'].upper()}"
        if explicit in _KNOWN_SECTIONS and numbering["roman"].isupper():
            return explicit
    lowered = rest.lower()
    for section, titles in SECTION_HEADINGS:
        if any(lowered.startswith(title) for title in titles):
            return section
    return None


def split_heading(text: str) -> tuple[str, str]:
    """A heading and the applicant's content written after it on the same line, after a colon or a dash
    outside brackets ("III.6 Rezultaty: 40 spotkań (lista obecności)"); the content is "" when there is none."""
    flat = _SPACES.sub(" ", text).strip()
    numbering = _NUMBERING.match(flat)
    start = numbering.end() if numbering else 0
    depth = 0
    for position in range(start, len(flat)):
        char = flat[position]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and (char == ":" or (char in "–—-" and flat[position - 1:position] == " ")):
            heading, content = flat[:position].strip(), flat[position + 1:].strip()
            if _HEADING_WORD.search(content) or any(c.isdigit() for c in content):
                return heading, content
            return flat, ""
    return flat, ""


def is_form_wording(text: str, *, heading: bool = True) -> bool:
    """True for the form's own wording: a line whose words are the form's (one other allowed in a
    heading), an instruction, or nothing but brackets ("[Tu wpisz opis]", "(należy podać…)"). The
    section's number ("V.A", "III.3") is not a word."""
    flat = _SPACES.sub(" ", text).strip()
    numbering = _NUMBERING.match(flat)
    rest = flat[numbering.end():] if numbering else flat
    if (rest.startswith("(") and rest.endswith(")")) or _INSTRUCTION.match(rest):
        return True
    if _BRACKETED.search(rest) and not _HEADING_WORD.search(_BRACKETED.sub(" ", rest)):
        return True
    words = _HEADING_WORD.findall(rest.lower())
    unknown = [w for w in words if w not in FORM_WORDING]
    if heading:
        return len(unknown) <= 1 or "(" in rest
    return bool(words) and not unknown


def locate_sections(parts: Sequence[DraftPart]) -> tuple[DraftPart, ...]:
    """Mark the form's headings among a file's paragraphs and give each paragraph the section above it.

    A heading that carries the applicant's content after a colon becomes two parts: the heading, and
    the content as the section's first paragraph.
    """
    located = []
    current: str | None = None
    for part in parts:
        section = None if part.heading or part.form_text else heading_section(part.text)
        if section is not None:
            current = section
            heading, content = split_heading(part.text)
            located.append(replace(part, text=heading, section=section, heading=True))
            if content:
                located.append(replace(part, text=content, section=section))
        else:
            located.append(replace(part, section=part.section or current))
    return tuple(located)


def file_draft(source: DraftSource, parts: Sequence[DraftPart], *, offer: Offer | None = None,
               budget_skip: BudgetNotChecked | None = None, filename: str = "",
               stated_costs_total: Decimal | None = None) -> Draft:
    """A draft read from a file: its paragraphs with their sections, and the budget if its tables were read."""
    return Draft(source, locate_sections(parts), offer, None if offer is not None else budget_skip, filename,
                 stated_costs_total if offer is not None else None)


IDENTITY_MAX_CHARS = 200


def draft_title(draft: Draft) -> str:
    """The task's title: the form's field, or a file's first paragraph under III.1; "" when not found."""
    if draft.offer is not None and draft.offer.title.strip():
        return _clip(draft.offer.title)
    return _first_paragraph(draft, "III.1")


def draft_applicant(draft: Draft) -> str:
    """The applicant's name: the form's field, or a file's first paragraph under II.1; "" when not found."""
    names = [a.name.strip() for a in draft.offer.applicants] if draft.offer is not None else []
    if any(names):
        return _clip(", ".join(n for n in names if n))
    return _first_paragraph(draft, "II.1")


def _first_paragraph(draft: Draft, section: str) -> str:
    return next((_clip(p.text) for p in draft.text_parts if p.section == section), "")


def _clip(text: str) -> str:
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= IDENTITY_MAX_CHARS else flat[:IDENTITY_MAX_CHARS - 1].rstrip() + "…"


def text_section_minimums(t: CompletenessThresholds) -> dict[str, int]:
    """Words below which a section of a file is thin: the form's thresholds added up per section."""
    return {"II.1": 1, "II.2": 1, "III.1": t.title_words, "III.2": 1,
            "III.3": t.place_words + t.target_group_words + t.needs_words + t.complementarity_words,
            "III.4": t.min_actions * t.action_description_words, "III.5": t.expected_results_words,
            "III.6": t.min_results * 3, "IV.1": t.experience_words, "IV.2": t.resources_words,
            "V.A": 1, "V.B": 1}


def text_completeness(draft: Draft, thresholds: CompletenessThresholds | None = None) -> list[SectionStatus]:
    """The state of each section of a file: missing (no heading or nothing under it), thin, complete."""
    minimums = text_section_minimums(thresholds or CompletenessThresholds())
    words = dict.fromkeys(COMPLETENESS_SECTIONS, 0)
    for part in draft.text_parts:
        if part.section in words:
            words[part.section] += word_count(part.text)
    statuses = []
    for section in COMPLETENESS_SECTIONS:
        if words[section] == 0:
            statuses.append(SectionStatus(section, SectionState.MISSING, (Gap(CompletenessCode.SECTION_EMPTY),)))
        elif words[section] < minimums[section]:
            gap = Gap(CompletenessCode.TOO_FEW_WORDS, params={"words": words[section],
                                                             "min_words": minimums[section]})
            statuses.append(SectionStatus(section, SectionState.THIN, (gap,)))
        else:
            statuses.append(SectionStatus(section, SectionState.COMPLETE))
    return statuses


def sections_found(draft: Draft) -> frozenset[str]:
    """The sections whose heading stands in a file."""
    return frozenset(p.section for p in draft.parts if p.heading and p.section)

"""What the self-check says, in plain words for an NGO's coordinator."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.drafts import BudgetNotChecked, BudgetSkip, DraftPart, DraftSource
from app.core.element_evidence import ElementStatus
from app.core.offer_completeness import Gap
from app.core.selfcheck import DatesCheck
from app.offers.check_messages import COMPLETENESS_MESSAGES, FIELD_LABELS, SECTION_TITLES

from .readers import UploadProblem

UPLOAD_MESSAGES = {
    UploadProblem.EMPTY: _l("The file is empty or has no text. Check that you have chosen the right file."),
    UploadProblem.TOO_BIG: _l("The file is too large: the limit is %(max_mb)s MB. Save the draft without "
                              "pictures, or fill in the form on this site instead."),
    UploadProblem.UNKNOWN_TYPE: _l("This is not a .docx, .odt or .pdf file (we look at what is inside the file, not "
                                   "at its name). Save your draft in Word as .docx or as PDF and try again."),
    UploadProblem.OLD_WORD: _l("This is a file in the old Word format (.doc). Open it in Word, save it as .docx "
                               "(File, Save as) and upload the new file."),
    UploadProblem.ENCRYPTED: _l("The file is protected with a password, so it cannot be read. Save a copy without "
                                "the password and upload that copy."),
    UploadProblem.CORRUPT: _l("The file is damaged and cannot be read. Open it on your computer, save it again "
                              "and upload the new copy."),
    UploadProblem.NO_TEXT_LAYER: _l("The PDF file has no text, only pictures of pages: it looks like a scan without "
                                    "a text layer. Upload the file you wrote the draft in (.docx or .odt), or a PDF "
                                    "saved from it."),
    UploadProblem.TOO_LONG: _l("The file is too long for the self-check (over about 100 pages). Upload the offer "
                               "alone, without attachments."),
}

BUDGET_SKIP_MESSAGES = {
    BudgetSkip.PDF: _l("The budget has not been checked: a PDF file keeps how the tables look, but not their rows "
                       "and columns, so the figures cannot be read reliably. To have the budget checked, upload the "
                       ".docx file or type tables V.A and V.B into the form."),
    BudgetSkip.NO_COST_TABLE: _l("The budget has not been checked: the file has no cost table (V.A) laid out as in "
                                 "the 2018 offer form, with the columns “Rodzaj kosztu”, “Koszt jednostkowy”, "
                                 "“Liczba jednostek” and “Wartość”. Use the form's tables, or type the figures into "
                                 "the form on this site."),
    BudgetSkip.NO_FUNDING_TABLE: _l("The budget has not been checked: the file has a cost table (V.A), but no table "
                                    "of funding sources (V.B) laid out as in the 2018 offer form, so the totals "
                                    "cannot be compared."),
    BudgetSkip.UNREADABLE_NUMBER: _l("The budget has not been checked: in row %(row)s of the budget, “%(text)s” is "
                                     "not an amount. Write amounts as numbers, e.g. 1 234,50."),
}

SOURCE_NAMES = {
    DraftSource.FORM: _l("the offer form filled in on this site"),
    DraftSource.DOCX: _l("a Word file (.docx)"),
    DraftSource.ODT: _l("an OpenDocument file (.odt)"),
    DraftSource.PDF: _l("a PDF file"),
}

ELEMENT_STATUS_NAMES = {
    ElementStatus.ADDRESSED: _l("addressed"),
    ElementStatus.MENTIONED: _l("mentioned only"),
    ElementStatus.NOT_FOUND: _l("not found"),
    ElementStatus.NOT_ASSESSED: _l("not assessed"),
}

ELEMENT_KIND_NAMES = {
    "value": _l("Values"),
    "method": _l("Working methods"),
    "effect": _l("Desired effects"),
    "condition": _l("Conditions"),
    "partnership": _l("Partnership"),
    "network": _l("Network of CALs"),
}

# Headings of whole parts of the form, and fields the offer form's labels do not name.
PART_TITLES = {
    "I": _l("I Basic information about the offer"),
    "III": _l("III Description of the task"),
    "IV": _l("IV The applicant"),
    "V": _l("V Calculation of the costs"),
    "VII": _l("VII Declarations"),
}
EXTRA_FIELD_LABELS = {
    ("III.4", "performer"): _l("Who carries it out"),
    ("VI", "other_information"): _l("Other information"),
}


def section_title(section: str | None) -> str:
    """The title of a section of the form, as the offer pages give it."""
    if section is None:
        return _("before the first heading of the form")
    return str(SECTION_TITLES.get(section) or PART_TITLES.get(section) or section)


def field_label(section: str | None, name: str | None) -> str | None:
    """The label of a field of the form, if it has one."""
    label = FIELD_LABELS.get((section, name)) or EXTRA_FIELD_LABELS.get((section, name))
    return None if label is None else str(label)


def location_text(part: DraftPart, section_paragraph: int | None = None) -> str:
    """Where a passage stands, as the applicant finds it again: page (PDF), section, then the field and
    row (form) or the paragraph counted from the section's heading (file)."""
    pieces = []
    if part.page is not None:
        pieces.append(_("page %(page)s", page=part.page))
    if part.section is None:
        pieces.append(section_title(None))
    else:
        pieces.append(_("section %(title)s", title=section_title(part.section)))
    label = field_label(part.section, part.field_name)
    if label:
        pieces.append(label)
    if part.row is not None:
        pieces.append(_("row %(row)s", row=part.row))
    if section_paragraph is not None:
        pieces.append(_("paragraph %(number)s", number=section_paragraph))
    return ", ".join(pieces)


def gap_text(section: str, gap: Gap) -> str:
    """A completeness gap as a sentence; a gap of a whole section of a file is named by the section."""
    label = field_label(section, gap.field_name) if gap.field_name else section_title(section)
    params = {"field": label or gap.field_name or "", "row": gap.row or "", **gap.params}
    return str(COMPLETENESS_MESSAGES[gap.code]) % params


def budget_skip_text(skip: BudgetNotChecked | None) -> str:
    """Why the budget was not checked, as a sentence."""
    if skip is None:
        return _("The budget has not been checked: the file has no tables that could be read.")
    return str(BUDGET_SKIP_MESSAGES[skip.reason]) % skip.params


def upload_problem_text(problem: UploadProblem, params: dict) -> str:
    """Why an upload was refused, as a sentence."""
    return str(UPLOAD_MESSAGES[problem]) % params


def coverage_rows(states) -> list[tuple[str, str, list]]:
    """The Model's elements grouped by kind, in the Model's order of kinds: (kind, its name, element states)."""
    rows: dict[str, list] = {}
    for state in states:
        rows.setdefault(state.element.kind, []).append(state)
    order = list(ELEMENT_KIND_NAMES)
    return [(kind, str(ELEMENT_KIND_NAMES.get(kind, kind)), found)
            for kind, found in sorted(rows.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)]


DATES_MESSAGES = {
    DatesCheck.CHECKED: _l("The dates of the task (%(start)s – %(end)s) were checked against the call's window "
                           "(%(window)s)."),
    DatesCheck.NO_WINDOW: _l("The dates of the task (%(start)s – %(end)s) were read, but not checked against a "
                             "call's window, because no call was chosen: only that the task ends after it starts."),
    DatesCheck.NOT_FOUND: _l("The dates of the task were not checked: we did not find a start and an end date in "
                             "section III.2. Write them e.g. as 01.02.2027, 1 lutego 2027 or 2027-02-01."),
}


def dates_text(report, terms) -> str:
    """What the report says about the task's dates: checked, read only, or not checked, and why."""
    from app.i18n import format_day

    if report.dates is DatesCheck.NOT_FOUND:
        return str(DATES_MESSAGES[report.dates])
    found = report.task_dates
    start, end = (found.start, found.end) if found else (report.draft.offer.start_date, report.draft.offer.end_date)
    params = {"start": format_day(start), "end": format_day(end)}
    if report.dates is DatesCheck.CHECKED:
        window = [format_day(day) for day in (terms.window_start, terms.window_end) if day is not None]
        params["window"] = " – ".join(window)
    return str(DATES_MESSAGES[report.dates]) % params

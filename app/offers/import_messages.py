"""Problems of an import as sentences in the user's language."""

from flask_babel import lazy_gettext as _l

from app.core.offer_import import ImportProblem, ProblemCode

IMPORT_PROBLEMS = {
    ProblemCode.EMPTY: _l("The file is empty."),
    ProblemCode.TOO_BIG: _l("The file is too large: the limit is %(limit)s."),
    ProblemCode.TOO_MANY_ROWS: _l("The file has more than %(max_rows)s offers; split it into smaller files."),
    ProblemCode.NOT_TEXT: _l("The file cannot be read as CSV text. Save it from the spreadsheet as “CSV (UTF-8)” or "
                             "as an Excel workbook (.xlsx)."),
    ProblemCode.NOT_XLSX: _l("The file is not a readable Excel workbook (.xlsx). Save it again as .xlsx or as CSV."),
    ProblemCode.ENCRYPTED: _l("The file is password-protected or in the old .xls format. Save it as .xlsx without a "
                              "password, or as CSV."),
    ProblemCode.UNKNOWN_TYPE: _l("Only CSV and XLSX files can be imported."),
    ProblemCode.MISSING_COLUMN: _l("The column “%(column)s” is missing. Use the template's header."),
    ProblemCode.UNKNOWN_COLUMN: _l("The column “%(column)s” is not in the template. Remove it or correct its name."),
    ProblemCode.REPEATED_COLUMN: _l("The column “%(column)s” appears twice."),
    ProblemCode.NO_ROWS: _l("The file has a header but no offers."),
    ProblemCode.REQUIRED: _l("This field is required."),
    ProblemCode.TOO_LONG: _l("The text is too long: at most %(max)s characters."),
    ProblemCode.BAD_AMOUNT: _l("“%(value)s” is not an amount. Type e.g. 1 234,50 (at most two decimal places)."),
    ProblemCode.NEGATIVE_AMOUNT: _l("The amount %(value)s is negative."),
    ProblemCode.BAD_DATE: _l("“%(value)s” is not a date. Type e.g. 2027-01-31 or 31.01.2027."),
    ProblemCode.BAD_FLAG: _l("“%(value)s”: type “tak”, “nie” or leave the cell empty."),
    ProblemCode.BAD_EMAIL: _l("“%(value)s” is not an e-mail address."),
    ProblemCode.CONTROL_CHARACTERS: _l("The cell contains control characters; type the text again."),
    ProblemCode.FORMULA: _l("The cell contains a formula (%(value)s). Type the value itself."),
    ProblemCode.EXTRA_CELLS: _l("The row has more cells than the header has columns."),
    ProblemCode.NUMBER_REPEATED: _l("The offer number %(value)s already appears in row %(first_row)s."),
    ProblemCode.NUMBER_TAKEN: _l("An offer with the number %(value)s is already in this competition."),
    ProblemCode.DUPLICATE_IN_FILE: _l("The same KRS number and title as in row %(first_row)s: the offer is listed "
                                      "twice."),
    ProblemCode.DUPLICATE_EXISTING: _l("An offer with the same KRS number and title is already in this competition "
                                       "(number %(existing)s)."),
}


def problem_text(problem: ImportProblem) -> str:
    """The problem as a sentence (without its row and column, which the page shows beside it)."""
    return str(IMPORT_PROBLEMS[problem.code]) % problem.params

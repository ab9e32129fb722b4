"""What the offer checks and the completeness report say, in words a coordinator can act on.

The UI fills a message with ``str(message) % params`` where params are the issue's or
gap's params, formatted for the locale (amounts as 1 234,50 zł, dates dd.mm.rrrr,
percentages and units as plain numbers), plus "row" and, for gaps, "field" — the
label from FIELD_LABELS for (section, Gap.field_name).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.offer_checks import IssueCode, Severity
from app.core.offer_completeness import CompletenessCode, SectionState

SECTION_TITLES = {
    "I.1": _l("I.1 Public administration authority to which the offer is addressed"),
    "I.2": _l("I.2 Type of public task"),
    "II.1": _l("II.1 Applicant data"),
    "II.2": _l("II.2 Person authorised to give explanations about the offer"),
    "III.1": _l("III.1 Title of the public task"),
    "III.2": _l("III.2 Period of the public task"),
    "III.3": _l("III.3 Summary of the task"),
    "III.4": _l("III.4 Plan and schedule of the actions"),
    "III.5": _l("III.5 Expected results"),
    "III.6": _l("III.6 Additional information on the results"),
    "IV.1": _l("IV.1 Previous activity of the applicant"),
    "IV.2": _l("IV.2 Staff, material and financial resources of the applicant"),
    "V.A": _l("V.A Costs of the task"),
    "V.B": _l("V.B Sources of funding of the costs of the task"),
    "V.C": _l("V.C Split of the costs between the applicants"),
    "VI": _l("VI Other information"),
}

ISSUE_MESSAGES = {
    IssueCode.START_DATE_MISSING: _l("The start date of the task is missing."),
    IssueCode.END_DATE_MISSING: _l("The end date of the task is missing."),
    IssueCode.DATES_REVERSED: _l("The task starts on %(start)s, which is after its end date, %(end)s."),
    IssueCode.STARTS_BEFORE_WINDOW: _l(
        "The task starts on %(start)s, but the call allows it to start no earlier than %(window_start)s."),
    IssueCode.STARTS_AFTER_WINDOW: _l(
        "The task starts on %(start)s, after %(window_end)s, the last day of the period set by the call."),
    IssueCode.ENDS_BEFORE_WINDOW: _l(
        "The task ends on %(end)s, before %(window_start)s, the first day of the period set by the call."),
    IssueCode.ENDS_AFTER_WINDOW: _l("The task ends on %(end)s, but the call requires it to end by %(window_end)s."),
    IssueCode.NEGATIVE_AMOUNT: _l("Row %(row)s: the amount %(amount)s is negative."),
    IssueCode.COST_VALUE_MISMATCH: _l(
        "Row %(row)s: %(unit_cost)s × %(units)s = %(product)s, but the row says %(value)s."),
    IssueCode.COST_UNITS_MISSING: _l(
        "Row %(row)s: the value is %(value)s, but the number of units is %(units)s. Give the number of units."),
    IssueCode.COST_YEARS_MISMATCH: _l(
        "Row %(row)s: the amounts for the individual years add up to %(years_total)s, "
        "but the value of the row is %(value)s."),
    IssueCode.COST_AFTER_TASK_END: _l(
        "Row %(row)s has costs in year %(year)s, but the number of calendar years in which the task is carried "
        "out is %(task_years)s."),
    IssueCode.ADMINISTRATIVE_SHARE_HIGH: _l(
        "Administrative costs (part II) amount to %(administrative_total)s, that is %(administrative_percent)s%% "
        "of all costs (%(costs_total)s). A share above %(threshold_percent)s%% is worth checking."),
    IssueCode.COSTS_TOTAL_MISMATCH: _l(
        "The costs in table V.A add up to %(costs_total)s, but the total costs in V.B (row 1) are %(total_costs)s."),
    IssueCode.COST_TABLE_TOTAL_MISMATCH: _l(
        "The total row of table V.A gives %(stated_total)s, but the costs listed in it add up to %(costs_total)s."),
    IssueCode.FUNDING_SUM_MISMATCH: _l(
        "The total costs (row 1), %(total_costs)s, differ from the sum of the sources: grant %(grant)s + own "
        "contribution %(own_total)s + payments from participants %(participant_payments)s = %(sources_total)s."),
    IssueCode.OWN_SHARE_TOO_LOW: _l(
        "The own contribution counted by the call (V.B %(row)s) is %(own)s; at least %(required)s is required, "
        "that is %(min_share_percent)s%% of the total costs of %(base)s, rounded up to the full grosz."),
    IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW: _l(
        "The own contribution counted by the call (V.B %(row)s) is %(own)s; at least %(required)s is required, "
        "that is %(min_share_percent)s%% of the requested grant of %(base)s, rounded up to the full grosz."),
    IssueCode.GRANT_ABOVE_MAXIMUM: _l(
        "The planned grant of %(grant)s exceeds the maximum of %(max_grant)s set by the call."),
    IssueCode.GRANT_COVERS_ALL_COSTS: _l(
        "The planned grant of %(grant)s covers all the costs of the task (%(total_costs)s), although in a "
        "co-funding call (wsparcie) the grant only supports the task."),
    IssueCode.COST_SPLIT_MISSING: _l(
        "This is a joint offer, but the split of the costs between the applicants (V.C) is not filled in."),
    IssueCode.COST_SPLIT_MISMATCH: _l(
        "The applicants' shares in V.C add up to %(split_total)s, but the costs in V.A add up to %(costs_total)s."),
}

# What the secretary's live checks (app/static/offer-entry.js) say when the figures agree. When they do
# not, the script says what the server says: the ISSUE_MESSAGES above, with the same params.
AGREEMENT_MESSAGES = {
    IssueCode.COST_VALUE_MISMATCH: _l("Row %(row)s: %(unit_cost)s × %(units)s = %(product)s, as the row says."),
    IssueCode.COSTS_TOTAL_MISMATCH: _l(
        "The costs in table V.A add up to %(costs_total)s, the same as the total costs in V.B (row 1)."),
    IssueCode.FUNDING_SUM_MISMATCH: _l(
        "Grant %(grant)s + own contribution %(own_total)s + payments from participants %(participant_payments)s "
        "= %(sources_total)s, the same as the total costs (row 1)."),
    IssueCode.OWN_SHARE_TOO_LOW: _l(
        "The own contribution counted by the call (V.B %(row)s) is %(own)s, at least the required %(required)s "
        "(%(min_share_percent)s%% of the total costs of %(base)s)."),
    IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW: _l(
        "The own contribution counted by the call (V.B %(row)s) is %(own)s, at least the required %(required)s "
        "(%(min_share_percent)s%% of the requested grant of %(base)s)."),
}

COMPLETENESS_MESSAGES = {
    CompletenessCode.COMPLETE: _l("Filled in."),
    CompletenessCode.SECTION_EMPTY: _l("Nothing has been filled in in this section yet."),
    CompletenessCode.FIELD_MISSING: _l("%(field)s: not filled in."),
    CompletenessCode.TOO_FEW_WORDS: _l(
        "%(field)s: %(words)s words; at least %(min_words)s are expected for the committee to assess it."),
    CompletenessCode.ROW_FIELD_MISSING: _l("Row %(row)s, %(field)s: not filled in."),
    CompletenessCode.ROW_TOO_FEW_WORDS: _l(
        "Row %(row)s, %(field)s: %(words)s words; at least %(min_words)s are expected."),
    CompletenessCode.TOO_FEW_ACTIONS: _l(
        "Number of actions in the plan: %(actions)s; at least %(min_actions)s are expected."),
    CompletenessCode.TOO_FEW_RESULTS: _l(
        "Number of results in the table: %(results)s; at least %(min_results)s are expected."),
    CompletenessCode.NO_CONTACT_CHANNEL: _l("Give a telephone number or an e-mail address of the contact person."),
    CompletenessCode.NO_ACTION_COSTS: _l(
        "The table has no costs of the actions (part I) with a value above zero; add them."),
}

FIELD_LABELS = {
    ("II.1", "name"): _l("Name of the applicant"),
    ("II.1", "legal_form"): _l("Legal form"),
    ("II.1", "register_number"): _l("Number in the National Court Register (KRS) or another register"),
    ("II.1", "address"): _l("Address of the registered office"),
    ("II.2", "name"): _l("Name of the contact person"),
    ("III.1", "title"): _l("Title of the task"),
    ("III.2", "start_date"): _l("Start date"),
    ("III.2", "end_date"): _l("End date"),
    ("III.3", "place"): _l("Place where the task is carried out"),
    ("III.3", "target_group"): _l("Target group"),
    ("III.3", "needs"): _l("How the problems or needs of the target group are addressed"),
    ("III.3", "complementarity"): _l("Complementarity with other actions of the applicant or other entities"),
    ("III.4", "name"): _l("Name of the action"),
    ("III.4", "description"): _l("Description of the action"),
    ("III.4", "target_group"): _l("Target group"),
    ("III.4", "period"): _l("Planned period"),
    ("III.5", "expected_results"): _l("Expected results"),
    ("III.6", "result"): _l("Name of the result"),
    ("III.6", "planned_value"): _l("Planned level of the result (target value)"),
    ("III.6", "monitoring"): _l("How the result is monitored (source of information)"),
    ("IV.1", "experience"): _l("Previous activity of the applicant"),
    ("IV.2", "resources"): _l("Staff, material and financial resources"),
    ("V.A", "cost_type"): _l("Type of cost"),
    ("V.A", "unit"): _l("Unit of measure"),
    ("V.A", "value"): _l("Value"),
    ("V.B", "total_costs"): _l("Total costs of the task (row 1)"),
    ("V.B", "grant"): _l("Planned grant (row 2)"),
}

SEVERITY_NAMES = {Severity.ERROR: _l("error"), Severity.WARNING: _l("warning")}

STATE_NAMES = {
    SectionState.MISSING: _l("not filled in"),
    SectionState.THIN: _l("needs completing"),
    SectionState.COMPLETE: _l("complete"),
}

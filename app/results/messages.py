"""The results pages' refusals, statuses and rules as sentences in the user's language."""

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "default": _l("This cannot be done now."),
    "competition_not_in_merit": _l("Amounts can be adjusted only during merit assessment."),
    "reason_too_short": _l("Give a reason of at least %(minimum)s characters."),
    "amount_out_of_range": _l("The amount must be more than 0 and no more than the grant requested."),
    "not_recommended": _l("Only an offer the ranking recommends can have its amount adjusted."),
    "over_budget": _l("This amount does not fit in the budget: at most %(available)s is available for this "
                      "offer."),
    "committee_not_closed": _l("The decision is recorded after the committee has closed its work."),
    "decision_number_missing": _l("Type the number of the order."),
    "decision_lines": _l("Some amounts cannot be recorded: see the offers marked below."),
    "over_budget_decision": _l("The amounts together exceed the budget of the call (%(budget)s)."),
}

DECISION_PROBLEMS = {
    "amount_out_of_range": _l("The amount must be from 0 to the grant requested."),
    "note_required": _l("The amount differs from the committee's proposal: say why in the note."),
}

ALLOCATION_RULES = {
    "stop": _l("When the budget runs out at an offer, neither it nor any offer below it gets a grant."),
    "skip": _l("When an offer no longer fits in the budget, it gets nothing and the offers below it are still "
               "considered: a smaller request may fit."),
    "partial": _l("When an offer no longer fits in the budget, it is proposed what is left, if that is at least "
                  "%(share)s of its request; otherwise it gets nothing and the offers below it are considered in "
                  "the same way."),
}

"""Problems of a card entry as sentences the reviewer understands."""

from flask_babel import lazy_gettext as _l

from app.core.scoring import CardProblemCode

CARD_PROBLEMS = {
    CardProblemCode.UNKNOWN_CRITERION: _l("This criterion is not among the assessment criteria of this call."),
    CardProblemCode.MISSING: _l("Give the points for this criterion."),
    CardProblemCode.OUT_OF_RANGE: _l("The points must be between 0 and the criterion's maximum."),
    CardProblemCode.OFF_STEP: _l("The points must be a whole number of the criterion's steps."),
    CardProblemCode.NOT_APPLICABLE_REFUSED: _l("This criterion applies to this offer: it cannot be marked "
                                               "“nie dotyczy”."),
    CardProblemCode.FACT_UNSETTLED: _l("The office has not yet established in the formal check whether the "
                                       "applicant carried out commissioned public tasks (art. 15 ust. 1 pkt 6): "
                                       "the offer cannot be scored yet."),
    CardProblemCode.JUSTIFICATION_MISSING: _l("Write a justification: the applicant will read it."),
    CardProblemCode.JUSTIFICATION_TOO_SHORT: _l("The justification is too short to explain the score "
                                                "(at least %(min)s characters)."),
    CardProblemCode.JUSTIFICATION_EMPTY_PHRASE: _l("Phrases such as “Brak uwag” or “OK” do not explain a score. "
                                                   "Say what in the offer justifies it."),
    CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR: _l("Do not copy the level's description: say what in this "
                                                        "offer matches it."),
}

RECOMMENDATIONS = {
    "recommended": _l("recommended"),
    "recommended_in_part": _l("recommended in part"),
    "below_threshold": _l("below the threshold"),
    "above_budget": _l("no budget left"),
    "not_scored": _l("no cards yet"),
    "provisional": _l("within the budget so far (preliminary)"),
    "rejected_formally": _l("rejected at the formal check"),
}

JUSTIFICATION_CODES = {
    CardProblemCode.JUSTIFICATION_MISSING, CardProblemCode.JUSTIFICATION_TOO_SHORT,
    CardProblemCode.JUSTIFICATION_EMPTY_PHRASE, CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR,
}

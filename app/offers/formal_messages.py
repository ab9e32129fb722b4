"""Formal-check problems in words."""

from flask_babel import lazy_gettext as _l

from app.core.formal import FormalProblem

FORMAL_PROBLEMS = {
    FormalProblem.UNANSWERED: _l("Answer every question of the checklist."),
    FormalProblem.UNKNOWN_ITEM: _l("The answers do not match the call's checklist; reload the page."),
    FormalProblem.ADMITTED_WITH_NO: _l("An offer with a question answered NO cannot be admitted: reject it or ask "
                                       "for it to be supplemented."),
    FormalProblem.REASON_MISSING: _l("Give the reason (at least 10 characters): the applicant will receive it."),
    FormalProblem.NOTHING_TO_SUPPLEMENT: _l("To ask for a supplement, answer NO to what is missing."),
    FormalProblem.DEADLINE_MISSING: _l("Give the date by which the offer is to be supplemented."),
    FormalProblem.DEADLINE_PAST: _l("The date to supplement by cannot be in the past."),
    FormalProblem.PRIOR_TASKS_UNSETTLED: _l("Say whether the applicant carried out commissioned public tasks in the "
                                            "scope the call sets (art. 15 ust. 1 pkt 6): the committee cannot score "
                                            "the offer until this is established."),
}

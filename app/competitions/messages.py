"""Refused operations and states, as sentences in the user's language."""

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "default": _l("This cannot be done now."),
    "competition_closed": _l("The competition is closed: nothing can be changed."),
    "rubric_missing": _l("The assessment criteria %(rubric)s are not available or not valid."),
    "rubric_option_unknown": _l("The assessment criteria chosen do not declare the option(s) %(options)s."),
    "rubric_not_published": _l("The assessment criteria %(rubric)s are not published, so the call cannot be "
                               "announced with them."),
    "rubric_changed": _l("The file of the assessment criteria changed after the call was announced; scoring is "
                         "stopped until the administrator restores the announced version."),
    "status_order": _l("The competition cannot move from “%(current)s” to “%(target)s”."),
    "already_excluded": _l("This person is already excluded from this offer."),
    "reason_too_short": _l("Give a reason of at least %(minimum)s characters."),
    "card_submitted": _l("The card has already been submitted; use a correction to change it."),
    "card_not_submitted": _l("Only a submitted card can be corrected."),
    "nothing_changed": _l("Nothing was changed on the card."),
    "offer_has_cards": _l("Members have already scored this offer: its formal outcome can no longer change."),
    "not_to_supplement": _l("This offer is not waiting for a supplement."),
    "ngo_account": _l("This is an NGO's self-check account: it cannot be given a role on a committee."),
    "offer_locked": _l("Merit assessment has started: offers can no longer be entered or edited."),
    "offer_changed": _l("Someone saved this offer after you opened it; nothing was overwritten. Reload the page."),
    "account_inactive": _l("This account has been deactivated: it cannot be added to a committee."),
    "already_member": _l("This person is already on the committee."),
    "member_has_cards": _l("This member has already filled in score cards: they cannot be removed or given another "
                           "role. Exclude them from the assessment with a reason instead; the record stays."),
    "last_secretary": _l("The competition needs a secretary: give the role to someone else first."),
    "nothing_to_exclude": _l("This member is already excluded from every admitted offer."),
    "reminder_not_now": _l("Reminders can be sent only while the committee works, up to the scoring deadline."),
    "nothing_to_remind": _l("Nobody needs a reminder: every declaration is signed and every card is submitted."),
    "reference_taken": _l("Another competition already has the reference %(reference)s."),
    "setting_locked": _l("The call has been announced: its rubric and scoring rules can no longer be changed."),
    "number_taken": _l("Another offer in this competition already has this number."),
    "override_reason": _l("Something still blocks this step. To go ahead anyway, write why (at least %(minimum)s "
                          "characters): the reason goes into the committee's protocol."),
    "scoring_not_open": _l("Scoring is not open: it has already been closed, or merit assessment has not started."),
    "no_conflict": _l("You have not declared a conflict of interest for this offer."),
    "withdrawal_pending": _l("Your request to withdraw this declaration is already waiting for the secretary."),
    "no_pending_withdrawal": _l("This request has already been decided or does not exist."),
    "protocol_changed": _l("Someone saved the protocol's details after you opened this page; nothing was "
                           "overwritten. Copy what you typed, then reload the page."),
    "place_missing": _l("Enter the place of the meeting, or tick that the committee worked by circulation."),
    "meeting_first": _l("The secretary must first record the date and the members present."),
}

# The two forms of commissioning a public task (art. 5 ust. 4 pkt 2 of the public-benefit act); "entrusting"
# is the English term used for powierzenie across the app and the rubric.
CALL_MODE_NAMES = {
    "wsparcie": _l("support"),
    "powierzenie": _l("entrusting"),
}

STATUS_NAMES = {
    "draft": _l("in preparation"),
    "announced": _l("announced"),
    "merit": _l("merit assessment"),
    "closed": _l("closed"),
}

ROLE_NAMES = {
    "secretary": _l("secretary"),
    "chair": _l("chair"),
    "member": _l("member"),
    "expert": _l("advisory expert"),
    "official": _l("official (documents)"),
}

NEXT_ACTION = {
    "draft": _l("Announce the call (locks the assessment criteria)"),
    "announced": _l("Start merit assessment"),
    "merit": _l("Close the competition"),
}

TRANSITION_EFFECTS = {
    "announced": _l("The call is announced. The rubric version is locked by its content hash: its criteria can no "
                    "longer change. The secretary enters the offers and checks them formally; committee members "
                    "can sign the impartiality declaration."),
    "merit": _l("Merit assessment starts. Offers can no longer be entered or edited, and an offer that members have "
                "scored keeps its formal outcome. Members who have signed the declaration see the admitted offers "
                "and score them."),
    "closed": _l("The competition is closed. Nothing can be changed any more: no cards, corrections, formal checks "
                 "or exclusions. The ranking becomes final. This cannot be undone."),
}

TRANSITION_BUTTONS = {
    "announced": _l("Announce the call"),
    "merit": _l("Start merit assessment"),
    "closed": _l("Close the competition"),
}

FORMAL_STATUS_NAMES = {
    "pending": _l("formal check open"),
    "admitted": _l("admitted"),
    "rejected": _l("rejected"),
    "to_supplement": _l("to be supplemented"),
}

REFUSAL_REASONS = {
    "not_member": _l("You are not a member of this competition's committee."),
    "declaration_missing": _l("You have not signed the impartiality declaration for this competition yet. "
                              "No offer can be opened before it is signed."),
    "conflict": _l("You declared a conflict of interest for this offer, so you do not assess it and cannot "
                   "see it."),
    "excluded": _l("The secretary has excluded you from assessing this offer."),
    "scores_hidden": _l("The other members' scores of an offer are shown once you have submitted your own card "
                        "for it."),
    "other": _l("Your role in this competition, or its current stage, does not allow this."),
}

WITHDRAWAL_STATES = {
    "pending": _l("waiting for the secretary's decision"),
    "accepted": _l("accepted"),
    "refused": _l("refused"),
}

CARD_STATES = {
    "not_started": _l("not started"),
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "conflict": _l("excluded (conflict of interest)"),
    "excluded": _l("excluded by the secretary"),
    "to_read": _l("to read"),
}

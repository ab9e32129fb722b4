"""Refused operations and states, as sentences in the user's language."""

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "default": _l("This cannot be done now."),
    "competition_closed": _l("The competition is closed: nothing can be changed."),
    "rubric_missing": _l("The rubric %(rubric)s is not available or not valid."),
    "rubric_not_published": _l("The rubric %(rubric)s is not published, so the call cannot be announced with it."),
    "rubric_changed": _l("The rubric file changed after the call was announced; scoring is stopped until the "
                         "administrator restores the announced version."),
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
    "number_taken": _l("Another offer in this competition already has this number."),
    "protocol_changed": _l("Someone saved the protocol's details after you opened this page; nothing was "
                           "overwritten. Copy what you typed, then reload the page."),
    "place_missing": _l("Enter the place of the meeting, or tick that the committee worked by circulation."),
    "meeting_first": _l("The secretary must first record the date and the members present."),
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
    "draft": _l("Announce the call (locks the rubric)"),
    "announced": _l("Start merit assessment"),
    "merit": _l("Close the competition"),
}

FORMAL_STATUS_NAMES = {
    "pending": _l("formal check open"),
    "admitted": _l("admitted"),
    "rejected": _l("rejected"),
    "to_supplement": _l("to be supplemented"),
}

CARD_STATES = {
    "not_started": _l("not started"),
    "draft": _l("draft"),
    "submitted": _l("submitted"),
    "conflict": _l("excluded (conflict of interest)"),
    "excluded": _l("excluded by the secretary"),
    "to_read": _l("to read"),
}

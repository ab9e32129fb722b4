"""Calibration texts shown in several places: refusals and card states."""

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "calibration_too_late": _l("A calibration round can only be started before merit assessment."),
    "calibration_exists": _l("This call already has a calibration round."),
    "calibration_unknown_sample": _l("Choose the sample offers from the list."),
    "calibration_sample_count": _l("Choose one or at most %(maximum)s sample offers."),
    "calibration_closed": _l("The calibration round is closed: calibration cards can no longer be changed."),
}

STATES = {
    "not_started": _l("not started"),
    "draft": _l("draft"),
    "submitted": _l("submitted"),
}

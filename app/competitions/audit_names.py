"""Names of the operations in the audit log, in the user's language (an unnamed one shows its code)."""

from flask_babel import lazy_gettext as _l

ACTION_NAMES = {
    "competition.create": _l("competition created"),
    "competition.settings": _l("settings changed"),
    "competition.status": _l("stage changed"),
    "membership.add": _l("person added to the committee"),
    "membership.role": _l("role changed"),
    "membership.remove": _l("person removed from the committee"),
    "declaration.sign": _l("impartiality declaration signed"),
    "exclusion.conflict": _l("conflict of interest declared"),
    "exclusion.secretary": _l("member excluded by the secretary"),
    "offer.register": _l("offer entered"),
    "offer.update": _l("offer edited"),
    "offer.formal_check": _l("formal check recorded"),
    "offer.supplemented": _l("offer supplemented"),
    "comment.add": _l("expert's comment"),
    "card.save_draft": _l("card draft saved"),
    "card.submit": _l("card submitted"),
    "card.correct": _l("submitted card corrected"),
    "reminder.send": _l("reminder sent by e-mail"),
    "reminder.prepare": _l("reminder text prepared"),
    "calibration.round.start": _l("calibration round started"),
    "calibration.card.save_draft": _l("calibration card draft saved"),
    "calibration.card.submit": _l("calibration card submitted"),
    "calibration.round.close": _l("calibration round closed early"),
}

"""Account refusals and the texts of the e-mails, in the user's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

REFUSALS = {
    "name_needed": _l("There is no account with this address yet: give the person's full name."),
    "password_short": _l("The password needs at least 12 characters."),
    "wrong_password": _l("The current password is not correct."),
    "not_yourself": _l("You cannot deactivate your own account."),
    "ngo_account": _l("This is an NGO's self-check account: it cannot be given a role on a committee."),
    "an account with this e-mail exists": _l("An account with this address already exists."),
    "not an e-mail address": _l("Type an e-mail address, e.g. jan.kowalski@wroclaw.pl."),
}


def refusal(error: Exception) -> str:
    """An AccountError as a sentence."""
    return str(REFUSALS.get(str(error), _l("This cannot be done now.")))


def invitation_mail(name: str, inviter: str, link: str, days: int) -> tuple[str, str]:
    """Subject and body of an invitation."""
    subject = _("Invitation to the CAL grant assessment")
    body = _("Good day %(name)s,\n\n%(inviter)s has invited you to the CAL grant assessment tool of the City of "
             "Wrocław. Set your password with this link (it works once, for %(days)d days):\n\n%(link)s\n\n"
             "If you did not expect this message, ignore it.\n", name=name, inviter=inviter, link=link, days=days)
    return subject, body


def reset_mail(name: str, link: str, minutes: int) -> tuple[str, str]:
    """Subject and body of a password reset."""
    subject = _("Setting a new password")
    body = _("Good day %(name)s,\n\nSomeone (we hope you) asked to set a new password for your account in the CAL "
             "grant assessment tool. Set it with this link (it works once, for %(minutes)d minutes):\n\n%(link)s\n\n"
             "If you did not ask for it, ignore this message: your password stays as it is.\n",
             name=name, link=link, minutes=minutes)
    return subject, body

"""Reminders from the dashboard: who still owes a declaration or cards; e-mail or a text to copy."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.mail import mail_configured
from app.extensions import db
from app.i18n import local_today

from . import permissions
from .operations import OperationRefused
from .reminders import may_remind, pending_reminders, send_reminders
from .views import bp, competition_or_404, operations_message


@bp.route("/<int:competition_id>/przypomnienia", methods=["GET", "POST"])
@login_required
def reminders(competition_id: int):
    """Preview the reminders; on the secretary's click, send them (or show the texts to copy)."""
    competition = competition_or_404(competition_id)
    if not permissions.can_send_reminders(current_user, competition):
        abort(403)
    today = local_today()
    if request.method == "POST":  # CSRFProtect has checked the token before the view runs
        try:
            sent_reminders, sent, failed = send_reminders(current_user, competition, today)
        except OperationRefused as refused:
            db.session.rollback()
            flash(operations_message(refused), "error")
            return redirect(url_for(".reminders", competition_id=competition.id))
        db.session.commit()
        if failed:
            flash(_("These addresses were refused by the mail server: %(addresses)s.", addresses=", ".join(failed)),
                  "error")
        if sent:
            flash(_("Reminders have been sent to %(count)d people.", count=len(sent_reminders) - len(failed)),
                  "success")
            return redirect(url_for(".dashboard", competition_id=competition.id))
        return render_template("competitions/reminders.html", competition=competition, reminders=sent_reminders,
                               prepared=True, allowed=True, mail=False)
    return render_template("competitions/reminders.html", competition=competition,
                           reminders=pending_reminders(competition), prepared=False,
                           allowed=may_remind(competition, today), mail=mail_configured())

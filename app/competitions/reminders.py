"""Reminders to members with a missing declaration or missing cards: e-mail, or a text to copy; always logged."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts.mail import mail_configured, public_link, send
from app.audit import log
from app.auth.models import User
from app.extensions import db
from app.i18n import format_day
from app.offers.models import Exclusion, FormalStatus, Offer
from app.reviews.models import ScoreCard

from .models import SCORING_ROLES, Competition, CompetitionStatus, ImpartialityDeclaration, Membership, Role
from .operations import OperationRefused

REMINDED_ROLES = (Role.CHAIR.value, Role.MEMBER.value, Role.EXPERT.value)


@dataclass(frozen=True)
class Reminder:
    """What one person still owes the committee, and the message that says so."""

    user: User
    missing_declaration: bool
    missing_cards: int
    subject: str
    body: str


def may_remind(competition: Competition, today) -> bool:
    """Only while the committee works, and not after the scoring deadline."""
    return (competition.status in (CompetitionStatus.ANNOUNCED.value, CompetitionStatus.MERIT.value)
            and (competition.scoring_deadline is None or today <= competition.scoring_deadline))


def pending_reminders(competition: Competition) -> list[Reminder]:
    """Every active member with a missing declaration or missing cards (four queries)."""
    members = db.session.execute(sa.select(Membership.role, User).join(User).where(
        Membership.competition_id == competition.id, Membership.role.in_(REMINDED_ROLES),
        User.is_active.is_(True)).order_by(User.display_name)).all()
    declared = set(db.session.scalars(sa.select(ImpartialityDeclaration.user_id).where(
        ImpartialityDeclaration.competition_id == competition.id)))
    admitted = set(db.session.scalars(sa.select(Offer.id).where(
        Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value)))
    done = {tuple(row) for row in db.session.execute(
        sa.select(ScoreCard.offer_id, ScoreCard.user_id).join(Offer)
        .where(Offer.competition_id == competition.id, ScoreCard.status == "submitted"))}
    excluded = {tuple(row) for row in db.session.execute(
        sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(Offer.competition_id == competition.id))}
    scoring = competition.status == CompetitionStatus.MERIT.value
    reminders = []
    for role, user in members:
        missing_cards = sum(1 for o in admitted if (o, user.id) not in done and (o, user.id) not in excluded) \
            if scoring and role in SCORING_ROLES else 0
        if user.id not in declared or missing_cards:
            subject, body = _message(competition, user, user.id not in declared, missing_cards)
            reminders.append(Reminder(user, user.id not in declared, missing_cards, subject, body))
    return reminders


def _message(competition: Competition, user: User, declaration: bool, cards: int) -> tuple[str, str]:
    lines = []
    if declaration:
        lines.append(_("– sign the impartiality declaration: %(link)s",
                       link=public_link("competitions.declaration", competition_id=competition.id)))
    if cards:
        lines.append(ngettext("– submit %(num)d missing score card: %(link)s",
                              "– submit %(num)d missing score cards: %(link)s", cards,
                              link=public_link("competitions.my_work", competition_id=competition.id)))
    deadline = (_("The scoring deadline is %(day)s.", day=format_day(competition.scoring_deadline))
                if competition.scoring_deadline else "")
    subject = _("Reminder: competition %(reference)s", reference=competition.reference)
    body = _("Good day %(name)s,\n\nin the competition %(reference)s (%(title)s) we are still waiting for you to:\n"
             "%(tasks)s\n\n%(deadline)s\n", name=user.display_name, reference=competition.reference,
             title=competition.title, tasks="\n".join(lines), deadline=deadline)
    return subject, body.rstrip() + "\n"


def send_reminders(actor: User, competition: Competition, today) -> tuple[list[Reminder], bool, list[str]]:
    """E-mail every pending reminder (or prepare the texts to copy); log it.

    Returns the reminders, whether they went by e-mail, and the addresses the server refused.
    """
    if not may_remind(competition, today):
        raise OperationRefused("reminder_not_now")
    reminders = pending_reminders(competition)
    if not reminders:
        raise OperationRefused("nothing_to_remind")
    sent = mail_configured()
    failed = []
    if sent:
        for reminder in reminders:
            try:
                send([reminder.user.email], reminder.subject, reminder.body)
            except (OSError, smtplib.SMTPException) as error:
                current_app.logger.warning("reminder to %s failed: %s", reminder.user.email, error)
                failed.append(reminder.user.email)
    log.record(db.session, actor=actor, action="reminder.send" if sent else "reminder.prepare",
               object_type="competition", object_id=competition.id, competition_id=competition.id,
               new={"to": [r.user.email for r in reminders if r.user.email not in failed], "failed": failed,
                    "declarations": sum(r.missing_declaration for r in reminders),
                    "cards": sum(r.missing_cards for r in reminders)})
    return reminders, sent, failed

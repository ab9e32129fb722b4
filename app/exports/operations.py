"""State changes of the documents area: what is typed for the protocol, and each download (audit log)."""

from __future__ import annotations

from datetime import date

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.models import Competition
from app.competitions.operations import OperationRefused
from app.extensions import db

from .models import ProtocolDetails
from .protocol import protocol_details


def _details_for_writing(competition: Competition, version: int | None) -> ProtocolDetails | None:
    if competition.is_closed:
        raise OperationRefused("competition_closed")
    details = protocol_details(competition)
    if details is not None and version != details.version_id:
        raise OperationRefused("protocol_changed")
    return details


def save_meeting(actor: User, competition: Competition, *, meeting_date: date, place: str, by_circulation: bool,
                 present_user_ids: list[int], version: int | None) -> ProtocolDetails:
    """The secretary records the date, the place (or that the committee worked by circulation) and who was present."""
    details = _details_for_writing(competition, version)
    place = "" if by_circulation else place.strip()
    if not by_circulation and not place:
        raise OperationRefused("place_missing")
    old = None if details is None else {"meeting_date": details.meeting_date, "place": details.place,
                                        "by_circulation": details.by_circulation,
                                        "present": sorted(details.present_user_ids)}
    if details is None:
        details = ProtocolDetails(competition_id=competition.id, rejection_reasons="", dissenting_opinions="")
        db.session.add(details)
    details.meeting_date, details.place, details.by_circulation = meeting_date, place, by_circulation
    details.present_user_ids = sorted(set(present_user_ids))
    details.updated_at = utcnow()
    db.session.flush()
    log.record(db.session, actor=actor, action="protocol.meeting", object_type="competition",
               object_id=competition.id, competition_id=competition.id, old=old,
               new={"meeting_date": meeting_date, "place": place, "by_circulation": by_circulation,
                    "present": details.present_user_ids})
    return details


def save_opinions(actor: User, competition: Competition, *, rejection_reasons: str, dissenting_opinions: str,
                  version: int | None) -> ProtocolDetails:
    """The chair records the reasons for rejection and the dissenting opinions; the meeting must be recorded first."""
    details = _details_for_writing(competition, version)
    if details is None:
        raise OperationRefused("meeting_first")
    old = {"rejection_reasons": details.rejection_reasons, "dissenting_opinions": details.dissenting_opinions}
    details.rejection_reasons, details.dissenting_opinions = rejection_reasons.strip(), dissenting_opinions.strip()
    details.updated_at = utcnow()
    db.session.flush()
    log.record(db.session, actor=actor, action="protocol.opinions", object_type="competition",
               object_id=competition.id, competition_id=competition.id, old=old,
               new={"rejection_reasons": details.rejection_reasons,
                    "dissenting_opinions": details.dissenting_opinions})
    return details


def record_download(actor: User, competition: Competition, document: str, *, variant: str,
                    object_type: str = "competition", object_id: int | None = None) -> None:
    """Write a download to the audit log (who took which document of which call, in which variant)."""
    log.record(db.session, actor=actor, action="document.download", object_type=object_type,
               object_id=competition.id if object_id is None else object_id, competition_id=competition.id,
               new={"document": document, "variant": variant})


def record_file_download(actor: User, competition: Competition, *, document: str, filename: str, draft: bool) -> None:
    """Write who downloaded which spreadsheet of a competition (the caller commits)."""
    log.record(db.session, actor=actor, action="export.download", object_type="competition",
               object_id=competition.id, competition_id=competition.id,
               new={"document": document, "file": filename, "draft": draft})

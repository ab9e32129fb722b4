"""What a background job can build: each kind says who may start it and how it writes its file."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.log import HEAD_ID
from app.audit.models import AuditHead
from app.competitions import permissions
from app.competitions.models import Competition
from app.exports import archive, audit_csv
from app.extensions import db
from app.rubrics.registry import registry

from . import documents, rendering
from .models import BackgroundJob

Progress = Callable[[int, int], None]  # (done, total)
PROGRESS_EVERY_ROWS = 500


@dataclass(frozen=True)
class JobKind:
    """One kind of export."""

    name: str
    label: object  # a lazy string
    file_stem: str  # the download is named <reference>-<file_stem>.<extension>
    extension: str
    may_start: Callable[[object, Competition], bool]
    build: Callable[[BackgroundJob, Path, Progress], None]  # writes the file at the path

    def download_name(self, competition: Competition) -> str:
        """The name the finished file is downloaded under."""
        return f"{competition.reference.replace('/', '-')}-{self.file_stem}.{self.extension}"


def build_audit_csv(job: BackgroundJob, path: Path, progress: Progress) -> None:
    """The competition's audit log as CSV."""
    total = audit_csv.count_entries(db.session, job.competition_id)
    progress(0, total)
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            yield row
            written += 1
            if written % PROGRESS_EVERY_ROWS == 0:
                progress(written, total)

    with path.open("w", encoding="utf-8", newline="") as handle:
        audit_csv.write_csv(counted(audit_csv.competition_entries(db.session, job.competition_id)), handle)
    progress(min(written, total), total)


def archive_parts(job: BackgroundJob) -> list[Callable[[], archive.ArchivePart]]:
    """The files of a closed call's archive, each made only when its turn comes."""
    competition = job.competition
    found = registry().file(competition.rubric_id, competition.rubric_version)

    def rubric_file() -> archive.ArchivePart:
        return archive.ArchivePart(f"kryteria-oceny/{found.path.name}", found.path.read_bytes())

    def audit_log() -> archive.ArchivePart:
        buffer = io.StringIO(newline="")
        audit_csv.write_csv(audit_csv.competition_entries(db.session, competition.id), buffer)
        return archive.ArchivePart(archive.AUDIT_FILE, buffer.getvalue().encode("utf-8"))

    return [*documents.document_parts(competition, job.requested_by, job.locale), rubric_file, audit_log]


def _write_zip(job: BackgroundJob, path: Path, progress: Progress,
               makers: list[Callable[[], archive.ArchivePart]], cards_in_offer_folders: bool | None = None) -> None:
    """A zip of the files the makers produce, one at a time, then (unless ``cards_in_offer_folders`` is None)
    the offers' score cards rendered on every core, with a manifest of their hashes."""
    competition = job.competition
    head = db.session.execute(select(AuditHead.row_count, AuditHead.head_hash).where(
        AuditHead.id == HEAD_ID)).one_or_none()
    about = {
        "competition": {"reference": competition.reference, "title": competition.title,
                        "status": competition.status},
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rubric": {"id": competition.rubric_id, "version": competition.rubric_version,
                   "hash": competition.rubric_hash, "options": list(competition.rubric_options or [])},
        "audit": {"rows": head.row_count if head else 0, "head_hash": head.head_hash if head else None,
                  "competition_rows": audit_csv.count_entries(db.session, competition.id)},
    }

    offers = [] if cards_in_offer_folders is None else documents.offers_with_submitted_cards(competition)
    total = len(makers) + len(offers)

    def parts():
        done = 0
        for make in makers:
            progress(done, total)
            yield make()
            done += 1
        if cards_in_offer_folders is not None:
            for part in rendering.render_all(documents.card_tasks(competition, job.requested_by, job.locale,
                                                                  cards_in_offer_folders)):
                progress(done, total)
                yield part
                done += 1
        progress(total, total)

    archive.write_archive(path, parts(), about)


def build_archive(job: BackgroundJob, path: Path, progress: Progress) -> None:
    """The archive of a closed call: its documents, the workbook, the rubric, the audit log and a manifest."""
    _write_zip(job, path, progress, archive_parts(job), cards_in_offer_folders=True)


def build_cards_zip(job: BackgroundJob, path: Path, progress: Progress) -> None:
    """Every submitted score card of the call, one PDF per offer, with a manifest."""
    _write_zip(job, path, progress, [], cards_in_offer_folders=False)


def _manages(user, competition: Competition) -> bool:
    return permissions.can_manage_competition(user, competition)


def _manages_closed(user, competition: Competition) -> bool:
    return competition.is_closed and permissions.can_manage_competition(user, competition)


KINDS: dict[str, JobKind] = {kind.name: kind for kind in (
    JobKind("audit_csv", _l("Audit log of the competition (CSV)"), "dziennik-zdarzen", "csv", _manages,
            build_audit_csv),
    JobKind("cards_zip", _l("Every submitted score card (ZIP, one PDF per offer)"), "karty-oceny", "zip", _manages,
            build_cards_zip),
    JobKind("archive", _l("Archive of the closed competition (ZIP)"), "archiwum", "zip", _manages_closed,
            build_archive),
)}
